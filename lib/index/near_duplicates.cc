// SPDX-License-Identifier: MIT
#include "index/near_duplicates.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"
#include "schema/encoding.h"
#include "util/escape.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace newsdex::detail {

namespace {

constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

// The kSketchHashes hash functions: h -> (h * a + b) >> 32, a odd.
struct Permutations {
    std::array<std::uint64_t, kSketchHashes> a{};
    std::array<std::uint64_t, kSketchHashes> b{};

    constexpr Permutations() {
        for (std::size_t i = 0; i < kSketchHashes; ++i) {
            a[i] = splitmix64(2 * i + 1) | 1U;
            b[i] = splitmix64(2 * i + 2);
        }
    }
};

constexpr Permutations kPermutations;

constexpr std::size_t kWordBytes = 2 * kSketchHashes;
// The words' MinHash and the count of distinct numbers: the least a
// sketch has (the numbers' sample follows).
constexpr std::size_t kFixedBytes = kWordBytes + 2;
// A number's hash: 32 bits. With 16, two templated reports that differ
// only in their one figure ("Article 12 of ...", "Article 907 of ...")
// agreed on it once in 65,536 comparisons, which over a run's tens of
// thousands of comparisons folded a few different reports together.
constexpr std::size_t kNumberBytes = 4;

bool is_sketch(std::string_view sketch) {
    return sketch.size() >= kFixedBytes && (sketch.size() - kFixedBytes) % kNumberBytes == 0
           && sketch.size() <= kFixedBytes + kNumberBytes * kNumberSample;
}

// Numbers written in words: reports in a template often spell them ("six
// grain ships loading").
constexpr std::array<std::string_view, 28> kNumberWords{
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty",   "forty",   "fifty",   "sixty",     "seventy",  "eighty",   "ninety"};

bool is_number(std::string_view word) {
    if (std::find(kNumberWords.begin(), kNumberWords.end(), word) != kNumberWords.end()) {
        return true;
    }
    bool digit = false;
    for (const char c : word) {
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c != '.' && c != ',') {
            return false;
        }
    }
    return digit;
}

std::uint16_t sketch_value(std::string_view sketch, std::size_t i) {
    return static_cast<std::uint16_t>(
        static_cast<unsigned char>(sketch[2 * i])
        | (static_cast<unsigned>(static_cast<unsigned char>(sketch[2 * i + 1])) << 8U)
    );
}

// The i-th number hash of a sketch.
std::uint32_t number_value(std::string_view sketch, std::size_t i) {
    const std::size_t at = kFixedBytes + kNumberBytes * i;
    return static_cast<std::uint32_t>(sketch_value(sketch, at / 2))
           | (static_cast<std::uint32_t>(sketch_value(sketch, at / 2 + 1)) << 16U);
}

// A band's value: its two sketch values.
std::uint32_t band_value(std::string_view sketch, std::size_t band) {
    return (static_cast<std::uint32_t>(sketch_value(sketch, 2 * band)) << 16U)
           | sketch_value(sketch, 2 * band + 1);
}

// Earlier articles with the same band value an article is compared with,
// the latest: a band value that many articles share is boilerplate, not one
// story, and comparing each article with all of them would take time
// quadratic in their number.
constexpr std::size_t kBandNeighbours = 64;

}  // namespace

SketchBuilder::SketchBuilder() {
    mins_.fill(std::numeric_limits<std::uint32_t>::max());
}

void SketchBuilder::add(std::string_view word) {
    // The window holds the last kShingleWords words' hashes, oldest first.
    std::rotate(window_.begin(), window_.begin() + 1, window_.end());
    window_.back() = XXH3_64bits(word.data(), word.size());
    if (is_number(word)) {
        numbers_.push_back(window_.back());
    }
    if (words_ < kShortBodyWords) {
        first_.push_back(window_.back());
    }
    ++words_;
    if (words_ >= kShingleWords) {
        add_shingle(XXH3_64bits(window_.data(), sizeof window_));
    }
}

void SketchBuilder::add_title(std::string_view word) {
    if (title_.size() < kShortBodyWords) {
        title_.push_back(XXH3_64bits(word.data(), word.size()));
    }
}

