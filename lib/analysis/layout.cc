// SPDX-License-Identifier: MIT
#include "analysis/layout.h"

#include "analysis/fold.h"
#include "util/text.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <string>
#include <unordered_set>

namespace newsdex::detail {

namespace {

std::string_view trim(std::string_view s) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\v';
    };
    while (!s.empty() && space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// The number of words of `s`, counted up to `limit` (a paragraph need not
// be read to its end to know it is longer than a headline).
std::size_t word_count(std::string_view s, std::size_t limit) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : s) {
        const bool space = c == ' ' || c == '\t';
        if (!space && !in_word && ++words == limit) {
            return limit;
        }
        in_word = !space;
    }
    return words;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// Breadcrumbs: "- News>", "- World", "Home > World > Asia", "» Politics".
bool is_breadcrumb(std::string_view line) {
    const bool bullet = starts_with(line, "- ") || starts_with(line, "\xC2\xBB ")
                        || starts_with(line, "> ") || starts_with(line, "\xE2\x80\xA2 ");
    if (bullet && word_count(line, 5) <= 4) {
        return true;
    }
    if (word_count(line, 9) > 8) {
        return false;
    }
    return line.back() == '>' || line.find(" > ") != std::string_view::npos
           || line.find(" \xC2\xBB ") != std::string_view::npos;
}

// Credits and calls to action that wire and portal copy carries.
bool is_credit(std::string_view line) {
    static constexpr std::array<std::string_view, 14> kOpenings{
        "with agency inputs",
        "with inputs from",
        "inputs from",
        "(with inputs",
        "additional reporting by",
        "reporting by",
        "edited by",
        "copyright",
        "\xC2\xA9",
        "all rights reserved",
        "read more:",
        "also read:",
        "click here",
        "follow us on",
    };
    if (word_count(line, 13) > 12) {
        return false;
    }
    const std::string lower = lower_ascii(line);
    return std::any_of(kOpenings.begin(), kOpenings.end(), [&](std::string_view opening) {
        return starts_with(lower, opening);
    });
}

bool ends_like_prose(std::string_view line) {
    static constexpr std::array<std::string_view, 10> kEndings{
        ".", "?", "!", ":", ";", "\"", "'", ")", "\xE2\x80\x9D", "\xE2\x80\xA6"};
    return std::any_of(kEndings.begin(), kEndings.end(), [&](std::string_view ending) {
        return line.size() >= ending.size() && line.substr(line.size() - ending.size()) == ending;
    });
}

}  // namespace

namespace {

bool is_break(char c) {
    return c == '\n' || c == '\r';
}

bool is_indent(char c) {
    return c == ' ' || c == '\t';
}

// A physical line of the body: [begin, end), and where the next one starts.
struct RawLine {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t next = 0;
};

std::vector<RawLine> raw_lines(std::string_view body) {
    std::vector<RawLine> lines;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t end = body.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) {
            end = body.size();
        }
        const std::size_t next =
            end == body.size()
                ? end
                : end
                      + ((body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') ? 2
                                                                                               : 1);
        lines.push_back(RawLine{pos, end, next});
        if (end == body.size()) {
            break;
        }
        pos = next;
    }
    return lines;
}

// The white space a line opens with, in bytes.
std::size_t indent_of(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && is_indent(line[n])) {
        ++n;
    }
    return n;
}

// The margin every line of text keeps: a line indented further opens a
// paragraph (text indented as a whole is not a paragraph a line).
std::size_t margin_of(std::string_view body, const std::vector<RawLine>& lines) {
    std::size_t margin = std::string_view::npos;
    for (const RawLine& r : lines) {
        const std::string_view text = body.substr(r.begin, r.end - r.begin);
        if (!trim(text).empty()) {
            margin = std::min(margin, indent_of(text));
        }
    }
    return margin == std::string_view::npos ? 0 : margin;
}

