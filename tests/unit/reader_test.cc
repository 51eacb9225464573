// SPDX-License-Identifier: MIT
// Reading articles: front matter, catalogs, ids, titles and dirty bytes.
#include "catalog/reader.h"

#include "catalog/formats.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <tuple>

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

TEST(Reader, AFileThatVanishesIsSaidToHaveVanished) {
    test::TempDir dir;
    test::write_file(dir.path() / "in" / "gone.txt", "Here when the folder was read.");
    test::write_file(dir.path() / "in" / "gone.jsonl", "{\"body\": \"Here too.\"}\n");
    std::vector<InputProblem> problems;
    const auto files = files_of({(dir.path() / "in").string()}, problems);
    ASSERT_EQ(files.size(), 2U);
    std::filesystem::remove(dir.path() / "in" / "gone.txt");
    std::filesystem::remove(dir.path() / "in" / "gone.jsonl");
    const ReadResult r = read_article_file(files[1]);
    EXPECT_FALSE(r.article);
    ASSERT_EQ(r.problems.size(), 1U);
    EXPECT_EQ(
        r.problems[0].message,
        "cannot read: it vanished while the run was reading it (deleted or renamed meanwhile); "
        "nothing read from it"
    );
    const LineReader lines(files[0].file.string());
    EXPECT_FALSE(lines.ok());
    EXPECT_EQ(
        lines.error(),
        "it vanished while the run was reading it (deleted or renamed meanwhile); nothing read "
        "from it"
    );
}

// JSON Lines fields of each type: what is kept, and the one line that says
// what is not. An empty `message` means no problem.
struct FieldRow {
    const char* line;
    const char* message;
};

// clang-format off
const FieldRow kFieldRows[] = {
    {R"({"id": "a", "body": "x"})", ""},
    {R"({"id": 42, "body": "x"})", ""},  // a whole number is its digits
    {R"({"id": 4.5, "body": "x"})", "`id` must be a string, got a number with a fraction (4.5); indexed with the id 'f:1'"},
    {R"({"id": false, "body": "x"})", "`id` must be a string, got a boolean (false); indexed with the id 'f:1'"},
    {R"({"id": null, "body": "x"})", "`id` is null; indexed with the id 'f:1'"},
    {R"({"id": "  ", "body": "x"})", "`id` is empty; indexed with the id 'f:1'"},
    {R"({"title": null, "source": "", "url": null, "body": "x"})", ""},  // none given
    {R"({"title": {"a": 1}, "body": "x"})", "`title` must be a string, got an object; the title is taken from the text"},
    {R"({"headline": [1], "body": "x"})", "`title` must be a string, got an array; the title is taken from the text"},
    {R"({"published": true, "body": "x"})", "`date` must be a string, got a boolean (true); indexed without a date"},
    {R"({"date": "  ", "body": "x"})", "`date` is empty; indexed without a date"},
    {R"({"date": 19870226, "body": "x"})", ""},  // TREC's form, as digits
    {R"({"date": "soon\u2028", "body": "x"})", "bad date 'soon\\u2028': write ISO 8601 such as 2019-01-10 or 2019-06-20T19:00+08:00; indexed without a date"},
    {R"({"source": [], "body": "x"})", "`source` must be a string, got an array; ignored"},
    {R"({"leaders": "Xi Jinping", "body": "x"})", ""},  // a list of one
    {R"({"leaders": [], "countries": [null, ""], "body": "x"})", ""},
    {R"({"people": 7, "body": "x"})", "`people` must be a list of names, got a number; ignored"},
    {R"({"places": true, "body": "x"})", "`places` must be a list of names, got a boolean (true); ignored"},
    {R"({"orgs": ["UN", {}, 2, [], false], "body": "x"})", "`orgs`: item 2 (an object), item 3 (a number), item 4 (an array) and 1 more are not names; left out"},
    {R"({"id": "b"})", "no `body` (or `text`, `content`); line skipped, fix it and index again"},
    {R"({"id": "b", "body": null, "text": 3})", "`body` must be a string, got a number; line skipped, fix it and index again"},
    {R"("just a string")", "a JSON Lines article is a JSON object, this line is a string; line skipped, fix it and index again"},
};

