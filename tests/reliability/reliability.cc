// SPDX-License-Identifier: MIT
#include "reliability.h"

#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "test_support.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <memory>
#include <set>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace newsdex::test {

namespace fs = std::filesystem;

namespace {

// Folders that live as long as the test program.
TempDir& scratch() {
    static TempDir dir;
    return dir;
}

}  // namespace

unsigned long long env_number(const char* name, unsigned long long fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return fallback;
    }
    return std::stoull(value);
}

const fs::path& generated_corpus() {
    static const fs::path path = [] {
        const fs::path out = scratch().path() / "news.jsonl";
        // Short articles (30 to 80 words): many commits in a few seconds.
        const RunResult r =
            run({NEWSDEX_GEN_NEWS_BIN,
                 std::to_string(kArticles),
                 "20261123",
                 (source_dir() / "corpus").string(),
                 "30",
                 "80"},
                scratch().path());
        if (r.exit_code != 0) {
            throw std::runtime_error("newsdex-gen-news failed: " + r.err);
        }
        write_file(out, r.out);
        return out;
    }();
    return path;
}

std::vector<std::string> index_command(const fs::path& db, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{
        NEWSDEX_INDEX_BIN,
        "--db",
        db.string(),
        "--batch-size",
        std::to_string(kBatch),
        "--shards",
        "2",
        "--progress",
        "never"};
    if (std::find(extra.begin(), extra.end(), "--part-size") == extra.end()) {
        argv.insert(argv.end(), {"--part-size", std::to_string(kPart)});
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(generated_corpus().string());
    return argv;
}

std::vector<std::vector<std::string>> ids_by_shard(const fs::path& db) {
    std::vector<std::vector<std::string>> out;
    std::string last_key;
    for (const fs::path& shard : shard_dirs(db)) {
        const Xapian::Database x(shard.string());
        // A shard built in parts (shard0, shard0.p1, ...) is one shard, its
        // parts in order.
        const std::string name = shard.filename().string();
        const std::string key = name.substr(0, name.find('.'));
        if (out.empty() || key != last_key) {
            out.emplace_back();
            last_key = key;
        }
        std::vector<std::string>& ids = out.back();
        for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
            ids.push_back(x.get_document(*it).get_value(schema::slot_number(schema::Slot::kId)));
        }
    }
    return out;
}

std::string xapian_check(const fs::path& db) {
    std::string report;
    for (const fs::path& shard : shard_dirs(db)) {
        const RunResult r = run({NEWSDEX_XAPIAN_CHECK, shard.string()}, shard.parent_path());
        if (r.exit_code != 0 || r.out.find("No errors found") == std::string::npos) {
            report +=
                shard.string() + ": exit " + std::to_string(r.exit_code) + "\n" + r.out + r.err;
        }
    }
    return report;
}

std::string search_fingerprint(const fs::path& db) {
    const Searcher searcher({db.string()});
    std::string out;
    const std::vector<std::pair<std::string, SortOrder>> queries{
        {"*", SortOrder::kDateDescending},
        {"summit", SortOrder::kRelevance},
        {"sanctions talks", SortOrder::kRelevance},
        {"\"the summit\" OR delegation", SortOrder::kRelevance},
        {"year:2000..2009 NOT summit", SortOrder::kDateAscending},
    };
    for (const auto& [query, sort] : queries) {
        SearchRequest request;
        request.query = query;
        request.sort = sort;
        request.limit = 25;
        request.suggest = false;
        request.snippet.length = 0;
        request.facets = {"year", "leader"};
        const SearchResponse r = searcher.search(request);
        out += query + ": " + std::to_string(r.total);
        for (const Hit& h : r.hits) {
            out += " " + h.id;
        }
        for (const Facet& f : r.facets) {
            for (const FacetValue& v : f.values) {
                out += " " + f.name + "=" + v.value + ":" + std::to_string(v.count);
            }
        }
        out += "\n";
    }
    return out;
}

namespace {

// Size and modification time of a file, as text ("" when it is missing).
std::string file_stamp(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        return "";
    }
    const auto time = fs::last_write_time(path, ec).time_since_epoch().count();
    return path.string() + " " + std::to_string(size) + " " + std::to_string(time) + "\n";
}

