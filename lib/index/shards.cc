// SPDX-License-Identifier: MIT
#include "index/shards.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"
#include "util/at_once.h"
#include "util/whole_file.h"

#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
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
    if (const std::string why = write_whole_file(stub, text, ".tmp"); !why.empty()) {
        throw Error(
            Errc::kIo,
            "cannot write " + stub.string() + ": " + why,
            "check that the folder is writable and the disk has space, then run again"
        );
    }
}

// The shard a stub entry belongs to: "shard0" for shard0, shard0.g2 (a
// compacted generation) and shard0.p3 (a part of a run in progress).
std::string shard_key(const std::string& name) {
    return name.substr(0, name.find('.'));
}

// The stub's entries grouped by shard, in the stub's order.
std::vector<std::vector<std::string>> group_by_shard(const std::vector<std::string>& names) {
    std::vector<std::vector<std::string>> groups;
    for (const std::string& name : names) {
        if (groups.empty() || shard_key(groups.back().front()) != shard_key(name)) {
            groups.emplace_back();
        }
        groups.back().push_back(name);
    }
    return groups;
}

std::vector<std::string> flatten(const std::vector<std::vector<std::string>>& groups) {
    std::vector<std::string> out;
    for (const auto& group : groups) {
        out.insert(out.end(), group.begin(), group.end());
    }
    return out;
}

// The folder a shard is compacted into: the next generation of its name
// (shard0 -> shard0.g1 -> shard0.g2; its parts merge into the same).
std::string next_generation(const std::vector<std::string>& names) {
    unsigned generation = 0;
    for (const std::string& name : names) {
        const std::size_t g = name.find(".g");
        if (g == std::string::npos) {
            continue;
        }
        const std::size_t end = name.find('.', g + 2);
        const std::string digits = name.substr(g + 2, end == std::string::npos ? end : end - g - 2);
        if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos) {
            generation = std::max(generation, static_cast<unsigned>(std::stoul(digits)));
        }
    }
    return shard_key(names.front()) + ".g" + std::to_string(generation + 1);
}

// Compacts `sources` (one shard's parts) into `dest`. One part keeps its
// document ids; several are renumbered one after another, in order.
void compact_parts(const std::vector<std::string>& sources, const std::string& dest) {
    if (sources.size() == 1) {
        Xapian::Database(sources.front()).compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
        return;
    }
    Xapian::Database all;
    for (const std::string& source : sources) {
        all.add_database(Xapian::Database(source));
    }
    all.compact(dest);
}

// Compacts each shard's folders (its parts, or its one database; only the
// shards in parts with `only_parts`) into the shard's next generation, all
// shards at once, then rewrites the stub to name the new folders. A failure
// (a full disk, say) removes the copies made and rethrows: the stub still
// names the old folders, which are whole. Returns the stub's new entries;
// the old folders stay until remove_replaced() (once nothing holds them).
std::vector<std::vector<std::string>> compact_into_next_generation(
    const fs::path& root, const std::vector<std::vector<std::string>>& groups, bool only_parts
) {
    std::vector<std::vector<std::string>> fresh = groups;
    std::vector<std::string> copies;
    try {
        for (auto& group : fresh) {
            if (!only_parts || group.size() > 1) {
                group = {next_generation(group)};
                copies.push_back(group.front());
                std::error_code ec;
                fs::remove_all(root / group.front(), ec);
            }
        }
        for_each_at_once(groups.size(), [&](std::size_t i) {
            if (fresh[i] != groups[i]) {
                std::vector<std::string> sources;
                for (const std::string& name : groups[i]) {
                    sources.push_back((root / name).string());
                }
                compact_parts(sources, (root / fresh[i].front()).string());
            }
        });
        write_stub(root, flatten(fresh));
    } catch (...) {
        std::error_code ec;
        for (const std::string& copy : copies) {
            fs::remove_all(root / copy, ec);
        }
        throw;
    }
    return fresh;
}

// Removes the folders of the shards that compact_into_next_generation moved.
void remove_replaced(
    const fs::path& root,
    const std::vector<std::vector<std::string>>& old_groups,
    const std::vector<std::vector<std::string>>& new_groups
) {
    std::error_code ec;
    for (std::size_t i = 0; i < old_groups.size(); ++i) {
        if (old_groups[i] != new_groups[i]) {
            for (const std::string& name : old_groups[i]) {
                fs::remove_all(root / name, ec);
            }
        }
    }
}

}  // namespace

