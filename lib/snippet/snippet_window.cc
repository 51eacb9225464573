// SPDX-License-Identifier: MIT
// Choosing the passage of a snippet, cutting it on words and sentences, and
// rendering it with its matches marked.
#include "analysis/fold.h"
#include "snippet/snippeter.h"
#include "util/text.h"

#include <algorithm>

namespace newsdex::detail::snippeting {

// Cuts `sentence` to about the snippet length around `anchor` (a byte
// offset), on word boundaries and never inside a match.
Span Snippeter::cut(Span sentence, std::size_t anchor, const std::vector<Match>& matches) const {
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
            while (b > sentence.begin && (static_cast<unsigned char>(body_[b]) & 0xC0U) == 0x80U) {
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
std::size_t Snippeter::next_prose_line(std::size_t i, bool prose) const {
    for (std::size_t j = i + 1; j < lines_.size(); ++j) {
        if (lines_[j].role == LineRole::kBlank || lines_[j].role == LineRole::kRepeat) {
            continue;
        }
        return allowed(j, prose) ? j : lines_.size();
    }
    return lines_.size();
}

// The index of the paragraph of prose before `i`, or lines_.size().
std::size_t Snippeter::previous_prose_line(std::size_t i, bool prose) const {
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
std::size_t
Snippeter::prefix_end(Span span, std::size_t budget, const std::vector<Match>& matches) const {
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
Snippeter::suffix_begin(Span span, std::size_t budget, const std::vector<Match>& matches) const {
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

double Snippeter::score(const Window& w, const std::vector<Match>& matches) const {
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

Window Snippeter::best_window(bool prose) {
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
Window Snippeter::window_at(std::size_t i, std::size_t s, std::size_t anchor, bool prose) const {
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

bool Snippeter::piece_starts_sentence(const Window& w, std::size_t i, std::size_t s) const {
    return w.pieces.front().begin == line_sentences(i)[s].begin;
}

// Adds to `w` (whose last piece is in paragraph `i`, ending before its
// sentence `k`) the sentences that follow while they fit in `used`,
// and the start of the one that does not. Returns true when the prose
// ended before the snippet was full.
bool Snippeter::extend(Window& w, std::size_t i, std::size_t k, std::size_t& used, bool prose)
    const {
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
        const std::size_t more = code_points(body_.substr(next.begin, next.end - next.begin)) + 1;
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
void Snippeter::extend_back(Window& w, std::size_t i, std::size_t k, std::size_t& used, bool prose)
    const {
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
    // NOLINTNEXTLINE(modernize-loop-convert): in reverse
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

Window Snippeter::lede() const {
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
            code_points(body_.substr(sentences[0].begin, sentences[0].end - sentences[0].begin));
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
void Snippeter::append_text(std::string& out, std::string_view text) const {
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

std::string Snippeter::render(const Window& w) {
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

}  // namespace newsdex::detail::snippeting
