// SPDX-License-Identifier: MIT
#include "search/spelling.h"

#include "analysis/fold.h"
#include "index/document_builder.h"
#include "schema/encoding.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace newsdex::detail {

namespace {

// Inserting or deleting the letter at `i` of `s` doubles or undoubles a
// letter when a neighbour is the same letter.
bool doubled_at(std::string_view s, std::size_t i) {
    return (i > 0 && s[i - 1] == s[i]) || (i + 1 < s.size() && s[i + 1] == s[i]);
}

// The words one edit away from `word` (a-z only).
std::set<std::string> one_edit_away(const std::string& word) {
    std::set<std::string> out;
    for (std::size_t i = 0; i < word.size(); ++i) {
        out.insert(word.substr(0, i) + word.substr(i + 1));
        if (i + 1 < word.size()) {
            std::string swapped = word;
            std::swap(swapped[i], swapped[i + 1]);
            out.insert(std::move(swapped));
        }
    }
    for (std::size_t i = 0; i <= word.size(); ++i) {
        for (char c = 'a'; c <= 'z'; ++c) {
            out.insert(word.substr(0, i) + c + word.substr(i));
            if (i < word.size() && word[i] != c) {
                std::string replaced = word;
                replaced[i] = c;
                out.insert(std::move(replaced));
            }
        }
    }
    out.erase(word);
    return out;
}

// Whether two words differ only by an s for a z (British and American
// spellings: annualised, annualized), which is no typo.
bool spelling_variant(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    std::size_t differences = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            const bool sz = (a[i] == 's' && b[i] == 'z') || (a[i] == 'z' && b[i] == 's');
            if (!sz) {
                return false;
            }
            ++differences;
        }
    }
    return differences > 0;
}

}  // namespace

double typo_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<double>> d(n + 1, std::vector<double>(m + 1, 0.0));
    for (std::size_t i = 1; i <= n; ++i) {
        d[i][0] = d[i - 1][0] + (doubled_at(a, i - 1) ? 0.5 : 1.0);
    }
    for (std::size_t j = 1; j <= m; ++j) {
        d[0][j] = d[0][j - 1] + (doubled_at(b, j - 1) ? 0.5 : 1.0);
    }
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const double substitute = a[i - 1] == b[j - 1] ? 0.0 : (i == 1 && j == 1 ? 1.5 : 1.0);
            double best = std::min(
                {d[i - 1][j] + (doubled_at(a, i - 1) ? 0.5 : 1.0),
                 d[i][j - 1] + (doubled_at(b, j - 1) ? 0.5 : 1.0),
                 d[i - 1][j - 1] + substitute}
            );
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                best = std::min(best, d[i - 2][j - 2] + 1.0);
            }
            d[i][j] = best;
        }
    }
    return d[n][m];
}

double max_typo_distance(std::string_view typed, bool in_index) {
    if (in_index) {
        return 1.0;
    }
    return typed.size() >= 8 ? 2.0 : 1.5;
}

namespace {

// The stem term of a word as the analyzer reads it (a British spelling
// respelled).
std::string stem_term_of(const Analyzer& analyzer, const std::string& word) {
    const std::vector<Token> tokens = analyzer.tokens(word);
    const std::string& term = tokens.size() == 1 ? tokens[0].term : word;
    return stem_term({}, analyzer.stem(term));
}

}  // namespace

Xapian::doccount
articles_with(const Xapian::Database& db, const Analyzer& analyzer, const std::string& word) {
    return db.get_termfreq(stem_term_of(analyzer, word));
}

std::optional<std::string>
better_spelling(const Xapian::Database& db, const Analyzer& analyzer, const std::string& word) {
    const Xapian::doccount own = articles_with(db, analyzer, word);
    const double limit = max_typo_distance(word, own > 0);
    const std::string own_stem = stem_term_of(analyzer, word);
    std::set<std::string> candidates;
    for (const std::string& c : one_edit_away(word)) {
        if (db.term_exists(c)) {
            candidates.insert(c);
        }
    }
    // Xapian's suggestion reaches two edits (its spelling data).
    if (std::string xapian = db.get_spelling_suggestion(word, 2); !xapian.empty()) {
        candidates.insert(std::move(xapian));
    }
    // The closest, then the one in more articles (with all its forms),
    // then the more frequent spelling of a stem (`government`, not the
    // typo `governent` of the same stem).
    std::optional<std::string> best;
    double best_distance = 0;
    std::pair<Xapian::doccount, Xapian::doccount> best_articles;
    for (const std::string& c : candidates) {
        if (c == word || stem_term_of(analyzer, c) == own_stem || spelling_variant(word, c)) {
            continue;
        }
        const double distance = typo_distance(word, c);
        if (distance > limit) {
            continue;
        }
        const Xapian::doccount articles = articles_with(db, analyzer, c);
        if (articles <= own) {
            continue;
        }
        const std::pair<Xapian::doccount, Xapian::doccount> frequency{articles, db.get_termfreq(c)};
        if (!best || distance < best_distance
            || (distance == best_distance && frequency > best_articles)) {
            best = c;
            best_distance = distance;
            best_articles = frequency;
        }
    }
    return best;
}

std::optional<std::string> respelled_query(
    const SpellingInput& in,
    std::string_view query,
    const ParsedQuery& parsed,
    SearchResponse& response
) {
    // Shorter words are never corrected: they are names (Xi, Kim, Li, Moon)
    // or too short to tell a typo from another word.
    constexpr std::size_t kMinSuggestLength = 5;
    std::vector<std::string>& notices = response.notices;
    const Xapian::Database& db = in.db;
    const Xapian::doccount articles = db.get_doccount();
    std::string suggested(query);
    bool changed = false;
    // NOLINTNEXTLINE(modernize-loop-convert): last word first
    for (auto w = parsed.words.rbegin(); w != parsed.words.rend(); ++w) {
        const std::vector<Token> tokens = in.analyzer.tokens(w->text);
        if (tokens.size() != 1 || tokens[0].kind != TokenKind::kWord) {
            continue;
        }
        const std::string& term = tokens[0].term;
        const std::string written =
            tokens[0].respelled ? fold_word(w->text, Analyzer::kMaxTermBytes) : term;
        if (written.size() < kMinSuggestLength || !spelling_word(written)
            || !in.gazetteer.lookup(term).empty()) {
            continue;
        }
        const bool absent =
            !db.term_exists(term) && !db.term_exists(stem_term({}, in.analyzer.stem(term)));
        if (!absent
            && std::uint64_t{articles_with(db, in.analyzer, written)} * kSuggestRatio > articles) {
            continue;
        }
        if (in.remote) {
            // The spelling data of remote shards cannot be read (and a
            // shard only has its share of it).
            if (absent) {
                notices.push_back(
                    "'" + w->text
                    + "' is not in the index, and spelling suggestions are not available "
                      "over remote shards (xapian-tcpsrv does not serve spelling data)"
                );
                return std::nullopt;
            }
            continue;
        }
        const std::optional<std::string> better = better_spelling(db, in.analyzer, written);
        if (!better) {
            continue;
        }
        suggested.replace(w->offset, w->text.size(), *better);
        changed = true;
    }

    if (!changed) {
        return std::nullopt;
    }
    return suggested;
}

}  // namespace newsdex::detail
