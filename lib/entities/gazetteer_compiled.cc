// SPDX-License-Identifier: MIT
// The gazetteer's image: what the indexer stores beside its shards (and in
// their metadata) so that a search reads the entities in place, without
// analysing the data files again or building a map (docs/entities.md).
// This file reads it in place (and the format-3 form older indexes store);
// gazetteer_image_writer.cc writes it, gazetteer_image.h is its layout.
#include "newsdex/schema.h"

#include "entities/gazetteer.h"
#include "entities/gazetteer_image.h"
#include "util/whole_file.h"

#include <unicode/uvernum.h>
#include <xxhash.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>

namespace newsdex::detail {

using namespace gazetteer_image;

namespace {

// The format-3 form older indexes store: little-endian 32-bit counts and
// lengths, bytes.
class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}

    bool u32(std::uint32_t& v) {
        if (in_.size() < 4) {
            return false;
        }
        v = 0;
        for (int i = 0; i < 4; ++i) {
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in_[i])) << (8 * i);
        }
        in_.remove_prefix(4);
        return true;
    }

    bool u8(unsigned& v) {
        if (in_.empty()) {
            return false;
        }
        v = static_cast<unsigned char>(in_[0]);
        in_.remove_prefix(1);
        return true;
    }

    bool str(std::string& s) {
        std::uint32_t n = 0;
        if (!u32(n) || in_.size() < n) {
            return false;
        }
        s.assign(in_.data(), n);
        in_.remove_prefix(n);
        return true;
    }

    bool done() const { return in_.empty(); }

  private:
    std::string_view in_;
};

}  // namespace

std::string Gazetteer::compiled_header(const Analyzer& analyzer, const std::string& digest) {
    return "icu=" U_ICU_VERSION ";" + analyzer.description() + ";" + digest;
}

Gazetteer::Gazetteer(Private, std::shared_ptr<const void> keep, std::string_view image)
    : keep_(std::move(keep)), image_(image) {}

Gazetteer::~Gazetteer() {
    if (entity_cache_) {
        for (std::size_t i = 0; i < entity_count_; ++i) {
            delete entity_cache_[i].load(std::memory_order_relaxed);
        }
    }
    if (name_cache_) {
        for (std::size_t i = 0; i < name_count_; ++i) {
            delete name_cache_[i].load(std::memory_order_relaxed);
        }
    }
}

