// SPDX-License-Identifier: MIT
#include "index/shards.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace newsdex::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStubName = "XAPIANDB";

// Calls fn(i) for i in [0, n), each in its own thread (each shard is its own
// database with its own writer, so they can be flushed and compacted at
// once), and rethrows the first exception once all have finished.
template <typename Fn>
void for_each_shard_at_once(std::size_t n, const Fn& fn) {
    if (n <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            fn(i);
        }
        return;
    }
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    threads.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            try {
                fn(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (const std::exception_ptr& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

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

// What a new sharded index leaves when it is stopped before its stub is
// written: shard folders (with nothing committed) and perhaps the stub's
// temporary file. They are removed, and the index is created again.
void remove_creation_leftovers(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec) || fs::exists(root / kStubName, ec)
        || fs::exists(root / "iamglass", ec)) {
        return;
    }
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        const bool shard = name.rfind("shard", 0) == 0 && name.size() > 5
                           && name.find_first_not_of("0123456789", 5) == std::string::npos
                           && entry.is_directory(ec);
        if (!shard && name != std::string(kStubName) + ".tmp") {
            return;
        }
        leftovers.push_back(entry.path());
    }
    for (const fs::path& p : leftovers) {
        fs::remove_all(p, ec);
    }
}

// Writes the stub naming `names` so that it is whole or absent: a
// temporary file, flushed to disk, renamed over the old one.
void write_stub(const fs::path& root, const std::vector<std::string>& names) {
    std::string text =
        "# newsdex index: " + std::to_string(names.size()) + " shards, searched as one database\n";
    for (const std::string& name : names) {
        text += "glass " + name + '\n';
    }
    const fs::path stub = root / kStubName;
    const fs::path tmp = root / (std::string(kStubName) + ".tmp");
    const auto failed = [&](const std::string& why) {
        std::error_code ec;
        fs::remove(tmp, ec);
        return Error(
            Errc::kIo,
            "cannot write " + stub.string() + ": " + why,
            "check that the folder is writable and the disk has space, then run again"
        );
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw failed(std::strerror(errno));
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            throw failed(std::strerror(e));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        throw failed(std::strerror(errno));
    }
    std::error_code ec;
    fs::rename(tmp, stub, ec);
    if (ec) {
        throw failed(ec.message());
    }
    // The rename itself reaches the disk with the folder.
    if (const int dir = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
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
    remove_creation_leftovers(root);
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
        std::vector<std::string> names;
        for (std::size_t i = 0; i < new_shards; ++i) {
            names.push_back("shard" + std::to_string(i));
            shard_paths.push_back((root / names.back()).string());
        }
        // The shards first, then the stub that names them (written whole).
        for (const std::string& p : shard_paths) {
            shards_.push_back(std::make_unique<Shard>(
                p, open_writable(p, analyzer, lock_timeout_seconds), batch_size
            ));
        }
        write_stub(root, names);
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
    for_each_shard_at_once(shards_.size(), [&](std::size_t i) {
        Shard* shard = shards_[i].get();
        shard->commit(true);
        if (shard->db().get_metadata(std::string(schema::kMetaAnalyzer)) != analyzer_) {
            shard->db().set_metadata(std::string(schema::kMetaAnalyzer), analyzer_);
            shard->db().commit();
        }
    });
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
        try {
            Xapian::Database(path_).compact(fresh.string());
        } catch (...) {
            fs::remove_all(fresh, ec);
            shards_.clear();
            throw;
        }
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
        try {
            Xapian::Database db(live.string());
            db.compact(fresh.string(), Xapian::DBCOMPACT_NO_RENUMBER);
        } catch (...) {
            fs::remove_all(fresh, ec);
            shards_.clear();
            throw;
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
    // On a failure (a full disk, say) the copies made so far are removed:
    // the stub still names the old shards, which are whole.
    const auto remove_copies = [&] {
        std::error_code ec;
        for (const std::string& name : names) {
            fs::remove_all(root / name, ec);
        }
    };
    try {
        for (const auto& shard : shards_) {
            const std::string name = fs::path(shard->path()).filename().string();
            const std::size_t dot = name.rfind(".g");
            const bool numbered =
                dot != std::string::npos && dot + 2 < name.size()
                && name.find_first_not_of("0123456789", dot + 2) == std::string::npos;
            const std::string base = numbered ? name.substr(0, dot) : name;
            const unsigned generation =
                numbered ? static_cast<unsigned>(std::stoul(name.substr(dot + 2))) + 1 : 1;
            const std::string fresh = base + ".g" + std::to_string(generation);
            std::error_code ec;
            fs::remove_all(root / fresh, ec);
            names.push_back(fresh);
        }
        for_each_shard_at_once(shards_.size(), [&](std::size_t i) {
            Xapian::Database(shards_[i]->path())
                .compact((root / names[i]).string(), Xapian::DBCOMPACT_NO_RENUMBER);
        });
        write_stub(root, names);
    } catch (...) {
        remove_copies();
        shards_.clear();
        throw;
    }
    std::error_code ec;
    for (const auto& shard : shards_) {
        fs::remove_all(shard->path(), ec);
    }
    shards_.clear();
}

// Folders a stopped compaction left behind: named like a shard (shardN or a
// generation shardN.gM) but not named by the stub: a copy not yet listed, or
// an old generation not yet removed.
void ShardSet::remove_orphans(const fs::path& root) {
    const std::vector<std::string> listed = read_stub(root / kStubName);
    if (listed.empty()) {
        return;  // an unreadable stub: touch nothing
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (std::find(listed.begin(), listed.end(), name) != listed.end()
            || name.rfind("shard", 0) != 0) {
            continue;
        }
        if (entry.is_directory(ec)) {
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
