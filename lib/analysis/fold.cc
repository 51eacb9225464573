// SPDX-License-Identifier: MIT
#include "analysis/fold.h"

#include "util/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>

namespace newsdex::detail {

namespace {

struct Normalizers {
    const icu::Normalizer2* nfkc_cf = nullptr;
    const icu::Normalizer2* nfd = nullptr;
    const icu::Normalizer2* nfc = nullptr;
};

// ICU returns process-wide singletons; fetching them once is thread-safe.
const Normalizers& normalizers() {
    static const Normalizers kNormalizers = [] {
        Normalizers n;
        UErrorCode status = U_ZERO_ERROR;
        n.nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
        n.nfd = icu::Normalizer2::getNFDInstance(status);
        n.nfc = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status)) {
            n = Normalizers{};
        }
        return n;
    }();
    return kNormalizers;
}

// Latin letters that have no canonical decomposition but that readers treat
// as accented forms of a base letter (what an "ASCII folding" filter does).
const char* latin_replacement(char32_t c) noexcept {
    switch (c) {
    case U'ø':
        return "o";
    case U'đ':
    case U'ð':
        return "d";
    case U'ł':
        return "l";
    case U'ħ':
        return "h";
    case U'ı':
        return "i";
    case U'æ':
        return "ae";
    case U'œ':
        return "oe";
    case U'þ':
        return "th";
    case U'ŧ':
        return "t";
    case U'ŋ':
        return "ng";
    default:
        return nullptr;
    }
}

bool is_acronym(std::string_view w) {
    // "u.s", "u.s.a", "u.n": single letters separated by dots.
    if (w.size() < 3) {
        return false;
    }
    for (std::size_t i = 0; i < w.size(); ++i) {
        const bool letter_slot = (i % 2) == 0;
        const auto ch = static_cast<unsigned char>(w[i]);
        if (letter_slot ? (ch >= 0x80 || std::isalpha(ch) == 0) : ch != '.') {
            return false;
        }
    }
    return true;
}

void remove_digit_group_commas(std::string& w) {
    std::string out;
    out.reserve(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i] == ',' && i > 0 && i + 1 < w.size()
            && std::isdigit(static_cast<unsigned char>(w[i - 1])) != 0
            && std::isdigit(static_cast<unsigned char>(w[i + 1])) != 0) {
            continue;
        }
        out.push_back(w[i]);
    }
    w = std::move(out);
}

std::string fold_unicode(std::string_view word) {
    const Normalizers& n = normalizers();
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<std::int32_t>(word.size()))
    );
    // Apostrophe-like characters first: NFKC would turn the acute accent
    // used as one into a space and a combining mark.
    for (std::int32_t i = 0; i < text.length(); ++i) {
        if (is_apostrophe(static_cast<char32_t>(text.charAt(i)))) {
            text.setCharAt(i, u'\'');
        }
    }
    if (n.nfkc_cf == nullptr) {
        text.foldCase();
        std::string out;
        text.toUTF8String(out);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = n.nfkc_cf->normalize(text, status);
    icu::UnicodeString decomposed = n.nfd->normalize(folded, status);
    icu::UnicodeString kept;
    bool after_latin = false;
    for (std::int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (is_apostrophe(static_cast<char32_t>(c))) {
            kept.append(static_cast<UChar>(u'\''));
            after_latin = false;
            continue;
        }
        if (u_charType(c) == U_NON_SPACING_MARK) {
            // Accents are dropped on Latin letters only: a mark on a Kana or
            // Devanagari letter changes the letter, not its accent.
            if (after_latin) {
                continue;
            }
            kept.append(c);
            continue;
        }
        UErrorCode script_status = U_ZERO_ERROR;
        after_latin = uscript_getScript(c, &script_status) == USCRIPT_LATIN;
        if (const char* replacement = latin_replacement(static_cast<char32_t>(c))) {
            kept.append(icu::UnicodeString(replacement, ""));
            continue;
        }
        kept.append(c);
    }
    icu::UnicodeString composed = n.nfc->normalize(kept, status);
    std::string out;
    (U_SUCCESS(status) ? composed : folded).toUTF8String(out);
    return out;
}

}  // namespace

bool is_apostrophe(char32_t c) noexcept {
    switch (c) {
    case U'\'':
    case U'`':
    case U'\u00B4':  // acute accent used as apostrophe
    case U'\u2018':
    case U'\u2019':
    case U'\u201B':
    case U'\u2032':  // prime
    case U'\u02BC':  // modifier letter apostrophe
    case U'\uFF07':  // fullwidth apostrophe
        return true;
    default:
        return false;
    }
}

bool is_joiner(char32_t c) noexcept {
    if (is_apostrophe(c)) {
        return true;
    }
    switch (c) {
    case U'-':
    case U'\u2010':
    case U'\u2011':
    case U'\u2012':
    case U'\u2013':
    case U'\u2014':
    case U'\u2212':
    case U'/':
    case U'.':
    case U':':
    case U'&':
    case U'@':
    case U'_':
    case U'+':
        return true;
    default:
        return false;
    }
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept {
    if (text.size() <= max_bytes) {
        return text;
    }
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
        --cut;
    }
    return text.substr(0, cut);
}

char32_t next_code_point(std::string_view text, std::size_t& i) noexcept {
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
    auto pos = static_cast<std::int32_t>(i);
    UChar32 c = 0;
    U8_NEXT(s, pos, length, c);
    i = static_cast<std::size_t>(pos);
    return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

std::string fold_word(std::string_view word, std::size_t max_bytes) {
    const bool ascii = std::all_of(word.begin(), word.end(), [](char ch) {
        return static_cast<unsigned char>(ch) < 0x80U;
    });
    std::string w;
    if (ascii) {
        w.reserve(word.size());
        for (const char ch : word) {
            if (ch == '`') {
                w.push_back('\'');
            } else {
                w.push_back(lower_ascii(ch));
            }
        }
    } else {
        w = fold_unicode(word);
    }
    // Possessives and stray apostrophes: "korea's" and "korea'" are "korea".
    if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) {
        w.resize(w.size() - 2);
    }
    while (!w.empty() && (w.back() == '\'' || w.back() == '.')) {
        w.pop_back();
    }
    std::size_t lead = 0;
    while (lead < w.size() && w[lead] == '\'') {
        ++lead;
    }
    w.erase(0, lead);
    if (is_acronym(w)) {
        w.erase(std::remove(w.begin(), w.end(), '.'), w.end());
    }
    if (w.find(',') != std::string::npos) {
        remove_digit_group_commas(w);
    }
    if (w.size() > max_bytes) {
        w.resize(utf8_prefix(w, max_bytes).size());
    }
    return w;
}

}  // namespace newsdex::detail