std::size_t code_point_count(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// A line that opens a block of its own even in wrapped text: a list item,
// a Markdown heading, quotation or table row.
bool opens_block(std::string_view line) {
    if (starts_with(line, "- ") || starts_with(line, "* ") || starts_with(line, "+ ")
        || starts_with(line, "# ") || starts_with(line, "##") || starts_with(line, "> ")
        || starts_with(line, "|") || starts_with(line, "\xE2\x80\xA2 ")) {
        return true;
    }
    std::size_t i = 0;
    while (i < line.size() && i < 3 && std::isdigit(static_cast<unsigned char>(line[i])) != 0) {
        ++i;
    }
    return i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ';
}

// The number of characters of the first word of `s`.
std::size_t first_word_width(std::string_view s) {
    std::size_t end = 0;
    while (end < s.size() && !is_indent(s[end])) {
        ++end;
    }
    return code_point_count(s.substr(0, end));
}

// Whether the body is wrapped at a fixed width (wire copy, e-mail): no line
// is longer than 100 characters, and most lines that a line of the same
// paragraph follows break off inside a sentence where the next word would
// not have fitted (a body with a paragraph a line ends them with a full
// stop, and a list of short lines leaves room on them).
bool hard_wrapped(std::string_view body, const std::vector<RawLine>& lines, std::size_t margin) {
    constexpr std::size_t kMaxWidth = 100;
    constexpr std::size_t kMinWidth = 30;
    constexpr std::size_t kSlack = 12;  // wrapping tools and editors differ a little
    std::vector<std::size_t> widths(lines.size());
    std::size_t width = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view text =
            trim(body.substr(lines[i].begin, lines[i].end - lines[i].begin));
        widths[i] = code_point_count(text);
        if (widths[i] > kMaxWidth) {
            return false;
        }
        width = std::max(width, widths[i]);
    }
    if (width < kMinWidth) {
        return false;
    }
    std::size_t follows = 0;
    std::size_t wrapped = 0;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const std::string_view text =
            trim(body.substr(lines[i].begin, lines[i].end - lines[i].begin));
        const std::string_view next =
            body.substr(lines[i + 1].begin, lines[i + 1].end - lines[i + 1].begin);
        if (text.empty() || trim(next).empty() || indent_of(next) > margin
            || opens_block(next.substr(margin))) {
            continue;
        }
        ++follows;
        const bool full = widths[i] + 1 + first_word_width(next) + kSlack > width;
        wrapped += full && !ends_like_prose(text) ? 1 : 0;
    }
    return follows > 0 && 2 * wrapped >= follows;
}

bool all_capitals(std::string_view s) {
    std::size_t letters = 0;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::islower(u) != 0) {
            return false;
        }
        letters += std::isupper(u) != 0 ? 1 : 0;
    }
    return letters >= 2;
}

// A headline: a line of at most 20 words that does not end as a sentence
// does, or one in capitals.
bool headline_shaped(std::string_view text) {
    const std::size_t words = word_count(text, 21);
    return words >= 1 && words <= 20 && (!ends_like_prose(text) || all_capitals(text));
}

