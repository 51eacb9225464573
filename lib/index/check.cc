// SPDX-License-Identifier: MIT
// check_index(): is an index sound? Reads everything, changes nothing.
#include "newsdex/analyzer.h"
#include "newsdex/error.h"
#include "newsdex/index_writer.h"
#include "newsdex/schema.h"

#include "index/facet_columns.h"
#include "index/index_folder.h"
#include "index/shards.h"
#include "schema/schema_util.h"
#include "util/escape.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <unordered_map>

namespace newsdex {

bool CheckReport::sound() const {
    return std::none_of(findings.begin(), findings.end(), [](const CheckFinding& f) {
        return f.level == CheckFinding::Level::kDamage;
    });
}

bool CheckReport::clean() const {
    return std::all_of(findings.begin(), findings.end(), [](const CheckFinding& f) {
        return f.level == CheckFinding::Level::kInfo;
    });
}

namespace {

namespace fs = std::filesystem;
using Level = CheckFinding::Level;

// NOLINTNEXTLINE(cert-err58-cpp): a string built at start-up, like any other
const std::string kReindex =
    "re-index the inputs into a new --db, or restore the index from a backup";

// The lines of Xapian's checker output that say what is wrong (it also
// prints what it read), or its last line.
std::string checker_says(const std::string& out) {
    std::istringstream lines(out);
    std::string line;
    std::string last;
    while (std::getline(lines, line)) {
        if (line.find_first_not_of(" \t") == std::string::npos) {
            continue;
        }
        last = line;
        if (line.find("rror") != std::string::npos || line.find("orrupt") != std::string::npos
            || line.find("amage") != std::string::npos) {
            return line;
        }
    }
    return last;
}

class Checker {
  public:
    explicit Checker(CheckReport& report) : report_(report) {}

    void add(Level level, const fs::path& where, const std::string& message) {
        report_.findings.push_back(
            {level, detail::escape(where.string()), detail::escape_controls(message)}
        );
    }

    // One shard database folder: Xapian's checker, then what newsdex
    // stores in it.
    void shard(const fs::path& dir) {
        ++report_.shards;
        std::ostringstream out;
        try {
            const std::size_t errors = Xapian::Database::check(dir.string(), 0, &out);
            if (errors > 0) {
                add(Level::kDamage,
                    dir,
                    "Xapian's checker finds " + std::to_string(errors) + " error"
                        + (errors == 1 ? "" : "s") + " (" + checker_says(out.str()) + "); "
                        + kReindex);
                return;
            }
        } catch (const Xapian::Error& e) {
            add(Level::kDamage,
                dir,
                "Xapian's checker finds it damaged (" + e.get_description() + "); " + kReindex);
            return;
        }
        try {
            const Xapian::Database db(dir.string());
            settings(dir, db);
            ids(dir, db);
            if (const std::string problem = detail::facet_file_problem(dir.string(), db);
                !problem.empty()) {
                add(Level::kWarning,
                    dir,
                    problem
                        + ": searches count facets more slowly (and correctly); the next "
                          "newsdex-index run writes it");
            }
            report_.articles += db.get_doccount();
            add(Level::kInfo, dir, std::to_string(db.get_doccount()) + " articles, sound");
        } catch (const Xapian::Error& e) {
            add(Level::kDamage, dir, "cannot be read (" + e.get_description() + "); " + kReindex);
        }
    }

  private:
    void settings(const fs::path& dir, const Xapian::Database& db) {
        const std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        const std::string ours = std::to_string(schema::kSchemaVersion);
        if (version.empty() && db.get_doccount() > 0) {
            add(Level::kDamage,
                dir,
                "holds articles but no newsdex schema version: not written by newsdex; " + kReindex
            );
        } else if (!version.empty() && version != ours) {
            add(Level::kDamage,
                dir,
                "has schema version " + version + ", this newsdex reads version " + ours
                    + "; re-index the inputs into a new --db with this newsdex");
        } else if (!version.empty() && db.get_metadata(std::string(schema::kMetaSchema)) != detail::schema_json()) {
            add(Level::kWarning,
                dir,
                "its stored schema table differs from this newsdex's of the same version; "
                "re-index if searches surprise you");
        }
        const std::string analysis = db.get_metadata(std::string(schema::kMetaAnalyzer));
        if (!analysis.empty() && analysis != analyzer_.description()) {
            add(Level::kWarning,
                dir,
                "was analysed with another analysis (" + analysis
                    + ", this newsdex: " + analyzer_.description()
                    + "); words written another way may not be found until the inputs are "
                      "re-indexed");
        }
    }