// The sketch of a run of words' hashes from scratch: its shingles, or one
// shingle of all of them when they are fewer.
void SketchBuilder::sketch_words(const std::vector<std::uint64_t>& hashes) {
    mins_.fill(std::numeric_limits<std::uint32_t>::max());
    if (hashes.size() < kShingleWords) {
        add_shingle(XXH3_64bits(hashes.data(), hashes.size() * sizeof(std::uint64_t)));
        return;
    }
    for (std::size_t i = 0; i + kShingleWords <= hashes.size(); ++i) {
        add_shingle(XXH3_64bits(hashes.data() + i, kShingleWords * sizeof(std::uint64_t)));
    }
}

void SketchBuilder::add_shingle(std::uint64_t hash) {
    for (std::size_t i = 0; i < kSketchHashes; ++i) {
        const auto v =
            static_cast<std::uint32_t>((hash * kPermutations.a[i] + kPermutations.b[i]) >> 32U);
        mins_[i] = std::min(mins_[i], v);
    }
}

std::string SketchBuilder::finish() {
    if (words_ == 0) {
        return {};
    }
    if (words_ < kShortBodyWords) {
        std::vector<std::uint64_t> words = title_;
        words.insert(words.end(), first_.begin(), first_.end());
        sketch_words(words);
    }
    // The numbers as a multiset: the second "six" is another number than
    // the first ("six ships loading and six waiting" is not "six loading
    // and eight waiting").
    std::sort(numbers_.begin(), numbers_.end());
    std::vector<std::uint32_t> numbers;
    std::uint64_t nth = 0;
    for (std::size_t i = 0; i < numbers_.size(); ++i) {
        nth = i > 0 && numbers_[i] == numbers_[i - 1] ? nth + 1 : 0;
        numbers.push_back(static_cast<std::uint32_t>(splitmix64(numbers_[i] + nth) >> 32U));
    }
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    const std::size_t sampled = std::min(numbers.size(), kNumberSample);
    std::string out(kFixedBytes + kNumberBytes * sampled, '\0');
    const auto put = [&out](std::size_t at, std::uint32_t v) {
        out[at] = static_cast<char>(v & 0xffU);
        out[at + 1] = static_cast<char>((v >> 8U) & 0xffU);
    };
    for (std::size_t i = 0; i < kSketchHashes; ++i) {
        put(2 * i, mins_[i]);
    }
    put(kWordBytes, static_cast<std::uint32_t>(std::min<std::size_t>(numbers.size(), 0xffffU)));
    for (std::size_t i = 0; i < sampled; ++i) {
        put(kFixedBytes + kNumberBytes * i, numbers[i] & 0xffffU);
        put(kFixedBytes + kNumberBytes * i + 2, numbers[i] >> 16U);
    }
    return out;
}

unsigned sketch_matches(std::string_view a, std::string_view b) {
    if (!is_sketch(a) || !is_sketch(b)) {
        return 0;
    }
    unsigned n = 0;
    for (std::size_t i = 0; i < kWordBytes; i += 2) {
        n += static_cast<unsigned>(a[i] == b[i] && a[i + 1] == b[i + 1]);
    }
    return n;
}

double number_containment(std::string_view a, std::string_view b) {
    if (!is_sketch(a) || !is_sketch(b)) {
        return 0;
    }
    const std::size_t count_a = sketch_value(a, kSketchHashes);
    const std::size_t count_b = sketch_value(b, kSketchHashes);
    if (count_a == 0 || count_b == 0) {
        return 1;
    }
    const std::size_t sample_a = (a.size() - kFixedBytes) / kNumberBytes;
    const std::size_t sample_b = (b.size() - kFixedBytes) / kNumberBytes;
    // The union's smallest hashes, as many as the smaller sample has (all of
    // both when both samples are whole): those in both samples are a
    // uniform sample of the intersection's share of the union.
    const bool whole = sample_a == count_a && sample_b == count_b;
    const std::size_t k = whole ? sample_a + sample_b : std::min(sample_a, sample_b);
    std::size_t i = 0;
    std::size_t j = 0;
    std::size_t taken = 0;
    std::size_t both = 0;
    while (taken < k && (i < sample_a || j < sample_b)) {
        constexpr std::uint64_t kPast = std::uint64_t{1} << 32U;
        const std::uint64_t x = i < sample_a ? number_value(a, i) : kPast;
        const std::uint64_t y = j < sample_b ? number_value(b, j) : kPast;
        both += static_cast<std::size_t>(x == y);
        i += static_cast<std::size_t>(x <= y);
        j += static_cast<std::size_t>(y <= x);
        ++taken;
    }
    const double smaller = static_cast<double>(std::min(count_a, count_b));
    if (whole) {
        return static_cast<double>(both) / smaller;
    }
    // |A n B| = J (|A| + |B|) / (1 + J), J estimated as both / taken.
    const double jaccard =
        static_cast<double>(both) / static_cast<double>(std::max<std::size_t>(taken, 1));
    const double shared = jaccard * static_cast<double>(count_a + count_b) / (1 + jaccard);
    return std::min(1.0, shared / smaller);
}

