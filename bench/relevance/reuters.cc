// SPDX-License-Identifier: MIT
// Ranking quality on real news: Reuters-21578 (bench/relevance.sh gives the
// way to prepare it), its editors' topic labels as binary judgements, one
// query per topic written beforehand (bench/relevance/reuters-queries.tsv).
// The `topics` field is taken out of every article before indexing. Three
// systems on the same articles, in one run:
//  - newsdex, as the library ranks (Searcher, the first 100 hits);
//  - plain Xapian with Omega's settings (omindex: TermGenerator with the
//    English stemmer, the title under `S` with wdf 5, then the body; omega:
//    QueryParser with the English stemmer, STEM_SOME, Omega's stopper, an
//    unprefixed word searching the body and `S`, BM25 defaults), bare words
//    ANDed;
//  - the same, bare words ORed (Omega's DEFAULTOP=or).
// Reports P@10, nDCG@10, MAP@100 and recall@100 on the tuning and the test
// half, per query and on average, and writes the averages as TSV. With
// --check FILE, also on the queries of FILE (half `check`: the 30 most
// frequent topics, never tuned on), in the same run.
//   newsdex-relevance-reuters ARTICLES.jsonl QUERIES.tsv WORK_DIR [--reuse] [--check FILE]
// --reuse keeps the indexes an earlier run left in WORK_DIR (delete one to
// build it again): for when only the searching changed.
#include "newsdex/newsdex.h"

#include "relevance/metrics.h"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using newsdex::bench::Grades;
using newsdex::bench::Measures;

struct Query {
    std::string topic;
    std::string half;  // "tune", "test" or "check"
    std::string text;
};

std::vector<Query> read_queries(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    std::vector<Query> out;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream cells(line);
        Query q;
        std::getline(cells, q.topic, '\t');
        std::getline(cells, q.half, '\t');
        std::getline(cells, q.text, '\t');
        if (q.text.empty() || (q.half != "tune" && q.half != "test" && q.half != "check")) {
            throw std::runtime_error(
                file.string() + ":" + std::to_string(number)
                + ": expected TOPIC <tab> tune|test|check <tab> QUERY <tab> HOW"
            );
        }
        out.push_back(q);
    }
    return out;
}

std::string id_text(const nlohmann::json& id) {
    return id.is_string() ? id.get<std::string>() : id.dump();
}

struct Collection {
    std::map<std::string, std::vector<std::string>> topics;  // id -> topics
    std::vector<std::pair<std::string, std::string>> text;   // title, body (for plain Xapian)
    std::vector<std::string> ids;
};

// Reads the prepared collection; writes it without `topics` to `stripped`.
Collection strip_topics(const fs::path& articles, const fs::path& stripped) {
    std::ifstream in(articles);
    if (!in) {
        throw std::runtime_error("cannot read " + articles.string());
    }
    std::ofstream out(stripped);
    Collection c;
    std::string line;
    while (std::getline(in, line)) {
        nlohmann::json a = nlohmann::json::parse(line);
        const std::string id = id_text(a.at("id"));
        c.topics[id] = a.value("topics", std::vector<std::string>{});
        a.erase("topics");
        c.ids.push_back(id);
        c.text.emplace_back(a.value("title", ""), a.value("body", ""));
        out << a.dump() << '\n';
    }
    return c;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// omindex's indexing of a document with a title (index_file.cc).
void build_omega(const Collection& c, const std::string& path) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    for (std::size_t i = 0; i < c.ids.size(); ++i) {
        Xapian::Document doc;
        tg.set_document(doc);
        const auto& [title, body] = c.text[i];
        if (!title.empty()) {
            tg.index_text(title, 5, "S");
            tg.increase_termpos(100);
        }
        tg.index_text(body);
        doc.add_boolean_term("Q" + c.ids[i]);
        doc.set_data(c.ids[i]);
        db.replace_document("Q" + c.ids[i], doc);
    }
    db.commit();
}

// Omega's query-time stopper (query.cc, MyStopper).
class OmegaStopper : public Xapian::Stopper {
  public:
    bool operator()(const std::string& t) const override { return words_.count(t) != 0; }

