# SPDX-License-Identifier: MIT
# Precompiled headers for the test programs (NEWSDEX_PCH).
#
# A test file is small, and most of its compile is parsing the same headers
# again: GoogleTest's, Xapian's, nlohmann's JSON and the standard library's.
# Measured with clang 14 under the sanitizers (user CPU, one file at a time):
# tests/unit/periods_test.cc 2.9 s without, 1.25 s with;
# tests/index/index_contents_test.cc 10.0-11.9 s without, 7.0-7.3 s with.
# The library's files gain little (searcher.cc 10.1-11.7 s against 9.6-11.3
# s: optimisation and instrumentation are most of their cost), so only the
# test programs use them. Only system and third-party headers go in: a file
# still has to include what it uses, and the default build (without
# precompiled headers) is what checks that it does.

set(NEWSDEX_PCH_TESTS
    <algorithm> <filesystem> <map> <memory> <optional> <set> <sstream> <string>
    <string_view> <vector> <gtest/gtest.h> <xapian.h> <nlohmann/json.hpp>)

# newsdex_pch(TARGET): the test programs' common headers, precompiled.
function(newsdex_pch target)
    if(NEWSDEX_PCH)
        target_precompile_headers(${target} PRIVATE ${NEWSDEX_PCH_TESTS})
    endif()
endfunction()