// clang-format on

TEST(Reader, JsonFieldsOfEachType) {
    for (const FieldRow& row : kFieldRows) {
        SCOPED_TRACE(row.line);
        const ReadResult r = article_from_json(row.line, "f.jsonl:1", "f:1");
        if (std::string(row.message).empty()) {
            EXPECT_TRUE(r.problems.empty()) << r.problems.front().message;
            EXPECT_TRUE(r.article);
            continue;
        }
        ASSERT_EQ(r.problems.size(), 1U);
        EXPECT_EQ(r.problems[0].where, "f.jsonl:1");
        EXPECT_EQ(r.problems[0].message, row.message);
    }
    // What is kept of them.
    const ReadResult number = article_from_json(R"({"id": 42, "body": "x"})", "f.jsonl:1", "f:1");
    EXPECT_EQ(number.article->id, "42");
    const ReadResult one =
        article_from_json(R"({"leaders": "Xi Jinping", "body": "x"})", "f.jsonl:1", "f:1");
    EXPECT_EQ(one.article->entities.at("leaders"), std::vector<std::string>{"Xi Jinping"});
    const ReadResult mixed = article_from_json(
        R"({"orgs": ["UN", {}, 2, [], false], "id": true, "body": "x"})", "f.jsonl:1", "f:1"
    );
    EXPECT_EQ(mixed.article->entities.at("orgs"), std::vector<std::string>{"UN"});
    EXPECT_EQ(mixed.article->id, "f:1");
}

TEST(Reader, TrecElementsWithoutTheirCloseTag) {
    const std::string doc =
        "<DOC>\n<DOCNO> D-1\n<HEADLINE>Harbour news</HEADLINE>\n<TEXT>\nFerries sailed.\n</DOC>\n";
    const ReadResult r = article_from_trec(doc, "f.trec:7", "f:7", 7);
    ASSERT_TRUE(r.article);
    EXPECT_EQ(r.article->id, "D-1");  // up to the next tag
    EXPECT_EQ(r.article->title, "Harbour news");
    EXPECT_EQ(r.article->body, "Ferries sailed.\n");
    ASSERT_EQ(r.problems.size(), 2U);
    EXPECT_EQ(r.problems[0].message, "<DOCNO> (line 8) has no </DOCNO>; read up to the next tag");
    EXPECT_EQ(
        r.problems[1].message, "<TEXT> (line 10) has no </TEXT>; read up to the end of the document"
    );
    const ReadResult empty = article_from_trec("<DOC><TEXT> </TEXT></DOC>", "f.trec:1", "f:1", 1);
    ASSERT_EQ(empty.problems.size(), 1U);
    EXPECT_EQ(empty.problems[0].message, "TREC document whose <TEXT> is empty; skipped");
    const ReadResult none = article_from_trec("<DOC><DOCNO>x</DOCNO></DOC>", "f.trec:1", "f:1", 1);
    EXPECT_EQ(
        none.problems.at(0).message,
        "TREC document without text (no <TEXT>, <BODY> or <LP>); skipped"
    );
}

TEST(Reader, CatalogEntriesThatNameNoArticleBesideIt) {
    std::vector<InputProblem> problems;
    const auto catalog = parse_catalog(
        "- file: ../secret.txt\n- file: a.txt\n  title: [x]\n- file: a.txt\n  people: y\n",
        "catalog.yaml",
        problems
    );
    ASSERT_EQ(problems.size(), 3U);
    EXPECT_EQ(problems[0].where, "catalog.yaml:1");
    EXPECT_EQ(
        problems[0].message,
        "`file` '../secret.txt' is not a file name in the catalog's folder (a catalog describes "
        "the "
        "files beside it); entry ignored"
    );
    EXPECT_EQ(problems[1].where, "catalog.yaml:3");
    EXPECT_EQ(
        problems[1].message,
        "`title` must be a string, got a list; the title is taken from the text"
    );
    EXPECT_EQ(problems[2].where, "catalog.yaml:4");
    EXPECT_EQ(
        problems[2].message,
        "a second entry for 'a.txt' (the first is at line 2); this later one is used"
    );
    EXPECT_EQ(catalog->by_file.count("../secret.txt"), 0U);
    EXPECT_EQ(catalog->by_file.at("a.txt").entities.at("people"), std::vector<std::string>{"y"});
}

