// SPDX-License-Identifier: MIT
#include "index/shards.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"

#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsdex::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStubName = "XAPIANDB";

// The shard folders a stub file lists ("glass shard0" per line).
std::vector<std::string> read_stub(const fs::path& stub) {
    std::vector<std::string> out;
    std::ifstream in(stub);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string backend;
        std::string where;
        if (!(words >> backend >> where) || backend[0] == '#') {
            continue;
        }
        out.push_back(where);
    }
    return out;
}

bool is_empty_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec) && fs::directory_iterator(p, ec) == fs::directory_iterator();
}

}  // namespace

std::vector<std::string> spelling_of(const Xapian::Document& doc) {
    std::vector<std::string> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
            continue;  // prefixed terms come after all words, but skip them anyway
        }
        if (spelling_word(term)) {
            out.push_back(term);
        }
    }
    return out;
}

Shard::Shard(std::string path, Xapian::WritableDatabase db, std::size_t batch_size)
    : path_(std::move(path)), db_(std::move(db)), batch_size_(batch_size == 0 ? 1 : batch_size) {}

void Shard::begin() {
    if (!in_transaction_) {
        db_.begin_transaction(true);
        in_transaction_ = true;
    }
}

void Shard::write(const BuiltDocument& built, const std::vector<std::string>& old_spelling) {
    begin();
    db_.replace_document(built.id_term, built.document);
    for (const std::string& word : old_spelling) {
        --spelling_[word];
    }
    for (const std::string& word : built.spelling) {
        ++spelling_[word];
    }
    if (++pending_ >= batch_size_) {
        commit();
    }
}

bool Shard::remove(const std::string& id_term) {
    const Xapian::PostingIterator it = db_.postlist_begin(id_term);
    if (it == db_.postlist_end(id_term)) {
        return false;
    }
    begin();
    for (const std::string& word : spelling_of(db_.get_document(*it))) {
        --spelling_[word];
    }
    db_.delete_document(id_term);
    ++pending_;
    return true;
}

void Shard::commit() {
    commit(false);
}

void Shard::commit(bool final) {
    if (!in_transaction_ && (spelling_.empty() || !final)) {
        return;
    }
    begin();
    // Spelling counts are written when many words have gathered, or at the
    // end: a word's count is added once per flush instead of once per batch.
    // A crash loses the counts not yet written; the spelling data only
    // ranks suggestions, so that is harmless.
    if (final || spelling_.size() >= kSpellingFlush) {
        for (const auto& [word, count] : spelling_) {
            if (count > 0) {
                db_.add_spelling(word, static_cast<Xapian::termcount>(count));
            } else if (count < 0) {
                db_.remove_spelling(word, static_cast<Xapian::termcount>(-count));
            }
        }
        spelling_.clear();
    }
    in_transaction_ = false;
    pending_ = 0;
    db_.commit_transaction();
}

void Shard::rollback() noexcept {
    spelling_.clear();
    pending_ = 0;
    if (in_transaction_) {
        in_transaction_ = false;
        try {
            db_.cancel_transaction();
        } catch (const Xapian::Error&) {
            // The shard is as of its last commit either way.
        }
    }
}

ShardSet::ShardSet(
    const std::string& path,
    std::size_t new_shards,
    std::size_t batch_size,
    const std::string& analyzer,
    double lock_timeout_seconds
)
    : path_(path), analyzer_(analyzer) {
    const fs::path root(path);
    std::error_code ec;
    std::vector<std::string> shard_paths;
    if (fs::is_regular_file(root / kStubName, ec)) {
        stub_ = true;
        remove_orphans(root);
        for (const std::string& rel : read_stub(root / kStubName)) {
            shard_paths.push_back((root / rel).string());
        }
        if (shard_paths.empty()) {
            throw Error(
                Errc::kIo,
                "stub file " + (root / kStubName).string() + " lists no shard",
                "re-index into a new --db"
            );
        }
    } else if (fs::exists(root, ec) && !fs::is_directory(root, ec)) {
        throw Error(
            Errc::kIo, path + " is a file, not a newsdex database", "pass a folder to --db"
        );
    } else if ((!fs::exists(root, ec) || is_empty_dir(root)) && new_shards > 1) {
        created_ = true;
        stub_ = true;
        fs::create_directories(root, ec);
        std::ostringstream stub;
        stub << "# newsdex index: " << new_shards << " shards, searched as one database\n";
        for (std::size_t i = 0; i < new_shards; ++i) {
            const std::string name = "shard" + std::to_string(i);
            shard_paths.push_back((root / name).string());
            stub << "glass " << name << '\n';
        }
        // The shards first, then the stub that names them (written whole).
        for (const std::string& p : shard_paths) {
            shards_.push_back(std::make_unique<Shard>(
                p, open_writable(p, analyzer, lock_timeout_seconds), batch_size
            ));
        }
        const fs::path tmp = root / (std::string(kStubName) + ".tmp");
        std::ofstream(tmp) << stub.str();
        fs::rename(tmp, root / kStubName, ec);
        if (ec) {
            throw Error(
                Errc::kIo,
                "cannot write " + (root / kStubName).string() + ": " + ec.message(),
                "check that the folder is writable"
            );
        }
        return;
    } else {
        created_ = !fs::exists(root, ec) || is_empty_dir(root);
        if (root.has_parent_path()) {
            fs::create_directories(root.parent_path(), ec);
        }
        shard_paths.push_back(path);
    }
    for (const std::string& p : shard_paths) {
        // A compaction that stopped between its two renames: put it back.
        std::error_code rec;
        if (!fs::exists(p, rec) && fs::is_directory(p + ".old", rec)) {
            fs::rename(p + ".old", p, rec);
        }
        fs::remove_all(p + ".compacting", rec);
        shards_.push_back(
            std::make_unique<Shard>(p, open_writable(p, analyzer, lock_timeout_seconds), batch_size)
        );
    }
}

