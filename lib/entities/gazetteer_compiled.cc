// SPDX-License-Identifier: MIT
// The gazetteer's image: what the indexer stores beside its shards (and in
// their metadata) so that a search reads the entities in place, without
// analysing the data files again or building a map (docs/entities.md).
#include "newsdex/schema.h"

#include "entities/gazetteer.h"
#include "util/whole_file.h"

#include <unicode/uvernum.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace newsdex::detail {

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

namespace {

// The image (docs/entities.md): "NDXGAZET", u64 XXH3-64 of what follows,
// u32 format, u32 header length, the header padded to 4 bytes, then the
// body: a directory of kDirWords u32 and the sections it places (offsets
// from the body's start), all numbers little-endian u32.
constexpr std::string_view kMagic = "NDXGAZET";
constexpr std::uint32_t kFormat = 4;
constexpr std::size_t kHeaderAt = 24;

enum Dir : std::size_t {
    kEntityCount,
    kNameCount,
    kFirstCount,
    kFoldedCount,
    kKeyCount,
    kIdCount,
    kStringsSize,
    kEntitiesAt,
    kNamesAt,
    kNameTermsAt,
    kOfficeTermsAt,
    kFirstAt,
    kFoldedAt,
    kKeysAt,
    kIdsAt,
    kStringsAt,
    kFirstSlots,   ///< slots of the hash table of first terms (a power of 2)
    kFirstHashAt,  ///< the hash table: per slot 0 or 1 + an entry of the first terms
    kDirWords
};

// Record sizes in u32: an entity (type, name, folded, country, role as
// (offset, length) in the string pool, its office terms and its names as
// (begin, count)), a name (entity, kind, flags, its terms), a name's term
// (string, bits), an office term (start, end), an entry of a sorted table
// (key string, then two numbers).
constexpr std::size_t kEntityWords = 13;
constexpr std::size_t kNameWords = 5;
constexpr std::size_t kNameTermWords = 3;
constexpr std::size_t kOfficeTermWords = 2;
constexpr std::size_t kEntryWords = 4;

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((v >> (8 * i)) & 0xffU);
    }
}

void set32(std::string& out, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xffU);
    }
}

void set64(std::string& out, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        out[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xffU);
    }
}

std::uint32_t get32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        v |= static_cast<std::uint32_t>(
                 static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])
             )
             << (8 * i);
    }
    return v;
}

std::uint64_t get64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
        v |= static_cast<std::uint64_t>(
                 static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])
             )
             << (8 * i);
    }
    return v;
}

std::size_t padded(std::size_t n) {
    return (n + 3) / 4 * 4;
}

// The image with `header` and `body` (which starts with the directory):
// magic, checksum, format, header.
std::string assemble(std::string_view header, std::string_view body) {
    std::string out(kMagic);
    out.append(8, '\0');
    put32(out, kFormat);
    put32(out, static_cast<std::uint32_t>(header.size()));
    out += header;
    out.append(padded(header.size()) - header.size(), '\0');
    out += body;
    set64(out, kMagic.size(), XXH3_64bits(out.data() + 16, out.size() - 16));
    return out;
}

// A section of the image being written: u32 numbers.
using Words = std::vector<std::uint32_t>;

// Strings stored once each in the pool. The views added must outlive it.
class Pool {
  public:
    explicit Pool(std::size_t strings) { at_.reserve(strings); }

    void add(Words& out, std::string_view s) {
        const auto [it, fresh] = at_.try_emplace(s, static_cast<std::uint32_t>(bytes_.size()));
        if (fresh) {
            bytes_ += s;
        }
        out.push_back(it->second);
        out.push_back(static_cast<std::uint32_t>(s.size()));
    }

    const std::string& bytes() const { return bytes_; }

  private:
    std::string bytes_;
    std::unordered_map<std::string_view, std::uint32_t> at_;
};

