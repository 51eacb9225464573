// SPDX-License-Identifier: MIT
// The scan of an article's parts, token by token: gazetteer names first
// (entities/name_matcher.h), then titles and runs of capitalised words for
// the names the gazetteer lacks (entities/discovery.h), all counted in an
// EntityBook (entities/entity_book.h).
#include "entities/extractor.h"

#include "entities/discovery.h"
#include "entities/entity_book.h"
#include "entities/name_matcher.h"
#include "entities/word_classes.h"

#include <algorithm>

namespace newsdex::detail {

namespace {

// Work per article is linear in its length and bounded: the entities of an
// article are looked for in its first kMaxEntityTokens tokens (hundreds of
// times a long news article), and a name the gazetteer lacks is at most a
// few tokens long (entities/discovery.cc).
constexpr std::size_t kMaxEntityTokens = 250'000;
constexpr std::size_t kMaxPartTokens = 65'536;  // of one line or paragraph, or the title

class Run {
  public:
    Run(const Gazetteer& g, const Analyzer& a)
        : g_(g), matcher_(g, a), book_(g, a), discovery_(matcher_, book_, a) {}

    Extraction go(const std::vector<TokenizedText>& parts) {
        find_sign_off(parts);
        for (const TokenizedText& part : parts) {
            if (budget_ == 0) {
                break;
            }
            scan(part);
        }
        return book_.finish();
    }

  private:
    // A story's last line that is only an agency's name ("Reuter", "AP") is
    // its sign-off, not a mention: it is left out of the last part.
    void find_sign_off(const std::vector<TokenizedText>& parts) {
        const auto last = std::find_if(parts.rbegin(), parts.rend(), [](const TokenizedText& p) {
            return !p.tokens.empty();
        });
        if (last == parts.rend() || std::next(last) == parts.rend()) {
            return;  // no text, or only a title
        }
        const std::size_t newline = last->text.rfind('\n', last->tokens.back().begin);
        const std::size_t line = newline == std::string_view::npos ? 0 : newline + 1;
        std::size_t words = 0;
        for (auto t = last->tokens.rbegin(); t != last->tokens.rend() && t->begin >= line; ++t) {
            if (!is_sign_off(t->term) || ++words > 1) {
                return;
            }
        }
        sign_off_part_ = &*last;
        sign_off_at_ = line;
    }

    // The tokens of `part` to look at, within the budget and before a
    // sign-off; CJK text is matched on its single characters.
    TokenRefs tokens_to_scan(const TokenizedText& part) {
        TokenRefs tokens;
        const std::size_t limit = std::min(budget_, kMaxPartTokens);
        tokens.reserve(std::min(part.tokens.size(), limit));
        for (const Token& t : part.tokens) {
            if (tokens.size() == limit || (&part == sign_off_part_ && t.begin >= sign_off_at_)) {
                break;
            }
            if (!is_cjk_pair(t)) {
                tokens.push_back(&t);
            }
        }
        budget_ -= tokens.size();
        return tokens;
    }

    void scan(const TokenizedText& part) {
        const TokenRefs tokens = tokens_to_scan(part);
        // In a headline or dateline in capitals, only the gazetteer's names
        // are mentions: capitals say nothing of where a name is.
        const bool discover = !in_capitals(part.text);
        const std::size_t base = part.offset;
        std::size_t i = 0;
        while (i < tokens.size()) {
            std::size_t length = 0;
            // A stock symbol in angle brackets ("<BVI>", "<KEBO AB>") names
            // a company's listing, not a country or a person.
            if (in_angle_brackets(part.text, *tokens[i])) {
                ++i;
                continue;
            }
            const std::int64_t index = matcher_.match_name(part, tokens, i, length);
            if (index >= 0 && matcher_.other_persons_surname(part, tokens, i, length, index)) {
                book_.claim(tokens[i]->term);
            } else if (index >= 0) {
                // A one-word place that starts a longer name ("Pacific
                // Fleet", "Beijing Daily", "Tokyo Bay") is part of that name.
                const Entity& e = g_.entities()[g_.names()[static_cast<std::size_t>(index)].entity];
                if (length == 1 && e.type == EntityType::kPlace && discover) {
                    if (const std::size_t next = discovery_.named_run(part, tokens, i);
                        next > i + 1) {
                        i = next;
                        continue;
                    }
                }
                book_.found(
                    g_.names()[static_cast<std::size_t>(index)],
                    base + tokens[i]->begin,
                    base + tokens[i + length - 1]->end
                );
                i += length;
                continue;
            }
            std::size_t title_length = 0;
            if (const Title* title =
                    discover ? matcher_.match_title(part, tokens, i, title_length) : nullptr) {
                i = discovery_.after_title(part, tokens, i, title_length, *title);
                continue;
            }
            if (tokens[i]->capitalized && tokens[i]->kind == TokenKind::kWord) {
                if (const std::size_t next = discover ? discovery_.named_run(part, tokens, i) : i;
                    next > i) {
                    i = next;
                    continue;
                }
                book_.add_pending(base + tokens[i]->begin, base + tokens[i]->end, tokens[i]->term);
            }
            ++i;
        }
    }

    const Gazetteer& g_;
    NameMatcher matcher_;
    EntityBook book_;
    Discovery discovery_;
    std::size_t budget_ = kMaxEntityTokens;         // tokens left to look at
    const TokenizedText* sign_off_part_ = nullptr;  // the part that ends with a sign-off line
    std::size_t sign_off_at_ = 0;                   // where in it the line starts
};

}  // namespace

std::string_view origin_name(Origin origin) noexcept {
    switch (origin) {
    case Origin::kMetadata:
        return "metadata";
    case Origin::kGazetteer:
        return "gazetteer";
    case Origin::kDiscovery:
        return "discovery";
    }
    return "discovery";
}

bool parse_origin(std::string_view text, Origin& out) noexcept {
    for (const Origin o : {Origin::kMetadata, Origin::kGazetteer, Origin::kDiscovery}) {
        if (text == origin_name(o)) {
            out = o;
            return true;
        }
    }
    return false;
}

EntityExtractor::EntityExtractor(const Gazetteer& gazetteer, const Analyzer& analyzer)
    : gazetteer_(gazetteer), analyzer_(analyzer) {}

Extraction EntityExtractor::extract(const std::vector<TokenizedText>& parts) const {
    return Run(gazetteer_, analyzer_).go(parts);
}

Extraction EntityExtractor::extract(std::string_view text) const {
    std::vector<TokenizedText> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        TokenizedText part;
        part.text = text.substr(start, end - start);
        part.offset = start;
        part.tokens = analyzer_.tokens(part.text);
        parts.push_back(std::move(part));
        start = end + 1;
    }
    return extract(parts);
}

}  // namespace newsdex::detail
