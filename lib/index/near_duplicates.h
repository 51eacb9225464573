// SPDX-License-Identifier: MIT
// Near-duplicate articles: a sketch of each body at index time, and the
// groups of near-identical stories (wire copies re-sent with a corrected
// paragraph, another headline or a line more) made from the sketches at the
// end of each indexing run (docs/near-duplicates.md).
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// Words in a shingle: the body is read as its overlapping runs of this many
/// folded words.
inline constexpr std::size_t kShingleWords = 4;
/// MinHash values in a sketch (16 bits of each are kept: 128 bytes a body).
inline constexpr std::size_t kSketchHashes = 64;
/// The body's numbers (figures, dates) after the words' MinHash: how many
/// distinct ones, and the smallest of their 16-bit hashes, up to this many
/// (a bottom-k sample: every number of a body with no more).
inline constexpr std::size_t kNumberSample = 32;
/// Bands of the locality-sensitive hashing: two values each. Two bodies are
/// compared when some band of theirs is equal.
inline constexpr std::size_t kSketchBands = kSketchHashes / 2;
/// Equal sketch values (of kSketchHashes) from which two bodies tell the same
/// story: an estimated resemblance (Jaccard index of their shingles) of 0.5.
inline constexpr unsigned kSameStoryMatches = 32;
/// The share of the numbers of the body with fewer that must be in the
/// other for the two to give the same figures: a recurring report in one
/// template (the Fed's repurchases, weekly output) reads alike every time,
/// but its figures and dates change; a story re-sent keeps its figures, and
/// one with a paragraph more or less keeps those of the shorter.
inline constexpr double kSameNumbers = 0.8;
/// The most apart in time (seconds) an article and the leader of its group
/// can be: a story is re-sent within hours or days, not weeks.
inline constexpr double kSameStorySeconds = 3 * 24 * 3600.0;

/// Bodies of fewer words are sketched with their headline's words before
/// them: a one-paragraph notice ("Qtly div 10 cts vs 10 cts prior Pay April
/// 15 Record March 30") reads the same for every company that sends it, and
/// only its headline names the company.
inline constexpr std::size_t kShortBodyWords = 60;

/// The MinHash sketch of one body, fed its folded words in order.
class SketchBuilder {
  public:
    SketchBuilder();

    /// The next word of the body (a folded term, as indexed). A number
    /// (digits, with `.` or `,` inside) counts among the figures too.
    void add(std::string_view word);

    /// The next word of the headline (used only for a short body).
    void add_title(std::string_view word);

    /// The sketch: kSketchHashes little-endian 16-bit values, then the
    /// number of distinct numbers (16 bits) and the smallest of their hashes
    /// (up to kNumberSample, ascending, 32 bits each), or "" for a body
    /// without words.
    std::string finish();

  private:
    void add_shingle(std::uint64_t hash);
    void sketch_words(const std::vector<std::uint64_t>& hashes);

    std::array<std::uint64_t, kShingleWords> window_{};
    std::size_t words_ = 0;
    std::array<std::uint32_t, kSketchHashes> mins_{};
    std::vector<std::uint64_t> numbers_;  // hashes of the body's numbers, as they come
    std::vector<std::uint64_t> first_;    // hashes of the first kShortBodyWords words
    std::vector<std::uint64_t> title_;    // hashes of the headline's words
};

/// How many of the kSketchHashes values two sketches share (0 when either is
/// not a sketch).
unsigned sketch_matches(std::string_view a, std::string_view b);

/// The share of the numbers of the body with fewer that are in the other
/// too: exact when both have at most kNumberSample, else estimated from the
/// samples; 1 when either has none (nothing to tell them apart), 0 when
/// either is not a sketch.
double number_containment(std::string_view a, std::string_view b);

/// Whether two sketches tell the same story: kSameStoryMatches of their
/// words and kSameNumbers of their numbers.
bool same_story(std::string_view a, std::string_view b);

/// One article as the grouping sees it.
struct SketchedArticle {
    std::string id;     ///< the article id: the group's name when it leads one
    std::string order;  ///< sorts articles oldest first (timestamp slot, then id)
    std::string sketch;
    /// Publication instant (Unix seconds), NaN when undated.
    double seconds = std::numeric_limits<double>::quiet_NaN();
};

/// The groups of near-identical articles: each article (oldest first) joins
/// the group of the earlier article leading a group that tells the same
/// story (same_story) within kSameStorySeconds and that it resembles most,
/// or leads a group of its own. Candidates are the articles sharing a band
/// of the sketch (kSketchBands), found band by band in a sorted array.
/// Returns, for
/// each article, the id of its group's leader, or "" when the group has no
/// other article.
std::vector<std::string> group_sketches(const std::vector<SketchedArticle>& articles);

/// What grouping an index did.
struct GroupingReport {
    std::uint64_t sketched = 0;  ///< articles with a sketch
    std::uint64_t grouped = 0;   ///< articles in a group of two or more
    std::uint64_t groups = 0;    ///< groups of two or more
    std::uint64_t changed = 0;   ///< documents whose group value was written
};

/// Groups the articles of every shard of the index at `db_path` (all at
/// once, so groups span shards) and writes each document's group to
/// schema::Slot::kNearGroup where it changed (a value only: the document's
/// terms are left alone), and schema::kMetaNearGroups. The shards' writers must be
/// closed (the index's writer lock held). Shards that are not local
/// folders are left out.
GroupingReport group_near_duplicates(const std::string& db_path);

/// The articles of the group of near-identical stories of the article with
/// this id (itself alone when it has no group), as a query.
/// @throws Error kInvalidArgument when no article has this id.
Xapian::Query similar_to(const Xapian::Database& db, const std::string& id);

}  // namespace newsdex::detail
