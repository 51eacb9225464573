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

}  // namespace newsdex::detail