bool is_month(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kMonths{
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (word.size() < 3) {
        return false;
    }
    const std::string lower = lower_ascii(word.substr(0, 3));
    return std::find(kMonths.begin(), kMonths.end(), lower) != kMonths.end();
}

// The length of the dateline `text` opens with (`NEW YORK, March 3 -`,
// `WASHINGTON (Reuters) -`, `SAN FRANCISCO, Calif., Feb 2 -`), dash and
// spaces included; 0 when it has none. The place is in capitals; a date or
// an agency in brackets comes before the dash.
std::size_t dateline_length(std::string_view text) {
    std::size_t i = 0;
    std::size_t letters = 0;
    while (i < text.size() && i < 40) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (std::isupper(c) != 0) {
            ++letters;
        } else if (!(c == ' ' || c == '.' || c == '\'' || c == '-' || c == '&')) {
            break;
        }
        ++i;
    }
    if (letters < 2 || i == text.size() || (text[i] != ',' && text[i] != '(')) {
        return 0;
    }
    // Up to the dash: a date (a month and a number) or an agency in brackets.
    const std::size_t limit = std::min(text.size(), i + 40);
    bool month = false;
    bool day = false;
    bool agency = false;
    for (std::size_t j = i; j < limit; ++j) {
        const char c = text[j];
        if (c == '-' && j > 0 && text[j - 1] == ' ') {
            std::size_t end = j;
            while (end < text.size() && (text[end] == '-' || is_indent(text[end]))) {
                ++end;
            }
            const bool spaced = end > j + 1 && is_indent(text[end - 1]);
            return spaced && ((month && day) || agency) ? end : 0;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) != 0
            && (j == 0 || std::isalpha(static_cast<unsigned char>(text[j - 1])) == 0)) {
            std::size_t k = j;
            while (k < limit && std::isalpha(static_cast<unsigned char>(text[k])) != 0) {
                ++k;
            }
            month = month || is_month(text.substr(j, k - j));
        }
        day = day || (month && std::isdigit(static_cast<unsigned char>(c)) != 0);
        if (c == '(') {
            const std::string lower = lower_ascii(text.substr(j, 10));
            agency = agency || starts_with(lower, "(reuter") || starts_with(lower, "(ap)")
                     || starts_with(lower, "(afp)") || starts_with(lower, "(upi)");
        }
        if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == ',' || c == '.'
              || c == '(' || c == ')' || c == '\'')) {
            return 0;
        }
    }
    return 0;
}

// An agency's name as a sign-off: `Reuter`, `REUTER...`, `AP`.
bool is_agency_sign_off(std::string_view text) {
    // A carriage return written out as `^M` (Reuters-21578 has some).
    if (text.size() > 2 && text.substr(text.size() - 2) == "^M") {
        text.remove_suffix(2);
    }
    while (!text.empty() && (text.back() == '.' || is_indent(text.back()))) {
        text.remove_suffix(1);
    }
    static constexpr std::array<std::string_view, 6> kAgencies{
        "reuter", "reuters", "ap", "afp", "upi", "dpa"};
    const std::string lower = lower_ascii(text);
    return std::find(kAgencies.begin(), kAgencies.end(), lower) != kAgencies.end();
}

// A paragraph that signs the story off: an agency's name, `-- MORE`, or a
// credit in brackets (`(Reporting by Ann Smith; Editing by Bob Jones)`).
bool is_sign_off(std::string_view text) {
    static constexpr std::array<std::string_view, 6> kMarks{
        "more", "(more)", "-- more", "- more", "-30-", "###"};
    if (is_agency_sign_off(text)
        || std::find(kMarks.begin(), kMarks.end(), lower_ascii(text)) != kMarks.end()) {
        return true;
    }
    if (text.size() < 2 || text.front() != '(' || text.back() != ')' || word_count(text, 31) > 30) {
        return false;
    }
    static constexpr std::array<std::string_view, 6> kCredits{
        "(reporting by",
        "(additional reporting",
        "(editing by",
        "(writing by",
        "(compiled by",
        "(reporting and writing"};
    const std::string lower = lower_ascii(text);
    return std::any_of(kCredits.begin(), kCredits.end(), [&](std::string_view credit) {
        return starts_with(lower, credit);
    });
}

// Where a sign-off that ends paragraph [begin, end) of `body` on its last
// line starts (`... total 55.8 (33.7).        REUTER`): after a line break
// or a run of spaces. `end` when there is none.
std::size_t trailing_sign_off(std::string_view body, std::size_t begin, std::size_t end) {
    std::size_t e = end;
    while (e > begin && is_indent(body[e - 1])) {
        --e;
    }
    std::size_t b = e;
    while (b > begin && !is_indent(body[b - 1]) && !is_break(body[b - 1])) {
        --b;
    }
    if (b == e || b == begin || !is_agency_sign_off(body.substr(b, e - b))) {
        return end;
    }
    const bool after_break = is_break(body[b - 1]);
    const bool after_spaces = b >= begin + 2 && is_indent(body[b - 1]) && is_indent(body[b - 2]);
    if (!after_break && !after_spaces) {
        return end;
    }
    while (b > begin && (is_indent(body[b - 1]) || is_break(body[b - 1]))) {
        --b;
    }
    return b > begin ? b : end;
}

