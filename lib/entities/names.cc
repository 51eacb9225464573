// SPDX-License-Identifier: MIT
#include "entities/names.h"

#include <algorithm>

namespace newsdex::detail {

namespace {

// Values found so far, each once (by folded value).
class Found {
  public:
    void add(const std::string& folded, const std::string& shown) {
        const bool known = std::any_of(values_.begin(), values_.end(), [&](const NameValue& v) {
            return v.folded == folded;
        });
        if (!known) {
            values_.push_back({folded, shown});
        }
    }

    bool empty() const { return values_.empty(); }

    std::vector<NameValue> take() { return std::move(values_); }

  private:
    std::vector<NameValue> values_;
};

bool typed_in_lower_case(const std::string& typed) {
    return std::any_of(typed.begin(), typed.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// True when the name's terms are those of words w.. (whole words), with
// `end` the word after them.
bool spans_words(
    const Name& n,
    const std::vector<std::vector<std::string>>& words,
    std::size_t w,
    std::size_t& end
) {
    std::size_t k = w;
    std::size_t t = 0;
    while (k < words.size() && t < n.terms.size()) {
        const auto& word_terms = words[k];
        if (t + word_terms.size() > n.terms.size()
            || !std::equal(
                word_terms.begin(),
                word_terms.end(),
                n.terms.begin() + static_cast<std::ptrdiff_t>(t)
            )) {
            break;
        }
        t += word_terms.size();
        ++k;
    }
    end = k;
    return t == n.terms.size() && k != w;
}

}  // namespace

std::vector<NameValue>
NameResolver::resolve(const std::string& folded, const std::string& typed) const {
    Found found;
    if (gazetteer_ != nullptr && field_.entity.gazetteer) {
        for (const std::uint32_t id : gazetteer_->lookup(folded)) {
            const Entity& e = gazetteer_->entities()[id];
            if (fills(e.type, field_.name)) {
                found.add(e.folded, e.name);
            }
        }
    }
    if (found.empty() && indexed_.contains(folded)) {
        found.add(folded, typed);
    }
    if (found.empty()) {
        const std::string padded = " " + folded + " ";
        indexed_.each([&](const std::string& known) {
            if ((" " + known + " ").find(padded) != std::string::npos) {
                found.add(known, known);
            }
            return true;
        });
    }
    return found.take();
}

std::string NameResolver::closest(const std::string& folded) const {
    constexpr std::size_t kMaxCompared = 20000;
    std::vector<std::pair<std::size_t, std::string>> scored;
    indexed_.each([&](const std::string& known) {
        std::size_t best = edit_distance(folded, known);
        for (const std::string& word : folded_words(known)) {
            best = std::min(best, edit_distance(folded, word));
        }
        scored.emplace_back(best, known);
        return scored.size() < kMaxCompared;
    });
    std::sort(scored.begin(), scored.end());
    std::string out;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
        if (scored[i].first > std::max<std::size_t>(3, folded.size() / 2)) {
            break;
        }
        out += (out.empty() ? "" : ", ") + scored[i].second;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::vector<std::string> folded_words(const std::string& folded) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < folded.size()) {
        const std::size_t space = folded.find(' ', start);
        out.push_back(
            folded.substr(start, space == std::string::npos ? std::string::npos : space - start)
        );
        start = space == std::string::npos ? folded.size() : space + 1;
    }
    return out;
}

std::optional<TypedName> name_at(
    const Gazetteer& gazetteer,
    const std::vector<std::vector<std::string>>& words,
    const std::vector<std::string>& typed,
    std::size_t w
) {
    if (words[w].empty()) {
        return std::nullopt;
    }
    for (const std::uint32_t index : gazetteer.names_starting(words[w].front())) {
        const Name& n = gazetteer.names()[index];
        std::size_t end = w;
        if ((n.kind != NameKind::kFull && n.kind != NameKind::kUnambiguous)
            || !spans_words(n, words, w, end)) {
            continue;
        }
        if (n.acronym && n.terms.size() == 1 && n.terms.front().size() <= 2
            && typed_in_lower_case(typed[w])) {
            continue;
        }
        return TypedName{n.entity, end - 1};
    }
    return std::nullopt;
}

std::vector<const Name*> search_names(const Gazetteer& gazetteer, std::uint32_t entity) {
    const Entity& e = gazetteer.entities()[entity];
    std::vector<const Name*> out;
    std::vector<const std::vector<std::string>*> seen;
    for (const std::uint32_t index : gazetteer.names_of(entity)) {
        const Name& n = gazetteer.names()[index];
        const bool demonym = n.kind == NameKind::kDemonym && e.type == EntityType::kCountry;
        if ((n.kind != NameKind::kFull && n.kind != NameKind::kUnambiguous && !demonym)
            || std::any_of(seen.begin(), seen.end(), [&n](const auto* terms) {
                   return *terms == n.terms;
               })) {
            continue;
        }
        seen.push_back(&n.terms);
        out.push_back(&n);
    }
    return out;
}

}  // namespace newsdex::detail
