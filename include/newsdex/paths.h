// SPDX-License-Identifier: MIT
/// @file paths.h
/// Where newsdex's shipped data lives.
#pragma once

#include "newsdex/export.h"

#include <optional>
#include <string>

namespace newsdex {

/// The folder of the shipped corpus, found from a program's own location:
/// `<prefix>/share/newsdex/corpus` beside an installed program, else the
/// `corpus/` of the source tree the program was built from.
/// @param program_path the running program (e.g. /proc/self/exe)
/// @returns the folder, or std::nullopt when neither exists.
NEWSDEX_EXPORT std::optional<std::string> find_shipped_corpus(const std::string& program_path);

}  // namespace newsdex
