// SPDX-License-Identifier: MIT
#include "newsdex/error.h"

#include <xapian.h>

namespace newsdex {

Error::Error(Errc code, const std::string& message, std::string hint)
    : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

Error Error::with_column(std::size_t column) const {
    Error copy = *this;
    copy.column_ = column;
    return copy;
}

const char* errc_name(Errc code) noexcept {
    switch (code) {
    case Errc::kDatabaseNotFound:
        return "database not found";
    case Errc::kDatabaseLocked:
        return "database locked";
    case Errc::kSchemaMismatch:
        return "schema mismatch";
    case Errc::kBadQuery:
        return "bad query";
    case Errc::kIo:
        return "I/O error";
    case Errc::kInvalidArgument:
        return "invalid argument";
    case Errc::kInternal:
        return "internal error";
    }
    return "error";
}

std::string describe_exception(const std::exception_ptr& error) noexcept {
    if (!error) {
        return {};
    }
    try {
        try {
            std::rethrow_exception(error);
        } catch (const Xapian::Error& e) {
            return e.get_description();
        } catch (const std::exception& e) {
            return e.what();
        } catch (...) {
            return {};
        }
    } catch (...) {
        return {};  // building the string failed (no memory)
    }
}

}  // namespace newsdex
