// SPDX-License-Identifier: MIT
// Writing the gazetteer's image (gazetteer_image.h, docs/entities.md): the
// sections of a Gazetteer::Builder's entities and names, the image around
// them, and the image file beside an index's shards.
#include "entities/gazetteer.h"
#include "entities/gazetteer_image.h"
#include "util/whole_file.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace newsdex::detail {

using namespace gazetteer_image;

namespace {

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

// The names by their first term: (term, longest first, name).
using ByFirst = std::vector<std::tuple<std::string_view, std::size_t, std::uint32_t>>;

// What the sorted tables of the image are made of: the names by their
// first term (longest first, then in order), the entities by each name (its
// terms joined by spaces), the entities by entity_key(), sorted for binary
// searches; and each entity's names.
struct Orders {
    ByFirst by_first;
    std::vector<std::pair<std::string, std::uint32_t>> by_folded;
    std::vector<std::pair<std::string_view, std::uint32_t>> keys;
    std::vector<std::vector<std::uint32_t>> names_of;
};

Orders orders_of(
    std::size_t entity_count,
    const std::vector<Name>& names,
    const std::unordered_map<std::string, std::uint32_t>& by_key
) {
    Orders o;
    o.names_of.resize(entity_count);
    o.by_first.reserve(names.size());
    o.by_folded.reserve(names.size());
    for (std::uint32_t i = 0; i < names.size(); ++i) {
        const Name& n = names[i];
        o.names_of[n.entity].push_back(i);
        o.by_first.emplace_back(
            n.terms.front(), std::numeric_limits<std::size_t>::max() - n.terms.size(), i
        );
        std::string folded;
        for (const std::string& t : n.terms) {
            folded += (folded.empty() ? "" : " ") + t;
        }
        o.by_folded.emplace_back(std::move(folded), n.entity);
    }
    std::sort(o.by_first.begin(), o.by_first.end());
    std::sort(o.by_folded.begin(), o.by_folded.end());
    o.by_folded.erase(std::unique(o.by_folded.begin(), o.by_folded.end()), o.by_folded.end());
    o.keys.assign(by_key.begin(), by_key.end());
    std::sort(o.keys.begin(), o.keys.end());
    return o;
}

// The sections of the image as they are filled. The string pool and the id
// lists are shared by the sections, so the order they are filled in (that
// of Gazetteer::Builder::image) fixes the image's bytes.
struct Sections {
    explicit Sections(std::size_t strings) : pool(strings) {}

    // Appends to `out` the id list from `begin` to the end of `ids`.
    void add_ids(Words& out, std::size_t begin) const {
        out.push_back(static_cast<std::uint32_t>(begin));
        out.push_back(static_cast<std::uint32_t>(ids.size() - begin));
    }

