// SPDX-License-Identifier: MIT
#include "index/shards.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"
#include "schema/encoding.h"
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

// The folder a shard is compacted into: the next unused generation of its
// name (shard0 -> shard0.g1 -> shard0.g2; its parts merge into the same),
// as `key`'s (a merge of every shard names its result after the first).
std::string next_generation(
    const IndexFolder& folder, const std::vector<std::string>& names, const std::string& key
) {
    unsigned generation = 0;
    for (const std::string& name : names) {
        const std::size_t g = name.find(".g");
        if (g == std::string::npos) {
            continue;
        }
        const std::size_t end = name.find('.', g + 2);
        const std::string digits = name.substr(g + 2, end == std::string::npos ? end : end - g - 2);
        if (!digits.empty() && digits.size() < 9
            && digits.find_first_not_of("0123456789") == std::string::npos) {
            generation = std::max(generation, static_cast<unsigned>(std::stoul(digits)));
        }
    }
    std::string name;
    do {
        name = key + ".g" + std::to_string(++generation);
    } while (!folder.unused(name));
    return name;
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

// Compacts each group of folders (a shard's parts, or its one database)
// that `fresh` gives a new name into that folder, all at once, then
// rewrites the stub to name `fresh`, then retires the old folders. The
// journal names the new folders and the old ones first, so a stop at any
// moment leaves a stub naming whole shards and leftovers that the next
// writer removes; a failure (a full disk, say) removes the copies made and
// rethrows, the stub still naming the old folders. `whole`: every shard is
// compacted (a new index is then finished). `plain` compacts the plain
// database in the index folder itself (the one group, "").
void compact_groups(
    IndexFolder& folder,
    const std::vector<std::vector<std::string>>& groups,
    const std::vector<std::vector<std::string>>& fresh,
    bool whole,
    bool plain = false
) {
    std::vector<std::string> touched;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (fresh[i] != groups[i]) {
            touched.insert(touched.end(), fresh[i].begin(), fresh[i].end());
            if (!plain) {
                touched.insert(touched.end(), groups[i].begin(), groups[i].end());
            }
        }
    }
    folder.begin(touched, plain);
    try {
        for_each_at_once(groups.size(), [&](std::size_t i) {
            if (fresh[i] != groups[i]) {
                std::vector<std::string> sources;
                for (const std::string& name : groups[i]) {
                    sources.push_back((folder.root() / name).string());
                }
                compact_parts(sources, (folder.root() / fresh[i].front()).string());
            }
        });
        folder.write_stub(flatten(fresh));
    } catch (...) {
        folder.finish();
        throw;
    }
    folder.finish(whole);
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
            const std::unique_lock<std::shared_mutex> gate(set_->commit_gate());
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
    {
        const std::unique_lock<std::shared_mutex> gate(set_->commit_gate());
        open_.commit_transaction();
    }
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
        return db_;  // NOLINT(cppcoreguidelines-slicing): a reader of the writer's own state
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
    : path_(path), analyzer_(analyzer), folder_(path, lock_timeout_seconds) {
    const fs::path& root = folder_.root();
    switch (folder_.layout()) {
    case IndexFolder::Layout::kStub:
        names_ = group_by_shard(folder_.names());
        merge_parts();
        for (std::size_t i = 0; i < names_.size(); ++i) {
            const std::string shard = (root / names_[i].front()).string();
            shards_.push_back(std::make_unique<Shard>(
                this,
                i,
                shard,
                open_writable(shard, analyzer, lock_timeout_seconds, false),
                batch_size,
                0
            ));
        }
        return;
    case IndexFolder::Layout::kPlain:
        shards_.push_back(std::make_unique<Shard>(
            this, 0, path, open_writable(path, analyzer, lock_timeout_seconds, false), batch_size, 0
        ));
        return;
    case IndexFolder::Layout::kNew:
        break;
    }
    // A new index: its shard folders (recorded in the journal first, with
    // the index marked unfinished until it is compacted), then the stub that
    // names them. Several shards are built in parts.
    created_ = true;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < new_shards; ++i) {
        names.push_back("shard" + std::to_string(i));
        names_.push_back({names.back()});
    }
    folder_.begin(names, false, true);
    try {
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string shard = (root / names[i]).string();
            shards_.push_back(std::make_unique<Shard>(
                this,
                i,
                shard,
                open_writable(shard, analyzer),
                batch_size,
                new_shards > 1 ? part_size : 0
            ));
        }
        folder_.write_stub(names);
    } catch (...) {
        shards_.clear();
        folder_.finish();
        throw;
    }
    folder_.finish();
}

ShardSet::~ShardSet() = default;

