// SPDX-License-Identifier: MIT
// What the reliability tests share: a generated corpus, the index an
// uninterrupted run builds from it, and checks of an index's state.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace newsdex::test {

/// Articles per committed batch in every reliability run.
inline constexpr std::size_t kBatch = 100;
/// Articles per part of a shard (each of the 2 shards is built in 3 parts).
inline constexpr std::size_t kPart = 500;

/// The generated corpus: kArticles short articles, one JSON object a line.
inline constexpr std::size_t kArticles = 3000;
const std::filesystem::path& generated_corpus();

/// newsdex-index's arguments for a run on the generated corpus into `db`.
std::vector<std::string>
index_command(const std::filesystem::path& db, const std::vector<std::string>& extra = {});

/// Each shard's article ids, in document id (that is, commit) order.
std::vector<std::vector<std::string>> ids_by_shard(const std::filesystem::path& db);

/// "" when Xapian's xapian-check finds every shard sound, else its report.
std::string xapian_check(const std::filesystem::path& db);

/// What a set of searches returns (totals, ids in rank order, facets),
/// through the library, as one string to compare.
std::string search_fingerprint(const std::filesystem::path& db);

/// The index an uninterrupted run builds, built once per build of the
/// programs (shared by the test programs, see reliability.cc).
struct Reference {
    std::filesystem::path db;
    std::vector<std::vector<std::string>> ids;  // by shard
    std::string fingerprint;
    double seconds = 0;  // wall time of the run
};

const Reference& reference();

/// Checks what a stopped run left: every shard sound, holding a prefix of
/// what the reference holds that ends at a committed batch (or the whole).
/// Returns "" or what is wrong; `counts` gets the shard sizes.
std::string check_stopped_index(const std::filesystem::path& db, std::vector<std::size_t>& counts);

/// Checks a finished index: the reference's articles in the reference's
/// order, no duplicates, sound shards, the same search results.
std::string check_complete_index(const std::filesystem::path& db);

/// A number from the environment, or `fallback`.
unsigned long long env_number(const char* name, unsigned long long fallback);

}  // namespace newsdex::test
