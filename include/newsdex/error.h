// SPDX-License-Identifier: MIT
/// @file error.h
/// The one exception type the library throws.
#pragma once

#include "newsdex/export.h"

#include <exception>
#include <stdexcept>
#include <string>

namespace newsdex {

/// What went wrong, coarsely; the command-line tools map it to an exit status.
enum class Errc {
    kDatabaseNotFound,  ///< no database at the path given
    kDatabaseLocked,    ///< another process is writing the database
    kSchemaMismatch,    ///< the database was written with another schema version
    kBadQuery,          ///< the query string cannot be understood
    kIo,                ///< a file or database could not be read or written
    kInvalidArgument,   ///< a request or an option is out of range
    kInternal,          ///< a bug or an unexpected library failure
};

/// The library's exception: a message that says what went wrong (with the
/// path, query or article concerned) and an optional hint that says what to do.
class NEWSDEX_EXPORT Error : public std::runtime_error {
  public:
    /// @param code coarse category
    /// @param message what went wrong, naming the path, query or article
    /// @param hint what the user can do about it ("" if nothing useful)
    Error(Errc code, const std::string& message, std::string hint = {});

    /// The coarse category.
    Errc code() const noexcept { return code_; }

    /// What to do about it, or an empty string.
    const std::string& hint() const noexcept { return hint_; }

    /// For kBadQuery: the 1-based column (in characters) of the query where the
    /// problem is, or 0 when it concerns the query as a whole.
    std::size_t column() const noexcept { return column_; }

    /// Returns a copy carrying a query column.
    Error with_column(std::size_t column) const;

  private:
    Errc code_;
    std::string hint_;
    std::size_t column_ = 0;
};

/// A short name of an error code, for messages and tests ("bad query").
NEWSDEX_EXPORT const char* errc_name(Errc code) noexcept;

/// Describes an exception of any kind the library can let through, Xapian's
/// own included (say, one that ended the process in a std::terminate
/// handler: pass std::current_exception()). Empty for a null pointer or an
/// exception of unknown type.
NEWSDEX_EXPORT std::string describe_exception(const std::exception_ptr& error) noexcept;

}  // namespace newsdex