// The text of a line without the white space around it.
std::string_view content_of(std::string_view all, const Line& line) {
    return trim(all.substr(line.begin, line.end - line.begin));
}

// The lines of `body` as paragraphs: in hard-wrapped text, a single line
// break inside a paragraph becomes a space in `out.text`.
void join_paragraphs(
    std::string_view body,
    const std::vector<RawLine>& raw,
    std::size_t margin,
    bool wrapped,
    Layout& out
) {
    std::vector<Line>& lines = out.lines;
    bool open = false;  // the last entry of `lines` is a paragraph that may go on
    for (const RawLine& r : raw) {
        const std::string_view text = body.substr(r.begin, r.end - r.begin);
        if (trim(text).empty()) {
            lines.push_back(Line{r.begin, r.end, LineRole::kBlank});
            open = false;
            continue;
        }
        if (wrapped && open && indent_of(text) <= margin && !opens_block(text.substr(margin))) {
            // A single line break inside a paragraph is a space.
            for (std::size_t i = lines.back().end; i < r.begin; ++i) {
                out.text[i] = ' ';
            }
            lines.back().end = r.end;
            continue;
        }
        lines.push_back(Line{r.begin, r.end, LineRole::kText});
        open = true;
    }
}

// Marks the sign-offs, from the end: whole paragraphs, then one that ends
// the last paragraph of prose. Returns the end of the article's own text.
std::size_t mark_sign_offs(std::string_view body, std::string_view all, std::vector<Line>& lines) {
    std::size_t last = lines.size();
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (lines[i].role == LineRole::kBlank) {
            continue;
        }
        if (is_sign_off(content_of(all, lines[i]))) {
            lines[i].role = LineRole::kSignOff;
            last = i;
            continue;
        }
        const std::size_t cut = trailing_sign_off(body, lines[i].begin, lines[i].end);
        if (cut != lines[i].end) {
            const Line sign_off{cut, lines[i].end, LineRole::kSignOff};
            lines[i].end = cut;
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, sign_off);
            last = i + 1;
        } else {
            last = i + 1;
        }
        break;
    }
    return last;
}

// Marks the roles of the lines before `last`: boilerplate, repeats, the
// headline and dateline, asides.
void mark_roles(
    std::string_view body, std::string_view all, std::vector<Line>& lines, std::size_t last
) {
    std::unordered_set<std::string_view> seen;
    bool had_text = false;
    bool first = true;     // no paragraph of the article's own yet
    bool headline = true;  // the first may be its headline
    for (std::size_t i = 0; i < last && i < lines.size(); ++i) {
        Line& line = lines[i];
        if (line.role != LineRole::kText) {
            continue;
        }
        const std::string_view text = content_of(all, line);
        if (is_breadcrumb(text) || is_credit(text)) {
            line.role = LineRole::kBoilerplate;
            continue;
        }
        // A paragraph repeated word for word (a CMS glitch) is kept once.
        if (text.size() >= 20 && !seen.insert(text).second) {
            line.role = LineRole::kRepeat;
            continue;
        }
        if (first) {
            first = false;
            const bool may_be_headline = headline;
            headline = false;
            // The headline the body opens with, when more follows it.
            const bool more = std::any_of(
                lines.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                lines.begin() + static_cast<std::ptrdiff_t>(last),
                [](const Line& l) { return l.role == LineRole::kText; }
            );
            const std::string_view source = body.substr(line.begin, line.end - line.begin);
            if (may_be_headline && more && headline_shaped(text)
                && source.find_first_of("\r\n") == std::string_view::npos
                && text.find("  ") == std::string_view::npos) {
                line.role = LineRole::kHeadline;
                first = true;  // the dateline opens the paragraph after it
                continue;
            }
            const std::size_t dateline = dateline_length(text);
            if (dateline > 0 && dateline < text.size()) {
                const std::size_t at = static_cast<std::size_t>(text.data() - all.data());
                const Line rest{at + dateline, line.end, LineRole::kText};
                line.role = LineRole::kDateline;
                line.begin = at;
                line.end = at + dateline;
                while (line.end > line.begin && is_indent(all[line.end - 1])) {
                    --line.end;
                }
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, rest);
                ++last;
                continue;  // the rest is looked at next
            }
        }
        // A headline-like line between paragraphs is a "read more" link.
        if (had_text && !ends_like_prose(text)) {
            const std::size_t words = word_count(text, 21);
            if (words >= 4 && words <= 20) {
                line.role = LineRole::kAside;
                continue;
            }
        }
        had_text = true;
    }
}

}  // namespace

