// SPDX-License-Identifier: MIT
#include "entities/entity_book.h"

#include "util/text.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_map>

namespace newsdex::detail {

namespace {

// At most this many distinct entities per article (a crafted list of
// thousands of names would otherwise make thousands of facet values).
constexpr std::size_t kMaxNamed = 1'000;

}  // namespace

void EntityBook::count(
    EntityType type,
    const std::string& name,
    const std::string& folded,
    std::int64_t gazetteer,
    std::size_t begin,
    std::size_t end
) {
    std::string key = std::string(field_of(type)) + '\x1f' + folded;
    if (named_keys_.count(key) != 0) {
        mentions_.push_back(Mention{begin, end, type, name, true});
        return;
    }
    if (named_.size() >= kMaxNamed) {
        return;
    }
    mentions_.push_back(Mention{begin, end, type, name, true});
    named_keys_.insert(std::move(key));
    Named n;
    n.type = type;
    n.name = name;
    n.folded = folded;
    n.gazetteer = gazetteer;
    n.first_at = begin;
    const std::size_t space = folded.find(' ');
    n.first_term = folded.substr(0, space);
    n.last_term = folded.substr(folded.rfind(' ') + 1);
    named_.push_back(std::move(n));
}

void EntityBook::found(const Name& name, std::size_t begin, std::size_t end) {
    const Entity& e = g_.entities()[name.entity];
    // A surname on its own after the article named someone else by it
    // ("William Blair ... Blair said") or a company by it ("Dean Foods
    // Co ... Dean should") is that one, not the person the gazetteer
    // knows by it (Tony Blair, Howard Dean).
    if (name.kind == NameKind::kUnambiguous && name.terms.size() == 1
        && (e.type == EntityType::kPerson || e.type == EntityType::kLeader)
        && (claimed_.count(name.terms.front()) != 0
            || std::any_of(named_.begin(), named_.end(), [&](const Named& n) {
                   const bool person =
                       n.type == EntityType::kPerson || n.type == EntityType::kLeader;
                   return n.gazetteer < 0
                          && ((person && n.last_term == name.terms.front())
                              || (n.type == EntityType::kOrg && n.first_term == name.terms.front())
                          );
               }))) {
        pending_.push_back({begin, end, name.terms.front()});
        return;
    }
    switch (name.kind) {
    case NameKind::kFull:
    case NameKind::kUnambiguous:
    case NameKind::kDemonym:
        count(e.type, e.name, e.folded, name.entity, begin, end);
        break;
    case NameKind::kShort:
        pending_.push_back({begin, end, name.terms.front()});
        break;
    }
}

void EntityBook::count_span(
    EntityType type, const TokenizedText& part, std::size_t begin, std::size_t end
) {
    const std::string name = squeeze(part.text.substr(begin, end - begin));
    count(type, name, a_.fold(name), -1, part.offset + begin, part.offset + end);
}

Extraction EntityBook::finish() {
    resolve_short_mentions();
    demote_stateless_leaders();
    Extraction out;
    std::stable_sort(mentions_.begin(), mentions_.end(), [](const Mention& a, const Mention& b) {
        return a.begin < b.begin;
    });
    out.mentions = std::move(mentions_);
    std::unordered_set<std::string> listed;
    const auto add = [&](std::string_view field, const std::string& name, Origin origin) {
        if (listed.insert(std::string(field) + '\x1f' + name).second) {
            out.entities[std::string(field)].push_back(name);
            out.origins[std::string(field)].push_back(origin);
        }
    };
    for (const Named& n : named_) {
        const Origin origin = n.gazetteer >= 0 ? Origin::kGazetteer : Origin::kDiscovery;
        add(field_of(n.type), n.name, origin);
        if (const std::string_view also = also_fills(n.type); !also.empty()) {
            add(also, n.name, origin);
        }
    }
    return out;
}

// A leader found by "President" or "leader" alone ("President Samuel
// Huntington told analysts") in an article that names no country is a
// company's or a body's president: a head of state comes with their
// state (a dateline's city does not say it: "BOSTON, March 9 -"). A
// prime minister, a premier or a king is a state's whatever the
// article names.
void EntityBook::demote_stateless_leaders() {
    if (std::any_of(named_.begin(), named_.end(), [](const Named& n) {
            return n.type == EntityType::kCountry;
        })) {
        return;
    }
    for (Named& n : named_) {
        if (n.type == EntityType::kLeader && n.gazetteer < 0 && presidents_.count(n.name) != 0) {
            n.type = EntityType::kPerson;
            for (Mention& m : mentions_) {
                if (m.type == EntityType::kLeader && m.name == n.name) {
                    m.type = EntityType::kPerson;
                }
            }
        }
    }
}

// A one-word name ("Kim", "Kishida") refers to an entity the article
// names in full: the nearest one named before it, else the first after.
// The people named are listed by each word they may be called by, in
// order of first mention, so that each reference is a binary search.
void EntityBook::resolve_short_mentions() {
    std::unordered_map<std::string, std::vector<const Named*>> by_word;
    const auto add = [&](const std::string& term, const Named& n) {
        // A gazetteer entity answers only to the one-word names it lists.
        if (n.gazetteer >= 0 && n.first_term != n.last_term
            && !has_short(static_cast<std::uint32_t>(n.gazetteer), term)) {
            return;
        }
        by_word[term].push_back(&n);
    };
    for (const Named& n : named_) {
        if (n.type != EntityType::kLeader && n.type != EntityType::kPerson) {
            continue;
        }
        add(n.first_term, n);
        if (n.last_term != n.first_term) {
            add(n.last_term, n);
        }
    }
    const auto by_first_at = [](const Named* a, const Named* b) {
        return a->first_at < b->first_at;
    };
    for (auto& [term, list] : by_word) {
        std::stable_sort(list.begin(), list.end(), by_first_at);
    }
    for (const Pending& p : pending_) {
        const auto it = by_word.find(p.term);
        if (it == by_word.end()) {
            continue;
        }
        const std::vector<const Named*>& list = it->second;
        // The first named after the reference, and the last at or before it.
        const auto after =
            std::upper_bound(list.begin(), list.end(), p.begin, [](std::size_t at, const Named* n) {
                return at < n->first_at;
            });
        const Named* best = nullptr;
        if (after != list.begin()) {
            // Of several named at the same place, the first named.
            best = *std::lower_bound(list.begin(), after, *std::prev(after), by_first_at);
        } else if (after != list.end()) {
            best = *after;
        }
        if (best != nullptr) {
            mentions_.push_back(Mention{p.begin, p.end, best->type, best->name, false});
        }
    }
}

bool EntityBook::has_short(std::uint32_t entity, const std::string& term) const {
    const std::span<const std::uint32_t> names = g_.names_starting(term);
    return std::any_of(names.begin(), names.end(), [&](std::uint32_t i) {
        const Name& n = g_.names()[i];
        return n.entity == entity && n.terms.size() == 1 && n.kind != NameKind::kFull;
    });
}

}  // namespace newsdex::detail
