// SPDX-License-Identifier: MIT
// Names typed in queries: a name field's value resolved against the
// gazetteer and the index, and names typed as bare words.
#include "entities/names.h"

#include "newsdex/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace newsdex::detail {
namespace {

// The values of one field in an index, as a sorted list.
class Values : public IndexedNames {
  public:
    explicit Values(std::vector<std::string> values) : values_(std::move(values)) {
        std::sort(values_.begin(), values_.end());
    }

    bool contains(const std::string& folded) const override {
        return std::binary_search(values_.begin(), values_.end(), folded);
    }

    void each(const std::function<bool(const std::string&)>& visit) const override {
        for (const std::string& v : values_) {
            if (!visit(v)) {
                return;
            }
        }
    }

  private:
    std::vector<std::string> values_;
};

class NamesTest : public ::testing::Test {
  protected:
    NamesTest()
        : gazetteer_(Gazetteer::from_texts(
            analyzer_,
            {{"test.tsv",
              "leader\tXi Jinping\t\xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3\tXi!\t\tChina\t\n"
              "leader\tKim Jong-un\tKim Jong Un\tKim\t\t\t\n"
              "person\tKim Yo-jong\t\tKim\t\t\t\n"
              "country\tUnited States\tUS | America\t\tAmerican\t\t\n"
              "country\tMongolia\t\t\tMongolian\t\t\n"}}
        )) {}

    std::vector<std::string>
    resolve(const char* field, const std::string& typed, const Values& indexed) const {
        const NameResolver resolver(*schema::find_field(field), gazetteer_.get(), indexed);
        std::vector<std::string> out;
        for (const NameValue& v : resolver.resolve(analyzer_.fold(typed), typed)) {
            out.push_back(v.folded + "=" + v.shown);
        }
        return out;
    }

    Analyzer analyzer_;
    std::shared_ptr<const Gazetteer> gazetteer_;
};

using Strings = std::vector<std::string>;

TEST_F(NamesTest, ResolvesEntityFieldsThroughTheGazetteer) {
    const Values none({});
    // Any name, any case, any script.
    EXPECT_EQ(resolve("leader", "xi", none), Strings{"xi jinping=Xi Jinping"});
    EXPECT_EQ(
        resolve("leader", "\xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3", none),
        Strings{"xi jinping=Xi Jinping"}
    );
    EXPECT_EQ(resolve("country", "us", none), Strings{"united states=United States"});
    // A leader is also a person (the schema's also_counts_as); not the reverse.
    EXPECT_EQ(resolve("person", "Xi", none), Strings{"xi jinping=Xi Jinping"});
    EXPECT_TRUE(resolve("leader", "Kim Yo-jong", none).empty());
    // A short name shared by several: each that fills the field.
    EXPECT_EQ(
        resolve("person", "kim", none),
        (Strings{"kim jong un=Kim Jong-un", "kim yo jong=Kim Yo-jong"})
    );
}

TEST_F(NamesTest, ResolvesOtherValuesInTheIndex) {
    const Values sources({"arirang news", "zee news", "the korea times"});
    // source is not resolved by the gazetteer (schema::Entity).
    EXPECT_EQ(resolve("source", "Arirang News", sources), Strings{"arirang news=Arirang News"});
    EXPECT_EQ(
        resolve("source", "news", sources),
        (Strings{"arirang news=arirang news", "zee news=zee news"})
    );
    EXPECT_EQ(resolve("source", "korea", sources), Strings{"the korea times=the korea times"});
    EXPECT_TRUE(resolve("source", "kore", sources).empty());
    // A name the gazetteer lacks is looked up in the index too.
    const Values leaders({"fumio kishida", "xi jinping"});
    EXPECT_EQ(resolve("leader", "kishida", leaders), Strings{"fumio kishida=fumio kishida"});
}

TEST_F(NamesTest, SuggestsTheClosestValues) {
    const Values leaders({"vladimir putin", "xi jinping", "donald trump", "moon jae in"});
    const NameResolver resolver(schema::field("leader"), gazetteer_.get(), leaders);
    EXPECT_EQ(resolver.closest("putn"), "vladimir putin, moon jae in");
    EXPECT_EQ(resolver.closest("trum"), "donald trump");
    EXPECT_EQ(resolver.closest("zzzzzzzzzzzz"), "");
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(folded_words("kim jong un"), (Strings{"kim", "jong", "un"}));
}

TEST_F(NamesTest, FindsNamesTypedAsWords) {
    const auto at = [&](const Strings& typed, std::size_t w) -> std::string {
        std::vector<std::vector<std::string>> words;
        for (const std::string& t : typed) {
            words.push_back(folded_words(analyzer_.fold(t)));
        }
        const std::optional<TypedName> name = name_at(*gazetteer_, words, typed, w);
        if (!name) {
            return "-";
        }
        return gazetteer_->entities()[name->entity].name + "@" + std::to_string(name->last);
    };
    EXPECT_EQ(at({"Kim", "Jong", "Un", "summit"}, 0), "Kim Jong-un@2");
    EXPECT_EQ(at({"Kim", "Jong-Un"}, 0), "Kim Jong-un@1");
    EXPECT_EQ(at({"summit", "Xi"}, 1), "Xi Jinping@1");
    // A short name of several people, and a demonym, are not names here.
    EXPECT_EQ(at({"Kim"}, 0), "-");
    EXPECT_EQ(at({"American"}, 0), "-");
    // Two-letter acronyms only in capitals.
    EXPECT_EQ(at({"US"}, 0), "United States@0");
    EXPECT_EQ(at({"us"}, 0), "-");
}

TEST_F(NamesTest, SearchesAnEntityByItsOtherNames) {
    const auto names_of = [&](const std::string& name) {
        std::string out;
        const std::uint32_t id = gazetteer_->lookup(analyzer_.fold(name)).front();
        for (const Name* n : search_names(*gazetteer_, id)) {
            std::string shown;
            for (const std::string& t : n->terms) {
                shown += (shown.empty() ? "" : " ") + t;
            }
            out += (out.empty() ? "" : " | ") + shown;
        }
        return out;
    };
    EXPECT_EQ(names_of("Xi Jinping"), "xi jinping | \xE4\xB9\xA0 \xE8\xBF\x91 \xE5\xB9\xB3 | xi");
    // A country by its demonym too.
    EXPECT_EQ(names_of("Mongolia"), "mongolia | mongolian");
}

}  // namespace
}  // namespace newsdex::detail