// Appends `words` little-endian.
void put_words(std::string& out, const Words& words) {
    if constexpr (std::endian::native == std::endian::little) {
        out.append(reinterpret_cast<const char*>(words.data()), words.size() * 4);
    } else {
        for (const std::uint32_t w : words) {
            put32(out, w);
        }
    }
}

}  // namespace

std::string Gazetteer::compiled_header(const Analyzer& analyzer, const std::string& digest) {
    return "icu=" U_ICU_VERSION ";" + analyzer.description() + ";" + digest;
}

std::string Gazetteer::Builder::image(std::string_view header) const {
    // The names by their first term (longest first, then in order), the
    // entities by each name (its terms joined by spaces), the entities by
    // entity_key(): sorted, for binary searches.
    std::vector<std::tuple<std::string_view, std::size_t, std::uint32_t>> by_first;
    std::vector<std::pair<std::string, std::uint32_t>> by_folded;
    std::vector<std::vector<std::uint32_t>> names_of(entities.size());
    by_first.reserve(names.size());
    by_folded.reserve(names.size());
    for (std::uint32_t i = 0; i < names.size(); ++i) {
        const Name& n = names[i];
        names_of[n.entity].push_back(i);
        by_first.emplace_back(
            n.terms.front(), std::numeric_limits<std::size_t>::max() - n.terms.size(), i
        );
        std::string folded;
        for (const std::string& t : n.terms) {
            folded += (folded.empty() ? "" : " ") + t;
        }
        by_folded.emplace_back(std::move(folded), n.entity);
    }
    std::sort(by_first.begin(), by_first.end());
    std::sort(by_folded.begin(), by_folded.end());
    by_folded.erase(std::unique(by_folded.begin(), by_folded.end()), by_folded.end());
    std::vector<std::pair<std::string_view, std::uint32_t>> keys(by_key.begin(), by_key.end());
    std::sort(keys.begin(), keys.end());

    Pool pool(entities.size() * 4 + names.size() * 2);
    Words ids;
    const auto add_ids = [&](Words& out, std::size_t begin) {
        out.push_back(static_cast<std::uint32_t>(begin));
        out.push_back(static_cast<std::uint32_t>(ids.size() - begin));
    };
    Words entity_part;
    Words office_part;
    entity_part.reserve(entities.size() * kEntityWords);
    for (std::uint32_t i = 0; i < entities.size(); ++i) {
        const Entity& e = entities[i];
        entity_part.push_back(static_cast<std::uint32_t>(e.type));
        pool.add(entity_part, e.name);
        pool.add(entity_part, e.folded);
        pool.add(entity_part, e.country);
        pool.add(entity_part, e.role);
        entity_part.push_back(static_cast<std::uint32_t>(office_part.size() / kOfficeTermWords));
        entity_part.push_back(static_cast<std::uint32_t>(e.terms.size()));
        for (const OfficeTerm& t : e.terms) {
            office_part.push_back(t.start);
            office_part.push_back(t.end);
        }
        const std::size_t begin = ids.size();
        ids.insert(ids.end(), names_of[i].begin(), names_of[i].end());
        add_ids(entity_part, begin);
    }
    Words name_part;
    Words name_term_part;
    name_part.reserve(names.size() * kNameWords);
    for (const Name& n : names) {
        name_part.push_back(n.entity);
        name_part.push_back(static_cast<std::uint32_t>(n.kind));
        name_part.push_back((n.acronym ? 1U : 0U) | (n.capitalised ? 2U : 0U));
        name_part.push_back(static_cast<std::uint32_t>(name_term_part.size() / kNameTermWords));
        name_part.push_back(static_cast<std::uint32_t>(n.terms.size()));
        for (std::size_t k = 0; k < n.terms.size(); ++k) {
            pool.add(name_term_part, n.terms[k]);
            name_term_part.push_back(
                (k < n.caps.size() && n.caps[k] ? 1U : 0U)
                | (k < n.glued.size() && n.glued[k] ? 2U : 0U)
            );
        }
    }
    Words first_part;
    std::size_t first_count = 0;
    for (std::size_t i = 0; i < by_first.size();) {
        const std::string_view term = std::get<0>(by_first[i]);
        const std::size_t begin = ids.size();
        for (; i < by_first.size() && std::get<0>(by_first[i]) == term; ++i) {
            ids.push_back(std::get<2>(by_first[i]));
        }
        pool.add(first_part, term);
        add_ids(first_part, begin);
        ++first_count;
    }
    // The first terms also by hash (XXH3-64, linear probing), for the
    // lookup the extractor makes at every word of every article.
    std::size_t slots = 1;
    while (slots < 2 * first_count) {
        slots *= 2;
    }
    Words first_hash(slots, 0);
    {
        std::size_t entry = 0;
        for (std::size_t i = 0; i < by_first.size(); ++entry) {
            const std::string_view term = std::get<0>(by_first[i]);
            while (i < by_first.size() && std::get<0>(by_first[i]) == term) {
                ++i;
            }
            std::size_t slot = XXH3_64bits(term.data(), term.size()) & (slots - 1);
            while (first_hash[slot] != 0) {
                slot = (slot + 1) & (slots - 1);
            }
            first_hash[slot] = static_cast<std::uint32_t>(entry + 1);
        }
    }
    Words folded_part;
    std::size_t folded_count = 0;
    for (std::size_t i = 0; i < by_folded.size();) {
        const std::string& folded = by_folded[i].first;
        const std::size_t begin = ids.size();
        for (; i < by_folded.size() && by_folded[i].first == folded; ++i) {
            ids.push_back(by_folded[i].second);
        }
        pool.add(folded_part, folded);
        add_ids(folded_part, begin);
        ++folded_count;
    }
    Words key_part;
    for (const auto& [key, entity] : keys) {
        pool.add(key_part, key);
        key_part.push_back(entity);
        key_part.push_back(0);
    }

    std::string body(kDirWords * 4, '\0');
    const auto count = [&](Dir d, std::size_t n) {
        set32(body, d * 4, static_cast<std::uint32_t>(n));
    };
    const auto place = [&](Dir d, const Words& part) {
        set32(body, d * 4, static_cast<std::uint32_t>(body.size()));
        put_words(body, part);
    };
    count(kEntityCount, entities.size());
    count(kNameCount, names.size());
    count(kFirstCount, first_count);
    count(kFoldedCount, folded_count);
    count(kKeyCount, keys.size());
    count(kIdCount, ids.size());
    count(kStringsSize, pool.bytes().size());
    place(kEntitiesAt, entity_part);
    place(kNamesAt, name_part);
    place(kNameTermsAt, name_term_part);
    place(kOfficeTermsAt, office_part);
    place(kFirstAt, first_part);
    place(kFoldedAt, folded_part);
    place(kKeysAt, key_part);
    place(kIdsAt, ids);
    count(kFirstSlots, slots);
    place(kFirstHashAt, first_hash);
    set32(body, kStringsAt * 4, static_cast<std::uint32_t>(body.size()));
    body += pool.bytes();
    return assemble(header, body);
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

std::string Gazetteer::compiled(const Analyzer& analyzer) const {
    const std::string header = compiled_header(analyzer, digest_);
    const std::size_t length = get32(image_, 20);
    if (image_.substr(kHeaderAt, length) == header) {
        return std::string(image_);
    }
    return assemble(header, image_.substr(body_));
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

std::string write_gazetteer_file(const std::string& dir, std::string_view compiled) {
    const std::string path = gazetteer_file_path(dir);
    {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream there;
            there << in.rdbuf();
            if (there.str() == compiled) {
                return {};
            }
        }
    }
    return write_whole_file(path, compiled, ".tmp" + std::to_string(::getpid()));
}

}  // namespace newsdex::detail
