// SPDX-License-Identifier: MIT
#include "search/proximity.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <unordered_map>

namespace newsdex::detail {

bool within_window(
    const std::vector<std::vector<Xapian::termpos>>& positions, Xapian::termcount window
) {
    if (positions.empty() || window == 0) {
        return false;
    }
    std::vector<std::size_t> at(positions.size(), 0);
    for (const auto& list : positions) {
        if (list.empty()) {
            return false;
        }
    }
    // Move the list whose current position is first until the span of the
    // current positions fits the window or a list runs out.
    for (;;) {
        std::size_t lowest = 0;
        Xapian::termpos low = std::numeric_limits<Xapian::termpos>::max();
        Xapian::termpos high = 0;
        for (std::size_t i = 0; i < positions.size(); ++i) {
            const Xapian::termpos p = positions[i][at[i]];
            if (p < low) {
                low = p;
                lowest = i;
            }
            high = std::max(high, p);
        }
        if (high - low < window) {
            return true;
        }
        if (++at[lowest] == positions[lowest].size()) {
            return false;
        }
    }
}

bool has_terms_near(const Xapian::Database& db, Xapian::docid did, const Proximity& proximity) {
    std::vector<std::vector<Xapian::termpos>> positions;
    positions.reserve(proximity.terms.size());
    for (const std::string& term : proximity.terms) {
        std::vector<Xapian::termpos> list;
        for (auto p = db.positionlist_begin(did, term); p != db.positionlist_end(did, term); ++p) {
            list.push_back(*p);
        }
        if (list.empty()) {
            return false;
        }
        positions.push_back(std::move(list));
    }
    return within_window(positions, proximity.window);
}

ProximityRanking rank_with_proximity(
    Xapian::Enquire& enquire,
    const Xapian::Database& db,
    const Proximity& proximity,
    double weight,
    Xapian::doccount end,
    Xapian::doccount check_at_least,
    Xapian::doccount first_window
) {
    ProximityRanking out;
    if (end == 0 || proximity.terms.empty()) {
        out.mset = enquire.get_mset(0, end, check_at_least);
        for (Xapian::doccount i = 0; i < out.mset.size(); ++i) {
            out.ranked.push_back({i, out.mset[i].get_weight()});
        }
        return out;
    }
    std::unordered_map<Xapian::docid, bool> near;  // checked in an earlier round
    Xapian::doccount size = std::max({first_window, end, Xapian::doccount{1}});
    const double factor = 1.0 + weight;
    for (bool first_round = true;; first_round = false) {
        if (!first_round) {
            enquire.clear_matchspies();
        }
        out.mset = enquire.get_mset(0, size, std::max(check_at_least, size));
        out.window = size;
        const Xapian::doccount seen = out.mset.size();
        std::vector<RankedMatch> ranked;
        std::vector<std::string> keys;
        ranked.reserve(seen);
        keys.reserve(seen);
        for (Xapian::doccount i = 0; i < seen; ++i) {
            const Xapian::MSetIterator it = out.mset[i];
            const auto [cached, fresh] = near.try_emplace(*it, false);
            if (fresh) {
                cached->second = has_terms_near(db, *it, proximity);
            }
            const double base = it.get_weight();
            ranked.push_back({i, cached->second ? base * factor : base});
            keys.push_back(it.get_sort_key());
        }
        const auto better = [&](const RankedMatch& a, const RankedMatch& b) {
            if (a.score != b.score) {
                return a.score > b.score;
            }
            if (keys[a.index] != keys[b.index]) {
                return keys[a.index] < keys[b.index];
            }
            return *out.mset[a.index] < *out.mset[b.index];
        };
        const Xapian::doccount keep = std::min(end, seen);
        std::partial_sort(
            ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), better
        );
        ranked.resize(keep);
        // Every match seen, or none outside can reach the page's last.
        const bool all_seen = seen < size;
        const bool bounded = keep == end && keep > 0
                             && ranked.back().score > out.mset[seen - 1].get_weight() * factor;
        if (all_seen || bounded) {
            out.ranked = std::move(ranked);
            return out;
        }
        size = size > std::numeric_limits<Xapian::doccount>::max() / 4
                   ? std::numeric_limits<Xapian::doccount>::max()
                   : size * 4;
    }
}

}  // namespace newsdex::detail