  private:
    std::set<std::string> words_{"a",     "about", "an",  "and",  "are",  "as",   "at",
                                 "be",    "by",    "en",  "for",  "from", "how",  "i",
                                 "in",    "is",    "it",  "of",   "on",   "or",   "that",
                                 "the",   "this",  "to",  "was",  "what", "when", "where",
                                 "which", "who",   "why", "will", "with", "you",  "your"};
};

std::vector<std::string>
omega_search(const Xapian::Database& db, const std::string& text, Xapian::Query::op op) {
    Xapian::QueryParser qp;
    OmegaStopper stopper;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(&stopper);
    qp.set_default_op(op);
    qp.set_database(db);
    qp.add_prefix("", "");
    qp.add_prefix("", "S");
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query(text));
    std::vector<std::string> out;
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.push_back(it.get_document().get_data());
    }
    return out;
}

std::vector<std::string>
newsdex_search(const newsdex::Searcher& searcher, const std::string& text, bool folded = false) {
    newsdex::SearchRequest request;
    request.query = text;
    request.fold_similar = folded;
    request.limit = 100;
    request.suggest = false;
    request.snippet.length = 0;
    std::vector<std::string> out;
    for (const newsdex::Hit& hit : searcher.search(request).hits) {
        out.push_back(hit.id);
    }
    return out;
}

// newsdex-folded: as newsdex-search shows them by default, near-identical
// stories folded (one of each group in the list).
constexpr const char* kSystems[] = {"newsdex", "xapian-and", "xapian-or", "newsdex-folded"};

struct Options {
    fs::path articles;
    fs::path queries;
    fs::path work;
    fs::path check;  // empty: none
    bool reuse = false;
};

Options read_options(int argc, char** argv) {
    Options o;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--reuse") {
            o.reuse = true;
        } else if (arg == "--check" && i + 1 < argc) {
            o.check = argv[++i];
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 3) {
        throw std::invalid_argument(
            "usage: newsdex-relevance-reuters ARTICLES.jsonl QUERIES.tsv WORK_DIR [--reuse] "
            "[--check FILE]"
        );
    }
    o.articles = positional[0];
    o.queries = positional[1];
    o.work = positional[2];
    return o;
}

// Each topic's rank by article count (ties in name order), and its count.
std::map<std::string, std::pair<std::size_t, std::size_t>> topic_ranks(const Collection& c) {
    std::map<std::string, std::size_t> counts;
    for (const auto& [id, topics] : c.topics) {
        for (const std::string& t : std::set<std::string>(topics.begin(), topics.end())) {
            ++counts[t];
        }
    }
    std::vector<std::pair<std::size_t, std::string>> order;
    for (const auto& [t, n] : counts) {
        order.emplace_back(n, t);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first > b.first;
    });
    std::map<std::string, std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < order.size(); ++i) {
        out[order[i].second] = {i + 1, order[i].first};
    }
    return out;
}