std::shared_ptr<const Gazetteer> Gazetteer::open(
    std::shared_ptr<const void> keep,
    std::string_view image,
    const Analyzer& analyzer,
    const std::string& digest
) {
    // Read in place as native u32 (ids() hands out spans of them).
    static_assert(
        std::endian::native == std::endian::little,
        "the gazetteer image is read in place: little-endian machines only"
    );
    if (image.size() < kHeaderAt || image.substr(0, kMagic.size()) != kMagic
        || get32(image, 16) != kFormat
        || reinterpret_cast<std::uintptr_t>(image.data()) % alignof(std::uint32_t) != 0) {
        return nullptr;
    }
    const std::string header = compiled_header(analyzer, digest);
    const std::size_t length = get32(image, 20);
    if (length != header.size() || image.size() < kHeaderAt + padded(length)
        || image.substr(kHeaderAt, length) != header) {
        return nullptr;
    }
    if (XXH3_64bits(image.data() + 16, image.size() - 16) != get64(image, kMagic.size())) {
        return nullptr;
    }
    const std::size_t body = kHeaderAt + padded(length);
    if (image.size() - body < kDirWords * 4) {
        return nullptr;
    }
    auto g = std::make_shared<Gazetteer>(Private{}, std::move(keep), image);
    g->body_ = body;
    g->digest_ = digest;
    const auto dir = [&](Dir d) -> std::size_t {
        return get32(image, body + d * 4);
    };
    // Each section within the image, after the directory.
    bool whole = true;
    const auto section = [&](Dir at, std::size_t count, std::size_t words) -> std::size_t {
        const std::size_t offset = dir(at);
        if (offset < kDirWords * 4 || offset % 4 != 0 || offset > image.size() - body
            || count > (image.size() - body - offset) / (words * 4)) {
            whole = false;
            return body;
        }
        return body + offset;
    };
    g->entity_count_ = dir(kEntityCount);
    g->name_count_ = dir(kNameCount);
    g->first_count_ = dir(kFirstCount);
    g->folded_count_ = dir(kFoldedCount);
    g->key_count_ = dir(kKeyCount);
    g->ids_count_ = dir(kIdCount);
    g->strings_size_ = dir(kStringsSize);
    g->entities_at_ = section(kEntitiesAt, g->entity_count_, kEntityWords);
    g->names_at_ = section(kNamesAt, g->name_count_, kNameWords);
    g->name_terms_at_ = section(kNameTermsAt, 0, kNameTermWords);
    g->office_terms_at_ = section(kOfficeTermsAt, 0, kOfficeTermWords);
    g->first_at_ = section(kFirstAt, g->first_count_, kEntryWords);
    g->folded_at_ = section(kFoldedAt, g->folded_count_, kEntryWords);
    g->keys_at_ = section(kKeysAt, g->key_count_, kEntryWords);
    g->ids_at_ = section(kIdsAt, g->ids_count_, 1);
    g->strings_at_ = section(kStringsAt, 0, 1);
    g->first_slots_ = dir(kFirstSlots);
    g->first_hash_at_ = section(kFirstHashAt, g->first_slots_, 1);
    if (!whole || g->strings_size_ > image.size() - g->strings_at_ || g->first_slots_ == 0
        || (g->first_slots_ & (g->first_slots_ - 1)) != 0) {
        return nullptr;
    }
    return g;
}

std::shared_ptr<const Gazetteer> Gazetteer::from_builder(Builder& b, const Analyzer& analyzer) {
    auto bytes = std::make_shared<std::string>(b.image(compiled_header(analyzer, b.digest)));
    const std::string_view image(*bytes);
    return open(std::move(bytes), image, analyzer, b.digest);
}

std::shared_ptr<const Gazetteer> Gazetteer::from_compiled(
    std::string_view bytes, const Analyzer& analyzer, const std::string& digest
) {
    if (bytes.substr(0, kMagic.size()) == kMagic) {
        auto copy = std::make_shared<std::string>(bytes);
        const std::string_view image(*copy);
        return open(std::move(copy), image, analyzer, digest);
    }
    // Format 3: a header line, then the entities and names in order.
    const std::string header = "newsdex-gazetteer 3;" + compiled_header(analyzer, digest) + "\n";
    if (bytes.substr(0, header.size()) != header) {
        return nullptr;
    }
    Reader r(bytes.substr(header.size()));
    Builder b;
    std::uint32_t count = 0;
    if (!r.u32(count) || count > bytes.size()) {
        return nullptr;
    }
    b.entities.resize(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        Entity& e = b.entities[i];
        unsigned type = 0;
        if (!r.u8(type) || type > static_cast<unsigned>(EntityType::kOrg) || !r.str(e.name)
            || !r.str(e.folded) || !r.str(e.country) || !r.str(e.role)) {
            return nullptr;
        }
        std::uint32_t terms = 0;
        if (!r.u32(terms) || terms > bytes.size()) {
            return nullptr;
        }
        e.terms.resize(terms);
        for (OfficeTerm& t : e.terms) {
            if (!r.u32(t.start) || !r.u32(t.end)) {
                return nullptr;
            }
        }
        e.type = static_cast<EntityType>(type);
        b.by_key.emplace(entity_key(e.type, e.folded), i);
    }
    if (!r.u32(count) || count > bytes.size()) {
        return nullptr;
    }
    b.names.resize(count);
    for (Name& n : b.names) {
        unsigned kind = 0;
        unsigned flags = 0;
        std::uint32_t terms = 0;
        if (!r.u32(n.entity) || n.entity >= b.entities.size() || !r.u8(kind)
            || kind > static_cast<unsigned>(NameKind::kDemonym) || !r.u8(flags) || !r.u32(terms)
            || terms == 0 || terms > bytes.size()) {
            return nullptr;
        }
        n.kind = static_cast<NameKind>(kind);
        n.acronym = (flags & 1U) != 0;
        n.capitalised = (flags & 2U) != 0;
        n.terms.resize(terms);
        n.caps.assign(terms, false);
        n.glued.assign(terms, false);
        for (std::uint32_t t = 0; t < terms; ++t) {
            unsigned bits = 0;
            if (!r.str(n.terms[t]) || !r.u8(bits)) {
                return nullptr;
            }
            n.caps[t] = (bits & 1U) != 0;
            n.glued[t] = (bits & 2U) != 0;
        }
    }
    if (!r.done()) {
        return nullptr;
    }
    b.digest = digest;
    return from_builder(b, analyzer);
}

