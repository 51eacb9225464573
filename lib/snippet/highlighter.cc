// SPDX-License-Identifier: MIT
#include "snippet/highlighter.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "snippet/needles.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_map>

namespace newsdex::detail {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// Text scanned for the best passage.
constexpr std::size_t kScanBytes = 1024 * 1024;

struct Match {
    std::size_t begin = 0;
    std::size_t end = 0;
    int key = 0;
    double weight = 0;
};

struct Window {
    std::vector<Span> pieces;  // each within one paragraph, in order
    double score = -1;
};

icu::BreakIterator& thread_sentence_iterator() {
    static const std::unique_ptr<icu::BreakIterator> kPrototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> bi(
            icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status)
        );
        return U_SUCCESS(status) ? std::move(bi) : nullptr;
    }();
    thread_local std::unique_ptr<icu::BreakIterator> bi(kPrototype ? kPrototype->clone() : nullptr);
    return *bi;
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

// Punctuation that a passage cut off before `…` is better without.
bool is_trailing_mark(char c) {
    return c == ',' || c == ';' || c == ':' || c == '-' || c == '(';
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// The fewest characters worth adding as the cut start or end of a sentence.
constexpr std::size_t kShortestPart = 12;

class Snippeter {
  public:
    Snippeter(
        const Analyzer& analyzer,
        std::string_view body,
        const HighlightSpec& spec,
        const SnippetOptions& options,
        std::string_view title,
        const EntityExtractor* extractor,
        SnippetScan scan
    )
        : layout_(layout(utf8_prefix(body, kScanBytes))),
          truncated_(layout_.text.size() < body.size()),
          analyzer_(analyzer),
          body_(layout_.text),
          spec_(spec),
          options_(options),
          title_(title),
          lines_(std::move(layout_.lines)),
          needles_(analyzer, spec, scan == SnippetScan::kSkipLinesWithoutNeedles) {
        // The best passage is looked for in the first MiB of a long article
        // (only that is laid out): a snippet costs the same for a 50 MB
        // article.
        int key = 0;
        for (const auto& [stem, weight] : spec_.stems) {
            stem_keys_.emplace(stem, std::make_pair(key++, weight));
        }
        for (const auto& [term, weight] : spec_.terms) {
            term_keys_.emplace(term, std::make_pair(key++, weight));
        }
        phrase_key_base_ = key;
        key += static_cast<int>(spec_.phrases.size());
        prefix_key_base_ = key;
        key += static_cast<int>(spec_.prefixes.size());
        // Entities filtered on: every mention, whatever name it uses.
        if (!spec_.entities.empty() && extractor != nullptr) {
            for (const Mention& m :
                 extractor->extract(body_.substr(0, lines_.empty() ? 0 : lines_.back().end))
                     .mentions) {
                const std::string folded = analyzer_.fold(m.name);
                for (std::size_t e = 0; e < spec_.entities.size(); ++e) {
                    const auto& [field, name] = spec_.entities[e];
                    if (fills(m.type, field) && name == folded) {
                        entity_matches_.push_back({m.begin, m.end, key + static_cast<int>(e), 1.0});
                    }
                }
            }
        }
        // Stemming every word of the text is the slow part of a snippet, so
        // only words that start like a query stem are stemmed. Snowball
        // keeps the first two letters of a word ("trying" -> "tri",
        // "using" -> "use"), never always the first three.
        for (const auto& [stem, weight] : spec_.stems) {
            (void)weight;
            stem_heads_.push_back(stem.substr(0, std::min<std::size_t>(2, stem.size())));
        }
        matches_.resize(lines_.size());
        sentences_.resize(lines_.size());
        // A paragraph that is the title (shown above the snippet) is never
        // shown again.
        for (const Line& line : lines_) {
            is_title_.push_back(
                !title_.empty()
                && trimmed(body_.substr(line.begin, line.end - line.begin)) == title_
            );
        }
    }

    std::string run() {
        for (const Line& line : lines_) {
            if (line.role == LineRole::kText) {
                text_begin_ = std::min(text_begin_, line.begin);
                text_end_ = line.end;
            }
        }
        if (text_end_ == 0 && text_begin_ == std::string_view::npos) {
            // No prose at all: fall back to whatever lines there are.
            for (const Line& line : lines_) {
                if (line.role != LineRole::kBlank && line.role != LineRole::kRepeat
                    && line.role != LineRole::kSignOff && line.role != LineRole::kDateline) {
                    text_begin_ = std::min(text_begin_, line.begin);
                    text_end_ = line.end;
                }
            }
        }
        if (!spec_.empty()) {
            for (const bool prose : {true, false}) {
                Window best = best_window(prose);
                if (best.score > 0) {
                    return render(best);
                }
            }
        }
        return render(lede());
    }

    // The whole body with every match marked.
    std::string mark_all() {
        std::string out;
        std::size_t at = 0;
        for (std::size_t i = 0; i < lines_.size() && !spec_.empty(); ++i) {
            const std::vector<Match>& marks = line_matches(i);
            for (const Match& m : marks) {
                if (m.begin < at) {
                    continue;
                }
                append_text(out, body_.substr(at, m.begin - at));
                out += options_.markup.open;
                std::size_t end = m.end;
                for (const Match& other : marks) {
                    if (other.begin >= m.begin && other.begin < end && other.end > end) {
                        end = other.end;
                    }
                }
                append_text(out, body_.substr(m.begin, end - m.begin));
                out += options_.markup.close;
                at = end;
            }
        }
        append_text(out, body_.substr(at));
        return out;
    }

  private:
    // The matches of line `i`, found once.
    const std::vector<Match>& line_matches(std::size_t i) const {
        if (!matches_[i]) {
            matches_[i] = matches_in(lines_[i]);
        }
        return *matches_[i];
    }

    // The sentences of line `i`, found once.
    const std::vector<Span>& line_sentences(std::size_t i) const {
        if (!sentences_[i]) {
            sentences_[i] = sentences_of(lines_[i]);
        }
        return *sentences_[i];
    }

    // Whether paragraph `i` may be shown: prose in the first pass;
    // boilerplate, asides and a headline that is not the title when the
    // prose has no match. Datelines and sign-offs never are.
    bool allowed(std::size_t i, bool prose) const {
        const LineRole role = lines_[i].role;
        if (is_title_[i]) {
            return false;
        }
        if (prose) {
            return role == LineRole::kText;
        }
        return role == LineRole::kAside || role == LineRole::kBoilerplate
               || role == LineRole::kHeadline;
    }

    // The matches in `line`: of query words in its word spans (all of it
    // when unsure), and the entity mentions in it.
    std::vector<Match> matches_in(const Line& line) const {
        std::vector<Match> out;
        for (const Span& span : needles_.word_spans(body_, Span{line.begin, line.end})) {
            match_words(span, out);
        }
        for (const Match& m : entity_matches_) {
            if (m.begin >= line.begin && m.end <= line.end) {
                out.push_back(m);
            }
        }
        std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
            return a.begin < b.begin;
        });
        return out;
    }

    // Adds the matches of query words in `span` (a line, or words of one).
    void match_words(Span span, std::vector<Match>& out) const {
        const std::string_view text = body_.substr(span.begin, span.end - span.begin);
        const std::vector<Token> tokens = analyzer_.tokens(text);
        for (const Token& t : tokens) {
            const std::size_t b = span.begin + t.begin;
            const std::size_t e = span.begin + t.end;
            if (Analyzer::stemmed(t.kind) && !stem_heads_.empty()) {
                const bool maybe = std::any_of(
                    stem_heads_.begin(),
                    stem_heads_.end(),
                    [&](const std::string& head) {
                        return t.term.compare(0, head.size(), head) == 0;
                    }
                );
                if (maybe) {
                    if (const auto it = stem_keys_.find(analyzer_.stem(t.term));
                        it != stem_keys_.end()) {
                        out.push_back({b, e, it->second.first, it->second.second});
                        continue;
                    }
                }
            }
            if (const auto it = term_keys_.find(t.term); it != term_keys_.end()) {
                out.push_back({b, e, it->second.first, it->second.second});
                continue;
            }
            for (std::size_t p = 0; p < spec_.prefixes.size(); ++p) {
                const std::string& prefix = spec_.prefixes[p].first;
                if (t.term.compare(0, prefix.size(), prefix) == 0) {
                    out.push_back(
                        {b, e, prefix_key_base_ + static_cast<int>(p), spec_.prefixes[p].second}
                    );
                    break;
                }
            }
        }
        if (!spec_.phrases.empty() && !tokens.empty()) {
            // Tokens by position (a CJK unigram and bigram share one).
            const std::uint32_t base = tokens.front().position;
            std::vector<std::vector<std::size_t>> at(tokens.back().position - base + 1);
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                at[tokens[i].position - base].push_back(i);
            }
            for (std::size_t p = 0; p < spec_.phrases.size(); ++p) {
                const auto& words = spec_.phrases[p].first;
                for (std::size_t pos = 0; pos + words.size() <= at.size(); ++pos) {
                    std::size_t first = 0;
                    std::size_t last = 0;
                    bool ok = true;
                    for (std::size_t k = 0; k < words.size() && ok; ++k) {
                        const auto& candidates = at[pos + k];
                        const auto hit =
                            std::find_if(candidates.begin(), candidates.end(), [&](std::size_t i) {
                                return tokens[i].term == words[k];
                            });
                        ok = hit != candidates.end();
                        if (ok) {
                            (k == 0 ? first : last) = *hit;
                            if (k == 0) {
                                last = *hit;
                            }
                        }
                    }
                    if (ok) {
                        out.push_back(
                            {span.begin + tokens[first].begin,
                             span.begin + tokens[last].end,
                             phrase_key_base_ + static_cast<int>(p),
                             spec_.phrases[p].second}
                        );
                    }
                }
            }
        }
    }

    std::vector<Span> sentences_of(const Line& line) const {
        std::vector<Span> out;
        const std::string_view text = body_.substr(line.begin, line.end - line.begin);
        icu::BreakIterator& bi = thread_sentence_iterator();
        UErrorCode status = U_ZERO_ERROR;
        UText* ut =
            utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
        bi.setText(ut, status);
        std::size_t start = static_cast<std::size_t>(bi.first());
        for (std::int32_t end = bi.next(); end != icu::BreakIterator::DONE && U_SUCCESS(status);
             end = bi.next()) {
            std::size_t b = start;
            auto e = static_cast<std::size_t>(end);
            start = e;
            while (b < e && is_blank(text[b])) {
                ++b;
            }
            while (e > b && is_blank(text[e - 1])) {
                --e;
            }
            if (e > b) {
                out.push_back({line.begin + b, line.begin + e});
            }
        }
        utext_close(ut);
        if (out.empty() && line.end > line.begin) {
            out.push_back({line.begin, line.end});
        }
        return out;
    }

    // Cuts `sentence` to about the snippet length around `anchor` (a byte
    // offset), on word boundaries and never inside a match.
    Span cut(Span sentence, std::size_t anchor, const std::vector<Match>& matches) const {
        const std::size_t length = options_.length;
        const std::size_t lead = length / 3;
        std::size_t b = anchor;
        std::size_t chars = 0;
        while (b > sentence.begin && chars < lead) {
            --b;
            while (b > sentence.begin && (static_cast<unsigned char>(body_[b]) & 0xC0U) == 0x80U) {
                --b;
            }
            ++chars;
        }
        // Back to the start of a word.
        if (b > sentence.begin) {
            while (b < anchor && !is_blank(body_[b - 1])) {
                ++b;
            }
        }
        std::size_t e = b;
        chars = 0;
        while (e < sentence.end && chars < length) {
            next_code_point(body_, e);
            ++chars;
        }
        if (e == sentence.end && chars < length && b > sentence.begin) {
            // The sentence ends first: begin earlier, at a word.
            while (b > sentence.begin && chars < length) {
                --b;
                while (b > sentence.begin && (static_cast<unsigned char>(body_[b]) & 0xC0U) == 0x80U
                ) {
                    --b;
                }
                ++chars;
            }
            while (b > sentence.begin && b < anchor && !is_blank(body_[b - 1])) {
                ++b;
            }
            while (b < anchor && is_blank(body_[b])) {
                ++b;
            }
        }
        if (e < sentence.end) {
            while (e > b && !is_blank(body_[e])) {
                --e;
            }
            while (e > b && is_blank(body_[e - 1])) {
                --e;
            }
            for (const Match& m : matches) {
                if (m.begin < e && m.end > e) {
                    e = m.begin > b ? m.begin : m.end;
                }
            }
            while (e > b && is_blank(body_[e - 1])) {
                --e;
            }
        }
        if (e <= b) {
            e = std::min(sentence.end, std::max(anchor, b) + 1);
        }
        return {b, e};
    }

    // The index of the next paragraph that continues the prose after `i`
    // (blank lines in between are fine), or lines_.size().
    std::size_t next_prose_line(std::size_t i, bool prose) const {
        for (std::size_t j = i + 1; j < lines_.size(); ++j) {
            if (lines_[j].role == LineRole::kBlank || lines_[j].role == LineRole::kRepeat) {
                continue;
            }
            return allowed(j, prose) ? j : lines_.size();
        }
        return lines_.size();
    }

    // The index of the paragraph of prose before `i`, or lines_.size().
    std::size_t previous_prose_line(std::size_t i, bool prose) const {
        for (std::size_t j = i; j-- > 0;) {
            if (lines_[j].role == LineRole::kBlank || lines_[j].role == LineRole::kRepeat) {
                continue;
            }
            return allowed(j, prose) ? j : lines_.size();
        }
        return lines_.size();
    }

    // Where the longest start of `span` of at most `budget` characters that
    // ends with a whole word (never inside a match) ends; `span.begin` when
    // not even one word fits.
    std::size_t prefix_end(Span span, std::size_t budget, const std::vector<Match>& matches) const {
        std::size_t e = span.begin;
        for (std::size_t chars = 0; e < span.end && chars < budget; ++chars) {
            next_code_point(body_, e);
        }
        if (e >= span.end) {
            return span.end;
        }
        while (e > span.begin && !is_blank(body_[e])) {
            --e;
        }
        for (const Match& m : matches) {
            if (m.begin < e && m.end > e) {
                e = m.begin;
            }
        }
        while (e > span.begin && (is_blank(body_[e - 1]) || is_trailing_mark(body_[e - 1]))) {
            --e;
        }
        return e;
    }

    // Where the longest end of `span` of at most `budget` characters that
    // starts with a whole word (never inside a match) starts; `span.end`
    // when not even one word fits.
    std::size_t
    suffix_begin(Span span, std::size_t budget, const std::vector<Match>& matches) const {
        std::size_t b = span.end;
        for (std::size_t chars = 0; b > span.begin && chars < budget; ++chars) {
            --b;
            while (b > span.begin && (static_cast<unsigned char>(body_[b]) & 0xC0U) == 0x80U) {
                --b;
            }
        }
        if (b <= span.begin) {
            return span.begin;
        }
        while (b < span.end && !is_blank(body_[b - 1])) {
            ++b;
        }
        for (const Match& m : matches) {
            if (m.begin < b && m.end > b) {
                b = m.end;
            }
        }
        while (b < span.end && is_blank(body_[b])) {
            ++b;
        }
        return b;
    }

    double score(const Window& w, const std::vector<Match>& matches) const {
        std::vector<int> keys;
        double total = 0;
        std::size_t count = 0;
        for (const Match& m : matches) {
            const bool inside = std::any_of(w.pieces.begin(), w.pieces.end(), [&](const Span& s) {
                return m.begin >= s.begin && m.end <= s.end;
            });
            if (!inside) {
                continue;
            }
            ++count;
            if (std::find(keys.begin(), keys.end(), m.key) == keys.end()) {
                keys.push_back(m.key);
                // Each distinct query word counts 1 and its rarity; an alias the
                // query was expanded to (weight < 0) counts less than the
                // word itself, so the passage with the typed word wins.
                total += 1.0 + (m.weight < 0 ? m.weight : std::max(m.weight, 0.05));
            }
        }
        return count == 0 ? 0 : total + 0.1 * static_cast<double>(count - keys.size());
    }

    Window best_window(bool prose) {
        std::vector<Match> all;
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (allowed(i, prose)) {
                const std::vector<Match>& found = line_matches(i);
                all.insert(all.end(), found.begin(), found.end());
            }
        }
        Window best;
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (!allowed(i, prose) || line_matches(i).empty()) {
                continue;
            }
            const std::vector<Match>& matches = line_matches(i);
            const std::vector<Span>& sentences = line_sentences(i);
            for (std::size_t s = 0; s < sentences.size(); ++s) {
                const Span& first = sentences[s];
                const auto first_match =
                    std::find_if(matches.begin(), matches.end(), [&](const Match& m) {
                        return m.begin >= first.begin && m.end <= first.end;
                    });
                if (first_match == matches.end()) {
                    continue;
                }
                Window w = window_at(i, s, first_match->begin, prose);
                w.score = score(w, all);
                // The title is shown above the snippet: a passage that only
                // repeats it is worth less than one that adds to it.
                if (!title_.empty()
                    && body_.substr(
                           w.pieces.front().begin, w.pieces.front().end - w.pieces.front().begin
                       ) == title_) {
                    w.score *= 0.7;
                }
                if (w.score > best.score) {
                    best = std::move(w);
                }
            }
        }
        return best;
    }

    // The passage that opens with sentence `s` of paragraph `i` (or, when
    // that sentence alone is longer than the snippet, the part of it around
    // `anchor`) and runs on over the sentences and paragraphs that follow
    // until it has the snippet's length; cut at a word when the next
    // sentence does not fit whole, and begun earlier when the prose ends
    // first.
    Window window_at(std::size_t i, std::size_t s, std::size_t anchor, bool prose) const {
        const Span& first = line_sentences(i)[s];
        Window w;
        std::size_t used = code_points(body_.substr(first.begin, first.end - first.begin));
        if (used > options_.length) {
            const Span piece = cut(first, anchor, line_matches(i));
            w.pieces.push_back(piece);
            used = code_points(body_.substr(piece.begin, piece.end - piece.begin));
            if (piece.end < first.end) {
                return w;
            }
        } else {
            w.pieces.push_back(first);
        }
        if (extend(w, i, s + 1, used, prose) && piece_starts_sentence(w, i, s)) {
            extend_back(w, i, s, used, prose);
        }
        return w;
    }

    bool piece_starts_sentence(const Window& w, std::size_t i, std::size_t s) const {
        return w.pieces.front().begin == line_sentences(i)[s].begin;
    }

    // Adds to `w` (whose last piece is in paragraph `i`, ending before its
    // sentence `k`) the sentences that follow while they fit in `used`,
    // and the start of the one that does not. Returns true when the prose
    // ended before the snippet was full.
    bool extend(Window& w, std::size_t i, std::size_t k, std::size_t& used, bool prose) const {
        const std::size_t length = options_.length;
        const std::vector<Span>* sentences = &line_sentences(i);
        Span piece = w.pieces.back();
        w.pieces.pop_back();
        for (;; ++k) {
            if (k == sentences->size()) {
                w.pieces.push_back(piece);
                i = next_prose_line(i, prose);
                if (i >= lines_.size()) {
                    return true;
                }
                sentences = &line_sentences(i);
                if (sentences->empty()) {
                    return true;
                }
                piece = Span{(*sentences)[0].begin, (*sentences)[0].begin};
                k = 0;
            }
            const Span& next = (*sentences)[k];
            const std::size_t more =
                code_points(body_.substr(next.begin, next.end - next.begin)) + 1;
            if (used + more > length) {
                if (used + kShortestPart < length) {
                    const std::size_t e = prefix_end(next, length - used - 1, line_matches(i));
                    if (e > next.begin) {
                        used += code_points(body_.substr(next.begin, e - next.begin)) + 1;
                        piece.end = e;
                        if (piece.begin == piece.end) {
                            piece.begin = next.begin;
                        }
                    }
                }
                if (piece.end > piece.begin) {
                    w.pieces.push_back(piece);
                }
                return false;
            }
            used += more;
            if (piece.begin == piece.end) {
                piece.begin = next.begin;
            }
            piece.end = next.end;
        }
    }

    // Puts before `w` (whose first piece opens sentence `k` of paragraph
    // `i`) the sentences before it while they fit, and the end of the one
    // that does not.
    void extend_back(Window& w, std::size_t i, std::size_t k, std::size_t& used, bool prose) const {
        const std::size_t length = options_.length;
        const std::vector<Span>* sentences = &line_sentences(i);
        std::vector<Span> earlier;  // last first; the first is w's first piece, grown
        earlier.push_back(w.pieces.front());
        for (;; --k) {
            if (k == 0) {
                i = previous_prose_line(i, prose);
                if (i >= lines_.size() || line_sentences(i).empty()) {
                    break;
                }
                sentences = &line_sentences(i);
                k = sentences->size();
                earlier.push_back(Span{sentences->back().end, sentences->back().end});
            }
            Span& piece = earlier.back();
            const Span& before = (*sentences)[k - 1];
            const std::size_t more =
                code_points(body_.substr(before.begin, before.end - before.begin)) + 1;
            if (used + more > length) {
                if (used + kShortestPart < length) {
                    const std::size_t b = suffix_begin(before, length - used - 1, line_matches(i));
                    if (b < before.end) {
                        used += code_points(body_.substr(b, before.end - b)) + 1;
                        piece.begin = b;
                    }
                }
                break;
            }
            used += more;
            piece.begin = before.begin;
        }
        std::vector<Span> pieces;
        pieces.reserve(earlier.size() + w.pieces.size());
        for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
            if (it->end > it->begin) {
                pieces.push_back(*it);
            }
        }
        for (std::size_t p = 1; p < w.pieces.size(); ++p) {
            pieces.push_back(w.pieces[p]);
        }
        w.pieces = std::move(pieces);
    }

    Window lede() const {
        Window w;
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if ((lines_[i].role != LineRole::kText && !(lines_[i].begin == text_begin_))
                || is_title_[i]) {
                continue;
            }
            const std::vector<Span>& sentences = line_sentences(i);
            if (sentences.empty()) {
                continue;
            }
            const std::size_t used =
                code_points(body_.substr(sentences[0].begin, sentences[0].end - sentences[0].begin)
                );
            if (used > options_.length) {
                w.pieces.push_back(cut(sentences[0], sentences[0].begin, {}));
            } else {
                std::size_t filled = used;
                w.pieces.push_back(sentences[0]);
                extend(w, i, 1, filled, true);
            }
            break;
        }
        return w;
    }

    // Appends `text`, a run of white space as one space (a wrapped line's
    // break, the padding of a table), escaped when the markup asks.
    void append_text(std::string& out, std::string_view text) const {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (is_blank(c)) {
                if (i == 0 || !is_blank(text[i - 1])) {
                    out.push_back(' ');
                }
                continue;
            }
            if (!options_.markup.escape_html) {
                out.push_back(c);
                continue;
            }
            switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out.push_back(c);
            }
        }
    }

    std::string render(const Window& w) {
        if (w.pieces.empty()) {
            return {};
        }
        // Everything that matches inside the window is marked, best or not.
        std::vector<Match> marks;
        for (std::size_t i = 0; i < lines_.size() && !spec_.empty(); ++i) {
            const bool touched = std::any_of(w.pieces.begin(), w.pieces.end(), [&](const Span& s) {
                return s.begin >= lines_[i].begin && s.end <= lines_[i].end;
            });
            if (touched) {
                const std::vector<Match>& found = line_matches(i);
                marks.insert(marks.end(), found.begin(), found.end());
            }
        }
        std::sort(marks.begin(), marks.end(), [](const Match& a, const Match& b) {
            return a.begin < b.begin || (a.begin == b.begin && a.end > b.end);
        });
        std::string out;
        if (w.pieces.front().begin > text_begin_) {
            out += kEllipsis;
            out += ' ';
        }
        for (std::size_t p = 0; p < w.pieces.size(); ++p) {
            const Span& piece = w.pieces[p];
            if (p > 0) {
                out += ' ';
            }
            std::size_t at = piece.begin;
            for (const Match& m : marks) {
                if (m.begin < at || m.end > piece.end || m.begin < piece.begin) {
                    continue;
                }
                append_text(out, body_.substr(at, m.begin - at));
                out += options_.markup.open;
                // Overlapping matches (a phrase and one of its words) make one span.
                std::size_t end = m.end;
                for (const Match& other : marks) {
                    if (other.begin >= m.begin && other.begin < end && other.end > end
                        && other.end <= piece.end) {
                        end = other.end;
                    }
                }
                append_text(out, body_.substr(m.begin, end - m.begin));
                out += options_.markup.close;
                at = end;
            }
            append_text(out, body_.substr(at, piece.end - at));
        }
        if (w.pieces.back().end < text_end_ || truncated_) {
            out += ' ';
            out += kEllipsis;
        }
        return out;
    }

    Layout layout_;  // the body's first MiB laid out in paragraphs (its lines moved to lines_)
    bool truncated_ = false;  // the body is longer than layout_.text
    const Analyzer& analyzer_;
    std::string_view body_;  // layout_.text
    const HighlightSpec& spec_;
    const SnippetOptions& options_;
    std::string_view title_;
    std::vector<Line> lines_;
    std::vector<bool> is_title_;  // by paragraph: it is the title
    std::vector<Match> entity_matches_;
    std::unordered_map<std::string, std::pair<int, double>> stem_keys_;
    std::unordered_map<std::string, std::pair<int, double>> term_keys_;
    std::vector<std::string> stem_heads_;
    Needles needles_;  // which words of a line can hold a match
    mutable std::vector<std::optional<std::vector<Match>>> matches_;   // by line
    mutable std::vector<std::optional<std::vector<Span>>> sentences_;  // by line
    int phrase_key_base_ = 0;
    int prefix_key_base_ = 0;
    std::size_t text_begin_ = std::string_view::npos;
    std::size_t text_end_ = 0;
};

}  // namespace

std::string make_snippet(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const SnippetOptions& options,
    std::string_view title,
    const EntityExtractor* extractor,
    SnippetScan scan
) {
    return Snippeter(analyzer, body, spec, options, title, extractor, scan).run();
}

std::string mark_matches(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const Markup& markup,
    const EntityExtractor* extractor
) {
    SnippetOptions options;
    options.markup = markup;
    return Snippeter(
               analyzer, body, spec, options, {}, extractor, SnippetScan::kSkipLinesWithoutNeedles
    )
        .mark_all();
}

}  // namespace newsdex::detail