std::uint64_t id_hash(const std::string& id_term) {
    return XXH3_64bits(id_term.data(), id_term.size());
}

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

Shard::Shard(
    ShardSet* set,
    std::size_t index,
    std::string path,
    Xapian::WritableDatabase db,
    std::size_t batch_size,
    std::size_t part_size
)
    : set_(set),
      index_(index),
      db_(std::move(db)),
      open_(db_),
      batch_size_(batch_size == 0 ? 1 : batch_size),
      part_size_(part_size) {
    parts_.push_back(Part{std::move(path), {}});
}

void Shard::begin() {
    if (!in_transaction_) {
        open_.begin_transaction(true);
        in_transaction_ = true;
    }
}

void Shard::write(const BuiltDocument& built, const std::vector<std::string>& old_spelling) {
    begin();
    if (part_size_ == 0) {
        open_.replace_document(built.id_term, built.document);
    } else {
        // In parts, each id is in one part: the one it was first written to.
        const std::uint64_t hash = id_hash(built.id_term);
        if (open_ids_.count(hash) != 0) {
            open_.replace_document(built.id_term, built.document);
        } else if (!change_in_closed_part(built.id_term, hash, [&](Xapian::WritableDatabase& part) {
                       part.replace_document(built.id_term, built.document);
                   })) {
            open_.add_document(built.document);
            open_ids_.insert(hash);
        }
    }
    for (const std::string& word : old_spelling) {
        count_spelling(word, -1);
    }
    for (const std::string& word : built.spelling) {
        count_spelling(word, 1);
    }
    if (++pending_ >= batch_size_) {
        commit();
    }
}

// An id written again after its part was closed (rare: the same id twice in
// one run's inputs), or removed, is changed in that part, committed at once,
// so that no moment has the article twice or not at all. `change` gets the
// part's writer; the old article's spelling words are taken off first.
// False when no closed part has the id.
bool Shard::change_in_closed_part(
    const std::string& id_term,
    std::uint64_t hash,
    const std::function<void(Xapian::WritableDatabase&)>& change
) {
    for (std::size_t i = 0; i + 1 < parts_.size(); ++i) {
        if (!std::binary_search(parts_[i].ids.begin(), parts_[i].ids.end(), hash)) {
            continue;
        }
        Xapian::WritableDatabase part =
            i == 0 ? db_ : Xapian::WritableDatabase(parts_[i].path, Xapian::DB_OPEN);
        const Xapian::PostingIterator it = part.postlist_begin(id_term);
        const bool there = it != part.postlist_end(id_term);  // not another id's hash
        if (there) {
            for (const std::string& word : spelling_of(part.get_document(*it))) {
                count_spelling(word, -1);
            }
            change(part);
            part.commit();
        }
        if (i != 0) {
            part.close();
        }
        if (there) {
            return true;
        }
    }
    return false;
}

bool Shard::remove(const std::string& id_term) {
    const std::uint64_t hash = id_hash(id_term);
    if (part_size_ != 0 && open_ids_.count(hash) == 0
        && change_in_closed_part(id_term, hash, [&](Xapian::WritableDatabase& part) {
               part.delete_document(id_term);
           })) {
        return true;
    }
    const Xapian::PostingIterator it = open_.postlist_begin(id_term);
    if (it == open_.postlist_end(id_term)) {
        return false;
    }
    begin();
    for (const std::string& word : spelling_of(open_.get_document(*it))) {
        count_spelling(word, -1);
    }
    open_.delete_document(id_term);
    open_ids_.erase(hash);
    ++pending_;
    return true;
}

void Shard::commit() {
    commit(false);
}

void Shard::commit(bool final) {
    if (!in_transaction_ && !final) {
        return;
    }
    if (!in_transaction_ && spelling_words() == 0) {
        const std::lock_guard<std::mutex> lock(inbox_mutex_);
        if (inbox_.empty()) {
            return;
        }
    }
    begin();
    // Spelling counts are written when many words have gathered, or at the
    // end: a word's count is added once per flush instead of once per batch.
    // A crash loses the counts not yet written; the spelling data only
    // ranks suggestions, so that is harmless. (Compaction adds up the
    // counts of a word in several parts.)
    if (final || spelling_words() >= spelling_flush_) {
        write_spelling();
    }
    in_transaction_ = false;
    pending_ = 0;
    open_.commit_transaction();
    if (!final && part_size_ != 0 && open_.get_doccount() >= part_size_) {
        start_part();
    }
}

