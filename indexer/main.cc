// SPDX-License-Identifier: MIT
// newsdex-index: parse the options, call the library, report.
#include "newsdex/error.h"
#include "newsdex/index_writer.h"
#include "newsdex/paths.h"
#include "newsdex/version.h"

#include "options.h"
#include "progress.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <sys/statvfs.h>
#include <unistd.h>

namespace {

std::string g_db;  // for on_terminate

// Xapian 1.4 can end the process (std::terminate) when a write fails in the
// middle of a commit, as on a full disk. Its commits are atomic, so the index
// is as of its last commit: say so, and exit as any failed write does.
[[noreturn]] void on_terminate() {
    std::string why = "writing the index " + g_db + " failed inside Xapian";
    if (const std::string cause = newsdex::describe_exception(std::current_exception());
        !cause.empty()) {
        why += " (" + cause + ")";
    }
    std::string where = g_db;

    struct statvfs fs {};

    while (!where.empty() && statvfs(where.c_str(), &fs) != 0) {
        const std::size_t slash = where.find_last_of('/');
        where = slash == std::string::npos ? "." : where.substr(0, slash);
    }
    if (!where.empty()
        && static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize < 1024ULL * 1024ULL) {
        why += ": the disk holding it is full";
    }
    std::fprintf(
        stderr,
        "newsdex-index: %s; every batch committed before is kept and the index opens; fix the "
        "cause (free disk space, say) and run the same command again to index the rest\n",
        why.c_str()
    );
    std::_Exit(2);
}

int fail(const std::string& message, const std::string& hint = {}) {
    std::cerr << "newsdex-index: " << message << (hint.empty() ? "" : "; " + hint) << '\n';
    return 2;
}

// newsdex-index --check: one line per finding, then the verdict.
int check(const newsdex::cli::IndexOptions& options) {
    using newsdex::CheckFinding;
    try {
        const newsdex::CheckReport report = newsdex::check_index(options.db, options.lock_timeout);
        for (const CheckFinding& f : report.findings) {
            const char* level = f.level == CheckFinding::Level::kDamage    ? "damaged: "
                                : f.level == CheckFinding::Level::kWarning ? "warning: "
                                                                           : "";
            std::printf(
                "newsdex-index: check: %s%s: %s\n", level, f.where.c_str(), f.message.c_str()
            );
        }
        std::printf(
            "newsdex-index: %s is %s: %llu articles in %zu shard%s%s\n",
            options.db.c_str(),
            report.sound() ? "sound" : "damaged",
            static_cast<unsigned long long>(report.articles),
            report.shards,
            report.shards == 1 ? "" : "s",
            report.sound() ? "" : " (counting only the shards that could be read)"
        );
        return report.sound() ? 0 : 1;
    } catch (const newsdex::Error& e) {
        return fail(e.what(), e.hint());
    }
}

// What the library is asked to do.
newsdex::IndexOptions run_options(const newsdex::cli::IndexOptions& options, bool implicit) {
    newsdex::IndexOptions run;
    run.db_path = options.db;
    run.jobs = options.jobs;
    run.writer.batch_size = options.batch_size;
    run.writer.part_size = options.part_size;
    run.writer.shards = options.shards;
    run.prune = options.prune;
    run.compact = options.compact;
    run.implicit_inputs = implicit;
    run.writer.lock_timeout_seconds = options.lock_timeout;
    run.writer.entity_files = options.entity_files;
    if (options.max_record_bytes != 0) {
        run.max_record_bytes = options.max_record_bytes;
    }
    return run;
}

// The summary line on stdout.
void print_summary(const newsdex::IndexReport& r, const newsdex::cli::IndexOptions& options) {
    // Articles whose id came earlier in the run replaced that article:
    // said apart, so that the other counts are of distinct articles.
    const std::string repeated = r.repeated == 0
                                     ? std::string()
                                     : ", " + std::to_string(r.repeated)
                                           + (r.repeated == 1 ? " repeated id" : " repeated ids")
                                           + " (the last article of each id is kept)";
    // Files of other kinds in the folders: counted, the most common first.
    std::vector<std::pair<std::string, std::uint64_t>> kinds(
        r.unsupported.begin(), r.unsupported.end()
    );
    std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
        return a.second > b.second;
    });
    std::string unsupported;
    for (const auto& [kind, count] : kinds) {
        unsupported += (unsupported.empty() ? "; " : ", ") + std::to_string(count) + " " + kind;
    }
    if (!unsupported.empty()) {
        unsupported += " skipped: unsupported type";
    }
    std::printf(
        "newsdex-index: %llu indexed (%llu added, %llu updated), %llu unchanged, %llu removed, "
        "%llu skipped%s%s in %.2f s -> %s%s\n",
        static_cast<unsigned long long>(r.added) + r.updated,
        static_cast<unsigned long long>(r.added),
        static_cast<unsigned long long>(r.updated),
        static_cast<unsigned long long>(r.unchanged),
        static_cast<unsigned long long>(r.removed),
        static_cast<unsigned long long>(r.skipped),
        repeated.c_str(),
        unsupported.c_str(),
        r.seconds,
        options.db.c_str(),
        options.compact ? " (compacted)" : ""
    );
    // Metadata fields the schema does not know: nothing is dropped without
    // a word (docs/articles.md).
    if (!r.dynamic_fields.empty()) {
        std::string fields;
        for (const auto& [name, count] : r.dynamic_fields) {
            const bool added =
                std::find(r.new_dynamic_fields.begin(), r.new_dynamic_fields.end(), name)
                != r.new_dynamic_fields.end();
            const bool number = std::find(r.number_fields.begin(), r.number_fields.end(), name)
                                != r.number_fields.end();
            fields += (fields.empty() ? "" : ", ") + name + " (" + (number ? "number, " : "")
                      + std::to_string(count) + (count == 1 ? " article" : " articles")
                      + (added ? ", new" : "") + ")";
        }
        std::printf(
            "newsdex-index: dynamic fields indexed: %s; search them as NAME:VALUE, count them "
            "with --facets NAME%s\n",
            fields.c_str(),
            r.number_fields.empty() ? "" : " (a number field: search ranges as NAME:A..B)"
        );
    }
    // Values of another kind than their field's (warned where first seen).
    if (!r.mixed_fields.empty()) {
        std::string mixed;
        for (const auto& [key, count] : r.mixed_fields) {
            const std::size_t tab = key.find('\t');
            mixed += (mixed.empty() ? "" : "; ") + key.substr(0, tab) + " (" + std::to_string(count)
                     + (count == 1 ? " article" : " articles")
                     + "): " + key.substr(tab + 1, key.find(':', tab) - tab - 1);
        }
        std::printf(
            "newsdex-index: dynamic fields given another kind than the index's: %s\n", mixed.c_str()
        );
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace newsdex;
    cli::IndexOptions options;
    try {
        options = cli::parse_index_options(argc, argv);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    }
    if (options.exit_now) {
        return 0;
    }
    if (options.check) {
        return check(options);
    }
    // No PATH: the shipped corpus, into a new or demo index only; with
    // --compact, nothing (compaction alone).
    const bool implicit = options.inputs.empty() && !options.compact;
    if (implicit) {
        const auto corpus = find_shipped_corpus("/proc/self/exe");
        if (!corpus) {
            return fail(
                "no PATH given and the shipped corpus was not found",
                "name the files or folders to index"
            );
        }
        options.inputs.push_back(*corpus);
    }

    const bool tty = isatty(STDERR_FILENO) != 0;
    cli::ProgressLine progress(
        options.progress == cli::Progress::kAlways
        || (options.progress == cli::Progress::kAuto && tty)
    );
    IndexCallbacks callbacks;
    callbacks.on_problem = [&](const InputProblem& p) {
        progress.clear();
        std::cerr << "newsdex-index: " << (p.rejected ? "skipped " : "warning: ") << p.where << ": "
                  << p.message << '\n';
    };
    callbacks.on_progress = [&](const IndexProgress& p) {
        progress.update(p);
    };

    g_db = options.db;
    std::set_terminate(on_terminate);
    try {
        const newsdex::IndexReport r =
            index_inputs(run_options(options, implicit), options.inputs, callbacks);
        progress.clear();
        print_summary(r, options);
        return r.skipped > 0 ? 1 : 0;
    } catch (const Error& e) {
        progress.clear();
        return fail(e.what(), e.hint());
    }
}
