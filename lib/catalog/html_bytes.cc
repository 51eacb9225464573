// SPDX-License-Identifier: MIT
// An HTML page's bytes: gunzipped, measured, converted to UTF-8.
#include "analysis/fold.h"
#include "catalog/html.h"
#include "catalog/html_tree.h"
#include "util/escape.h"
#include "util/text.h"

#include <unicode/ucnv.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>

namespace newsdex::detail {

namespace html {

namespace {

// ---------------------------------------------------------------------------
// Charset: what the page declares in its first bytes (a byte-order mark, a
// <meta charset> or a <meta http-equiv="Content-Type">), as the HTML
// standard's prescan does; its bytes converted to UTF-8 with ICU.

// The charset declared in the first 4 KB, lower case; "" when none.
std::string declared_charset(std::string_view bytes) {
    const std::string head = lower_ascii(bytes.substr(0, 4096));
    std::size_t at = 0;
    while ((at = head.find("<meta", at)) != std::string::npos) {
        const std::size_t end = head.find('>', at);
        const std::string_view tag(
            head.data() + at, (end == std::string::npos ? head.size() : end) - at
        );
        at += 5;
        const std::size_t cs = tag.find("charset");
        if (cs == std::string_view::npos) {
            continue;
        }
        std::size_t v = cs + 7;
        while (v < tag.size() && is_space(tag[v])) {
            ++v;
        }
        if (v >= tag.size() || tag[v] != '=') {
            continue;
        }
        ++v;
        while (v < tag.size() && (is_space(tag[v]) || tag[v] == '"' || tag[v] == '\'')) {
            ++v;
        }
        std::size_t stop = v;
        while (stop < tag.size() && !is_space(tag[stop]) && tag[stop] != '"' && tag[stop] != '\''
               && tag[stop] != ';' && tag[stop] != '/') {
            ++stop;
        }
        if (stop > v) {
            return std::string(tag.substr(v, stop - v));
        }
    }
    return {};
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        if (next_code_point(s, i) == U'\uFFFD' && s.substr(start, 3) != "\xEF\xBF\xBD") {
            return false;
        }
    }
    return true;
}

// `bytes` in `charset` (an ICU converter name) as UTF-8; "" and `error`
// set when ICU cannot convert from it.
std::string to_utf8(std::string_view bytes, const std::string& charset, std::string& error) {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t size = ucnv_convert(
        "UTF-8",
        charset.c_str(),
        nullptr,
        0,
        bytes.data(),
        static_cast<int32_t>(bytes.size()),
        &status
    );
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) {
        error = u_errorName(status);
        return {};
    }
    std::string out(static_cast<std::size_t>(size), '\0');
    status = U_ZERO_ERROR;
    ucnv_convert(
        "UTF-8",
        charset.c_str(),
        out.data(),
        size,
        bytes.data(),
        static_cast<int32_t>(bytes.size()),
        &status
    );
    if (U_FAILURE(status)) {
        error = u_errorName(status);
        return {};
    }
    return out;
}

// The page's text as UTF-8; what was done to get it is said in `problems`.
}  // namespace

std::string
page_text(std::string_view bytes, const std::string& where, std::vector<InputProblem>& problems) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        return std::string(bytes.substr(3));
    }
    std::string charset;
    if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
        charset = "utf-16";  // ICU reads the byte-order mark
    } else {
        charset = declared_charset(bytes);
    }
    if (charset == "utf-8" || charset == "utf8" || charset == "unicode-1-1-utf-8") {
        return std::string(bytes);
    }
    if (charset.empty()) {
        if (valid_utf8(bytes)) {
            return std::string(bytes);
        }
        problems.push_back(
            {where,
             "no charset declared and the page is not UTF-8: read as windows-1252 (HTML's "
             "default); declare <meta charset=\"...\"> if it is another",
             false}
        );
        charset = "windows-1252";
    }
    // As the HTML standard says: these labels mean windows-1252.
    if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii"
        || charset == "ascii" || charset == "l1" || charset == "iso_8859-1") {
        charset = "windows-1252";
    }
    std::string error;
    std::string out = to_utf8(bytes, charset, error);
    if (!error.empty()) {
        problems.push_back(
            {where,
             "the page's charset " + quote(charset) + " is not one ICU converts (" + error
                 + "); read as UTF-8, save the page as UTF-8 to keep every character",
             false}
        );
        return std::string(bytes);
    }
    return out;
}

