// SPDX-License-Identifier: MIT
#include "search/boolean_matches.h"

#include <algorithm>
#include <string>
#include <vector>

namespace newsdex::detail {

namespace {

using Ptr = std::unique_ptr<BooleanMatches>;

class TermMatches final : public BooleanMatches {
  public:
    TermMatches(const Xapian::Database& db, const std::string& term)
        : it_(db.postlist_begin(term)), end_(db.postlist_end(term)) {}

    Xapian::docid next() override {
        if (started_ && it_ != end_) {
            ++it_;
        }
        started_ = true;
        return it_ == end_ ? 0 : *it_;
    }

    Xapian::docid skip_to(Xapian::docid did) override {
        started_ = true;
        if (it_ != end_ && *it_ < did) {
            it_.skip_to(did);
        }
        return it_ == end_ ? 0 : *it_;
    }

  private:
    Xapian::PostingIterator it_;
    Xapian::PostingIterator end_;
    bool started_ = false;
};

class NoMatches final : public BooleanMatches {
  public:
    Xapian::docid next() override { return 0; }

    Xapian::docid skip_to(Xapian::docid) override { return 0; }
};

// Every child matches: each in turn is moved to the largest current id.
class AndMatches final : public BooleanMatches {
  public:
    explicit AndMatches(std::vector<Ptr> children) : children_(std::move(children)) {}

    Xapian::docid next() override { return align(children_.front()->next()); }

    Xapian::docid skip_to(Xapian::docid did) override {
        return align(children_.front()->skip_to(did));
    }

  private:
    Xapian::docid align(Xapian::docid candidate) {
        std::size_t agreed = 1;
        std::size_t i = 1 % children_.size();
        while (candidate != 0 && agreed < children_.size()) {
            const Xapian::docid got = children_[i]->skip_to(candidate);
            if (got == candidate) {
                ++agreed;
            } else {
                candidate = got;
                agreed = 1;
            }
            i = (i + 1) % children_.size();
        }
        return candidate;
    }

    std::vector<Ptr> children_;
};

// Any child matches.
class OrMatches final : public BooleanMatches {
  public:
    explicit OrMatches(std::vector<Ptr> children)
        : children_(std::move(children)), at_(children_.size(), 0) {}

    Xapian::docid next() override {
        for (std::size_t i = 0; i < children_.size(); ++i) {
            if (!started_ || (at_[i] != 0 && at_[i] == current_)) {
                at_[i] = children_[i]->next();
            }
        }
        started_ = true;
        return settle();
    }

    Xapian::docid skip_to(Xapian::docid did) override {
        for (std::size_t i = 0; i < children_.size(); ++i) {
            if (!started_ || (at_[i] != 0 && at_[i] < did)) {
                at_[i] = children_[i]->skip_to(did);
            }
        }
        started_ = true;
        return settle();
    }

  private:
    Xapian::docid settle() {
        current_ = 0;
        for (const Xapian::docid d : at_) {
            if (d != 0 && (current_ == 0 || d < current_)) {
                current_ = d;
            }
        }
        return current_;
    }

    std::vector<Ptr> children_;
    std::vector<Xapian::docid> at_;  // each child's current match (0: none left)
    Xapian::docid current_ = 0;
    bool started_ = false;
};

// The left side's matches that the right side does not have.
class AndNotMatches final : public BooleanMatches {
  public:
    AndNotMatches(Ptr left, Ptr right) : left_(std::move(left)), right_(std::move(right)) {}

    Xapian::docid next() override { return keep(left_->next()); }

    Xapian::docid skip_to(Xapian::docid did) override { return keep(left_->skip_to(did)); }

  private:
    Xapian::docid keep(Xapian::docid candidate) {
        while (candidate != 0) {
            if (right_at_ != kEnd && right_at_ < candidate) {
                right_at_ = right_->skip_to(candidate);
                if (right_at_ == 0) {
                    right_at_ = kEnd;
                }
            }
            if (right_at_ != candidate) {
                return candidate;
            }
            candidate = left_->next();
        }
        return 0;
    }

    static constexpr Xapian::docid kEnd = static_cast<Xapian::docid>(-1);
    Ptr left_;
    Ptr right_;
    Xapian::docid right_at_ = 0;
};

Ptr build(const Xapian::Database& db, const Xapian::Query& q) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return std::make_unique<TermMatches>(db, *q.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_ALL:
        return std::make_unique<TermMatches>(db, std::string());
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return std::make_unique<NoMatches>();
    case Xapian::Query::OP_SCALE_WEIGHT:
        return q.get_num_subqueries() == 1 ? build(db, q.get_subquery(0)) : nullptr;
    case Xapian::Query::OP_AND_MAYBE:
        return q.get_num_subqueries() >= 1 ? build(db, q.get_subquery(0)) : nullptr;
    case Xapian::Query::OP_AND_NOT: {
        if (q.get_num_subqueries() < 2) {
            return nullptr;
        }
        Ptr left = build(db, q.get_subquery(0));
        std::vector<Ptr> rights;
        for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
            rights.push_back(build(db, q.get_subquery(i)));
            if (!rights.back()) {
                return nullptr;
            }
        }
        if (!left) {
            return nullptr;
        }
        Ptr right = rights.size() == 1 ? std::move(rights.front())
                                       : std::make_unique<OrMatches>(std::move(rights));
        return std::make_unique<AndNotMatches>(std::move(left), std::move(right));
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM: {
        std::vector<Ptr> children;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            children.push_back(build(db, q.get_subquery(i)));
            if (!children.back()) {
                return nullptr;
            }
        }
        if (children.empty()) {
            return nullptr;
        }
        if (children.size() == 1) {
            return std::move(children.front());
        }
        const bool all =
            q.get_type() == Xapian::Query::OP_AND || q.get_type() == Xapian::Query::OP_FILTER;
        if (all) {
            return std::make_unique<AndMatches>(std::move(children));
        }
        return std::make_unique<OrMatches>(std::move(children));
    }
    default:
        return nullptr;
    }
}

}  // namespace

std::unique_ptr<BooleanMatches>
boolean_matches(const Xapian::Database& db, const Xapian::Query& query) {
    return build(db, query);
}

}  // namespace newsdex::detail
