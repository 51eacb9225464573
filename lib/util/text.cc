// SPDX-License-Identifier: MIT
#include "util/text.h"

namespace newsdex::detail {

std::string squeeze(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(c);
    }
    return out;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = lower_ascii(c);
    }
    return out;
}

}  // namespace newsdex::detail