void index_all(const Options& o, const Collection& c, const fs::path& stripped) {
    const fs::path ours = o.work / "newsdex.db";
    const fs::path omega = o.work / "omega.db";
    if (o.reuse && fs::exists(ours)) {
        std::printf("newsdex: index of an earlier run kept (--reuse)\n");
    } else {
        fs::remove_all(ours);
        const auto start = std::chrono::steady_clock::now();
        newsdex::IndexOptions options;
        options.db_path = ours.string();
        newsdex::IndexCallbacks callbacks;
        callbacks.on_problem = [](const newsdex::InputProblem& p) {
            std::cerr << "newsdex-index: " << p.where << ": " << p.message << '\n';
        };
        const newsdex::IndexReport report =
            newsdex::index_inputs(options, {stripped.string()}, callbacks);
        std::printf(
            "newsdex: %llu articles indexed in %.1f s\n",
            static_cast<unsigned long long>(report.added),
            seconds_since(start)
        );
    }
    if (o.reuse && fs::exists(omega)) {
        std::printf("plain Xapian: index of an earlier run kept (--reuse)\n");
    } else {
        const auto start = std::chrono::steady_clock::now();
        build_omega(c, omega.string());
        std::printf(
            "plain Xapian (omindex settings): %zu articles indexed in %.1f s\n",
            c.ids.size(),
            seconds_since(start)
        );
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = read_options(argc, argv);
        fs::create_directories(o.work);
        const fs::path stripped = o.work / "articles.jsonl";
        const Collection c = strip_topics(o.articles, stripped);
        std::vector<Query> queries = read_queries(o.queries);
        if (!o.check.empty()) {
            for (Query& q : read_queries(o.check)) {
                queries.push_back(std::move(q));
            }
        }
        const auto ranks = topic_ranks(c);
        index_all(o, c, stripped);

        const newsdex::Searcher searcher({(o.work / "newsdex.db").string()});
        const Xapian::Database omega((o.work / "omega.db").string());
        std::map<std::string, std::map<std::string, std::vector<Measures>>>
            by_half;  // half -> system -> queries
        std::printf(
            "\n%-16s %-4s %4s %4s  %-20s %23s %23s\n",
            "topic",
            "half",
            "rank",
            "rel",
            "query",
            "nDCG@10 ours/AND/OR",
            "MAP@100 ours/AND/OR"
        );
        for (const Query& q : queries) {
            Grades grades;
            for (const auto& [id, topics] : c.topics) {
                if (std::find(topics.begin(), topics.end(), q.topic) != topics.end()) {
                    grades[id] = 1;
                }
            }
            const std::vector<std::vector<std::string>> ranked{
                newsdex_search(searcher, q.text),
                omega_search(omega, q.text, Xapian::Query::OP_AND),
                omega_search(omega, q.text, Xapian::Query::OP_OR),
                newsdex_search(searcher, q.text, true)};
            std::vector<Measures> m;
            for (std::size_t s = 0; s < ranked.size(); ++s) {
                m.push_back(newsdex::bench::measure(ranked[s], grades));
                by_half[q.half][kSystems[s]].push_back(m.back());
            }
            const auto rank = ranks.count(q.topic) != 0 ? ranks.at(q.topic)
                                                        : std::pair<std::size_t, std::size_t>{0, 0};
            std::printf(
                "%-16s %-4s %4zu %4zu  %-20s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f\n",
                q.topic.c_str(),
                q.half.c_str(),
                rank.first,
                rank.second,
                q.text.c_str(),
                m[0].ndcg10,
                m[1].ndcg10,
                m[2].ndcg10,
                m[0].map100,
                m[1].map100,
                m[2].map100
            );
        }

        std::ofstream tsv(o.work / "results.tsv");
        tsv << "half\tsystem\tqueries\tP@10\tnDCG@10\tMAP@100\trecall@100\n";
        std::printf(
            "\n%-5s %-14s %7s %7s %8s %8s %10s\n",
            "half",
            "system",
            "queries",
            "P@10",
            "nDCG@10",
            "MAP@100",
            "recall@100"
        );
        for (const char* half : {"tune", "test", "check"}) {
            for (const char* system : kSystems) {
                const auto& all = by_half[half][system];
                if (all.empty()) {
                    continue;
                }
                const Measures m = newsdex::bench::mean(all);
                std::printf(
                    "%-5s %-14s %7zu %7.3f %8.3f %8.3f %10.3f\n",
                    half,
                    system,
                    all.size(),
                    m.p10,
                    m.ndcg10,
                    m.map100,
                    m.recall100
                );
                tsv << half << '\t' << system << '\t' << all.size() << '\t' << m.p10 << '\t'
                    << m.ndcg10 << '\t' << m.map100 << '\t' << m.recall100 << '\n';
            }
        }
        std::printf("\n");
        for (const char* half : {"tune", "test", "check"}) {
            const auto& ours = by_half[half]["newsdex"];
            if (ours.empty()) {
                continue;
            }
            const Measures n = newsdex::bench::mean(ours);
            const Measures a = newsdex::bench::mean(by_half[half]["xapian-and"]);
            const Measures r = newsdex::bench::mean(by_half[half]["xapian-or"]);
            std::printf(
                "%-5s nDCG@10 newsdex / xapian-and = %.4f; MAP@100 newsdex - xapian-or = %+.4f\n",
                half,
                a.ndcg10 > 0 ? n.ndcg10 / a.ndcg10 : 0.0,
                n.map100 - r.map100
            );
        }
        std::printf("\n(averages also in %s)\n", (o.work / "results.tsv").c_str());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "newsdex-relevance-reuters: " << e.what() << '\n';
        return 2;
    }
}