namespace {

// Elements that never hold others, or that the next of their kind closes
// (an old page's thousand unclosed <p>s are not nested).
bool closes_itself(std::string_view name) {
    static constexpr std::string_view kNames[] = {
        "area", "base", "br",     "col", "dd",    "dt",     "embed", "hr", "img", "input", "li",
        "link", "meta", "option", "p",   "param", "source", "td",    "th", "tr",  "track", "wbr",
    };
    return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// The most elements open at once if each were closed by its end tag only
// (a cheap, pessimistic count: HTML closes some sooner): start tags less
// end tags, outside comments, scripts and styles.
}  // namespace

std::size_t open_elements(std::string_view text) {
    std::size_t depth = 0;
    std::size_t most = 0;
    std::string name;
    for (std::size_t at = text.find('<'); at != std::string_view::npos;
         at = text.find('<', at + 1)) {
        if (text.compare(at, 4, "<!--") == 0) {
            at = text.find("-->", at + 4);
            if (at == std::string_view::npos) {
                break;
            }
            continue;
        }
        const bool end = at + 1 < text.size() && text[at + 1] == '/';
        std::size_t stop = at + (end ? 2 : 1);
        name.clear();
        while (stop < text.size() && std::isalnum(static_cast<unsigned char>(text[stop])) != 0
               && name.size() < 16) {
            name.push_back(lower_ascii(text[stop]));
            ++stop;
        }
        if (name.empty() || closes_itself(name)) {
            continue;
        }
        if (end) {
            depth -= depth > 0 ? 1 : 0;
            continue;
        }
        if (name == "script" || name == "style") {
            // Its text is not markup: on to its end tag.
            std::size_t close = at;
            while ((close = text.find("</", close + 1)) != std::string_view::npos
                   && lower_ascii(text.substr(close + 2, name.size())) != name) {
            }
            if (close == std::string_view::npos) {
                break;
            }
            at = close;
            continue;
        }
        const std::size_t gt = text.find('>', stop);
        if (gt != std::string_view::npos && gt > 0 && text[gt - 1] == '/') {
            continue;  // <x/>
        }
        most = std::max(most, ++depth);
    }
    return most;
}

}  // namespace html

std::string
gunzip(std::string_view in, std::string& out, std::size_t max_bytes, std::uint64_t& size) {
    out.clear();
    size = 0;
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        return "gzip: cannot start zlib";
    }
    std::array<char, 1 << 16> buffer{};
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    std::string error;
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
        zs.avail_out = static_cast<uInt>(buffer.size());
        const int ret = inflate(&zs, Z_NO_FLUSH);
        const std::size_t got = buffer.size() - zs.avail_out;
        size += got;
        if (out.size() + got <= max_bytes) {
            out.append(buffer.data(), got);
        } else {
            std::string().swap(out);
        }
        if (ret == Z_STREAM_END) {
            if (zs.avail_in == 0) {
                break;
            }
            inflateReset(&zs);  // the next gzip member
            continue;
        }
        if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
            error = "the gzip data ends too soon, cut short (is the file complete?)";
            break;
        }
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            error = std::string("the gzip data is damaged (")
                    + (zs.msg != nullptr ? zs.msg : "zlib error") + ")";
            break;
        }
    }
    inflateEnd(&zs);
    return error;
}

}  // namespace newsdex::detail