void Shard::count_spelling(const std::string& word, int delta) {
    const std::uint64_t hash = WordCounts::hash(word);
    const std::size_t keeper = set_->spelling_shard(hash);
    if (keeper == index_) {
        spelling_.add(word, delta, hash);
        return;
    }
    if (outgoing_.size() != set_->size()) {
        outgoing_.resize(set_->size());
    }
    outgoing_[keeper].add(word, delta, hash);
}

std::size_t Shard::spelling_words() const {
    std::size_t n = spelling_.size();
    for (const WordCounts& counts : outgoing_) {
        n += counts.size();
    }
    return n;
}

// Writes the counts of the words this shard keeps, its own and those handed
// over, after handing the others over to the shards that keep them.
void Shard::write_spelling() {
    hand_over_spelling();
    {
        const std::lock_guard<std::mutex> lock(inbox_mutex_);
        inbox_.add_to(spelling_);
        inbox_.clear();
    }
    spelling_.for_each([this](const std::string& word, int count) {
        if (count > 0) {
            open_.add_spelling(word, static_cast<Xapian::termcount>(count));
        } else if (count < 0) {
            open_.remove_spelling(word, static_cast<Xapian::termcount>(-count));
        }
    });
    spelling_.clear();
}

void Shard::hand_over_spelling() {
    for (std::size_t i = 0; i < outgoing_.size(); ++i) {
        if (outgoing_[i].empty()) {
            continue;
        }
        Shard& keeper = set_->shard(i);
        {
            const std::lock_guard<std::mutex> lock(keeper.inbox_mutex_);
            outgoing_[i].add_to(keeper.inbox_);
        }
        outgoing_[i].clear();
    }
}

void Shard::start_part() {
    std::string path;
    Xapian::WritableDatabase next = set_->add_part(index_, db_, path);
    Part& full = parts_.back();
    full.ids.assign(open_ids_.begin(), open_ids_.end());
    std::sort(full.ids.begin(), full.ids.end());
    open_ids_.clear();
    if (parts_.size() > 1) {
        open_.close();  // the first part stays open: its lock guards the shard
    }
    open_ = std::move(next);
    parts_.push_back(Part{std::move(path), {}});
}

Xapian::Database Shard::reader() {
    if (parts_.size() == 1) {
        return db_;
    }
    // Made once per part: the closed parts move on (a replaced article) by
    // reopen(), which is a no-op for the writers.
    if (!reader_ || reader_->size() != parts_.size()) {
        reader_ = std::make_unique<Xapian::Database>(db_);
        for (std::size_t i = 1; i + 1 < parts_.size(); ++i) {
            reader_->add_database(Xapian::Database(parts_[i].path));
        }
        reader_->add_database(open_);
    } else {
        reader_->reopen();
    }
    return *reader_;
}

Xapian::doccount Shard::doccount() {
    return reader().get_doccount();
}

void Shard::close() {
    reader_.reset();
    if (parts_.size() > 1) {
        open_.close();
    }
    db_.close();
}

