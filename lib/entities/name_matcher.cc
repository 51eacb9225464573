// SPDX-License-Identifier: MIT
#include "entities/name_matcher.h"

namespace newsdex::detail {

std::int64_t NameMatcher::match_name(
    const TokenizedText& part, const TokenRefs& tokens, std::size_t i, std::size_t& length
) const {
    for (const std::uint32_t index : g_.names_starting(tokens[i]->term)) {
        const Name& name = g_.names()[index];
        const std::size_t n = name.terms.size();
        if (i + n > tokens.size()) {
            continue;
        }
        bool ok = true;
        for (std::size_t k = 0; k < n && ok; ++k) {
            const Token& t = *tokens[i + k];
            ok = t.term == name.terms[k];
            if (ok && k > 0) {
                ok = clean_gap(part.text, tokens[i + k - 1]->end, t.begin, true);
            }
            // Characters a CJK name writes together are together in the
            // text: no space between them ("열고 양국" holds no 고양).
            if (ok && k > 0 && name.glued[k] && t.kind == TokenKind::kCjk
                && tokens[i + k - 1]->kind == TokenKind::kCjk) {
                ok = tokens[i + k - 1]->end == t.begin;
            }
            if (ok && name.acronym) {
                ok = all_capitals(part.text.substr(t.begin, t.end - t.begin));
            }
            // Words the name capitalises must be capitalised in the text
            // ("The Guardian", not "The guardian of ...").
            if (ok && k > 0 && name.caps[k] && t.kind == TokenKind::kWord && !t.capitalized
                && !t.joined) {
                ok = false;
            }
        }
        const bool needs_capital = name.capitalised || name.kind != NameKind::kFull;
        if (ok && needs_capital && tokens[i]->kind == TokenKind::kWord && !tokens[i]->capitalized) {
            ok = false;
        }
        if (ok) {
            length = n;
            return index;
        }
    }
    return -1;
}

// A person's one-word name right after a capitalised word that is not a
// title is another person's surname ("William Blair and Co" is not Tony
// Blair, "Nancy Reagan" not Ronald Reagan). After a title the name was
// taken already; a sentence's first word is after a full stop.
bool NameMatcher::other_persons_surname(
    const TokenizedText& part,
    const TokenRefs& tokens,
    std::size_t i,
    std::size_t length,
    std::int64_t index
) const {
    const Name& name = g_.names()[static_cast<std::size_t>(index)];
    const EntityType type = g_.entities()[name.entity].type;
    if (length != 1 || name.kind == NameKind::kFull || i == 0
        || (type != EntityType::kPerson && type != EntityType::kLeader)) {
        return false;
    }
    const Token& before = *tokens[i - 1];
    return before.kind == TokenKind::kWord && before.capitalized
           && clean_gap(part.text, before.end, tokens[i]->begin, false)
           && !a_.is_stopword(before.term) && !is_calendar_word(before.term)
           && !in_capitals(part.text);
}

bool NameMatcher::starts_other_entity(
    const TokenizedText& part, const TokenRefs& tokens, std::size_t k
) const {
    std::size_t length = 0;
    const std::int64_t index = match_name(part, tokens, k, length);
    if (index < 0) {
        return false;
    }
    const EntityType type = g_.entities()[g_.names()[static_cast<std::size_t>(index)].entity].type;
    return type != EntityType::kLeader && type != EntityType::kPerson;
}

bool NameMatcher::starts_title(const TokenizedText& part, const TokenRefs& tokens, std::size_t k)
    const {
    std::size_t length = 0;
    return match_title(part, tokens, k, length) != nullptr;
}

const Title* NameMatcher::match_title(
    const TokenizedText& part, const TokenRefs& tokens, std::size_t i, std::size_t& length
) const {
    const auto candidates = titles_starting().find(tokens[i]->term);
    if (candidates == titles_starting().end()) {
        return nullptr;
    }
    for (const Title* t : candidates->second) {
        const Title& title = *t;
        const std::size_t n = title.terms.size();
        if (i + n > tokens.size()) {
            continue;
        }
        bool ok = true;
        for (std::size_t k = 0; k < n && ok; ++k) {
            ok = tokens[i + k]->term == title.terms[k]
                 && (k == 0
                     || clean_gap(part.text, tokens[i + k - 1]->end, tokens[i + k]->begin, true));
        }
        if (ok) {
            length = n;
            return &title;
        }
    }
    return nullptr;
}

}  // namespace newsdex::detail
