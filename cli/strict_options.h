// SPDX-License-Identifier: MIT
// Strict command lines for newsdex-index and newsdex-search: every word that
// starts with '-' is an option the program knows (or an unambiguous prefix of
// one), else an error naming the closest; a repeated option takes its last
// value; numbers are range-checked.
#pragma once

#include <boost/program_options/options_description.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace newsdex::cli {

/// How words that start with one '-' are read.
enum class DashWords {
    kOptions,  ///< always an option (newsdex-index: its PATHs never start with '-')
    kQuery     ///< `-x` alone is a short option; `-word`, `-year:2018` are query words
};

/// A command line split into options and other words.
struct SplitArgs {
    /// Long option name -> its values in order (one empty string per use of a
    /// switch). A non-composing option keeps only its last value.
    std::map<std::string, std::vector<std::string>> options;
    std::vector<std::string> words;  ///< the other words, and all after "--"
};

/// Splits argv. Long options may be abbreviated to any unambiguous prefix;
/// `--name=value` and `--name value`, `-n 5` and `-n5` are accepted.
/// @param program for messages ("newsdex-search")
/// @throws std::invalid_argument naming the option, and the closest known
///         option when there is one.
SplitArgs split_args(
    const std::string& program,
    const boost::program_options::options_description& options,
    int argc,
    const char* const* argv,
    DashWords dash_words
);

/// Levenshtein distance between two names (insertions, deletions and
/// substitutions of bytes), for "did you mean" hints.
///
/// The library has the same function (edit_distance in lib/entities/names.h),
/// for names typed in queries. This is a copy on purpose: cli/ uses no part
/// of the library (cmake/Layering.cmake, docs/architecture.md), and the
/// programs reach the library only through its public headers, which do not
/// offer it. Change both together.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// Whether the option was given.
bool given(const SplitArgs& args, const std::string& name);

/// The last value of the option, or `fallback` when it was not given.
std::string last(const SplitArgs& args, const std::string& name, const std::string& fallback = {});

/// The value of a number option, a whole number from `min` to `max`.
/// @throws std::invalid_argument saying which numbers the option takes.
std::uint64_t whole_number(
    const SplitArgs& args,
    const std::string& name,
    std::uint64_t fallback,
    std::uint64_t min,
    std::uint64_t max
);

/// The value of a number option that takes fractions (seconds), from `min`
/// (excluded when `min_excluded`) to `max`.
double decimal_number(
    const SplitArgs& args,
    const std::string& name,
    double fallback,
    double min,
    bool min_excluded,
    double max
);

/// `text` between single quotes, control characters escaped, for a message.
std::string quoted(const std::string& text);

}  // namespace newsdex::cli
