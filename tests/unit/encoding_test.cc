// SPDX-License-Identifier: MIT
// The schema's encodings: a field's values -> the terms and slot values a
// document holds, and back (docs/schema.md, "How values become terms").
#include "schema/encoding.h"

#include "newsdex/analyzer.h"

#include <gtest/gtest.h>
#include <xapian.h>

namespace newsdex::detail {
namespace {

using Strings = std::vector<std::string>;

TEST(Encoding, StemsTakeTheReservedPrefix) {
    EXPECT_EQ(schema::kStemPrefix, "Z");
    EXPECT_EQ(stem_term("", "visit"), "Zvisit");
    EXPECT_EQ(stem_term(schema::field("title").prefix, "visit"), "ZSvisit");
    EXPECT_TRUE(is_text_stem_term("Zvisit"));
    EXPECT_FALSE(is_text_stem_term("ZSvisit"));
    EXPECT_FALSE(is_text_stem_term("visit"));
    EXPECT_FALSE(is_text_stem_term("Z"));
    EXPECT_EQ(stem_of_term("Zvisit"), "visit");
}

TEST(Encoding, DatesBecomeYearMonthAndDayTerms) {
    EXPECT_EQ(year_term(2019), "Y2019");
    EXPECT_EQ(year_term(987), "Y0987");
    EXPECT_EQ(month_term(2019, 1), "M201901");
    EXPECT_EQ(day_term({2019, 1, 10}), "D20190110");
    EXPECT_EQ(date_value({2019, 1, 10}), "20190110");
    EXPECT_EQ(year_of_term("Y2019"), 2019);
    EXPECT_EQ(year_of_term("Y0987"), 987);
    EXPECT_FALSE(year_of_term("Y20190"));
    EXPECT_FALSE(year_of_term("M2019"));
    EXPECT_FALSE(year_of_term("Y20x9"));
    EXPECT_LT((Day{2018, 12, 31}), (Day{2019, 1, 1}));
}

TEST(Encoding, AnArticlesDateFillsTermsAndSlots) {
    const Encoded e = encode_date(*Date::parse_iso("2019-06-20T19:00:00+08:00"));
    EXPECT_EQ(e.terms, (Strings{"Y2019", "M201906", "D20190620"}));
    ASSERT_EQ(e.values.size(), 4U);
    EXPECT_EQ(e.values[0], std::make_pair(schema::Slot::kYear, std::string("2019")));
    EXPECT_EQ(e.values[1], std::make_pair(schema::Slot::kMonth, std::string("2019-06")));
    EXPECT_EQ(e.values[2], std::make_pair(schema::Slot::kDate, std::string("20190620")));
    EXPECT_EQ(e.values[3].first, schema::Slot::kTimestamp);
    EXPECT_EQ(Xapian::sortable_unserialise(e.values[3].second), 1561028400.0);
}

TEST(Encoding, NamesAreFoldedInTermsAndListedInTheirSlot) {
    const Analyzer analyzer;
    const Encoded people =
        encode_names(schema::field("person"), {"Kim Jong-Un", "Liu Guozhong"}, analyzer);
    EXPECT_EQ(people.terms, (Strings{"XPERSON:kim jong un", "XPERSON:liu guozhong"}));
    ASSERT_EQ(people.values.size(), 1U);
    EXPECT_EQ(people.values[0].first, schema::Slot::kPeople);
    EXPECT_EQ(decode_list(people.values[0].second), (Strings{"Kim Jong-Un", "Liu Guozhong"}));
    const Encoded source = encode_names(schema::field("source"), {"Arirang News"}, analyzer);
    EXPECT_EQ(source.terms, Strings{"XSOURCE:arirang news"});
    EXPECT_EQ(source.values[0].second, "Arirang News");
}

TEST(Encoding, LongTermsStayUnderXapiansLimitAndDistinct) {
    const std::string a(300, 'a');
    const std::string b = a + "b";
    EXPECT_LE(make_term("Q", a).size(), kMaxXapianTerm);
    EXPECT_NE(make_term("Q", a), make_term("Q", b));
    EXPECT_EQ(make_term("Q", a), make_term("Q", a));
    EXPECT_EQ(make_term("Q", "short"), "Qshort");
    EXPECT_LE(stem_term("S", a).size(), kMaxXapianTerm);
}

TEST(Encoding, DynamicFieldsHaveTheirOwnPrefixAndRecord) {
    EXPECT_EQ(dynamic_prefix("topics"), "XFtopics:");
    EXPECT_EQ(make_term(dynamic_prefix("topics"), "crude"), "XFtopics:crude");
    EXPECT_EQ(dynamic_slot_value("topics", "nat-gas"), "topics:nat-gas");
    const std::string long_value(400, 'x');
    EXPECT_LE(make_term(dynamic_prefix("topics"), long_value).size(), kMaxXapianTerm);
    EXPECT_TRUE(schema::is_dynamic_name("topics"));
    EXPECT_TRUE(schema::is_dynamic_name("page_count2"));
    EXPECT_FALSE(schema::is_dynamic_name("page-count"));
    EXPECT_FALSE(schema::is_dynamic_name("Topics"));
    EXPECT_FALSE(schema::is_dynamic_name("2topics"));
    EXPECT_FALSE(schema::is_dynamic_name(std::string(33, 'a')));
    const std::string record =
        encode_dynamic_fields({{"topics", "string", 5}, {"desk", "string", 3}});
    EXPECT_EQ(record, "desk\tstring\t3\ntopics\tstring\t5\n");
    const std::vector<DynamicField> back =
        parse_dynamic_fields(record + "bad line\nBad\tstring\t1\nx\tnumber\t1\n");
    ASSERT_EQ(back.size(), 2U);
    EXPECT_EQ(back[1].name, "topics");
    EXPECT_EQ(back[1].count, 5U);
    const DynamicSchema table(back);
    const schema::Field* topics = table.find("topics");
    ASSERT_NE(topics, nullptr);
    EXPECT_EQ(topics->prefix, "XFtopics:");
    EXPECT_TRUE(is_dynamic(*topics));
    EXPECT_TRUE(schema::has_use(*topics, schema::kFacet));
    EXPECT_EQ(table.find("topic"), nullptr);
}

}  // namespace
}  // namespace newsdex::detail
