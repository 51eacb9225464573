// SPDX-License-Identifier: MIT
// The set of id hashes an indexing run keeps.
#include "util/id_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <unordered_set>

namespace newsdex::detail {
namespace {

TEST(IdSet, AgreesWithAHashSet) {
    IdSet ids;
    std::unordered_set<std::uint64_t> reference;
    std::uint64_t x = 88172645463325252ULL;  // xorshift64: spread like XXH3
    for (int i = 0; i < 200000; ++i) {
        x ^= x << 13U;
        x ^= x >> 7U;
        x ^= x << 17U;
        // Some values again, and the ones a table may treat apart (0).
        const std::uint64_t value = i % 5 == 0 ? x % 1000 : x;
        EXPECT_EQ(ids.insert(value), reference.insert(value).second) << i;
    }
    EXPECT_EQ(ids.size(), reference.size());
    for (const std::uint64_t value : reference) {
        EXPECT_TRUE(ids.contains(value));
    }
    EXPECT_FALSE(ids.contains(1001));
}

TEST(IdSet, ZeroIsAnIdLikeAnyOther) {
    IdSet ids;
    EXPECT_FALSE(ids.contains(0));
    EXPECT_TRUE(ids.insert(0));
    EXPECT_FALSE(ids.insert(0));
    EXPECT_TRUE(ids.contains(0));
    EXPECT_EQ(ids.size(), 1U);
}

}  // namespace
}  // namespace newsdex::detail