bool same_story(std::string_view a, std::string_view b) {
    return sketch_matches(a, b) >= kSameStoryMatches && number_containment(a, b) >= kSameNumbers;
}

namespace {

// Positions in age order: oldest first, then by id.
std::vector<std::uint32_t> age_order(const std::vector<SketchedArticle>& articles) {
    std::vector<std::uint32_t> order(articles.size());
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        const SketchedArticle& a = articles[x];
        const SketchedArticle& b = articles[y];
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    return order;
}

// Two positions (in age order) that tell the same story.
struct Pair {
    std::uint32_t later;
    std::uint32_t earlier;
    unsigned matches;
};

// Candidate pairs (earlier, later position) that tell the same story,
// found band by band: an array of (band value, position) sorted, each
// article against the latest kBandNeighbours before it with its value.
// Sorted by later position, then earlier.
std::vector<Pair> same_story_pairs(
    const std::vector<SketchedArticle>& articles, const std::vector<std::uint32_t>& order
) {
    const auto close_in_time = [](double a, double b) {
        return std::isnan(a) || std::isnan(b) || std::fabs(a - b) <= kSameStorySeconds;
    };
    std::vector<Pair> pairs;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> band;
    band.reserve(articles.size());
    for (std::size_t b = 0; b < kSketchBands; ++b) {
        band.clear();
        for (std::uint32_t p = 0; p < order.size(); ++p) {
            const std::string& sketch = articles[order[p]].sketch;
            if (is_sketch(sketch)) {
                band.emplace_back(band_value(sketch, b), p);
            }
        }
        std::sort(band.begin(), band.end());
        for (std::size_t k = 1; k < band.size(); ++k) {
            const SketchedArticle& later = articles[order[band[k].second]];
            for (std::size_t j = k;
                 j > 0 && k - j < kBandNeighbours && band[j - 1].first == band[k].first;
                 --j) {
                const SketchedArticle& earlier = articles[order[band[j - 1].second]];
                if (!close_in_time(later.seconds, earlier.seconds)
                    || !same_story(later.sketch, earlier.sketch)) {
                    continue;
                }
                pairs.push_back(Pair{
                    band[k].second,
                    band[j - 1].second,
                    sketch_matches(later.sketch, earlier.sketch)});
            }
        }
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
        return x.later != y.later ? x.later < y.later : x.earlier < y.earlier;
    });
    return pairs;
}

// Oldest first, each article joins the group of the earlier leader it
// resembles most (a tie keeps the older), or leads its own: the leader of
// each of `count` positions, from `pairs` sorted by later position.
std::vector<std::uint32_t> group_leaders(const std::vector<Pair>& pairs, std::size_t count) {
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> leader(count, kNone);  // by position
    std::size_t next = 0;
    for (std::uint32_t p = 0; p < count; ++p) {
        std::uint32_t best = kNone;
        unsigned best_matches = 0;
        for (; next < pairs.size() && pairs[next].later == p; ++next) {
            const Pair& pair = pairs[next];
            if (leader[pair.earlier] == pair.earlier && pair.matches > best_matches) {
                best_matches = pair.matches;
                best = pair.earlier;
            }
        }
        leader[p] = best == kNone ? p : best;
    }
    return leader;
}

}  // namespace

std::vector<std::string> group_sketches(const std::vector<SketchedArticle>& articles) {
    const std::vector<std::uint32_t> order = age_order(articles);
    const std::vector<std::uint32_t> leader =
        group_leaders(same_story_pairs(articles, order), order.size());
    std::vector<std::uint32_t> members(order.size(), 0);
    for (std::uint32_t p = 0; p < order.size(); ++p) {
        ++members[leader[p]];
    }
    std::vector<std::string> out(articles.size());
    for (std::uint32_t p = 0; p < order.size(); ++p) {
        if (members[leader[p]] > 1) {
            out[order[p]] = articles[order[leader[p]]].id;
        }
    }
    return out;
}