    // Every article has one id, in one document of one shard.
    void ids(const fs::path& dir, const Xapian::Database& db) {
        const std::string prefix(schema::field("id").prefix);
        Xapian::doccount with_id = 0;
        std::size_t repeated = 0;
        std::string example;
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            with_id += it.get_termfreq();
            const std::string id = (*it).substr(prefix.size());
            const auto [seen, added] = seen_.emplace(detail::id_hash(*it), dir.string());
            if (it.get_termfreq() > 1 || !added) {
                ++repeated;
                if (example.empty()) {
                    example = id + (added ? "" : " (also in " + seen->second + ")");
                }
            }
        }
        if (repeated > 0) {
            add(Level::kDamage,
                dir,
                std::to_string(repeated) + " article id" + (repeated == 1 ? " is" : "s are")
                    + " held twice, e.g. " + example + ": searches show them twice; " + kReindex);
        }
        if (with_id != db.get_doccount()) {
            add(Level::kDamage,
                dir,
                std::to_string(db.get_doccount()) + " documents but " + std::to_string(with_id)
                    + " ids: some documents were not written by newsdex; " + kReindex);
        }
    }

    CheckReport& report_;
    Analyzer analyzer_;
    std::unordered_map<std::uint64_t, std::string> seen_;  // id hash -> shard
};

// Folders of `root` that hold a database, by name.
std::vector<std::string> database_folders(const fs::path& root) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (entry.is_directory(ec) && fs::exists(entry.path() / "iamglass", ec)) {
            out.push_back(entry.path().filename().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

CheckReport check_index(const std::string& path, double lock_timeout_seconds) {
    CheckReport report;
    Checker checker(report);
    const fs::path root(path);
    std::unique_ptr<detail::IndexFolder> folder;
    try {
        folder = std::make_unique<detail::IndexFolder>(
            path, lock_timeout_seconds, detail::IndexFolder::Inspect{}
        );
    } catch (const Error& e) {
        if (e.code() == Errc::kDatabaseLocked || e.code() == Errc::kDatabaseNotFound) {
            throw;
        }
        // The stub is damaged: say so, and check the databases present, so
        // that the user knows what a restored stub should name.
        checker.add(Level::kDamage, root / schema::kStubFile, e.what());
        for (const std::string& name : database_folders(root)) {
            checker.shard(root / name);
        }
        return report;
    }
    switch (folder->layout()) {
    case detail::IndexFolder::Layout::kNew:
        throw Error(
            Errc::kDatabaseNotFound,
            "no newsdex database at " + path,
            "pass the folder of an index to --db"
        );
    case detail::IndexFolder::Layout::kPlain:
        checker.shard(root);
        break;
    case detail::IndexFolder::Layout::kStub:
        for (const std::string& name : folder->names()) {
            checker.shard(root / name);
        }
        break;
    }
    const std::vector<std::string> leftovers = folder->leftovers();
    for (const std::string& name : database_folders(root)) {
        const auto& named = folder->names();
        if (std::find(named.begin(), named.end(), name) != named.end()) {
            continue;
        }
        if (std::find(leftovers.begin(), leftovers.end(), name) != leftovers.end()) {
            checker.add(
                Level::kWarning,
                root / name,
                "left by a writer that stopped; the next newsdex-index run removes it"
            );
        } else {
            checker.add(
                Level::kWarning,
                root / name,
                "a database the stub does not name; newsdex leaves it alone (remove it if it is "
                "not a copy you keep)"
            );
        }
    }
    return report;
}

}  // namespace newsdex