Layout layout(std::string_view body) {
    Layout out;
    out.text.assign(body);
    const std::vector<RawLine> raw = raw_lines(body);
    const std::size_t margin = margin_of(body, raw);
    const bool wrapped = raw.size() > 1 && hard_wrapped(body, raw, margin);
    join_paragraphs(body, raw, margin, wrapped, out);
    const std::string_view all(out.text);
    const std::size_t last = mark_sign_offs(body, all, out.lines);
    mark_roles(body, all, out.lines, last);
    return out;
}

std::vector<Line> layout_lines(std::string_view body) {
    return layout(body).lines;
}

std::string_view first_sentence(std::string_view body, const std::vector<Line>& lines) {
    // The headline or the first text paragraph with a word in it (not a
    // rule such as "---").
    const auto first = std::find_if(lines.begin(), lines.end(), [body](const Line& l) {
        const std::string_view text = body.substr(l.begin, l.end - l.begin);
        return (l.role == LineRole::kText || l.role == LineRole::kHeadline)
               && std::any_of(text.begin(), text.end(), [](char c) {
                      const auto u = static_cast<unsigned char>(c);
                      return u >= 0x80 || std::isalnum(u) != 0;
                  });
    });
    if (first == lines.end()) {
        return {};
    }
    // A sentence longer than a headline is cut at a word boundary.
    constexpr std::size_t kMaxBytes = 200;
    const auto headline = [](std::string_view sentence) {
        if (sentence.size() <= kMaxBytes) {
            return sentence;
        }
        const std::size_t space = sentence.rfind(' ', kMaxBytes);
        return trim(
            space != std::string_view::npos && space >= kMaxBytes / 2
                ? sentence.substr(0, space)
                : utf8_prefix(sentence, kMaxBytes)
        );
    };
    const std::string_view line = trim(
        utf8_prefix(body.substr(first->begin, first->end - first->begin), std::size_t{64} * 1024)
    );
    if (first->role == LineRole::kHeadline) {
        // A headline is the title whole: its full stops are abbreviations
        // (`U.S. TRADE DEFICIT WIDENS`), not the ends of sentences.
        return headline(line);
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status)
    );
    UText* ut =
        utext_openUTF8(nullptr, line.data(), static_cast<std::int64_t>(line.size()), &status);
    if (U_FAILURE(status) || !bi) {
        utext_close(ut);
        return headline(line);
    }
    bi->setText(ut, status);
    bi->first();
    const std::int32_t end = bi->next();
    utext_close(ut);
    if (U_FAILURE(status) || end == icu::BreakIterator::DONE) {
        return headline(line);
    }
    return headline(trim(line.substr(0, static_cast<std::size_t>(end))));
}

}  // namespace newsdex::detail
