// SPDX-License-Identifier: MIT
#include "analysis/layout.h"

#include "analysis/fold.h"

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

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
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

std::vector<Line> layout_lines(std::string_view body) {
    std::vector<Line> lines;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t end = body.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) {
            end = body.size();
        }
        lines.push_back(Line{pos, end, LineRole::kText});
        if (end == body.size()) {
            break;
        }
        pos = end + ((body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') ? 2 : 1);
    }

    std::unordered_set<std::string_view> seen;
    bool had_text = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        Line& line = lines[i];
        const std::string_view text = trim(body.substr(line.begin, line.end - line.begin));
        if (text.empty()) {
            line.role = LineRole::kBlank;
            continue;
        }
        if (is_breadcrumb(text) || is_credit(text)) {
            line.role = LineRole::kBoilerplate;
            continue;
        }
        // A paragraph repeated word for word (a CMS glitch) is kept once.
        if (text.size() >= 20 && !seen.insert(text).second) {
            line.role = LineRole::kRepeat;
            continue;
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
    return lines;
}

std::string_view first_sentence(std::string_view body, const std::vector<Line>& lines) {
    // The first text line with a word in it (not a rule such as "---").
    const auto first = std::find_if(lines.begin(), lines.end(), [body](const Line& l) {
        const std::string_view text = body.substr(l.begin, l.end - l.begin);
        return l.role == LineRole::kText && std::any_of(text.begin(), text.end(), [](char c) {
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
    const std::string_view line =
        trim(utf8_prefix(body.substr(first->begin, first->end - first->begin), 64 * 1024));
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
