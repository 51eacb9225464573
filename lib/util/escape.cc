// SPDX-License-Identifier: MIT
#include "util/escape.h"

namespace newsdex::detail {

namespace {

// The length of the valid UTF-8 sequence at `i` (2 to 4 bytes) and its code
// point, or 0 when the bytes there are not valid UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF are not).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& c) noexcept {
    const auto byte = [&](std::size_t k) {
        return static_cast<unsigned char>(s[k]);
    };
    const unsigned char b0 = byte(i);
    std::size_t n = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        c = b0 & 0x1FU;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        c = b0 & 0x0FU;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        c = b0 & 0x07U;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) {
            return 0;
        }
        c = (c << 6U) | (byte(i + k) & 0x3FU);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    return n;
}

bool invisible(char32_t c) noexcept {
    return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0x061C || c == 0x200E
           || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

void append_hex(std::string& out, const char* prefix, unsigned long value, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += prefix;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.push_back(kHex[(value >> static_cast<unsigned>(shift)) & 0xFU]);
    }
}

std::string escaped(std::string_view text, bool backslash) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b == '\\' && backslash) {
                out += "\\\\";
            } else if (b == '\n') {
                out += "\\n";
            } else if (b == '\t') {
                out += "\\t";
            } else if (b == '\r') {
                out += "\\r";
            } else if (b < 0x20 || b == 0x7F) {
                append_hex(out, "\\x", b, 2);
            } else {
                out.push_back(static_cast<char>(b));
            }
            ++i;
            continue;
        }
        char32_t c = 0;
        const std::size_t n = utf8_sequence(text, i, c);
        if (n == 0) {
            append_hex(out, "\\x", b, 2);
            ++i;
            continue;
        }
        if (invisible(c)) {
            append_hex(out, "\\u", c, 4);
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace

std::string escape(std::string_view text) {
    return escaped(text, true);
}

std::string escape_controls(std::string_view text) {
    return escaped(text, false);
}

std::string quote(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return "'" + escape(text) + "'";
    }
    // Cut before a UTF-8 continuation byte, never inside a character (a
    // sequence cut anyway would be escaped byte by byte, which is no harm).
    std::size_t cut = max_bytes;
    for (int back = 0;
         back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U;
         ++back) {
        --cut;
    }
    return "'" + escape(text.substr(0, cut)) + "\u2026' (" + std::to_string(text.size())
           + " bytes)";
}

}  // namespace newsdex::detail