// What the reference depends on: the programs that make it (the test
// program holds the library that reads it) and the corpus's shape.
std::string build_stamp() {
    return file_stamp(NEWSDEX_INDEX_BIN) + file_stamp(NEWSDEX_GEN_NEWS_BIN)
           + file_stamp(fs::read_symlink("/proc/self/exe")) + std::to_string(kArticles) + " "
           + std::to_string(kBatch) + " " + std::to_string(kPart) + "\n";
}

// An exclusive lock on a file, released when it goes.
class FileLock {
  public:
    explicit FileLock(const fs::path& path)
        : fd_(open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
        if (fd_ < 0 || flock(fd_, LOCK_EX) != 0) {
            throw std::runtime_error("cannot lock " + path.string());
        }
    }

    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    ~FileLock() { close(fd_); }

  private:
    int fd_;
};

}  // namespace

// Every test program of one build shares one reference, made once under a
// lock in the build folder (beside newsdex-index) and remade when a program
// it depends on changes: ctest runs each test in a program of its own, and
// each would otherwise index the corpus again.
const Reference& reference() {
    static const Reference ref = [] {
        const fs::path dir =
            fs::path(NEWSDEX_INDEX_BIN).parent_path().parent_path() / "reliability-reference";
        fs::create_directories(dir);
        const FileLock lock(dir / "lock");
        Reference r;
        r.db = dir / "db";
        const std::string stamp = build_stamp();
        if (fs::exists(dir / "stamp") && read_file(dir / "stamp") == stamp) {
            r.seconds = std::stod(read_file(dir / "seconds"));
        } else {
            fs::remove(dir / "stamp");
            fs::remove_all(r.db);
            const auto start = std::chrono::steady_clock::now();
            const RunResult run_result = run(index_command(r.db), scratch().path());
            r.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (run_result.exit_code != 0) {
                throw std::runtime_error("the reference run failed: " + run_result.err);
            }
            write_file(dir / "seconds", std::to_string(r.seconds));
            write_file(dir / "stamp", stamp);  // last: the reference is whole
        }
        r.ids = ids_by_shard(r.db);
        r.fingerprint = search_fingerprint(r.db);
        return r;
    }();
    return ref;
}

std::string check_stopped_index(const fs::path& db, std::vector<std::size_t>& counts) {
    counts.clear();
    const Reference& ref = reference();
    if (const std::string report = xapian_check(db); !report.empty()) {
        return "xapian-check: " + report;
    }
    const auto shards = ids_by_shard(db);
    if (shards.size() != ref.ids.size()) {
        return "the index has " + std::to_string(shards.size()) + " shards, not "
               + std::to_string(ref.ids.size());
    }
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const auto& got = shards[i];
        const auto& want = ref.ids[i];
        counts.push_back(got.size());
        if (got.size() % kBatch != 0 && got.size() != want.size()) {
            return "shard " + std::to_string(i) + " holds " + std::to_string(got.size())
                   + " articles: not a committed batch boundary";
        }
        if (got.size() > want.size() || !std::equal(got.begin(), got.end(), want.begin())) {
            return "shard " + std::to_string(i) + " does not hold the first "
                   + std::to_string(got.size()) + " articles of an uninterrupted run";
        }
    }
    // And the library opens it as a whole.
    std::size_t total = 0;
    for (const std::size_t c : counts) {
        total += c;
    }
    const Searcher searcher({db.string()});
    if (searcher.article_count() != total) {
        return "the library counts " + std::to_string(searcher.article_count())
               + " articles, the shards " + std::to_string(total);
    }
    return {};
}

std::string check_complete_index(const fs::path& db) {
    const Reference& ref = reference();
    if (const std::string report = xapian_check(db); !report.empty()) {
        return "xapian-check: " + report;
    }
    const auto shards = ids_by_shard(db);
    std::set<std::string> distinct;
    std::size_t total = 0;
    for (const auto& ids : shards) {
        distinct.insert(ids.begin(), ids.end());
        total += ids.size();
    }
    if (distinct.size() != total) {
        return std::to_string(total - distinct.size()) + " duplicate articles";
    }
    if (total != kArticles) {
        return std::to_string(total) + " articles, not " + std::to_string(kArticles);
    }
    if (shards != ref.ids) {
        return "the shards do not hold the articles of an uninterrupted run in its order";
    }
    if (const std::string got = search_fingerprint(db); got != ref.fingerprint) {
        return "search results differ from an uninterrupted run's:\n" + got + "instead of\n"
               + ref.fingerprint;
    }
    return {};
}

}  // namespace newsdex::test
