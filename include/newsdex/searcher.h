// SPDX-License-Identifier: MIT
/// @file searcher.h
/// Searching a newsdex database: ranked hits with snippets, facet counts.
#pragma once

#include "newsdex/export.h"
#include "newsdex/snippet.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex {

/// Order of the hits.
enum class SortOrder : unsigned char {
    kRelevance,        ///< best match first (BM25)
    kDateAscending,    ///< oldest first; ties by id
    kDateDescending,   ///< newest first; ties by id
    kFieldAscending,   ///< by the number field SearchRequest::sort_field, smallest first
    kFieldDescending,  ///< by that number field, largest first (without it: last; ties by id)
};

/// What facets and the histogram count when partial matches are listed
/// (SearchResponse::tiered).
enum class FacetsOver : unsigned char {
    kExact,  ///< the articles with every word (SearchResponse::total)
    kAll     ///< those and every partial match (SearchResponse::partial_total)
};

/// A search to run.
struct NEWSDEX_EXPORT SearchRequest {
    std::string query;       ///< in the query language of docs/query-syntax.md
    std::size_t offset = 0;  ///< hits to skip (paging)
    std::size_t limit = 10;  ///< hits to return
    SortOrder sort = SortOrder::kRelevance;
    /// The number field (a dynamic field of kind number, `--help-fields`)
    /// that kFieldAscending and kFieldDescending sort by.
    std::string sort_field;
    /// Facet names to count (`leader`, `year`, ...), or {"all"}.
    std::vector<std::string> facets;
    std::size_t facet_limit = 10;  ///< values per facet, most frequent first
    /// 0: facet counts are exact, counted over every match (the cost grows
    /// with the number of matches). N: they are counted over the first N or
    /// so matches Xapian checks and scaled to the estimated total, which
    /// bounds the cost (SearchResponse::facets_exact is then false, unless
    /// there were no more matches than that). When every shard has its
    /// facet columns file (newsdex-index writes them; docs/schema.md) exact
    /// counts cost less, and the sample is counted exactly instead. Either
    /// way the same request gets the same answer every time.
    std::size_t facet_sample = 0;
    bool count_only = false;  ///< only `total` (exact), no hits
    SnippetOptions snippet;   ///< snippet length and markers
    /// Suggest a spelling for words that are not in the index (Xapian's
    /// spelling data); results are never replaced by the suggestion's.
    bool suggest = true;
    /// Describe how the query was understood (SearchResponse::explanation).
    bool explain = false;
    /// Show one article of each group of exact duplicates (the same body
    /// under different ids, e.g. a wire story several outlets ran), with the
    /// number of the others in Hit::duplicates. Takes the place of
    /// fold_similar when both are set (Xapian folds by one key).
    bool collapse = false;
    /// Show one article of each group of near-identical stories (a wire
    /// story re-sent with a corrected paragraph, another headline or a line
    /// more), the best ranked, with the number of the others that match in
    /// Hit::similar. newsdex-search folds by default
    /// (docs/near-duplicates.md). An index built before the groups existed
    /// has none: nothing is folded, and a notice says so.
    bool fold_similar = false;
    /// List the group of near-identical stories of the article with this id
    /// (itself included; with `query`, those of them it matches), unfolded.
    std::string similar;
    /// More like this: articles sharing the most telling words of the
    /// article with this id (ranking what `query` finds, when it is not empty).
    std::string like;
    /// A timeline of the matches (SearchResponse::histogram): `day`,
    /// `week`, `month`, `year`, or `auto` (the unit that suits the span of
    /// the matches' dates); empty for none. Counted exactly over every
    /// match, whatever facet_sample says.
    std::string histogram{};
    /// The day relative dates (`date:today`, `date:-7d..`) count from, as
    /// `YYYY-MM-DD`; empty: today in the local time zone.
    std::string today{};
    /// Every bare word required (no partial matches): the articles with all
    /// the words only, as `+word` does for one word (docs/query-syntax.md).
    bool strict = false;
    /// What the facets and the histogram count when partial matches are
    /// listed: the exact matches (default), or those and every partial
    /// match, each tier whole (the tiers are then counted exactly). Without
    /// partial matches both count the same articles.
    FacetsOver facets_over = FacetsOver::kExact;
};

/// One value of a facet and the number of matching articles that have it.
struct NEWSDEX_EXPORT FacetValue {
    std::string value;  ///< canonical name, year (`2019`), month (`2019-01`) or source
    std::uint64_t count = 0;
};

/// Counts of one facet over all matching articles.
struct NEWSDEX_EXPORT Facet {
    std::string name;  ///< the field name (`leader`, `year`, ...)
    /// By count, then by value; `year` and `month`: the most frequent, in
    /// date order. At most facet_limit.
    std::vector<FacetValue> values;
    std::uint64_t distinct = 0;  ///< number of distinct values before the limit
};