std::shared_ptr<const Gazetteer>
Gazetteer::from_file(const std::string& path, const Analyzer& analyzer, const std::string& digest) {
    std::size_t size = 0;
    std::shared_ptr<const void> bytes = map_file(path, size);
    if (!bytes) {
        return nullptr;
    }
    const std::string_view image(static_cast<const char*>(bytes.get()), size);
    return open(std::move(bytes), image, analyzer, digest);
}

std::uint32_t Gazetteer::u32(std::size_t offset) const noexcept {
    std::uint32_t v = 0;
    std::memcpy(&v, image_.data() + offset, sizeof v);
    return v;
}

std::string_view Gazetteer::str(std::size_t offset) const noexcept {
    const std::size_t at = u32(offset);
    const std::size_t length = u32(offset + 4);
    if (at > strings_size_ || length > strings_size_ - at) {
        return {};
    }
    return image_.substr(strings_at_ + at, length);
}

std::span<const std::uint32_t> Gazetteer::ids(std::size_t offset) const noexcept {
    const std::size_t begin = u32(offset);
    const std::size_t count = u32(offset + 4);
    if (begin > ids_count_ || count > ids_count_ - begin) {
        return {};
    }
    // The image is aligned for u32 (open() checks it) and little-endian.
    return {reinterpret_cast<const std::uint32_t*>(image_.data() + ids_at_) + begin, count};
}

