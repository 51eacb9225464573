// SPDX-License-Identifier: MIT
// The in-process side of bench/serve.sh: THREADS threads run Searcher::search
// (the request newsdex-serve makes for `q=QUERY&limit=10&facets=year`, and
// its JSON) over the queries of QUERIES (one a line, each thread from the
// first, round and round) for SECONDS; prints requests per second and the
// p50 and p99 latency in one line:
//   newsdex-serve-bench DB QUERIES THREADS SECONDS
//   -> in-process threads=8 requests=5123 rps=1024.6 p50_ms=6.81 p99_ms=19.20
#include "newsdex/json_output.h"
#include "newsdex/searcher.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    using Clock = std::chrono::steady_clock;
    if (argc != 5) {
        std::fprintf(stderr, "usage: newsdex-serve-bench DB QUERIES THREADS SECONDS\n");
        return 2;
    }
    std::vector<std::string> queries;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            queries.push_back(line);
        }
    }
    if (queries.empty()) {
        std::fprintf(stderr, "newsdex-serve-bench: no queries in %s\n", argv[2]);
        return 2;
    }
    const unsigned threads = static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10));
    const double seconds = std::strtod(argv[4], nullptr);
    const newsdex::Searcher searcher({argv[1]});
    std::vector<std::vector<double>> latencies(threads);
    std::atomic<bool> stop{false};
    std::vector<std::thread> pool;
    const auto start = Clock::now();
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (std::size_t i = 0; !stop; i = (i + 1) % queries.size()) {
                newsdex::SearchRequest request;
                request.query = queries[i];
                request.facets = {"year"};
                // As the API asks by default (newsdex-search's defaults):
                // near-identical stories folded.
                request.fold_similar = true;
                request.snippet.markup.open = "<em>";
                request.snippet.markup.close = "</em>";
                const auto begin = Clock::now();
                const std::string json = newsdex::to_json(searcher.search(request));
                latencies[t].push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - begin).count()
                );
                if (json.empty()) {
                    std::abort();
                }
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (std::thread& t : pool) {
        t.join();
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) {
        all.insert(all.end(), l.begin(), l.end());
    }
    std::sort(all.begin(), all.end());
    const auto at = [&](double q) {
        return all[std::min(
            all.size() - 1, static_cast<std::size_t>(q * static_cast<double>(all.size()))
        )];
    };
    std::printf(
        "in-process threads=%u requests=%zu rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
        threads,
        all.size(),
        static_cast<double>(all.size()) / elapsed,
        at(0.50),
        at(0.99)
    );
    return 0;
}