/// One matching article.
struct NEWSDEX_EXPORT Hit {
    std::size_t rank = 0;  ///< 1 for the first hit of the whole result list
    std::string id;
    double score = 0;  ///< relevance weight (0 for filter-only queries)
    std::string title;
    std::optional<std::string> date;  ///< local date `YYYY-MM-DD`
    std::string source;
    std::string path;     ///< as the indexer was given it (FILE, or FILE:LINE)
    std::string url;      ///< the article's URL, if it has one
    std::string snippet;  ///< marked with the request's markup
    /// Facet name -> canonical names, in schema order.
    std::vector<std::pair<std::string, std::vector<std::string>>> entities;
    /// Where each entity came from: the same facet names, each with the
    /// origin of its names in the order of `entities` (`metadata`,
    /// `gazetteer` or `discovery`; docs/entities.md). Empty when the index
    /// does not record origins (built before newsdex recorded them).
    std::vector<std::pair<std::string, std::vector<std::string>>> entity_origins;
    /// With SearchRequest::collapse: how many other matching articles have
    /// the same body (at least; Xapian counts collapsed matches lazily).
    std::uint64_t duplicates = 0;
    /// With SearchRequest::fold_similar: how many other matching articles
    /// are in its group of near-identical stories (SearchRequest::similar
    /// lists the whole group).
    std::uint64_t similar = 0;
    /// A partial match: the bare words of the query it lacks, as typed.
    /// Empty for an article with every word (`"match": "all"`).
    std::vector<std::string> missing;
};

/// The articles that have `matched` of the query's `of` bare words (a tier
/// of partial matches; SearchResponse::partial_tiers).
struct NEWSDEX_EXPORT PartialTier {
    std::size_t matched = 0;
    std::size_t of = 0;
    std::uint64_t count = 0;  ///< articles, each counted; an estimate unless exact
    bool exact = false;
    /// When the hits are folded: the tier's length in the folded list.
    std::uint64_t stories = 0;
    bool stories_exact = false;
};

/// Articles to show whole (`newsdex-search --show`).
struct NEWSDEX_EXPORT ShowRequest {
    std::vector<std::string> ids;  ///< article ids, shown in this order
    /// When not empty, the words this query searches for are marked in the
    /// text (as in snippets); the articles are shown whether it matches
    /// them or not.
    std::string query;
    Markup markup;
};

/// An article, whole.
struct NEWSDEX_EXPORT ShownArticle {
    std::string id;
    std::string title;
    std::optional<std::string> date;  ///< local date `YYYY-MM-DD`
    std::string source;
    std::string url;
    std::string path;  ///< as the indexer was given it (FILE, or FILE:LINE)
    /// Facet name -> canonical names, in schema order.
    std::vector<std::pair<std::string, std::vector<std::string>>> entities;
    /// Where each entity came from, as Hit::entity_origins.
    std::vector<std::pair<std::string, std::vector<std::string>>> entity_origins;
    std::string text;  ///< the whole body as stored, the query's words marked
};

/// The file and line of an article's `path`: `a.jsonl:12` is line 12 of
/// a.jsonl; a path without `:LINE` is line 1 of its own file.
NEWSDEX_EXPORT std::pair<std::string, std::size_t> split_locator(const std::string& path);

/// One period of a histogram and the number of matches dated in it.
struct NEWSDEX_EXPORT HistogramBucket {
    /// The period's first day as its unit writes it: `1987` (year),
    /// `1987-02` (month), `1987-02-23` (week: its Monday; day: the day).
    std::string start;
    std::uint64_t count = 0;
};

/// The matches counted per period, in date order.
struct NEWSDEX_EXPORT Histogram {
    std::string unit;  ///< `day`, `week` (from Monday), `month` or `year`; never `auto`
    /// Every period from the first match's to the last's, empty ones too.
    std::vector<HistogramBucket> buckets;
    std::uint64_t undated = 0;  ///< matches without a date (in no bucket)
};

/// The answer to a SearchRequest.
struct NEWSDEX_EXPORT SearchResponse {
    std::string query;
    /// Articles with every word, each counted, folded or not (an estimate
    /// unless total_exact): what count_only counts, what the facets and the
    /// histogram add up to.
    std::uint64_t total = 0;
    bool total_exact = false;  ///< whether total is exact
    /// When the hits are folded (fold_similar on an index with groups, or
    /// collapse): the length of the folded list the hits are a page of,
    /// each group once (offset and limit walk it; an estimate unless
    /// stories_exact). At most total. None when nothing is folded.
    std::optional<std::uint64_t> stories;
    bool stories_exact = false;  ///< whether stories is exact
    /// Whether partial matches were looked for: 2 or more bare words, not
    /// strict, sorted by relevance (docs/query-syntax.md).
    bool tiered = false;
    /// Whether near-identical stories were folded (SearchRequest::fold_similar,
    /// on an index that has their groups): each hit has Hit::similar.
    bool folded = false;
    /// Articles with some of the words but not all, below the exact ones
    /// (an estimate unless partial_total_exact); 0 unless tiered.
    std::uint64_t partial_total = 0;
    bool partial_total_exact = true;
    /// With stories: the partial matches' length in the folded list (an
    /// estimate unless partial_stories_exact); 0 unless tiered.
    std::uint64_t partial_stories = 0;
    bool partial_stories_exact = true;
    /// The partial tiers, most words first (with tiered).
    std::vector<PartialTier> partial_tiers;
    /// With tiered: whether the facets and the histogram counted the
    /// partial matches too (SearchRequest::facets_over).
    bool facets_over_all = false;
    std::size_t offset = 0;
    std::vector<Hit> hits;
    std::vector<Facet> facets;  ///< in the order requested
    bool facets_exact = true;   ///< false when facets were counted on a sample (facet_sample)
    std::optional<std::string> suggestion;  ///< a better spelling of the query, if any
    std::uint64_t suggestion_total = 0;     ///< matches of the suggestion (exact)
    std::optional<Histogram> histogram;     ///< with SearchRequest::histogram
    /// How the query was understood, one line per part (with `explain`).
    std::vector<std::string> explanation;
    /// Things the user should know about how the query was read (for
    /// stderr), e.g. a name that matched several entities.
    std::vector<std::string> notices;
};

