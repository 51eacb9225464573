// SPDX-License-Identifier: MIT
// Search latency, measured: a fixed mix of 200 queries of ten kinds, run
// through libnewsdex in process (10 hits, snippets, exact facet counts for
// leader, country and year) and through plain Xapian (QueryParser + Enquire,
// top 10, no snippets, no facets) on a database of the same articles; and a
// sample as whole processes: newsdex-search against Xapian's `quest`.
//   newsdex-search-bench NEWSDEX_DB PLAIN_DB NEWS.jsonl [NEWSDEX_SEARCH_BIN]
#include "newsdex/newsdex.h"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFacetSample = 10000;

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

  private:
    std::uint64_t state_;
};

struct Query {
    std::string kind;
    std::string text;
};

// Ten kinds of query, twenty each, drawn from a sample of the articles.
std::vector<Query> make_queries(const std::string& jsonl) {
    std::ifstream in(jsonl);
    std::string line;
    std::map<std::string, std::size_t> freq;
    std::vector<std::vector<std::string>> sentences;
    std::vector<std::string> names;
    const newsdex::Analyzer analyzer;
    for (int i = 0; i < 3000 && std::getline(in, line); ++i) {
        const nlohmann::json a = nlohmann::json::parse(line);
        const std::string body = a["body"];
        std::vector<std::string> words;
        for (const newsdex::Token& t : analyzer.tokens(body)) {
            if (t.kind == newsdex::TokenKind::kWord && !analyzer.is_stopword(t.term)
                && t.term.size() > 3) {
                ++freq[t.term];
                words.push_back(t.term);
            }
        }
        sentences.push_back(words);
        // Names mentioned with titles ("President Xi Jinping"): capitalised pairs.
        const std::size_t at = body.find("President ");
        if (at != std::string::npos) {
            std::istringstream rest(body.substr(at + 10));
            std::string first;
            std::string second;
            rest >> first >> second;
            if (!first.empty() && !second.empty()
                && std::isupper(static_cast<unsigned char>(second[0])) != 0) {
                second.erase(
                    std::remove_if(
                        second.begin(), second.end(), [](char c) { return c == '.' || c == ','; }
                    ),
                    second.end()
                );
                names.push_back(first + " " + second);
            }
        }
    }
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& [w, n] : freq) {
        ranked.emplace_back(n, w);
    }
    std::sort(ranked.rbegin(), ranked.rend());
    const std::size_t v = ranked.size();
    const auto mid = [&](Rng& r) {
        return ranked[v / 20 + r.below(v / 5)].second;
    };
    const auto common = [&](Rng& r) {
        return ranked[r.below(std::min<std::size_t>(30, v))].second;
    };
    const auto rare = [&](Rng& r) {
        std::string w;
        do {
            w = ranked[v - 1 - r.below(v / 4)].second;
        } while (w.empty());
        return w;
    };
    Rng rng(7);
    std::vector<Query> out;
    for (int i = 0; i < 20; ++i) {
        out.push_back({"one word", mid(rng)});
        out.push_back({"two words", mid(rng) + " " + mid(rng)});
        out.push_back({"three words", mid(rng) + " " + mid(rng) + " " + common(rng)});
        const auto& s = sentences[rng.below(sentences.size())];
        const std::size_t at = s.size() > 3 ? rng.below(s.size() - 2) : 0;
        out.push_back({"phrase", s.size() > 3 ? "\"" + s[at] + " " + s[at + 1] + "\"" : mid(rng)});
        out.push_back({"name", names.empty() ? mid(rng) : names[rng.below(names.size())]});
        out.push_back(
            {"entity+word",
             "leader:"
                 + (names.empty() ? std::string("Xi") : "\"" + names[rng.below(names.size())] + "\""
                 )
                 + " " + common(rng)}
        );
        const std::size_t y = 1990 + rng.below(30);
        out.push_back(
            {"date+word",
             "date:" + std::to_string(y) + ".." + std::to_string(y + 2) + " " + mid(rng)}
        );
        out.push_back({"rare word", rare(rng)});
        out.push_back({"common word", common(rng)});
        out.push_back({"two common", common(rng) + " " + common(rng)});
    }
    return out;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    if (v.empty()) {
        return 0;
    }
    const std::size_t i = std::min(
        v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)
    );
    return v[i];
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double run_process(const std::vector<std::string>& argv) {
    const auto t = Clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        std::vector<char*> args;
        for (const std::string& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    waitpid(pid, nullptr, 0);
    return ms_since(t);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr
            << "usage: newsdex-search-bench NEWSDEX_DB PLAIN_DB NEWS.jsonl [NEWSDEX_SEARCH_BIN "
               "[BEFORE_BIN [BEFORE_DB]]]\n";
        return 2;
    }
    const std::string ours = argv[1];
    const std::string plain_path = argv[2];
    std::vector<Query> queries = make_queries(argv[3]);
    // NEWSDEX_BENCH_KIND=name: only that kind, each query's times printed.
    const char* only = std::getenv("NEWSDEX_BENCH_KIND");
    if (only != nullptr && *only != '\0') {
        std::erase_if(queries, [&](const Query& q) { return q.kind != only; });
    }
    const newsdex::Searcher searcher({ours});
    const Xapian::Database plain(plain_path);
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.add_prefix("title", "S");
    qp.set_database(plain);

    std::map<std::string, std::vector<double>> ours_ms;
    std::map<std::string, std::vector<double>> plain_ms;
    std::map<std::string, std::vector<double>> snippet_ms;
    std::map<std::string, std::vector<double>> core_ms;
    std::map<std::string, std::vector<double>> facet_ms;
    std::vector<double> all_core;
    std::vector<double> all_sampled;
    std::vector<double> all_facets;
    std::vector<double> plain_snippet_ms;
    std::vector<double> all_ours;
    std::vector<double> all_plain;
    std::vector<double> all_snippets;
    std::vector<double> all_snippets_beside_facets;  // full less full without snippets
    // Near-identical stories folded (newsdex-search's default): full and core.
    std::vector<double> all_folded;
    std::vector<double> all_core_folded;
    // Three-word queries without snippets or facets, strict and with the
    // partial tiers of the default.
    std::vector<double> three_strict;
    std::vector<double> three_tiered;
    for (int round = 0; round < 4; ++round) {  // round 0 warms the caches
        for (const Query& q : queries) {
            newsdex::SearchRequest request;
            request.query = q.text;
            request.limit = 10;
            request.facets = {"leader", "country", "year"};
            request.suggest = false;
            auto t = Clock::now();
            const newsdex::SearchResponse full = searcher.search(request);
            const double with = ms_since(t);
            request.fold_similar = true;
            t = Clock::now();
            (void)searcher.search(request);
            const double folded = ms_since(t);
            request.fold_similar = false;
            request.facet_sample = kFacetSample;  // the same, facets on a sample
            t = Clock::now();
            (void)searcher.search(request);
            const double sampled = ms_since(t);
            request.facet_sample = 0;
            const newsdex::SnippetOptions snippet = request.snippet;
            request.snippet.length = 0;  // no snippets
            t = Clock::now();
            (void)searcher.search(request);
            const double without = ms_since(t);
            // Neither snippets nor facets, and strict (no partial tiers
            // below the exact matches): the same work as plain Xapian's AND.
            request.facets.clear();
            request.strict = true;
            t = Clock::now();
            (void)searcher.search(request);
            const double core = ms_since(t);
            request.fold_similar = true;
            t = Clock::now();
            (void)searcher.search(request);
            const double core_folded = ms_since(t);
            request.fold_similar = false;
            request.strict = false;  // the default: partial tiers for 3+ words
            t = Clock::now();
            (void)searcher.search(request);
            const double core_tiered = ms_since(t);
            // Snippets without facets: what they add to the core, measured
            // apart from the facet threads that run beside a full search.
            request.snippet = snippet;
            t = Clock::now();
            (void)searcher.search(request);
            const double with_snippets = ms_since(t);

            Xapian::Query pq;
            try {
                pq = qp.parse_query(
                    q.text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE
                );
            } catch (const Xapian::Error&) {
                pq = Xapian::Query(q.text);
            }
            t = Clock::now();
            Xapian::Enquire enquire(plain);
            enquire.set_query(pq);
            const Xapian::MSet mset = enquire.get_mset(0, 10);
            const double base = ms_since(t);
            t = Clock::now();
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                (void)mset.snippet(it.get_document().get_data(), 240);
            }
            const double base_snippets = ms_since(t);
            if (round == 0) {
                continue;
            }
            if (only != nullptr && *only != '\0' && round == 1) {
                std::printf(
                    "%-40s full %8.2f core %8.2f plain %8.2f ms, %zu matches\n",
                    q.text.c_str(),
                    with,
                    core,
                    base,
                    static_cast<std::size_t>(full.total)
                );
            }
            ours_ms[q.kind].push_back(with);
            plain_ms[q.kind].push_back(base);
            const double snippets = std::max(0.0, with_snippets - core);
            const double facets = std::max(0.0, without - core);
            snippet_ms[q.kind].push_back(snippets);
            core_ms[q.kind].push_back(core);
            facet_ms[q.kind].push_back(facets);
            all_core.push_back(core);
            all_facets.push_back(facets);
            all_ours.push_back(with);
            all_folded.push_back(folded);
            all_core_folded.push_back(core_folded);
            if (q.kind == "three words") {
                three_strict.push_back(core);
                three_tiered.push_back(core_tiered);
            }
            all_sampled.push_back(sampled);
            all_plain.push_back(base);
            all_snippets.push_back(snippets);
            all_snippets_beside_facets.push_back(std::max(0.0, with - without));
            plain_snippet_ms.push_back(base_snippets);
        }
    }
    std::printf(
        "in process, warm, 10 hits. full: snippets and exact facet counts (leader, country, "
        "year);\ncore: neither, strict (the work plain Xapian AND does); snippets: a search with "
        "snippets "
        "alone less core;\nfacets: a search with facets alone less core (p50)\n"
    );
    std::printf(
        "%-12s %8s %8s %8s %9s %9s %7s %9s %9s\n",
        "kind",
        "full p50",
        "full p95",
        "full p99",
        "core p50",
        "plain p50",
        "ratio",
        "snippets",
        "facets"
    );
    const auto row = [](const std::string& kind,
                        const std::vector<double>& full,
                        const std::vector<double>& core,
                        const std::vector<double>& base,
                        const std::vector<double>& snippets,
                        const std::vector<double>& facets) {
        const double c50 = percentile(core, 0.5);
        const double b50 = percentile(base, 0.5);
        std::printf(
            "%-12s %8.2f %8.2f %8.2f %9.3f %9.3f %7.1f %9.3f %9.3f\n",
            kind.c_str(),
            percentile(full, 0.5),
            percentile(full, 0.95),
            percentile(full, 0.99),
            c50,
            b50,
            c50 / std::max(1e-9, b50),
            percentile(snippets, 0.5),
            percentile(facets, 0.5)
        );
    };
    for (const auto& [kind, v] : ours_ms) {
        row(kind, v, core_ms[kind], plain_ms[kind], snippet_ms[kind], facet_ms[kind]);
    }
    row("all", all_ours, all_core, all_plain, all_snippets, all_facets);
    std::printf(
        "full, with --facet-sample %zu: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n",
        kFacetSample,
        percentile(all_sampled, 0.5),
        percentile(all_sampled, 0.95),
        percentile(all_sampled, 0.99)
    );
    std::printf(
        "snippets for 10 hits, p50: newsdex %.3f ms, Xapian MSet::snippet %.3f ms (ratio %.2f)\n",
        percentile(all_snippets, 0.5),
        percentile(plain_snippet_ms, 0.5),
        percentile(all_snippets, 0.5) / std::max(1e-9, percentile(plain_snippet_ms, 0.5))
    );
    // newsdex-search folds near-identical stories by default: the same
    // searches folded, against the unfolded ones measured beside them.
    std::printf(
        "near-identical stories folded (newsdex-search's default), p50: full %.2f ms against "
        "%.2f unfolded (ratio %.2f), core %.3f ms against %.3f (ratio %.2f); full p95 %.2f "
        "against %.2f\n",
        percentile(all_folded, 0.5),
        percentile(all_ours, 0.5),
        percentile(all_folded, 0.5) / std::max(1e-9, percentile(all_ours, 0.5)),
        percentile(all_core_folded, 0.5),
        percentile(all_core, 0.5),
        percentile(all_core_folded, 0.5) / std::max(1e-9, percentile(all_core, 0.5)),
        percentile(all_folded, 0.95),
        percentile(all_ours, 0.95)
    );
    std::printf(
        "three words, core p50 with the default partial tiers: %.3f ms against %.3f strict "
        "(ratio %.2f); p95 %.3f against %.3f\n",
        percentile(three_tiered, 0.5),
        percentile(three_strict, 0.5),
        percentile(three_tiered, 0.5) / std::max(1e-9, percentile(three_strict, 0.5)),
        percentile(three_tiered, 0.95),
        percentile(three_strict, 0.95)
    );
    // A full search counts facets on other threads while this one makes the
    // snippets: on two cores they compete for them.
    std::printf(
        "what snippets add to a full search (facet threads beside them), p50: %.3f ms\n",
        percentile(all_snippets_beside_facets, 0.5)
    );

    if (argc > 4) {
        // The same queries as whole processes, interleaved: newsdex-search,
        // quest and (given as a fifth argument) another newsdex-search, the
        // build before a change, so that both meet the same machine load.
        // The build before may be given an index of its own (sixth argument:
        // one its own newsdex-index wrote).
        const std::string before_db = argc > 6 ? argv[6] : ours;
        const auto ours_argv =
            [&](const char* binary, const std::string& db, const std::string& query) {
                return std::vector<std::string>{
                    binary,
                    "--db",
                    db,
                    "--limit",
                    "10",
                    "--facets",
                    "leader,country,year",
                    "--color",
                    "never",
                    "--",
                    query};
            };
        std::vector<double> whole_ours;
        std::vector<double> whole_quest;
        std::vector<double> whole_before;
        for (std::size_t i = 0; i < queries.size(); i += 5) {
            whole_ours.push_back(run_process(ours_argv(argv[4], ours, queries[i].text)));
            whole_quest.push_back(
                run_process({"quest", "-d", plain_path, "-m", "10", queries[i].text})
            );
            if (argc > 5) {
                whole_before.push_back(run_process(ours_argv(argv[5], before_db, queries[i].text)));
            }
        }
        std::printf(
            "whole process (%zu queries), p50: newsdex-search %.1f ms, quest %.1f ms (ratio "
            "%.2f)\n",
            whole_ours.size(),
            percentile(whole_ours, 0.5),
            percentile(whole_quest, 0.5),
            percentile(whole_ours, 0.5) / std::max(1e-9, percentile(whole_quest, 0.5))
        );
        if (argc > 5) {
            std::printf(
                "whole process, p50: %s %.1f ms (ratio to quest %.2f)\n",
                argv[5],
                percentile(whole_before, 0.5),
                percentile(whole_before, 0.5) / std::max(1e-9, percentile(whole_quest, 0.5))
            );
        }
    }
    return 0;
}