TEST(Reader, CatalogEntriesWithoutAFileName) {
    std::vector<InputProblem> problems;
    parse_catalog(
        "- a.txt\n- file: [a.txt]\n- file: ''\n- title: no file\n", "catalog.yaml", problems
    );
    ASSERT_EQ(problems.size(), 4U);
    EXPECT_EQ(
        problems[0].message,
        "a catalog entry is a mapping (file: NAME, then its fields), got a string; entry ignored"
    );
    EXPECT_EQ(problems[1].message, "`file` must be a file name, got a list; entry ignored");
    EXPECT_EQ(problems[2].message, "`file` is empty; entry ignored");
    EXPECT_EQ(problems[3].message, "catalog entry without `file: NAME`; entry ignored");
    EXPECT_EQ(problems[3].where, "catalog.yaml:4");
}

TEST(Reader, ACatalogBesideFilesGivenOneByOneIsToldOnce) {
    test::TempDir dir;
    test::write_file(dir.path() / "a.txt", "Alpha.");
    test::write_file(dir.path() / "b.txt", "Beta.");
    test::write_file(dir.path() / "catalog.yaml", "- file: a.txt\n  date: someday\n");
    std::vector<InputProblem> problems;
    const auto files =
        files_of({(dir.path() / "a.txt").string(), (dir.path() / "b.txt").string()}, problems);
    ASSERT_EQ(files.size(), 2U);
    ASSERT_EQ(problems.size(), 1U) << problems[1].message;
    EXPECT_EQ(files[0].catalog, files[1].catalog);
}

}  // namespace
}  // namespace newsdex::detail

namespace newsdex::detail {
namespace {

// Lines as LineReader gives them: their numbers, a run of empty lines
// passed over as one, CRLF, and a line past the limit measured, not kept.
TEST(LineReaderTest, NumbersLinesAndMeasuresLongOnesWithoutKeepingThem) {
    test::TempDir dir;
    const std::string long_line(300 * 1024, 'x');
    std::string text = "first\r\n\n\n\n\r\nsecond\n" + long_line + "\nthird";
    text += std::string(5000, '\n');
    text += "fourth\n";
    test::write_file(dir.path() / "lines.txt", text);
    LineReader reader((dir.path() / "lines.txt").string(), 100 * 1024);
    ASSERT_TRUE(reader.ok());
    std::vector<std::tuple<std::size_t, std::string, std::uint64_t, bool>> got;
    std::string line;
    while (reader.next(line)) {
        got.emplace_back(
            reader.line_number(), line.substr(0, 8), reader.line_size(), reader.too_long()
        );
    }
    const std::vector<std::tuple<std::size_t, std::string, std::uint64_t, bool>> expected{
        {1, "first", 5, false},
        {2, "", 0, false},  // lines 2 to 5, one empty line
        {6, "second", 6, false},
        {7, "xxxxxxxx", long_line.size(), true},
        {8, "third", 5, false},
        {9, "", 0, false},  // 4,999 empty lines
        {5008, "fourth", 6, false},
    };
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(reader.error().empty());
}

TEST(LineReaderTest, SizesAndFileKinds) {
    EXPECT_EQ(size_text(512), "512 bytes");
    EXPECT_EQ(size_text(1536), "2 KB");
    EXPECT_EQ(size_text(std::uint64_t{2} << 30), "2048 MB");
    EXPECT_EQ(size_text(std::uint64_t{20} << 30), "20 GB");
    EXPECT_EQ(file_kind("Report.PDF"), ".pdf");
    EXPECT_EQ(file_kind("dump.csv.gz"), ".csv.gz");
    EXPECT_EQ(file_kind("README"), "without an extension");
    EXPECT_EQ(file_kind("forged.\nnewsdex-index: x"), "with other names");
    EXPECT_EQ(file_kind("trailing."), "with other names");
    EXPECT_EQ(format_of("feed.json.gz"), Format::kJson);
}

}  // namespace
}  // namespace newsdex::detail
