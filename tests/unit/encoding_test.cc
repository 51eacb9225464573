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

TEST(Encoding, NumbersHaveOneTextAndSortInTheirSlot) {
    EXPECT_EQ(number_text(450), "450");
    EXPECT_EQ(number_text(450.0), "450");
    EXPECT_EQ(number_text(-0.0), "0");
    EXPECT_EQ(number_text(-12), "-12");
    EXPECT_EQ(number_text(2.5), "2.5");
    EXPECT_EQ(number_text(0.1), "0.1");
    EXPECT_EQ(number_text(1e20), "1e+20");
    EXPECT_EQ(number_text(9007199254740991.0), "9007199254740991");
    // What a query types reads back as the number, whatever its spelling.
    for (const char* typed : {"450", "450.0", "+450", "4.5e2", "0450"}) {
        ASSERT_TRUE(parse_number(typed).has_value()) << typed;
        EXPECT_EQ(number_text(*parse_number(typed)), "450") << typed;
    }
    EXPECT_EQ(parse_number("-2.5"), -2.5);
    EXPECT_EQ(parse_number(".5"), 0.5);
    EXPECT_EQ(parse_number("-0"), 0.0);
    for (const char* bad :
         {"",
          "+",
          "++1",
          "nan",
          "NaN",
          "inf",
          "-Infinity",
          "1e400",
          "0x10",
          "12abc",
          "1,5",
          " 1",
          "1 ",
          "4..5"}) {
        EXPECT_FALSE(parse_number(bad).has_value()) << bad;
    }
    // The slot sorts as the numbers do, negative ones included.
    const std::vector<double> ordered{-1e300, -2.5, -1, 0, 0.5, 1, 2, 450, 1e20};
    for (std::size_t i = 1; i < ordered.size(); ++i) {
        EXPECT_LT(number_value(ordered[i - 1]), number_value(ordered[i])) << ordered[i];
    }
}

TEST(Encoding, NumberFieldsRecordTheirSlot) {
    const std::string record = encode_dynamic_fields(
        {{"words", "number", 5, 17}, {"desk", "string", 3, 0}, {"score", "number", 4, 16}}
    );
    EXPECT_EQ(record, "desk\tstring\t3\nscore\tnumber\t4\t16\nwords\tnumber\t5\t17\n");
    // A number line without its slot, or with a built-in slot, is not a record.
    const std::vector<DynamicField> back = parse_dynamic_fields(
        record + "a\tnumber\t1\nb\tnumber\t1\t15\nc\tnumber\t1\tx\nd\tstring\t1\t16\n"
    );
    ASSERT_EQ(back.size(), 3U);
    EXPECT_EQ(back[1].name, "score");
    EXPECT_TRUE(back[1].is_number());
    EXPECT_EQ(back[1].slot, 16U);
    EXPECT_EQ(back[2].slot, 17U);
    EXPECT_FALSE(back[0].is_number());

    const DynamicSchema table(back);
    const schema::Field* words = table.find("words");
    ASSERT_NE(words, nullptr);
    EXPECT_TRUE(is_number(*words));
    EXPECT_FALSE(is_dynamic(*words));
    EXPECT_EQ(schema::slot_number(words->slot), 17U);
    EXPECT_TRUE(schema::has_use(*words, schema::kRange));
    EXPECT_FALSE(schema::has_use(*words, schema::kFacet));
    EXPECT_EQ(words->prefix, "XFwords:");

    // The kind a field is first given wins; new number fields take the
    // slots after the highest recorded.
    DynamicKinds kinds(back);
    EXPECT_EQ(kinds.claim("desk", kNumberKind).kind, kStringKind);
    EXPECT_EQ(kinds.claim("words", kStringKind).slot, 17U);
    const DynamicField& pages = kinds.claim("pages", kNumberKind);
    EXPECT_TRUE(pages.is_number());
    EXPECT_EQ(pages.slot, 18U);
    EXPECT_EQ(kinds.claim("lang", kStringKind).kind, kStringKind);
    EXPECT_EQ(kinds.claim("rank", kNumberKind).slot, 19U);
    EXPECT_EQ(kinds.claim("pages", kStringKind).slot, 18U);
    DynamicKinds empty;
    EXPECT_EQ(empty.claim("words", kNumberKind).slot, schema::kFirstNumberSlot);
}

}  // namespace
}  // namespace newsdex::detail
