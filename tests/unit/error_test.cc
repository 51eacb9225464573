// SPDX-License-Identifier: MIT
// describe_exception: what a terminate handler can say about the exception
// that ended the process, Xapian's own included.
#include "newsdex/error.h"

#include <gtest/gtest.h>
#include <xapian.h>

namespace newsdex {
namespace {

TEST(Errors, DescribeExceptionNamesXapianErrorsAndOthers) {
    EXPECT_EQ(describe_exception(nullptr), "");
    const std::string xapian = describe_exception(
        std::make_exception_ptr(Xapian::DatabaseError("Error writing block 128", "File too large"))
    );
    EXPECT_NE(xapian.find("DatabaseError"), std::string::npos) << xapian;
    EXPECT_NE(xapian.find("Error writing block 128"), std::string::npos) << xapian;
    EXPECT_NE(xapian.find("File too large"), std::string::npos) << xapian;
    EXPECT_EQ(
        describe_exception(std::make_exception_ptr(Error(Errc::kIo, "cannot read x", "hint"))),
        "cannot read x"
    );
    EXPECT_EQ(describe_exception(std::make_exception_ptr(42)), "");
}

}  // namespace
}  // namespace newsdex
