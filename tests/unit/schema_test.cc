// SPDX-License-Identifier: MIT
// The schema table's rules (also static_asserts in lib/schema/schema.cc;
// here with readable messages) and the docs that must match it.
#include "newsdex/schema.h"

#include "schema/schema_util.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <set>

namespace newsdex {
namespace {

using namespace newsdex::schema;

TEST(Schema, NamesPrefixesAndSlotsAreUnique) {
    std::set<std::string_view> names;
    std::set<std::string_view> prefixes;
    std::set<Slot> slots;
    for (const Field& f : kFields) {
        EXPECT_TRUE(names.insert(f.name).second) << "duplicate field " << f.name;
        EXPECT_TRUE(prefixes.insert(f.prefix).second) << "duplicate prefix " << f.prefix;
        if (f.slot != Slot::kNone) {
            EXPECT_TRUE(slots.insert(f.slot).second) << "duplicate slot of " << f.name;
        }
    }
}

TEST(Schema, PrefixesFollowOmegaConventions) {
    for (const Field& f : kFields) {
        ASSERT_FALSE(f.prefix.empty()) << f.name;
        if (f.prefix.size() > 1) {
            EXPECT_EQ(f.prefix.front(), 'X') << f.name << ": own prefixes are X<NAME>:";
            EXPECT_EQ(f.prefix.back(), ':') << f.name << ": own prefixes end in ':'";
        }
        EXPECT_NE(f.prefix.substr(0, kStemPrefix.size()), kStemPrefix)
            << f.name << ": " << kStemPrefix << " is the stemming prefix";
        for (const Field& g : kFields) {
            if (&f != &g && g.prefix.substr(0, f.prefix.size()) == f.prefix) {
                ADD_FAILURE() << f.prefix << " starts " << g.prefix;
            }
        }
    }
}

TEST(Schema, RowsAreConsistent) {
    for (const Field& f : kFields) {
        if (f.combine == Combine::kAll) {
            EXPECT_TRUE(has_use(f, kFilter)) << f.name;
        }
        if (has_use(f, kRange) || has_use(f, kFacet)) {
            EXPECT_NE(f.slot, Slot::kNone) << f.name << " needs a value slot";
        }
        EXPECT_GE(f.since, 1) << f.name;
        EXPECT_LE(f.since, kSchemaVersion) << f.name;
        EXPECT_NE(f.summary.find('`'), std::string_view::npos)
            << f.name << " summary needs an example";
    }
}

TEST(Schema, DocsMatchTheTable) {
    const std::string doc = test::read_file(test::source_dir() / "docs" / "schema.md");
    const std::string begin = "<!-- BEGIN GENERATED: schema -->\n";
    const std::string end = "\n<!-- END GENERATED: schema -->";
    const std::size_t b = doc.find(begin);
    const std::size_t e = doc.find(end);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    const std::string block = doc.substr(b + begin.size(), e - b - begin.size());
    EXPECT_EQ(block + "\n", detail::render_schema_markdown())
        << "docs/schema.md is out of date: run tools/update-golden.sh";
}

TEST(Schema, EntityRowsAreConsistent) {
    for (const Field& f : kFields) {
        if (f.entity.gazetteer) {
            EXPECT_EQ(f.values, Values::kFolded) << f.name;
            EXPECT_TRUE(has_use(f, kFilter)) << f.name;
        }
        if (f.entity.also_counts_as.empty()) {
            continue;
        }
        const Field* also = find_field(f.entity.also_counts_as);
        ASSERT_NE(also, nullptr) << f.name << " counts as an unknown field";
        EXPECT_TRUE(f.entity.gazetteer && also->entity.gazetteer) << f.name;
        EXPECT_NE(also, &f) << f.name;
        // The summary (docs, --help-fields) says so.
        EXPECT_NE(
            f.summary.find("(also a " + std::string(also->name) + ")"), std::string_view::npos
        ) << f.name;
        EXPECT_TRUE(counts_as(f, *also));
        EXPECT_FALSE(counts_as(*also, f));
    }
    EXPECT_FALSE(field("source").entity.gazetteer);
    EXPECT_TRUE(field("leader").entity.gazetteer);
}

}  // namespace
}  // namespace newsdex