    Pool pool;
    Words ids;
    Words entities;
    Words office_terms;
    Words names;
    Words name_terms;
    Words first;
    std::size_t first_count = 0;
    Words first_hash;
    Words folded;
    std::size_t folded_count = 0;
    Words keys;
};

// The entities, their office terms and the lists of their names.
void write_entities(
    Sections& s,
    const std::vector<Entity>& entities,
    const std::vector<std::vector<std::uint32_t>>& names_of
) {
    s.entities.reserve(entities.size() * kEntityWords);
    for (std::uint32_t i = 0; i < entities.size(); ++i) {
        const Entity& e = entities[i];
        s.entities.push_back(static_cast<std::uint32_t>(e.type));
        s.pool.add(s.entities, e.name);
        s.pool.add(s.entities, e.folded);
        s.pool.add(s.entities, e.country);
        s.pool.add(s.entities, e.role);
        s.entities.push_back(static_cast<std::uint32_t>(s.office_terms.size() / kOfficeTermWords));
        s.entities.push_back(static_cast<std::uint32_t>(e.terms.size()));
        for (const OfficeTerm& t : e.terms) {
            s.office_terms.push_back(t.start);
            s.office_terms.push_back(t.end);
        }
        const std::size_t begin = s.ids.size();
        s.ids.insert(s.ids.end(), names_of[i].begin(), names_of[i].end());
        s.add_ids(s.entities, begin);
    }
}

// The names and their terms.
void write_names(Sections& s, const std::vector<Name>& names) {
    s.names.reserve(names.size() * kNameWords);
    for (const Name& n : names) {
        s.names.push_back(n.entity);
        s.names.push_back(static_cast<std::uint32_t>(n.kind));
        s.names.push_back((n.acronym ? 1U : 0U) | (n.capitalised ? 2U : 0U));
        s.names.push_back(static_cast<std::uint32_t>(s.name_terms.size() / kNameTermWords));
        s.names.push_back(static_cast<std::uint32_t>(n.terms.size()));
        for (std::size_t k = 0; k < n.terms.size(); ++k) {
            s.pool.add(s.name_terms, n.terms[k]);
            s.name_terms.push_back(
                (k < n.caps.size() && n.caps[k] ? 1U : 0U)
                | (k < n.glued.size() && n.glued[k] ? 2U : 0U)
            );
        }
    }
}

// The sorted table of first terms, each with the names it starts.
void write_first_terms(Sections& s, const ByFirst& by_first) {
    for (std::size_t i = 0; i < by_first.size();) {
        const std::string_view term = std::get<0>(by_first[i]);
        const std::size_t begin = s.ids.size();
        for (; i < by_first.size() && std::get<0>(by_first[i]) == term; ++i) {
            s.ids.push_back(std::get<2>(by_first[i]));
        }
        s.pool.add(s.first, term);
        s.add_ids(s.first, begin);
        ++s.first_count;
    }
}

// The first terms also by hash (XXH3-64, linear probing), for the lookup
// the extractor makes at every word of every article: per slot 0, or 1 + the
// term's entry in the sorted table.
void write_first_hash(Sections& s, const ByFirst& by_first) {
    std::size_t slots = 1;
    while (slots < 2 * s.first_count) {
        slots *= 2;
    }
    s.first_hash.assign(slots, 0);
    std::size_t entry = 0;
    for (std::size_t i = 0; i < by_first.size(); ++entry) {
        const std::string_view term = std::get<0>(by_first[i]);
        while (i < by_first.size() && std::get<0>(by_first[i]) == term) {
            ++i;
        }
        std::size_t slot = XXH3_64bits(term.data(), term.size()) & (slots - 1);
        while (s.first_hash[slot] != 0) {
            slot = (slot + 1) & (slots - 1);
        }
        s.first_hash[slot] = static_cast<std::uint32_t>(entry + 1);
    }
}

// The sorted table of names (terms joined by spaces), each with its entities.
void write_folded(
    Sections& s, const std::vector<std::pair<std::string, std::uint32_t>>& by_folded
) {
    for (std::size_t i = 0; i < by_folded.size();) {
        const std::string& folded = by_folded[i].first;
        const std::size_t begin = s.ids.size();
        for (; i < by_folded.size() && by_folded[i].first == folded; ++i) {
            s.ids.push_back(by_folded[i].second);
        }
        s.pool.add(s.folded, folded);
        s.add_ids(s.folded, begin);
        ++s.folded_count;
    }
}

// The sorted table of entity keys, each with its entity.
void write_keys(Sections& s, const std::vector<std::pair<std::string_view, std::uint32_t>>& keys) {
    for (const auto& [key, entity] : keys) {
        s.pool.add(s.keys, key);
        s.keys.push_back(entity);
        s.keys.push_back(0);
    }
}

// The body: the directory, then the sections it places, the string pool last.
std::string body_of(const Sections& s, std::size_t entity_count, std::size_t name_count) {
    std::string body(kDirWords * 4, '\0');
    const auto count = [&](Dir d, std::size_t n) {
        set32(body, d * 4, static_cast<std::uint32_t>(n));
    };
    const auto place = [&](Dir d, const Words& part) {
        set32(body, d * 4, static_cast<std::uint32_t>(body.size()));
        put_words(body, part);
    };
    count(kEntityCount, entity_count);
    count(kNameCount, name_count);
    count(kFirstCount, s.first_count);
    count(kFoldedCount, s.folded_count);
    count(kKeyCount, s.keys.size() / kEntryWords);
    count(kIdCount, s.ids.size());
    count(kStringsSize, s.pool.bytes().size());
    place(kEntitiesAt, s.entities);
    place(kNamesAt, s.names);
    place(kNameTermsAt, s.name_terms);
    place(kOfficeTermsAt, s.office_terms);
    place(kFirstAt, s.first);
    place(kFoldedAt, s.folded);
    place(kKeysAt, s.keys);
    place(kIdsAt, s.ids);
    count(kFirstSlots, s.first_hash.size());
    place(kFirstHashAt, s.first_hash);
    set32(body, kStringsAt * 4, static_cast<std::uint32_t>(body.size()));
    body += s.pool.bytes();
    return body;
}

}  // namespace

std::string gazetteer_image::assemble(std::string_view header, std::string_view body) {
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

std::string Gazetteer::Builder::image(std::string_view header) const {
    const Orders orders = orders_of(entities.size(), names, by_key);
    Sections s(entities.size() * 4 + names.size() * 2);
    write_entities(s, entities, orders.names_of);
    write_names(s, names);
    write_first_terms(s, orders.by_first);
    write_first_hash(s, orders.by_first);
    write_folded(s, orders.by_folded);
    write_keys(s, orders.keys);
    return assemble(header, body_of(s, entities.size(), names.size()));
}

std::string Gazetteer::compiled(const Analyzer& analyzer) const {
    const std::string header = compiled_header(analyzer, digest_);
    const std::size_t length = get32(image_, 20);
    if (image_.substr(kHeaderAt, length) == header) {
        return std::string(image_);
    }
    return assemble(header, image_.substr(body_));
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