// A run stopped while building shards in parts: each shard's parts are
// merged into one database, the stub is rewritten to name them, and the
// parts are retired. A failure (a full disk) removes the copies and leaves
// the parts listed.
void ShardSet::merge_parts() {
    std::vector<std::vector<std::string>> merged = names_;
    bool in_parts = false;
    for (auto& group : merged) {
        if (group.size() > 1) {
            in_parts = true;
            group = {next_generation(folder_, group, shard_key(group.front()))};
        }
    }
    if (in_parts) {
        compact_groups(folder_, names_, merged, false);
        names_ = std::move(merged);
    }
}

Xapian::WritableDatabase
ShardSet::add_part(std::size_t index, Xapian::WritableDatabase& first, std::string& path) {
    const std::lock_guard<std::mutex> lock(stub_mutex_);
    std::string name =
        shard_key(names_[index].front()) + ".p" + std::to_string(names_[index].size());
    for (std::size_t n = names_[index].size(); !folder_.unused(name); ++n) {
        name = shard_key(names_[index].front()) + ".p" + std::to_string(n + 1);
    }
    path = (folder_.root() / name).string();
    folder_.begin({name});
    try {
        Xapian::WritableDatabase db = open_writable(path, analyzer_);
        for (auto key = first.metadata_keys_begin(); key != first.metadata_keys_end(); ++key) {
            db.set_metadata(*key, first.get_metadata(*key));
        }
        db.commit();
        names_[index].push_back(name);
        try {
            folder_.write_stub(flatten(names_));
        } catch (...) {
            names_[index].pop_back();
            db.close();
            throw;
        }
        folder_.finish();
        return db;
    } catch (...) {
        folder_.finish();
        throw;
    }
}

// The highest number slot holding values in any shard: the recorded
// `highest`, or a slot after it that a run which failed before recording its
// fields filled (new fields take the slots after the highest in turn; a run
// leaves at most a few of its slots empty, so the search stops after
// kSlotGap empty ones).
std::uint32_t ShardSet::highest_number_slot(std::uint32_t highest) {
    constexpr std::uint32_t kSlotGap = 32;
    std::uint32_t empty = 0;
    for (std::uint32_t slot = schema::next_number_slot(highest); empty < kSlotGap;
         slot = schema::next_number_slot(slot)) {
        bool used = false;
        for (std::size_t i = 0; i < size() && !used; ++i) {
            used = shard(i).db().get_value_freq(slot) > 0;
        }
        if (used) {
            highest = slot;
            empty = 0;
        } else {
            ++empty;
        }
    }
    return highest;
}

DynamicKinds& ShardSet::dynamic_kinds() {
    if (!kinds_) {
        std::vector<DynamicField> recorded =
            parse_dynamic_fields(shard(0).db().get_metadata(std::string(schema::kMetaDynamicFields))
            );
        std::uint32_t highest = 0;
        for (const DynamicField& f : recorded) {
            recorded_.insert(f.name);
            highest = std::max(highest, f.is_number() ? f.slot : 0U);
        }
        kinds_ = std::make_unique<DynamicKinds>(std::move(recorded), highest_number_slot(highest));
    }
    return *kinds_;
}

std::vector<std::string>
ShardSet::record_dynamic_fields(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<std::string> added;
    if (counts.empty()) {
        return added;
    }
    DynamicKinds& kinds = dynamic_kinds();
    kinds.add_counts(counts);
    for (const auto& entry : counts) {
        if (recorded_.insert(entry.first).second) {
            added.push_back(entry.first);
        }
    }
    const std::string encoded = encode_dynamic_fields(kinds.all());
    for (std::size_t i = 0; i < size(); ++i) {
        shard(i).db().set_metadata(std::string(schema::kMetaDynamicFields), encoded);
    }
    return added;
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

// Each shard (its parts merged) is compacted into a new folder (shard0 ->
// shard0.g1 -> ...), or all of them into one with `merge`, or the plain
// database of an index written before stubs into shard0.g1; the stub is
// rewritten to name the new folders in one rename, and only then are the
// old folders retired (see compact_groups).
void ShardSet::compact(bool merge) {
    commit();
    for (auto& shard : shards_) {
        shard->close();
    }
    try {
        if (folder_.layout() == IndexFolder::Layout::kPlain) {
            const std::vector<std::vector<std::string>> plain{{""}};
            compact_groups(folder_, plain, {{next_generation(folder_, {}, "shard0")}}, true, true);
        } else if (merge && names_.size() > 1) {
            const std::vector<std::string> all = flatten(names_);
            const std::vector<std::vector<std::string>> one{all};
            compact_groups(folder_, one, {{next_generation(folder_, all, "shard0")}}, true);
        } else {
            std::vector<std::vector<std::string>> fresh = names_;
            for (auto& group : fresh) {
                group = {next_generation(folder_, group, shard_key(group.front()))};
            }
            compact_groups(folder_, names_, fresh, true);
        }
    } catch (...) {
        shards_.clear();
        throw;
    }
    names_ = group_by_shard(folder_.names());
    shards_.clear();
}

void ShardSet::rollback() noexcept {
    for (auto& shard : shards_) {
        shard->rollback();
    }
}

}  // namespace newsdex::detail
