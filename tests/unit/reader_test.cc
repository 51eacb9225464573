// SPDX-License-Identifier: MIT
// Reading articles: front matter, catalogs, ids, titles and dirty bytes.
#include "catalog/reader.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace newsdex::detail {
namespace {

std::vector<InputFile>
files_of(const std::vector<std::string>& inputs, std::vector<InputProblem>& problems) {
    std::vector<InputFile> files;
    enumerate_inputs(
        inputs,
        [&](InputFile f) { files.push_back(std::move(f)); },
        [&](const InputProblem& p) { problems.push_back(p); }
    );
    return files;
}

TEST(Reader, ReadsTheCorpusWithItsCatalog) {
    std::vector<InputProblem> problems;
    const std::string corpus = (test::source_dir() / "corpus").string();
    const auto files = files_of({corpus}, problems);
    EXPECT_TRUE(problems.empty());
    ASSERT_EQ(files.size(), 5U);
    const ReadResult r = read_article_file(files[3]);
    ASSERT_TRUE(r.article);
    EXPECT_EQ(r.article->id, "003_77f9973bf1b05105");
    EXPECT_EQ(r.article->source, "Zee News");
    EXPECT_EQ(r.article->date->ymd(), "2018-06-19");
    EXPECT_EQ(r.article->path, corpus + "/003_77f9973bf1b05105.txt");
    EXPECT_EQ(r.article->body, test::read_file(files[3].file));  // byte for byte
}

TEST(Reader, FrontMatterCatalogAndDerivedFields) {
    test::TempDir dir;
    test::write_file(
        dir.path() / "in" / "sub" / "a.md",
        "---\ntitle: Own title\ndate: 2019-06-20T19:00+08:00\nleaders: [Xi Jinping]\n---\nBody "
        "text. More.\n"
    );
    test::write_file(
        dir.path() / "in" / "b.txt", "---\nsource: Front\n---\nFirst sentence here. Second.\n"
    );
    test::write_file(
        dir.path() / "in" / "catalog.yaml",
        "- file: b.txt\n  source: Catalog\n  id: bee\n- file: gone.txt\n  title: x\n"
    );
    std::vector<InputProblem> problems;
    const auto files = files_of({(dir.path() / "in").string()}, problems);
    ASSERT_EQ(files.size(), 2U);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].message.find("no file 'gone.txt'"), std::string::npos);
    EXPECT_NE(problems[0].where.find("catalog.yaml:4"), std::string::npos) << problems[0].where;

    const ReadResult b = read_article_file(files[0]);
    ASSERT_TRUE(b.article);
    EXPECT_EQ(b.article->id, "bee");
    EXPECT_EQ(b.article->source, "Catalog");  // the catalog wins
    EXPECT_EQ(b.article->title, "First sentence here.");
    EXPECT_EQ(b.article->body, "First sentence here. Second.\n");

    const ReadResult a = read_article_file(files[1]);
    ASSERT_TRUE(a.article);
    EXPECT_EQ(a.article->id, "sub/a");
    EXPECT_EQ(a.article->title, "Own title");
    EXPECT_EQ(a.article->date->offset_minutes, 480);
    EXPECT_EQ(a.article->entities.at("leaders"), std::vector<std::string>{"Xi Jinping"});
}

TEST(Reader, ReportsBadInputAndKeepsWhatItCan) {
    test::TempDir dir;
    const auto p = dir.path();
    test::write_file(p / "empty.txt", "  \n\t\n");
    test::write_file(p / "binary.txt", std::string("abc\0def", 7));
    test::write_file(p / "badyaml.md", "---\ntitle: [unclosed\n---\nThe body survives.\n");
    test::write_file(p / "baddate.md", "---\ndate: 10/01/2019\n---\nDated badly.\n");
    test::write_file(p / "dirty.txt", "\xEF\xBB\xBFLine one\r\nbad \xFF byte\x07 here\rend");
    std::vector<InputProblem> problems;
    const auto files = files_of({p.string()}, problems);
    ASSERT_EQ(files.size(), 5U);
    std::map<std::string, ReadResult> by_name;
    for (const InputFile& f : files) {
        by_name[f.file.filename().string()] = read_article_file(f);
    }
    EXPECT_FALSE(by_name["empty.txt"].article);
    EXPECT_TRUE(by_name["empty.txt"].problems.at(0).rejected);
    EXPECT_FALSE(by_name["binary.txt"].article);
    EXPECT_NE(
        by_name["binary.txt"].problems.at(0).message.find("NUL byte at byte 3"), std::string::npos
    );
    ASSERT_TRUE(by_name["badyaml.md"].article);
    EXPECT_EQ(by_name["badyaml.md"].article->body, "The body survives.\n");
    EXPECT_NE(by_name["badyaml.md"].problems.at(0).where.find("badyaml.md:"), std::string::npos);
    ASSERT_TRUE(by_name["baddate.md"].article);
    EXPECT_FALSE(by_name["baddate.md"].article->date);
    EXPECT_NE(
        by_name["baddate.md"].problems.at(0).message.find("bad date '10/01/2019'"),
        std::string::npos
    );
    ASSERT_TRUE(by_name["dirty.txt"].article);
    EXPECT_EQ(by_name["dirty.txt"].article->body, "Line one\nbad \xEF\xBF\xBD byte  here\nend");
    EXPECT_EQ(by_name["dirty.txt"].problems.size(), 2U);
}

TEST(Reader, NamesMissingAndUnsupportedInputs) {
    test::TempDir dir;
    test::write_file(dir.path() / "x.pdf", "%PDF");
    std::vector<InputProblem> problems;
    files_of({(dir.path() / "nope").string(), (dir.path() / "x.pdf").string()}, problems);
    ASSERT_EQ(problems.size(), 2U);
    EXPECT_NE(problems[0].message.find("no such file"), std::string::npos);
    EXPECT_NE(problems[1].message.find("unsupported file type"), std::string::npos);
    EXPECT_TRUE(problems[0].rejected && problems[1].rejected);
}

TEST(Reader, FollowsSymlinksOnceAndNeverLoops) {
    test::TempDir dir;
    const auto p = dir.path();
    test::write_file(p / "root" / "a.txt", "Alpha text.");
    std::filesystem::create_directory_symlink(p / "root", p / "root" / "loop");
    std::vector<InputProblem> problems;
    const auto files = files_of({(p / "root").string()}, problems);
    EXPECT_EQ(files.size(), 1U);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].message.find("loop"), std::string::npos);
}

}  // namespace
}  // namespace newsdex::detail