namespace {

// One document of a shard, where its group value lives.
struct Place {
    std::size_t shard = 0;
    Xapian::docid did = 0;
    std::string group;  // its group value now
};

// The values of `slot` in `db`, by document id (from 1; "" where none).
void read_slot(
    const Xapian::Database& db,
    schema::Slot slot,
    const std::function<void(Xapian::docid, std::string)>& take
) {
    const Xapian::valueno no = schema::slot_number(slot);
    for (auto it = db.valuestream_begin(no); it != db.valuestream_end(no); ++it) {
        take(it.get_docid(), *it);
    }
}

}  // namespace

GroupingReport group_near_duplicates(const std::string& db_path) {
    const OpenedDatabases opened = open_readable({db_path});
    std::vector<SketchedArticle> articles;
    std::vector<Place> places;
    for (std::size_t s = 0; s < opened.shards.size(); ++s) {
        if (s >= opened.shard_dirs.size() || opened.shard_dirs[s].empty()) {
            continue;
        }
        const Xapian::Database& db = opened.shards[s];
        // Every document, by its id value; then the other values joined by document id.
        std::unordered_map<Xapian::docid, std::size_t> at;
        read_slot(db, schema::Slot::kId, [&](Xapian::docid did, std::string id) {
            at.emplace(did, articles.size());
            articles.push_back(SketchedArticle{std::move(id), {}, {}});
            places.push_back(Place{s, did, {}});
        });
        const auto fill = [&](schema::Slot slot, auto&& put) {
            read_slot(db, slot, [&](Xapian::docid did, std::string value) {
                if (const auto found = at.find(did); found != at.end()) {
                    put(found->second, std::move(value));
                }
            });
        };
        fill(schema::Slot::kTimestamp, [&](std::size_t i, std::string v) {
            articles[i].seconds = Xapian::sortable_unserialise(v);
            articles[i].order = std::move(v);
        });
        fill(schema::Slot::kNearSketch, [&](std::size_t i, std::string v) {
            articles[i].sketch = std::move(v);
        });
        fill(schema::Slot::kNearGroup, [&](std::size_t i, std::string v) {
            places[i].group = std::move(v);
        });
    }
    const std::vector<std::string> groups = group_sketches(articles);

    GroupingReport report;
    std::unordered_map<std::string, std::uint64_t> sizes;
    std::vector<std::vector<std::size_t>> changes(opened.shards.size());
    for (std::size_t i = 0; i < articles.size(); ++i) {
        report.sketched += articles[i].sketch.empty() ? 0U : 1U;
        if (!groups[i].empty()) {
            ++report.grouped;
            ++sizes[groups[i]];
        }
        if (groups[i] != places[i].group) {
            changes[places[i].shard].push_back(i);
        }
    }
    report.groups = sizes.size();
    const Xapian::valueno slot = schema::slot_number(schema::Slot::kNearGroup);
    for (std::size_t s = 0; s < changes.size(); ++s) {
        if (changes[s].empty()) {
            continue;
        }
        Xapian::WritableDatabase db(opened.shard_dirs[s], Xapian::DB_OPEN);
        for (const std::size_t i : changes[s]) {
            // A document changed only in a value: Xapian rewrites the
            // value alone, not the terms and positions.
            Xapian::Document doc = db.get_document(places[i].did);
            if (groups[i].empty()) {
                doc.remove_value(slot);
            } else {
                doc.add_value(slot, groups[i]);
            }
            db.replace_document(places[i].did, doc);
            ++report.changed;
        }
        db.commit();
    }
    return report;
}

Xapian::Query similar_to(const Xapian::Database& db, const std::string& id) {
    const std::string id_term = make_term(schema::field("id"), id);
    const Xapian::PostingIterator posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term)) {
        throw Error(
            Errc::kInvalidArgument,
            "--similar: no article with id " + quote(id),
            "check the id (the `id` of a hit)"
        );
    }
    const Xapian::valueno slot = schema::slot_number(schema::Slot::kNearGroup);
    const std::string group = db.get_document(*posting).get_value(slot);
    // The group's value: a value range over the slot, which only grouped
    // articles have.
    return group.empty() ? Xapian::Query(id_term)
                         : Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, group, group);
}

}  // namespace newsdex::detail