/// How a Searcher opens its databases.
struct NEWSDEX_EXPORT SearcherOptions {
    /// Remote shards (tcp://HOST:PORT, or `remote` lines of a stub): how long
    /// to wait for a connection or an answer, in milliseconds.
    unsigned timeout_ms = 5000;
    /// When some shards do not answer, search the others and say which did
    /// not (in SearchResponse::notices) instead of failing.
    bool allow_partial = false;
    /// 0: no limit. N: after about N milliseconds the ranked match stops
    /// checking more matches than the page needs (Xapian's
    /// Enquire::set_time_limit turns check_at_least off), so that a slow
    /// query frees its thread sooner; its totals are then estimates. A caller
    /// that gives it (newsdex-serve's --timeout) measures the search and
    /// discards a result that took that long.
    unsigned match_time_limit_ms = 0;
};

/// Searches one or more databases as one.
///
/// Thread safety: search() may be called from several threads at once on
/// one Searcher; each call uses a database handle of its own.
///
/// Memory: from its second search with facets, a Searcher keeps each local
/// shard's facet values in memory (4 bytes per article and facet asked for;
/// rebuilt when the shard changes), which makes exact facet counts cheap.
class NEWSDEX_EXPORT Searcher {
  public:
    /// Opens the databases as one, with statistics combined: folders written
    /// by newsdex-index (one database or shards), Xapian stub files, and
    /// `tcp://HOST:PORT` databases served by xapian-tcpsrv.
    /// @throws Error kDatabaseNotFound naming the path, kSchemaMismatch for a
    ///         database of another schema version, kIo for a shard that does
    ///         not answer (unless options.allow_partial).
    explicit Searcher(std::vector<std::string> db_paths, SearcherOptions options = {});
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Runs a search.
    /// @throws Error kBadQuery (with a column) for a query that cannot be read,
    ///         kInvalidArgument for an unknown facet name, kIo on database errors.
    SearchResponse search(const SearchRequest& request) const;

    /// Every match of `request`, passed to `each` one at a time in date
    /// order: by local day, oldest first (newest first with
    /// SortOrder::kDateDescending; kRelevance is taken as oldest first),
    /// then by time and id; undated matches last. The matches are read a
    /// day at a time, so memory stays that of the busiest day's matches
    /// however many there are. `offset`, `limit`, `collapse`,
    /// `fold_similar`, `facets` and `histogram` are ignored (search() with
    /// limit 0 counts them); `similar` lists a group.
    /// @returns the number of hits passed to `each`.
    /// @throws as search() does.
    std::uint64_t
    each_hit(const SearchRequest& request, const std::function<void(const Hit&)>& each) const;

    /// The articles with these ids, whole, in the order asked.
    /// @throws Error kInvalidArgument naming an id no article has, kBadQuery
    ///         (with a column) for a query that cannot be read.
    std::vector<ShownArticle> show(const ShowRequest& request) const;

    /// Number of articles in the databases.
    std::uint64_t article_count() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Sets `request`'s order as the command line writes it: `relevance`,
/// `date`, `-date` (newest first), or a number field's name (`words`,
/// smallest first; `-words`, largest first). Whether the field is a number
/// field of the index is checked by the search.
/// @throws Error kInvalidArgument for an empty name.
NEWSDEX_EXPORT void set_sort(SearchRequest& request, std::string_view sort);

/// Names of the fields that can be counted with `--facets`, in schema order
/// (`day` for the date field).
NEWSDEX_EXPORT std::vector<std::string> facet_names();

/// The schema table as Markdown (what `--help-fields --verbose` prints).
NEWSDEX_EXPORT std::string schema_markdown();

/// The fields a query can name, each with its meaning and examples (what
/// `--help-fields` prints).
NEWSDEX_EXPORT std::string fields_help();

/// fields_help(), then the dynamic fields the index at `db_paths` has seen
/// (metadata fields the schema does not know: `topics:crude`), with their
/// kind and how many articles were indexed with them.
/// @throws Error when the index cannot be opened.
NEWSDEX_EXPORT std::string fields_help(const std::vector<std::string>& db_paths);

}  // namespace newsdex
