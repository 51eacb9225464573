// SPDX-License-Identifier: MIT
// Small text helpers shared by the readers and the entity extractor
// (private to the library).
#pragma once

#include <string>
#include <string_view>

namespace newsdex::detail {

/// Collapses each run of white space (space, tab, line feed, carriage
/// return) into one space and trims both ends: metadata values and names
/// are single-line.
std::string squeeze(std::string_view s);

/// The ASCII letters A to Z as a to z, every other byte as it is (UTF-8
/// sequences pass untouched, whatever the C locale): for names that are
/// ASCII by definition, such as file extensions, HTML tag and attribute
/// names, query field names and the marks of a dateline or sign-off.
constexpr char lower_ascii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_ascii(std::string_view s);

}  // namespace newsdex::detail
