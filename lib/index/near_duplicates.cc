// SPDX-License-Identifier: MIT
#include "index/near_duplicates.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"
#include "schema/encoding.h"
#include "util/escape.h"

#include <xxhash.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_map>

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

constexpr std::size_t kSketchBytes = 2 * kSketchHashes;

std::uint16_t sketch_value(std::string_view sketch, std::size_t i) {
    return static_cast<std::uint16_t>(
        static_cast<unsigned char>(sketch[2 * i])
        | (static_cast<unsigned>(static_cast<unsigned char>(sketch[2 * i + 1])) << 8U)
    );
}

// A band's bucket key: its two values and its number.
std::uint64_t band_key(std::string_view sketch, std::size_t band) {
    return (static_cast<std::uint64_t>(band) << 32U)
           | (static_cast<std::uint64_t>(sketch_value(sketch, 2 * band)) << 16U)
           | sketch_value(sketch, 2 * band + 1);
}

// Leaders a band's bucket keeps to compare with, the latest: a bucket that
// many articles share holds boilerplate, not one story, and comparing each
// article with all of them would take time quadratic in their number.
constexpr std::size_t kBucketLeaders = 64;

}  // namespace

SketchBuilder::SketchBuilder() {
    mins_.fill(std::numeric_limits<std::uint32_t>::max());
}

void SketchBuilder::add(std::string_view word) {
    // The window holds the last kShingleWords words' hashes, oldest first.
    std::rotate(window_.begin(), window_.begin() + 1, window_.end());
    window_.back() = XXH3_64bits(word.data(), word.size());
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
    std::string out(kSketchBytes, '\0');
    for (std::size_t i = 0; i < kSketchHashes; ++i) {
        out[2 * i] = static_cast<char>(mins_[i] & 0xffU);
        out[2 * i + 1] = static_cast<char>((mins_[i] >> 8U) & 0xffU);
    }
    return out;
}

unsigned sketch_matches(std::string_view a, std::string_view b) {
    if (a.size() != kSketchBytes || b.size() != kSketchBytes) {
        return 0;
    }
    unsigned n = 0;
    for (std::size_t i = 0; i < kSketchBytes; i += 2) {
        n += static_cast<unsigned>(a[i] == b[i] && a[i + 1] == b[i + 1]);
    }
    return n;
}

std::vector<std::string> group_sketches(const std::vector<SketchedArticle>& articles) {
    std::vector<std::size_t> order(articles.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const SketchedArticle& a = articles[x];
        const SketchedArticle& b = articles[y];
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> leader(articles.size(), kNone);
    std::vector<std::uint32_t> members(articles.size(), 0);
    std::vector<std::size_t> seen_by(articles.size(), kNone);  // last article that compared it
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets;
    for (const std::size_t i : order) {
        const std::string& sketch = articles[i].sketch;
        if (sketch.size() != kSketchBytes) {
            continue;
        }
        std::size_t best = kNone;
        unsigned best_matches = kSameStoryMatches - 1;
        for (std::size_t band = 0; band < kSketchBands; ++band) {
            const auto bucket = buckets.find(band_key(sketch, band));
            if (bucket == buckets.end()) {
                continue;
            }
            for (const std::size_t l : bucket->second) {
                if (seen_by[l] == i) {
                    continue;
                }
                seen_by[l] = i;
                const unsigned m = sketch_matches(sketch, articles[l].sketch);
                // Leaders come oldest first in each bucket: a tie keeps the older.
                if (m > best_matches) {
                    best_matches = m;
                    best = l;
                }
            }
        }
        if (best != kNone) {
            leader[i] = best;
            ++members[best];
            continue;
        }
        leader[i] = i;
        ++members[i];
        for (std::size_t band = 0; band < kSketchBands; ++band) {
            std::vector<std::size_t>& bucket = buckets[band_key(sketch, band)];
            if (bucket.size() == kBucketLeaders) {
                bucket.erase(bucket.begin());
            }
            bucket.push_back(i);
        }
    }
    std::vector<std::string> out(articles.size());
    for (std::size_t i = 0; i < articles.size(); ++i) {
        if (leader[i] != kNone && members[leader[i]] > 1) {
            out[i] = articles[leader[i]].id;
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
            // A document changed only in a value and a term: Xapian rewrites
            // those alone.
            Xapian::Document doc = db.get_document(places[i].did);
            if (!places[i].group.empty()) {
                doc.remove_term(make_term(schema::kSimilarPrefix, places[i].group));
            }
            if (groups[i].empty()) {
                doc.remove_value(slot);
            } else {
                doc.add_value(slot, groups[i]);
                doc.add_boolean_term(make_term(schema::kSimilarPrefix, groups[i]));
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
    return Xapian::Query(group.empty() ? id_term : make_term(schema::kSimilarPrefix, group));
}

}  // namespace newsdex::detail
