// SPDX-License-Identifier: MIT
// The compiled gazetteer: what the indexer stores in the database so that a
// search loads the entities without analysing the data files again.
#include "entities/gazetteer.h"

#include <unicode/uvernum.h>

#include <cstdint>

namespace newsdex::detail {

namespace {

// The compiled form: little-endian 32-bit counts and lengths, bytes.
class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) {
            out_ += static_cast<char>((v >> (8 * i)) & 0xffU);
        }
    }

    void u8(unsigned v) { out_ += static_cast<char>(v & 0xffU); }

    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        out_ += s;
    }

  private:
    std::string& out_;
};

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
    return "newsdex-gazetteer 3;icu=" U_ICU_VERSION ";" + analyzer.description() + ";" + digest
           + "\n";
}

std::string Gazetteer::compiled(const Analyzer& analyzer) const {
    std::string out = compiled_header(analyzer, digest_);
    Writer w(out);
    w.u32(static_cast<std::uint32_t>(entities_.size()));
    for (const Entity& e : entities_) {
        w.u8(static_cast<unsigned>(e.type));
        w.str(e.name);
        w.str(e.folded);
        w.str(e.country);
        w.str(e.role);
        w.u32(static_cast<std::uint32_t>(e.terms.size()));
        for (const OfficeTerm& t : e.terms) {
            w.u32(t.start);
            w.u32(t.end);
        }
    }
    w.u32(static_cast<std::uint32_t>(names_.size()));
    for (const Name& n : names_) {
        w.u32(n.entity);
        w.u8(static_cast<unsigned>(n.kind));
        w.u8((n.acronym ? 1U : 0U) | (n.capitalised ? 2U : 0U));
        w.u32(static_cast<std::uint32_t>(n.terms.size()));
        for (std::size_t i = 0; i < n.terms.size(); ++i) {
            w.str(n.terms[i]);
            w.u8(
                (i < n.caps.size() && n.caps[i] ? 1U : 0U)
                | (i < n.glued.size() && n.glued[i] ? 2U : 0U)
            );
        }
    }
    return out;
}

std::shared_ptr<const Gazetteer> Gazetteer::from_compiled(
    std::string_view bytes, const Analyzer& analyzer, const std::string& digest
) {
    const std::string header = compiled_header(analyzer, digest);
    if (bytes.substr(0, header.size()) != header) {
        return nullptr;
    }
    Reader r(bytes.substr(header.size()));
    auto g = std::make_shared<Gazetteer>();
    std::uint32_t count = 0;
    if (!r.u32(count) || count > bytes.size()) {
        return nullptr;
    }
    g->entities_.resize(count);
    g->by_key_.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        Entity& e = g->entities_[i];
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
        g->by_key_.emplace(entity_key(e.type, e.folded), i);
    }
    if (!r.u32(count) || count > bytes.size()) {
        return nullptr;
    }
    g->names_.resize(count);
    for (Name& n : g->names_) {
        unsigned kind = 0;
        unsigned flags = 0;
        std::uint32_t terms = 0;
        if (!r.u32(n.entity) || n.entity >= g->entities_.size() || !r.u8(kind)
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
    g->digest_ = digest;
    g->finish();
    return g;
}

}  // namespace newsdex::detail
