// SPDX-License-Identifier: MIT
#include "snippet/needles.h"

#include "util/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace newsdex::detail {

namespace {

// Letters of a query key a line must hold to be scanned.
constexpr std::size_t kNeedle = 4;

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

// Each byte's letter or digit, lower-cased; 0 for punctuation and space, 1
// for a byte of a character that is not ASCII.
constexpr std::array<char, 256> kKey = [] {
    std::array<char, 256> key{};
    for (unsigned c = 0; c < 256; ++c) {
        key[c] = c >= 0x80U             ? '\1'
                 : c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                 : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? static_cast<char>(c)
                                                                    : '\0';
    }
    return key;
}();

}  // namespace

Needles::Needles(const Analyzer& analyzer, const HighlightSpec& spec, bool skip)
    : phrases_(!spec.phrases.empty()) {
    filter_ = skip && make(analyzer, spec);
}

// False when some key has no needle: then every line is scanned.
bool Needles::make(const Analyzer& analyzer, const HighlightSpec& spec) {
    const auto add = [&](std::string_view key, std::size_t length) {
        std::string needle;
        for (const char c : key) {
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x80U) {
                return true;  // matches only text that is not ASCII, always scanned
            }
            if (std::isalnum(u) != 0 && needle.size() < length) {
                needle.push_back(lower_ascii(c));
            }
        }
        if (needle.empty()) {
            return false;
        }
        for (const std::string& british : analyzer.spellings_respelled_to(needle)) {
            std::string other;
            for (const char c : british) {
                const auto u = static_cast<unsigned char>(c);
                if (std::isalnum(u) != 0 && other.size() < kNeedle) {
                    other.push_back(lower_ascii(c));
                }
            }
            needles_.push_back(other);
        }
        needles_.push_back(std::move(needle));
        return true;
    };
    for (const auto& [stem, weight] : spec.stems) {
        (void)weight;
        // Snowball's own exceptions: dying, lying and tying.
        for (const auto& [exception, word] :
             {std::pair{"die", "dy"}, {"lie", "ly"}, {"tie", "ty"}}) {
            if (stem == exception) {
                needles_.emplace_back(word);
            }
        }
        if (stem.size() < 2 || !add(stem, std::min(kNeedle, stem.size() - 1))) {
            return false;
        }
    }
    std::vector<std::string_view> keys;
    for (const auto& [term, weight] : spec.terms) {
        keys.push_back(term);
    }
    for (const auto& [words, weight] : spec.phrases) {
        for (const std::vector<std::string>& forms : words) {
            keys.insert(keys.end(), forms.begin(), forms.end());
        }
    }
    for (const auto& [prefix, weight] : spec.prefixes) {
        keys.push_back(prefix);
    }
    if (!std::all_of(keys.begin(), keys.end(), [&](std::string_view key) {
            return add(key, kNeedle);
        })) {
        return false;
    }
    std::sort(needles_.begin(), needles_.end());
    needles_.erase(std::unique(needles_.begin(), needles_.end()), needles_.end());
    return true;
}

std::vector<Span> Needles::word_spans(std::string_view body, Span line) const {
    if (!filter_) {
        return {line};
    }
    std::string& key = key_;
    std::vector<std::size_t>& at = key_at_;  // where each key letter is in the body
    key.resize(line.end - line.begin);
    at.resize(line.end - line.begin);
    std::size_t n = 0;
    for (std::size_t i = line.begin; i < line.end; ++i) {
        const char k = kKey[static_cast<unsigned char>(body[i])];
        if (k == '\1') {
            return {line};
        }
        key[n] = k;
        at[n] = i;
        n += k != '\0' ? 1 : 0;
    }
    key.resize(n);
    std::vector<Span> spans;
    for (const std::string& needle : needles_) {
        for (std::size_t p = key.find(needle); p != std::string::npos;
             p = key.find(needle, p + 1)) {
            if (phrases_) {
                return {line};  // a phrase needs its words' positions in the line
            }
            std::size_t b = at[p];
            std::size_t e = b;
            while (b > line.begin && !is_blank(body[b - 1])) {
                --b;
            }
            while (e < line.end && !is_blank(body[e])) {
                ++e;
            }
            spans.push_back({b, e});
        }
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
        return a.begin < b.begin;
    });
    std::vector<Span> merged;
    for (const Span& span : spans) {
        if (!merged.empty() && span.begin <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, span.end);
        } else {
            merged.push_back(span);
        }
    }
    return merged;
}

}  // namespace newsdex::detail
