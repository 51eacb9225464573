// SPDX-License-Identifier: MIT
// Ranking quality, measured: nDCG@10 and P@5 of newsdex against plain Xapian
// (TermGenerator + QueryParser + BM25, no boosts, no aliases) on the same
// articles and the judged queries of bench/relevance/judgments.tsv, in one
// run. Odd-numbered queries are the tuning half, even-numbered the test half.
//   newsdex-relevance SOURCE_DIR [WORK_DIR]
#include "newsdex/newsdex.h"

#include "catalog/reader.h"
#include "relevance/metrics.h"

#include <xapian.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Query {
    std::string id;
    std::string text;
    newsdex::bench::Grades grades;
};

std::vector<Query> read_judgments(const fs::path& file) {
    std::vector<Query> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream cells(line);
        std::string qid;
        std::string text;
        std::string doc;
        std::string grade;
        std::getline(cells, qid, '\t');
        std::getline(cells, text, '\t');
        std::getline(cells, doc, '\t');
        std::getline(cells, grade, '\t');
        if (out.empty() || out.back().id != qid) {
            out.push_back({qid, text, {}});
        }
        out.back().grades[doc] = std::stoi(grade);
    }
    return out;
}

// Plain Xapian: what a developer gets from the library's defaults.
void build_plain(const std::vector<std::string>& inputs, const std::string& path) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    newsdex::detail::enumerate_inputs(
        inputs,
        [&](newsdex::detail::InputFile file) {
            const auto read = newsdex::detail::read_article_file(file);
            if (!read.article) {
                return;
            }
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(read.article->title, 1, "S");
            tg.index_text(read.article->title);
            tg.increase_termpos();
            tg.index_text(read.article->body);
            doc.add_boolean_term("Q" + read.article->id);
            doc.set_data(read.article->id);
            db.replace_document("Q" + read.article->id, doc);
        },
        [](const newsdex::InputProblem&) {}
    );
    db.commit();
}

std::vector<std::string> plain_search(const Xapian::Database& db, const std::string& text) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_database(db);
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query(text));
    std::vector<std::string> out;
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back(it.get_document().get_data());
    }
    return out;
}

std::vector<std::string>
newsdex_search(const newsdex::Searcher& searcher, const std::string& text) {
    newsdex::SearchRequest request;
    request.query = text;
    request.limit = 10;
    request.suggest = false;
    std::vector<std::string> out;
    for (const newsdex::Hit& hit : searcher.search(request).hits) {
        out.push_back(hit.id);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: newsdex-relevance SOURCE_DIR [WORK_DIR]\n";
        return 2;
    }
    const fs::path source = argv[1];
    const fs::path work =
        argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "newsdex-relevance";
    fs::remove_all(work);
    fs::create_directories(work);
    const std::vector<std::string> inputs{
        (source / "corpus").string(),
        (source / "tests" / "fixtures" / "entities").string(),
        (source / "tests" / "fixtures" / "articles").string()};

    newsdex::IndexOptions options;
    options.db_path = (work / "newsdex.db").string();
    newsdex::index_inputs(options, inputs);
    build_plain(inputs, (work / "plain.db").string());
    const newsdex::Searcher searcher({options.db_path});
    const Xapian::Database plain((work / "plain.db").string());

    const std::vector<Query> queries =
        read_judgments(source / "bench" / "relevance" / "judgments.tsv");
    std::printf(
        "%-5s %-45s %9s %9s %7s %7s\n", "query", "", "nDCG plain", "newsdex", "P@5 plain", "newsdex"
    );
    std::map<std::string, std::array<double, 5>>
        sums;  // split -> ndcg plain, ndcg ours, p5 plain, p5 ours, n
    for (const Query& q : queries) {
        const auto a = plain_search(plain, q.text);
        const auto b = newsdex_search(searcher, q.text);
        const double na = newsdex::bench::ndcg_at(a, q.grades, 10);
        const double nb = newsdex::bench::ndcg_at(b, q.grades, 10);
        const double pa = newsdex::bench::precision_at(a, q.grades, 5);
        const double pb = newsdex::bench::precision_at(b, q.grades, 5);
        const int number = std::stoi(q.id.substr(1));
        auto& s = sums[number % 2 == 1 ? "tune (odd)" : "test (even)"];
        s[0] += na;
        s[1] += nb;
        s[2] += pa;
        s[3] += pb;
        s[4] += 1;
        std::printf(
            "%-5s %-45s %9.3f %9.3f %7.2f %7.2f\n", q.id.c_str(), q.text.c_str(), na, nb, pa, pb
        );
    }
    std::printf(
        "\n%-12s %8s %12s %12s %10s %10s\n",
        "split",
        "queries",
        "nDCG@10 plain",
        "newsdex",
        "P@5 plain",
        "newsdex"
    );
    for (const auto& [split, s] : sums) {
        std::printf(
            "%-12s %8.0f %12.3f %12.3f %10.3f %10.3f\n",
            split.c_str(),
            s[4],
            s[0] / s[4],
            s[1] / s[4],
            s[2] / s[4],
            s[3] / s[4]
        );
    }
    return 0;
}