void Shard::rollback() noexcept {
    spelling_.clear();
    for (WordCounts& counts : outgoing_) {
        counts.clear();
    }
    {
        const std::lock_guard<std::mutex> lock(inbox_mutex_);
        inbox_.clear();
    }
    pending_ = 0;
    if (in_transaction_) {
        in_transaction_ = false;
        try {
            open_.cancel_transaction();
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
    double lock_timeout_seconds,
    std::size_t part_size
)
    : path_(path), analyzer_(analyzer) {
    const fs::path root(path);
    std::error_code ec;
    std::vector<std::string> shard_paths;
    remove_creation_leftovers(root);
    if (fs::is_regular_file(root / kStubName, ec)) {
        stub_ = true;
        remove_orphans(root);
        names_ = group_by_shard(read_stub(root / kStubName));
        if (names_.empty()) {
            throw Error(
                Errc::kIo,
                "stub file " + (root / kStubName).string() + " lists no shard",
                "re-index into a new --db"
            );
        }
        merge_parts(names_, lock_timeout_seconds);
        for (const auto& group : names_) {
            shard_paths.push_back((root / group.front()).string());
        }
    } else if (fs::exists(root, ec) && !fs::is_directory(root, ec)) {
        throw Error(
            Errc::kIo, path + " is a file, not a newsdex database", "pass a folder to --db"
        );
    } else if ((!fs::exists(root, ec) || is_empty_dir(root)) && new_shards > 1) {
        created_ = true;
        stub_ = true;
        fs::create_directories(root, ec);
        for (std::size_t i = 0; i < new_shards; ++i) {
            names_.push_back({"shard" + std::to_string(i)});
            shard_paths.push_back((root / names_.back().front()).string());
        }
        // The shards first, then the stub that names them (written whole).
        for (std::size_t i = 0; i < shard_paths.size(); ++i) {
            shards_.push_back(std::make_unique<Shard>(
                this,
                i,
                shard_paths[i],
                open_writable(shard_paths[i], analyzer, lock_timeout_seconds),
                batch_size,
                part_size
            ));
        }
        write_stub(root, flatten(names_));
        return;
    } else {
        created_ = !fs::exists(root, ec) || is_empty_dir(root);
        if (root.has_parent_path()) {
            fs::create_directories(root.parent_path(), ec);
        }
        shard_paths.push_back(path);
    }
    for (std::size_t i = 0; i < shard_paths.size(); ++i) {
        const std::string& p = shard_paths[i];
        // A compaction that stopped between its two renames: put it back.
        std::error_code rec;
        if (!fs::exists(p, rec) && fs::is_directory(p + ".old", rec)) {
            fs::rename(p + ".old", p, rec);
        }
        fs::remove_all(p + ".compacting", rec);
        shards_.push_back(std::make_unique<Shard>(
            this, i, p, open_writable(p, analyzer, lock_timeout_seconds), batch_size, 0
        ));
    }
}

// A run stopped while building shards in parts: each shard's parts are
// merged into one database (under the parts' locks, so no other writer is
// at work), the stub is rewritten to name them, and the parts are removed.
// A failure (a full disk) removes the copies and leaves the parts listed.
void ShardSet::merge_parts(
    std::vector<std::vector<std::string>>& groups, double lock_timeout_seconds
) {
    const bool in_parts =
        std::any_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() > 1; });
    if (!in_parts) {
        return;
    }
    const fs::path root(path_);
    std::vector<Xapian::WritableDatabase> held;
    for (const std::string& name : flatten(groups)) {
        held.push_back(open_writable((root / name).string(), analyzer_, lock_timeout_seconds));
    }
    std::vector<std::vector<std::string>> merged = compact_into_next_generation(root, groups, true);
    for (Xapian::WritableDatabase& db : held) {
        db.close();
    }
    remove_replaced(root, groups, merged);
    groups = std::move(merged);
}

Xapian::WritableDatabase
ShardSet::add_part(std::size_t index, Xapian::WritableDatabase& first, std::string& path) {
    const fs::path root(path_);
    std::string name;
    {
        const std::lock_guard<std::mutex> lock(stub_mutex_);
        name = shard_key(names_[index].front()) + ".p" + std::to_string(names_[index].size());
    }
    path = (root / name).string();
    std::error_code ec;
    fs::remove_all(path, ec);
    Xapian::WritableDatabase db = open_writable(path, analyzer_);
    for (auto key = first.metadata_keys_begin(); key != first.metadata_keys_end(); ++key) {
        db.set_metadata(*key, first.get_metadata(*key));
    }
    db.commit();
    const std::lock_guard<std::mutex> lock(stub_mutex_);
    names_[index].push_back(name);
    try {
        write_stub(root, flatten(names_));
    } catch (...) {
        names_[index].pop_back();
        db.close();
        fs::remove_all(path, ec);
        throw;
    }
    return db;
}

std::size_t ShardSet::shard_of(const std::string& id) const {
    return shards_.size() == 1
               ? 0
               : static_cast<std::size_t>(XXH3_64bits(id.data(), id.size()) % shards_.size());
}

void ShardSet::commit() {
    // Every shard's counts reach the shard that keeps their word before any
    // shard writes its spelling data.
    for (auto& shard : shards_) {
        shard->hand_over_spelling();
    }
    for_each_at_once(shards_.size(), [&](std::size_t i) {
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
        shard->close();
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

// Each shard (its parts merged) is compacted into a new folder (shard0 ->
// shard0.g1 -> ...), the stub is rewritten to name the new folders in one
// rename, and only then are the old folders removed: a crash at any point
// leaves a stub naming complete shards (and at worst orphan folders,
// removed by the next open).
void ShardSet::compact_in_stub() {
    const fs::path root(path_);
    try {
        std::vector<std::vector<std::string>> compacted =
            compact_into_next_generation(root, names_, false);
        remove_replaced(root, names_, compacted);
        names_ = std::move(compacted);
    } catch (...) {
        shards_.clear();
        throw;
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