std::size_t Gazetteer::search(
    std::size_t table, std::size_t count, std::size_t stride, std::string_view key
) const {
    std::size_t lo = 0;
    std::size_t hi = count;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const int c = str(table + mid * stride * 4).compare(key);
        if (c == 0) {
            return table + mid * stride * 4;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return std::string_view::npos;
}

std::span<const std::uint32_t> Gazetteer::names_starting(std::string_view term) const {
    const std::size_t mask = first_slots_ - 1;
    std::size_t slot = XXH3_64bits(term.data(), term.size()) & mask;
    for (std::size_t probe = 0; probe < first_slots_; ++probe, slot = (slot + 1) & mask) {
        const std::uint32_t entry = u32(first_hash_at_ + slot * 4);
        if (entry == 0 || entry > first_count_) {
            return {};
        }
        const std::size_t at = first_at_ + (entry - 1) * kEntryWords * 4;
        if (str(at) == term) {
            return ids(at + 8);
        }
    }
    return {};
}

std::vector<std::uint32_t> Gazetteer::lookup(std::string_view folded) const {
    const std::size_t at = search(folded_at_, folded_count_, kEntryWords, folded);
    if (at == std::string_view::npos) {
        return {};
    }
    const std::span<const std::uint32_t> list = ids(at + 8);
    return {list.begin(), list.end()};
}

std::span<const std::uint32_t> Gazetteer::names_of(std::uint32_t entity) const {
    if (entity >= entity_count_) {
        return {};
    }
    return ids(entities_at_ + (entity * kEntityWords + 11) * 4);
}

std::int64_t Gazetteer::find(EntityType type, std::string_view folded) const {
    const std::size_t at =
        search(keys_at_, key_count_, kEntryWords, entity_key(type, std::string(folded)));
    return at == std::string_view::npos ? -1 : static_cast<std::int64_t>(u32(at + 8));
}

bool Gazetteer::leader_on(std::uint32_t entity, std::uint32_t day) const {
    if (entity >= entity_count_) {
        return false;
    }
    const std::size_t at = entities_at_ + static_cast<std::size_t>(entity) * kEntityWords * 4;
    if (u32(at) != static_cast<std::uint32_t>(EntityType::kLeader)) {
        return false;
    }
    const std::size_t begin = u32(at + 36);
    const std::size_t count = u32(at + 40);
    if (count == 0 || day == 0) {
        return true;
    }
    for (std::size_t i = begin; i < begin + count; ++i) {
        const std::size_t term = office_terms_at_ + i * kOfficeTermWords * 4;
        if (term + 8 > image_.size()) {
            break;
        }
        const std::uint32_t start = u32(term);
        const std::uint32_t end = u32(term + 4);
        if (start <= day && (end == 0 || day <= end)) {
            return true;
        }
    }
    return false;
}

void Gazetteer::make_caches() const {
    std::call_once(caches_made_, [this] {
        entity_cache_ = std::make_unique<std::atomic<const Entity*>[]>(entity_count_);
        name_cache_ = std::make_unique<std::atomic<const Name*>[]>(name_count_);
    });
}

const Entity& Gazetteer::record(std::size_t i, Entity*) const {
    make_caches();
    std::atomic<const Entity*>& slot = entity_cache_[i];
    if (const Entity* made = slot.load(std::memory_order_acquire)) {
        return *made;
    }
    const std::size_t at = entities_at_ + i * kEntityWords * 4;
    auto e = std::make_unique<Entity>();
    e->type = static_cast<EntityType>(u32(at));
    e->name = str(at + 4);
    e->folded = str(at + 12);
    e->country = str(at + 20);
    e->role = str(at + 28);
    const std::size_t begin = u32(at + 36);
    const std::size_t count = u32(at + 40);
    for (std::size_t k = begin; k < begin + count; ++k) {
        const std::size_t term = office_terms_at_ + k * kOfficeTermWords * 4;
        if (term + 8 > image_.size()) {
            break;
        }
        e->terms.push_back({u32(term), u32(term + 4)});
    }
    const Entity* expected = nullptr;
    if (slot.compare_exchange_strong(expected, e.get(), std::memory_order_acq_rel)) {
        return *e.release();
    }
    return *expected;  // another thread made it first
}

const Name& Gazetteer::record(std::size_t i, Name*) const {
    make_caches();
    std::atomic<const Name*>& slot = name_cache_[i];
    if (const Name* made = slot.load(std::memory_order_acquire)) {
        return *made;
    }
    const std::size_t at = names_at_ + i * kNameWords * 4;
    auto n = std::make_unique<Name>();
    n->entity = u32(at);
    n->kind = static_cast<NameKind>(u32(at + 4));
    const std::uint32_t flags = u32(at + 8);
    n->acronym = (flags & 1U) != 0;
    n->capitalised = (flags & 2U) != 0;
    const std::size_t begin = u32(at + 12);
    const std::size_t count = u32(at + 16);
    for (std::size_t k = begin; k < begin + count; ++k) {
        const std::size_t term = name_terms_at_ + k * kNameTermWords * 4;
        if (term + 12 > image_.size()) {
            break;
        }
        n->terms.emplace_back(str(term));
        const std::uint32_t bits = u32(term + 8);
        n->caps.push_back((bits & 1U) != 0);
        n->glued.push_back((bits & 2U) != 0);
    }
    const Name* expected = nullptr;
    if (slot.compare_exchange_strong(expected, n.get(), std::memory_order_acq_rel)) {
        return *n.release();
    }
    return *expected;
}

std::string gazetteer_file_path(const std::string& dir) {
    return (std::filesystem::path(dir) / schema::kGazetteerFile).string();
}

}  // namespace newsdex::detail
