// SPDX-License-Identifier: MIT
// Ranking quality measures of the relevance bench (bench/relevance.sh), as
// trec_eval computes them: a ranked list of ids against judgements (grades
// 0-3; binary judgements are grades 0 and 1). Header only: the bench and its
// unit test (tests/unit/relevance_metrics_test.cc) share it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace newsdex::bench {

/// Judged articles of one query: id -> grade (an id not listed is 0).
using Grades = std::map<std::string, int, std::less<>>;

inline int grade_of(const Grades& grades, const std::string& id) {
    const auto it = grades.find(id);
    return it == grades.end() ? 0 : it->second;
}

/// Articles with a grade above 0.
inline std::size_t relevant_count(const Grades& grades) {
    return static_cast<std::size_t>(std::count_if(grades.begin(), grades.end(), [](const auto& g) {
        return g.second > 0;
    }));
}

/// Precision at k: relevant articles among the first k, over k (a list
/// shorter than k counts the missing places as not relevant).
inline double
precision_at(const std::vector<std::string>& ranked, const Grades& grades, std::size_t k) {
    std::size_t hits = 0;
    for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
        hits += grade_of(grades, ranked[i]) > 0 ? 1 : 0;
    }
    return k == 0 ? 0 : static_cast<double>(hits) / static_cast<double>(k);
}

/// nDCG at k with gains 2^grade - 1 and discounts log2(rank + 1) (Järvelin
/// and Kekäläinen, as trec_eval's ndcg_cut and the 24-article bench); the
/// ideal list is the judged grades, best first. 0 when nothing is relevant.
inline double ndcg_at(const std::vector<std::string>& ranked, const Grades& grades, std::size_t k) {
    const auto gain = [](int g) {
        return std::pow(2.0, g) - 1;
    };
    const auto discount = [](std::size_t i) {
        return std::log2(static_cast<double>(i) + 2);
    };
    double dcg = 0;
    for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
        dcg += gain(grade_of(grades, ranked[i])) / discount(i);
    }
    std::vector<int> ideal;
    for (const auto& [id, g] : grades) {
        ideal.push_back(g);
    }
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < k; ++i) {
        idcg += gain(ideal[i]) / discount(i);
    }
    return idcg == 0 ? 0 : dcg / idcg;
}

/// Average precision of the first k (trec_eval's map_cut_k): the precision
/// at the rank of each relevant article among the first k, summed and
/// divided by the number of relevant articles (all of them, found or not).
inline double
average_precision_at(const std::vector<std::string>& ranked, const Grades& grades, std::size_t k) {
    const std::size_t relevant = relevant_count(grades);
    if (relevant == 0) {
        return 0;
    }
    double sum = 0;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
        if (grade_of(grades, ranked[i]) > 0) {
            ++hits;
            sum += static_cast<double>(hits) / static_cast<double>(i + 1);
        }
    }
    return sum / static_cast<double>(relevant);
}

/// Recall at k: relevant articles among the first k, over all relevant ones.
inline double
recall_at(const std::vector<std::string>& ranked, const Grades& grades, std::size_t k) {
    const std::size_t relevant = relevant_count(grades);
    if (relevant == 0) {
        return 0;
    }
    std::size_t hits = 0;
    for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
        hits += grade_of(grades, ranked[i]) > 0 ? 1 : 0;
    }
    return static_cast<double>(hits) / static_cast<double>(relevant);
}

/// The four measures the Reuters part reports for one query.
struct Measures {
    double p10 = 0;
    double ndcg10 = 0;
    double map100 = 0;
    double recall100 = 0;
};

inline Measures measure(const std::vector<std::string>& ranked, const Grades& grades) {
    return {
        precision_at(ranked, grades, 10),
        ndcg_at(ranked, grades, 10),
        average_precision_at(ranked, grades, 100),
        recall_at(ranked, grades, 100)};
}

/// Mean of the measures of several queries.
inline Measures mean(const std::vector<Measures>& all) {
    Measures m;
    for (const Measures& q : all) {
        m.p10 += q.p10;
        m.ndcg10 += q.ndcg10;
        m.map100 += q.map100;
        m.recall100 += q.recall100;
    }
    if (!all.empty()) {
        const auto n = static_cast<double>(all.size());
        m.p10 /= n;
        m.ndcg10 /= n;
        m.map100 /= n;
        m.recall100 /= n;
    }
    return m;
}

}  // namespace newsdex::bench