std::size_t ShardSet::shard_of(const std::string& id) const {
    return shards_.size() == 1
               ? 0
               : static_cast<std::size_t>(XXH3_64bits(id.data(), id.size()) % shards_.size());
}

void ShardSet::commit() {
    for (auto& shard : shards_) {
        shard->commit(true);
        if (shard->db().get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer_) {
            shard->db().set_metadata(std::string(schema::kMetaAnalyzer), analyzer_);
            shard->db().commit();
        }
    }
}

void ShardSet::compact(bool merge) {
    commit();
    for (auto& shard : shards_) {
        shard->db().close();
    }
    if (stub_ && !(merge && shards_.size() > 1)) {
        compact_in_stub();
        return;
    }
    if (merge && shards_.size() > 1) {
        // The whole stub folder, compacted into one database, replaces it.
        const fs::path live(path_);
        const fs::path fresh(path_ + ".compacting");
        const fs::path old(path_ + ".old");
        std::error_code ec;
        fs::remove_all(fresh, ec);
        Xapian::Database(path_).compact(fresh.string());
        fs::rename(live, old, ec);
        if (!ec) {
            fs::rename(fresh, live, ec);
        }
        if (ec) {
            throw Error(
                Errc::kIo,
                "cannot replace " + path_ + " by its merged copy: " + ec.message(),
                "the merged index is at " + fresh.string()
            );
        }
        fs::remove_all(old, ec);
        shards_.clear();
        return;
    }
    for (auto& shard : shards_) {
        const fs::path live(shard->path());
        const fs::path fresh(shard->path() + ".compacting");
        const fs::path old(shard->path() + ".old");
        std::error_code ec;
        fs::remove_all(fresh, ec);
        {
            Xapian::Database db(live.string());
            db.compact(fresh.string(), Xapian::DBCOMPACT_NO_RENUMBER);
        }
        fs::rename(live, old, ec);
        if (!ec) {
            fs::rename(fresh, live, ec);
        }
        if (ec) {
            throw Error(
                Errc::kIo,
                "cannot replace " + live.string() + " by its compacted copy: " + ec.message(),
                "the next run restores it"
            );
        }
        fs::remove_all(old, ec);
    }
    shards_.clear();
}

// Each shard is compacted into a new folder (shard0 -> shard0.g1 -> ...),
// the stub is rewritten to name the new folders in one rename, and only then
// are the old folders removed: a crash at any point leaves a stub naming
// complete shards (and at worst an orphan folder, removed by the next open).
void ShardSet::compact_in_stub() {
    const fs::path root(path_);
    std::vector<std::string> names;
    for (const auto& shard : shards_) {
        const std::string name = fs::path(shard->path()).filename().string();
        const std::size_t dot = name.rfind(".g");
        const bool numbered = dot != std::string::npos && dot + 2 < name.size()
                              && name.find_first_not_of("0123456789", dot + 2) == std::string::npos;
        const std::string base = numbered ? name.substr(0, dot) : name;
        const unsigned generation =
            numbered ? static_cast<unsigned>(std::stoul(name.substr(dot + 2))) + 1 : 1;
        const std::string fresh = base + ".g" + std::to_string(generation);
        std::error_code ec;
        fs::remove_all(root / fresh, ec);
        Xapian::Database(shard->path())
            .compact((root / fresh).string(), Xapian::DBCOMPACT_NO_RENUMBER);
        names.push_back(fresh);
    }
    std::ostringstream stub;
    stub << "# newsdex index: " << names.size() << " shards, searched as one database\n";
    for (const std::string& name : names) {
        stub << "glass " << name << '\n';
    }
    const fs::path tmp = root / (std::string(kStubName) + ".tmp");
    std::ofstream(tmp) << stub.str();
    std::error_code ec;
    fs::rename(tmp, root / kStubName, ec);
    if (ec) {
        throw Error(
            Errc::kIo,
            "cannot write " + (root / kStubName).string() + ": " + ec.message(),
            "check that the folder is writable"
        );
    }
    for (const auto& shard : shards_) {
        fs::remove_all(shard->path(), ec);
    }
    shards_.clear();
}

// Folders a stopped compaction left behind: not named by the stub, but named
// like a shard's next generation.
void ShardSet::remove_orphans(const fs::path& root) {
    const std::vector<std::string> listed = read_stub(root / kStubName);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (std::find(listed.begin(), listed.end(), name) != listed.end()
            || name.rfind("shard", 0) != 0) {
            continue;
        }
        if (name.find(".g") != std::string::npos && entry.is_directory(ec)) {
            fs::remove_all(entry.path(), ec);
        }
    }
    fs::remove(root / (std::string(kStubName) + ".tmp"), ec);
}

void ShardSet::rollback() noexcept {
    for (auto& shard : shards_) {
        shard->rollback();
    }
}

}  // namespace newsdex::detail
