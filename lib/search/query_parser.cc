// SPDX-License-Identifier: MIT
#include "search/query_parser.h"

#include "newsdex/article.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "schema/schema_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

namespace newsdex::detail {

namespace {

// Every document. Not Xapian::Query::MatchAll: that is one object shared by
// the whole process, and copying it changes its reference count, which is
// not atomic, so two threads parsing at once would race on it.
Xapian::Query match_all() {
    return Xapian::Query(std::string());
}

using schema::Field;

// ---------------------------------------------------------------- lexing

enum class Lex : unsigned char {
    kWord,
    kPhrase,
    kWildcard,
    kStar,
    kField,
    kLParen,
    kRParen,
    kAnd,
    kOr,
    kNot,
    kNear,
    kAdj,
    kPlus,
    kMinus,
    kEnd,
};

struct Lexeme {
    Lex type = Lex::kEnd;
    std::string text;              // word, phrase or field value
    std::size_t offset = 0;        // byte offset in the query
    const Field* field = nullptr;  // for kField
    bool quoted = false;           // kField: the value was a quoted phrase
    unsigned window = 0;           // kNear / kAdj
};

bool is_space(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v'
           || c == U'\u00A0' || c == U'\u3000' || c == U'\u2009' || c == U'\u202F';
}

bool is_quote(char32_t c) {
    return c == U'"' || c == U'\u201C' || c == U'\u201D' || c == U'\u201E' || c == U'\u00AB'
           || c == U'\u00BB' || c == U'\uFF02';
}

bool is_paren(char32_t c, bool open) {
    return open ? (c == U'(' || c == U'\uFF08') : (c == U')' || c == U'\uFF09');
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// The first example query of a field's summary (the text between backticks).
std::string example_of(const Field& f) {
    const std::size_t open = f.summary.find('`');
    const std::size_t close = open == std::string_view::npos ? open : f.summary.find('`', open + 1);
    if (close == std::string_view::npos) {
        return std::string(f.name) + ":...";
    }
    return std::string(f.summary.substr(open + 1, close - open - 1));
}

class QueryError {
  public:
    QueryError(
        std::string_view query, std::size_t offset, std::string message, std::string hint = {}
    ) {
        std::size_t column = 1;
        for (std::size_t i = 0; i < offset && i < query.size();) {
            next_code_point(query, i);
            ++column;
        }
        error_ = std::make_unique<Error>(
            Error(Errc::kBadQuery, std::move(message), std::move(hint)).with_column(column)
        );
    }

    [[noreturn]] void raise() const { throw *error_; }

  private:
    std::unique_ptr<Error> error_;
};

[[noreturn]] void
fail(std::string_view query, std::size_t offset, std::string message, std::string hint = {}) {
    QueryError(query, offset, std::move(message), std::move(hint)).raise();
}

class Lexer {
  public:
    explicit Lexer(std::string_view q) : q_(q) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        while (true) {
            skip_space();
            if (pos_ >= q_.size()) {
                break;
            }
            std::size_t i = pos_;
            const char32_t c = next_code_point(q_, i);
            if (is_paren(c, true)) {
                out.push_back({Lex::kLParen, {}, pos_});
                pos_ = i;
                continue;
            }
            if (is_paren(c, false)) {
                out.push_back({Lex::kRParen, {}, pos_});
                pos_ = i;
                continue;
            }
            if (is_quote(c)) {
                Lexeme phrase{Lex::kPhrase, {}, pos_};
                phrase.text = read_phrase();
                out.push_back(std::move(phrase));
                continue;
            }
            // '+' and '-' are operators at the start of a term; inside a word
            // (Jong-un) they are part of it.
            if (c == U'+' || c == U'-') {
                const std::size_t op_offset = pos_;
                if (i >= q_.size() || starts_space(i)) {
                    fail(
                        q_,
                        op_offset,
                        std::string("'") + static_cast<char>(c) + "' needs a word right after it",
                        "write -word or +word, with no space"
                    );
                }
                out.push_back({c == U'+' ? Lex::kPlus : Lex::kMinus, {}, op_offset});
                pos_ = i;
                continue;
            }
            out.push_back(read_word());
        }
        out.push_back({Lex::kEnd, {}, q_.size()});
        return out;
    }

  private:
    bool starts_space(std::size_t at) const {
        std::size_t i = at;
        return is_space(next_code_point(q_, i));
    }

    void skip_space() {
        while (pos_ < q_.size()) {
            std::size_t i = pos_;
            if (!is_space(next_code_point(q_, i))) {
                return;
            }
            pos_ = i;
        }
    }

    std::string read_phrase() {
        const std::size_t open = pos_;
        next_code_point(q_, pos_);
        const std::size_t start = pos_;
        while (pos_ < q_.size()) {
            const std::size_t here = pos_;
            if (is_quote(next_code_point(q_, pos_))) {
                return std::string(q_.substr(start, here - start));
            }
        }
        fail(
            q_,
            open,
            "unbalanced quote: the phrase opened here is not closed",
            "add the closing \" or remove this one"
        );
    }

    Lexeme read_word() {
        const std::size_t start = pos_;
        while (pos_ < q_.size()) {
            std::size_t i = pos_;
            const char32_t c = next_code_point(q_, i);
            if (is_space(c) || is_paren(c, true) || is_paren(c, false) || is_quote(c)) {
                break;
            }
            pos_ = i;
        }
        const std::string_view word = q_.substr(start, pos_ - start);
        Lexeme lex{Lex::kWord, std::string(word), start};

        if (word == "AND" || word == "&&") {
            lex.type = Lex::kAnd;
            return lex;
        }
        if (word == "OR" || word == "||") {
            lex.type = Lex::kOr;
            return lex;
        }
        if (word == "NOT") {
            lex.type = Lex::kNot;
            return lex;
        }
        if (word.substr(0, 4) == "NEAR" || word.substr(0, 3) == "ADJ") {
            const bool near = word[0] == 'N';
            const std::string_view rest = word.substr(near ? 4 : 3);
            if (rest.empty() || (rest[0] == '/' && rest.size() > 1)) {
                unsigned window = 10;
                if (!rest.empty()) {
                    window = 0;
                    for (const char ch : rest.substr(1)) {
                        if (ch < '0' || ch > '9' || window > 1000) {
                            fail(
                                q_,
                                start,
                                std::string(word) + " needs a number of words, e.g. NEAR/5"
                            );
                        }
                        window = window * 10 + static_cast<unsigned>(ch - '0');
                    }
                    if (window == 0) {
                        fail(q_, start, "a NEAR or ADJ distance is at least 1 word");
                    }
                }
                lex.type = near ? Lex::kNear : Lex::kAdj;
                lex.window = window;
                return lex;
            }
        }
        if (word == "*") {
            lex.type = Lex::kStar;
            return lex;
        }
        if (const std::size_t colon = word.find(':');
            colon != std::string_view::npos && colon > 0) {
            const std::string name = lower_ascii(word.substr(0, colon));
            if (const Field* field = schema::find_field(name)) {
                lex.type = Lex::kField;
                lex.field = field;
                lex.text = std::string(word.substr(colon + 1));
                if (lex.text.empty() && pos_ < q_.size()) {
                    std::size_t i = pos_;
                    const char32_t c = next_code_point(q_, i);
                    if (is_quote(c)) {
                        lex.text = read_phrase();
                        lex.quoted = true;
                    } else if (is_paren(c, true)) {
                        fail(
                            q_,
                            pos_,
                            name + ":(...) is not supported",
                            "write " + name + ":A OR " + name + ":B"
                        );
                    }
                }
                if (lex.text.empty() && !lex.quoted) {
                    fail(q_, start, name + ": needs a value", "for example " + example_of(*field));
                }
                return lex;
            }
        }
        if (word.size() > 1 && word.back() == '*') {
            lex.type = Lex::kWildcard;
            lex.text = std::string(word.substr(0, word.size() - 1));
            return lex;
        }
        return lex;
    }

    std::string_view q_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------- syntax tree

enum class NodeKind : unsigned char {
    kAnd,
    kOr,
    kNear,
    kAdj,
    kWord,
    kPhrase,
    kWildcard,
    kField,
    kAll
};

struct Node {
    NodeKind kind = NodeKind::kWord;
    std::vector<std::unique_ptr<Node>> children;
    std::string text;
    const Field* field = nullptr;
    bool quoted = false;
    bool negated = false;
    bool explicit_and = false;  // joined to the previous item by a written AND
    unsigned window = 0;
    std::size_t offset = 0;
};

using NodePtr = std::unique_ptr<Node>;

class Parser {
  public:
    Parser(std::string_view query, std::vector<Lexeme> lexemes)
        : q_(query), lex_(std::move(lexemes)) {}

    NodePtr parse() {
        if (peek().type == Lex::kEnd) {
            auto all = std::make_unique<Node>();
            all->kind = NodeKind::kAll;
            return all;
        }
        NodePtr root = parse_or(0);
        if (peek().type == Lex::kRParen) {
            fail(
                q_,
                peek().offset,
                "unbalanced ')': no '(' opens it",
                "remove it or add a '(' before"
            );
        }
        return root;
    }

  private:
    const Lexeme& peek() const { return lex_[pos_]; }

    const Lexeme& take() { return lex_[pos_++]; }

    static bool starts_term(Lex t) {
        switch (t) {
        case Lex::kWord:
        case Lex::kPhrase:
        case Lex::kWildcard:
        case Lex::kStar:
        case Lex::kField:
        case Lex::kLParen:
        case Lex::kPlus:
        case Lex::kMinus:
        case Lex::kNot:
            return true;
        default:
            return false;
        }
    }

    static const char* name_of(Lex t) {
        switch (t) {
        case Lex::kAnd:
            return "AND";
        case Lex::kOr:
            return "OR";
        case Lex::kNot:
            return "NOT";
        case Lex::kNear:
            return "NEAR";
        case Lex::kAdj:
            return "ADJ";
        default:
            return "operator";
        }
    }

    void need_term_after(const Lexeme& op) {
        if (!starts_term(peek().type)) {
            fail(
                q_,
                op.offset,
                std::string(name_of(op.type)) + " needs a term after it",
                "complete the query or remove the operator"
            );
        }
    }

    NodePtr parse_or(std::size_t depth) {
        NodePtr left = parse_and(depth);
        while (peek().type == Lex::kOr) {
            const Lexeme& op = take();
            need_term_after(op);
            NodePtr right = parse_and(depth);
            if (left->kind != NodeKind::kOr || left->negated) {
                auto node = std::make_unique<Node>();
                node->kind = NodeKind::kOr;
                node->offset = left->offset;
                node->children.push_back(std::move(left));
                left = std::move(node);
            }
            left->children.push_back(std::move(right));
        }
        return left;
    }

    NodePtr parse_and(std::size_t depth) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kAnd;
        node->offset = peek().offset;
        for (;;) {
            const Lexeme& t = peek();
            if (t.type == Lex::kEnd || t.type == Lex::kRParen || t.type == Lex::kOr) {
                if (node->children.empty()) {
                    if (t.type == Lex::kOr) {
                        fail(
                            q_,
                            t.offset,
                            "OR needs a term before it",
                            "complete the query or remove the operator"
                        );
                    }
                    fail(
                        q_, t.offset, t.type == Lex::kRParen ? "empty parentheses" : "empty query"
                    );
                }
                break;
            }
            if (t.type == Lex::kAnd) {
                if (node->children.empty()) {
                    fail(
                        q_,
                        t.offset,
                        "AND needs a term before it",
                        "complete the query or remove the operator"
                    );
                }
                const Lexeme& op = take();
                need_term_after(op);
                NodePtr item = parse_unary(depth);
                item->explicit_and = true;
                node->children.push_back(std::move(item));
                continue;
            }
            if (t.type == Lex::kNear || t.type == Lex::kAdj) {
                fail(
                    q_,
                    t.offset,
                    std::string(name_of(t.type)) + " needs a word before it",
                    "write word1 NEAR word2"
                );
            }
            node->children.push_back(parse_unary(depth));
        }
        if (node->children.size() == 1 && !node->children[0]->explicit_and) {
            return std::move(node->children[0]);
        }
        return node;
    }

    NodePtr parse_unary(std::size_t depth) {
        const Lexeme& t = peek();
        if (t.type == Lex::kNot || t.type == Lex::kMinus) {
            const Lexeme& op = take();
            if (op.type == Lex::kNot) {
                need_term_after(op);
            }
            NodePtr item = parse_unary(depth);
            item->negated = !item->negated;
            return item;
        }
        if (t.type == Lex::kPlus) {
            take();
            return parse_unary(depth);
        }
        return parse_near(depth);
    }

    NodePtr parse_near(std::size_t depth) {
        NodePtr left = parse_primary(depth);
        while (peek().type == Lex::kNear || peek().type == Lex::kAdj) {
            const Lexeme& op = take();
            const NodeKind kind = op.type == Lex::kNear ? NodeKind::kNear : NodeKind::kAdj;
            if (peek().type != Lex::kWord) {
                fail(
                    q_,
                    op.offset,
                    std::string(name_of(op.type)) + " joins plain words",
                    "write word1 NEAR word2 (or NEAR/5)"
                );
            }
            if (left->kind != NodeKind::kWord && left->kind != kind) {
                fail(
                    q_,
                    op.offset,
                    std::string(name_of(op.type)) + " joins plain words",
                    "write word1 NEAR word2 (or NEAR/5)"
                );
            }
            NodePtr right = parse_primary(depth);
            if (left->kind != kind) {
                auto node = std::make_unique<Node>();
                node->kind = kind;
                node->offset = left->offset;
                node->window = op.window;
                node->children.push_back(std::move(left));
                left = std::move(node);
            }
            left->window = std::max(left->window, op.window);
            left->children.push_back(std::move(right));
        }
        return left;
    }

    NodePtr parse_primary(std::size_t depth) {
        const Lexeme& t = take();
        auto node = std::make_unique<Node>();
        node->offset = t.offset;
        switch (t.type) {
        case Lex::kLParen: {
            if (depth + 1 > QueryParser::kMaxDepth) {
                fail(
                    q_,
                    t.offset,
                    "parentheses nested deeper than " + std::to_string(QueryParser::kMaxDepth),
                    "simplify the query"
                );
            }
            if (peek().type == Lex::kRParen) {
                fail(q_, t.offset, "empty parentheses", "put a term inside or remove them");
            }
            NodePtr inner = parse_or(depth + 1);
            if (peek().type != Lex::kRParen) {
                fail(q_, t.offset, "unbalanced '(': it is never closed", "add the missing ')'");
            }
            take();
            return inner;
        }
        case Lex::kWord:
            node->kind = NodeKind::kWord;
            node->text = t.text;
            return node;
        case Lex::kPhrase:
            node->kind = NodeKind::kPhrase;
            node->text = t.text;
            return node;
        case Lex::kWildcard:
            node->kind = NodeKind::kWildcard;
            node->text = t.text;
            return node;
        case Lex::kStar:
            node->kind = NodeKind::kAll;
            return node;
        case Lex::kField:
            node->kind = NodeKind::kField;
            node->field = t.field;
            node->text = t.text;
            node->quoted = t.quoted;
            return node;
        case Lex::kRParen:
            fail(q_, t.offset, "unbalanced ')': no '(' opens it", "remove it or add a '(' before");
        case Lex::kEnd:
            fail(q_, t.offset, "the query ends where a term was expected", "complete the query");
        default:
            fail(
                q_,
                t.offset,
                std::string(name_of(t.type)) + " needs a term before it",
                "complete the query or remove the operator"
            );
        }
    }

    std::string_view q_;
    std::vector<Lexeme> lex_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------- dates

struct Period {
    std::string lo;    // YYYYMMDD
    std::string hi;    // YYYYMMDD
    std::string term;  // Y..., M... or D... for a single value
};

std::string ymd(int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return buf;
}

const char* month_name(int m) {
    static constexpr const char* kNames[] = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"};
    return kNames[m - 1];
}

bool all_digits(std::string_view s) {
    return !s.empty()
           && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// granularity: 1 = years only, 2 = year-month, 3 = any of year, year-month, date.
Period parse_period(
    std::string_view q,
    std::size_t offset,
    std::string_view field,
    std::string_view v,
    int granularity
) {
    const std::string example = granularity == 1   ? "year:2019"
                                : granularity == 2 ? "month:2019-01"
                                                   : "date:2019-01-10";
    const auto bad = [&](const std::string& what) {
        fail(
            q,
            offset,
            std::string(field) + ":" + std::string(v) + " " + what,
            "write it like " + example
        );
    };
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
        if (i == v.size() || v[i] == '-') {
            parts.push_back(v.substr(start, i - start));
            start = i + 1;
        }
    }
    const int count = static_cast<int>(parts.size());
    if ((granularity == 1 && count != 1) || (granularity == 2 && count != 2) || count > 3) {
        bad("is not a valid "
            + std::string(
                granularity == 1   ? "year"
                : granularity == 2 ? "month"
                                   : "date"
            ));
    }
    if (parts[0].size() != 4 || !all_digits(parts[0])) {
        bad("is not a valid year: a year has four digits");
    }
    const int year = std::stoi(std::string(parts[0]));
    if (year < 1) {
        bad("is not a valid year");
    }
    Period p;
    char buf[16];
    if (count == 1) {
        p.lo = ymd(year, 1, 1);
        p.hi = ymd(year, 12, 31);
        std::snprintf(buf, sizeof buf, "%04d", year);
        p.term = make_term(schema::field("year"), buf);
        return p;
    }
    if (parts[1].size() != 2 || !all_digits(parts[1])) {
        bad("is not a valid month: write the month with two digits");
    }
    const int month = std::stoi(std::string(parts[1]));
    if (month < 1 || month > 12) {
        bad("names month " + std::to_string(month) + ", which does not exist");
    }
    if (count == 2) {
        p.lo = ymd(year, month, 1);
        p.hi = ymd(year, month, days_in_month(year, month));
        std::snprintf(buf, sizeof buf, "%04d%02d", year, month);
        p.term = make_term(schema::field("month"), buf);
        return p;
    }
    if (parts[2].size() != 2 || !all_digits(parts[2])) {
        bad("is not a valid day: write the day with two digits");
    }
    const int day = std::stoi(std::string(parts[2]));
    if (!is_valid_ymd(year, month, day)) {
        bad(std::string("does not exist: ") + month_name(month) + " " + std::to_string(year)
            + " has " + std::to_string(days_in_month(year, month)) + " days");
    }
    p.lo = p.hi = ymd(year, month, day);
    p.term = make_term(schema::field("date"), p.lo);
    return p;
}

// ---------------------------------------------------------------- building

// Snippet weight of the other names a typed name was expanded to: below any
// typed word's (see HighlightSpec).
constexpr double kAliasWeight = -0.5;

struct Built {
    Xapian::Query query;
    bool text = false;      // ranks (free text)
    bool stopword = false;  // a lone stopword (dropped when other words exist)
    bool empty = false;     // nothing to search for (punctuation only)
};

class Builder {
  public:
    Builder(
        std::string_view q,
        const Analyzer& analyzer,
        const Xapian::Database& db,
        const Gazetteer* gazetteer,
        ParsedQuery& out,
        const Node* root
    )
        : q_(q),
          analyzer_(analyzer),
          db_(db),
          gazetteer_(gazetteer),
          out_(out),
          root_(root),
          doc_count_(db.get_doccount()) {}

    Built build(const Node& node) {
        switch (node.kind) {
        case NodeKind::kAll:
            return Built{match_all(), false, false, false};
        case NodeKind::kWord:
            return words_with_aliases({&node}).front();
        case NodeKind::kPhrase:
            return phrase(node.text, "", node.offset);
        case NodeKind::kWildcard:
            return wildcard(node);
        case NodeKind::kField:
            return field(node);
        case NodeKind::kNear:
        case NodeKind::kAdj:
            return near(node);
        case NodeKind::kOr:
            return any_of(node);
        case NodeKind::kAnd:
            return all_of(node);
        }
        return Built{};
    }

  private:
    double idf(const std::string& term) const {
        const double tf = db_.get_termfreq(term);
        return std::log((static_cast<double>(doc_count_) + 1.0) / (tf + 0.5));
    }

    // A word typed in free text (or after title:). One token: its stem (so
    // that visiting finds visit, visits, visited). Several tokens joined by
    // hyphens or the like (Jong-un, U.S.-China): a phrase of them.
    Built word(const std::string& text, std::size_t offset, std::string_view prefix) {
        const std::vector<Token> tokens = analyzer_.tokens(text, CjkMode::kQuery);
        if (tokens.empty()) {
            return Built{Xapian::Query(), false, false, true};
        }
        if (tokens.size() == 1) {
            const Token& t = tokens[0];
            if (Analyzer::stemmed(t.kind) && !analyzer_.is_stopword(t.term)) {
                const std::string stem = analyzer_.stem(t.term);
                const std::string term = make_term(std::string("Z") + std::string(prefix), stem);
                out_.highlight.stems.emplace(stem, idf(make_term("Z", stem)));
                explain(
                    "'" + text + "' -> stem '" + stem + "' (term " + term
                    + ", any form of the word)"
                );
                return Built{Xapian::Query(term, 1, 0), true, false, false};
            }
            // A stopword (kept only when the query has nothing else), a
            // number or a CJK character: searched unstemmed.
            const std::string term = make_term(prefix, t.term);
            out_.highlight.terms.emplace(t.term, idf(make_term("", t.term)));
            const bool stopword = Analyzer::stemmed(t.kind);
            explain(
                "'" + text + "' -> term " + term
                + (stopword ? " (a stopword: dropped unless the query has nothing else)" : "")
            );
            return Built{Xapian::Query(term, 1, 0), true, stopword, false};
        }
        // Split into runs of joined tokens: each run is a phrase.
        std::vector<Xapian::Query> parts;
        std::size_t i = 0;
        while (i < tokens.size()) {
            std::size_t j = i + 1;
            while (j < tokens.size() && tokens[j].joined) {
                ++j;
            }
            if (j - i == 1) {
                Built single = word(tokens[i].term, offset, prefix);
                if (!single.empty) {
                    parts.push_back(single.query);
                }
            } else {
                parts.push_back(phrase_of(tokens, i, j, prefix));
            }
            i = j;
        }
        return Built{
            Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), true, false, false};
    }

    Xapian::Query phrase_of(
        const std::vector<Token>& tokens, std::size_t from, std::size_t to, std::string_view prefix
    ) {
        std::vector<Xapian::Query> terms;
        std::vector<std::string> folded;
        double weight = 0;
        for (std::size_t k = from; k < to; ++k) {
            terms.emplace_back(
                make_term(prefix, tokens[k].term), 1, static_cast<Xapian::termpos>(k - from + 1)
            );
            folded.push_back(tokens[k].term);
            weight += idf(make_term("", tokens[k].term));
        }
        std::string shown;
        for (const std::string& f : folded) {
            shown += (shown.empty() ? "" : " ") + std::string(prefix) + f;
        }
        explain("phrase -> " + shown + " (in this order, next to each other)");
        out_.highlight.phrases.emplace_back(std::move(folded), weight);
        return Xapian::Query(
            Xapian::Query::OP_PHRASE,
            terms.begin(),
            terms.end(),
            static_cast<Xapian::termcount>(terms.size())
        );
    }

    // A quoted phrase: exact (unstemmed) words in order, stopwords kept.
    Built phrase(const std::string& text, std::string_view prefix, std::size_t offset) {
        const std::vector<Token> tokens = analyzer_.tokens(text, CjkMode::kQuery);
        if (tokens.empty()) {
            fail(q_, offset, "empty phrase", "put words between the quotes or remove them");
        }
        if (tokens.size() == 1) {
            out_.highlight.terms.emplace(tokens[0].term, idf(tokens[0].term));
            return Built{
                Xapian::Query(make_term(prefix, tokens[0].term), 1, 0), true, false, false};
        }
        return Built{phrase_of(tokens, 0, tokens.size(), prefix), true, false, false};
    }

    Built wildcard(const Node& node) {
        const std::vector<Token> tokens = analyzer_.tokens(node.text, CjkMode::kQuery);
        if (tokens.size() != 1 || tokens[0].kind == TokenKind::kCjk) {
            fail(
                q_,
                node.offset,
                "a wildcard ends a single word, e.g. denuclear*",
                "remove the '*' or shorten the pattern to one word"
            );
        }
        const std::string& prefix = tokens[0].term;
        // Expanded here rather than by OP_WILDCARD: a remote shard would
        // expand it over its own words only, and the synonym's statistics
        // would differ from one database's.
        std::vector<Xapian::Query> words;
        for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
            if (words.size() >= QueryParser::kMaxWildcardExpansion) {
                fail(
                    q_,
                    node.offset,
                    "'" + node.text + "*' matches more than "
                        + std::to_string(QueryParser::kMaxWildcardExpansion) + " words",
                    "make the pattern longer"
                );
            }
            words.emplace_back(*it);
        }
        out_.highlight.prefixes.emplace_back(prefix, idf(prefix));
        explain(
            "'" + node.text + "*' -> the " + std::to_string(words.size())
            + " indexed words starting with '" + prefix + "'"
        );
        if (words.empty()) {
            return Built{Xapian::Query(prefix), true, false, false};  // matches nothing
        }
        return Built{
            Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end()),
            true,
            false,
            false};
    }

    Built near(const Node& node) {
        std::vector<Xapian::Query> terms;
        for (const NodePtr& child : node.children) {
            const std::vector<Token> tokens = analyzer_.tokens(child->text, CjkMode::kQuery);
            if (tokens.size() != 1) {
                fail(
                    q_,
                    child->offset,
                    "NEAR and ADJ join single words; '" + child->text + "' is not one",
                    "use a phrase in quotes instead"
                );
            }
            terms.emplace_back(tokens[0].term);
            out_.highlight.terms.emplace(tokens[0].term, idf(tokens[0].term));
        }
        const auto window = static_cast<Xapian::termcount>(node.window + terms.size() - 1);
        explain(
            std::string(node.kind == NodeKind::kNear ? "NEAR" : "ADJ") + " -> within "
            + std::to_string(node.window) + " words of each other"
            + (node.kind == NodeKind::kAdj ? ", in this order" : "")
        );
        const auto op =
            node.kind == NodeKind::kNear ? Xapian::Query::OP_NEAR : Xapian::Query::OP_PHRASE;
        return Built{Xapian::Query(op, terms.begin(), terms.end(), window), true, false, false};
    }

    static Xapian::Query unweighted(const Xapian::Query& q) {
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
    }

    Built field(const Node& node) {
        const Field& f = *node.field;
        const std::string& v = node.text;
        using schema::Values;
        switch (f.values) {
        case Values::kWords: {
            Built b =
                node.quoted ? phrase(v, f.prefix, node.offset) : word(v, node.offset, f.prefix);
            if (b.empty) {
                fail(
                    q_, node.offset, std::string(f.name) + ":" + v + " has no words to search for"
                );
            }
            b.stopword = false;
            return b;
        }
        case Values::kExact:
            explain(
                std::string(f.name) + ":" + v + " -> filter " + make_term(f, v) + " (prefix "
                + std::string(f.prefix) + ")"
            );
            return Built{Xapian::Query(make_term(f, v)), false, false, false};
        case Values::kFolded:
            return Built{folded(f, v, node.offset), false, false, false};
        case Values::kYear:
        case Values::kMonth:
        case Values::kDate:
            return Built{period(f, v, node.offset), false, false, false};
        }
        return Built{};
    }

    static bool accepts(const Field& f, EntityType type) {
        const std::string_view field = field_of(type);
        return f.name == field || (f.name == "person" && type == EntityType::kLeader);
    }

    // The values of a name field (source and the entity fields) that a typed
    // name stands for: the gazetteer's entities it names (any alias, any
    // case: leader:xi, country:DPRK), else the indexed values it is or is a
    // part of (source:arirang, leader:kishida).
    Xapian::Query folded(const Field& f, const std::string& v, std::size_t offset) {
        const std::string name = analyzer_.fold(v);
        if (name.empty()) {
            fail(
                q_,
                offset,
                std::string(f.name) + ":" + v + " names nothing",
                "give a name, e.g. " + example_of(f)
            );
        }
        std::vector<std::pair<std::string, std::string>> found;  // (folded, shown)
        const auto add = [&found](const std::string& folded_name, const std::string& shown) {
            const bool known = std::any_of(found.begin(), found.end(), [&](const auto& p) {
                return p.first == folded_name;
            });
            if (!known) {
                found.emplace_back(folded_name, shown);
            }
        };
        if (gazetteer_ != nullptr && f.name != "source") {
            for (const std::uint32_t id : gazetteer_->lookup(name)) {
                const Entity& e = gazetteer_->entities()[id];
                if (accepts(f, e.type)) {
                    add(e.folded, e.name);
                }
            }
        }
        const std::string prefix(f.prefix);
        if (found.empty() && db_.term_exists(make_term(f, name))) {
            add(name, v);
        }
        if (found.empty()) {
            const std::string padded = " " + name + " ";
            for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
                const std::string known = (*it).substr(prefix.size());
                if ((" " + known + " ").find(padded) != std::string::npos) {
                    add(known, known);
                }
            }
        }
        if (found.empty()) {
            std::string closest = closest_values(prefix, name);
            out_.notices.push_back(
                std::string(f.name) + ":" + v + " matches no " + std::string(f.name)
                + " in the index" + (closest.empty() ? std::string() : "; closest: " + closest)
            );
            return Xapian::Query(make_term(f, name));
        }
        if (found.size() > 1) {
            std::string list;
            for (std::size_t i = 0; i < found.size() && i < 8; ++i) {
                list += (list.empty() ? "" : ", ") + found[i].second;
            }
            if (found.size() > 8) {
                list += " and " + std::to_string(found.size() - 8) + " more";
            }
            out_.notices.push_back(
                std::string(f.name) + ":" + v + " matches " + std::to_string(found.size())
                + " values, searching for any of them: " + list
            );
        }
        std::vector<Xapian::Query> terms;
        std::string shown;
        for (const auto& p : found) {
            shown += (shown.empty() ? "" : " OR ") + make_term(f, p.first) + " (" + p.second + ")";
        }
        explain(
            std::string(f.name) + ":" + v + " -> filter " + shown + "; prefix "
            + std::string(f.prefix)
            + (f.combine == schema::Combine::kAll ? ", several values must all hold"
                                                  : ", several values are alternatives")
        );
        for (const auto& p : found) {
            terms.emplace_back(make_term(f, p.first));
            if (f.name != "source") {
                out_.highlight.entities.emplace_back(std::string(f.name), p.first);
            }
        }
        return terms.size() == 1 ? terms.front()
                                 : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

    // Up to three indexed values nearest to `name` (edit distance), for a hint.
    std::string closest_values(const std::string& prefix, const std::string& name) const {
        std::vector<std::pair<std::size_t, std::string>> scored;
        std::size_t seen = 0;
        for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix) && seen < 20000;
             ++it, ++seen) {
            const std::string known = (*it).substr(prefix.size());
            // A partial name is compared with each word too: putn ~ vladimir putin.
            std::size_t best = edit_distance(name, known);
            std::size_t start = 0;
            while (start < known.size()) {
                const std::size_t space = known.find(' ', start);
                const std::string word = known.substr(
                    start, space == std::string::npos ? std::string::npos : space - start
                );
                best = std::min(best, edit_distance(name, word));
                start = space == std::string::npos ? known.size() : space + 1;
            }
            scored.emplace_back(best, known);
        }
        std::sort(scored.begin(), scored.end());
        std::string out;
        for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
            if (scored[i].first > std::max<std::size_t>(3, name.size() / 2)) {
                break;
            }
            out += (out.empty() ? "" : ", ") + scored[i].second;
        }
        return out;
    }

    static std::size_t edit_distance(const std::string& a, const std::string& b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) {
            row[j] = j;
        }
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t up = row[j];
                row[j] =
                    std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)}
                    );
                diagonal = up;
            }
        }
        return row[b.size()];
    }

    Xapian::Query period(const Field& f, const std::string& v, std::size_t offset) {
        const int granularity = f.values == schema::Values::kYear    ? 1
                                : f.values == schema::Values::kMonth ? 2
                                                                     : 3;
        const std::size_t dots = v.find("..");
        if (dots == std::string::npos) {
            const std::string term = parse_period(q_, offset, f.name, v, granularity).term;
            explain(
                std::string(f.name) + ":" + v + " -> filter " + term + " (the article's local date)"
            );
            return Xapian::Query(term);
        }
        const std::string lo_text = v.substr(0, dots);
        const std::string hi_text = v.substr(dots + 2);
        if (lo_text.empty() && hi_text.empty()) {
            fail(
                q_,
                offset,
                std::string(f.name) + ":.. needs at least one end",
                "e.g. " + std::string(f.name) + ":2018..2019 or " + std::string(f.name) + ":..2019"
            );
        }
        std::optional<Period> lo;
        std::optional<Period> hi;
        if (!lo_text.empty()) {
            lo = parse_period(q_, offset, f.name, lo_text, granularity);
        }
        if (!hi_text.empty()) {
            hi = parse_period(
                q_, offset + dots + 2 + f.name.size() + 1, f.name, hi_text, granularity
            );
        }
        if (lo && hi && lo->lo > hi->hi) {
            fail(
                q_,
                offset,
                std::string(f.name) + ":" + v + " starts after it ends",
                "swap the two ends"
            );
        }
        return date_range(f, v, lo ? lo->lo : std::string(), hi ? hi->hi : std::string());
    }

    // Dates from `lo` to `hi` (YYYYMMDD, inclusive; empty: open) as the
    // terms of the whole years, whole months and single days the range
    // covers, the way Omega filters dates: Xapian then reads a few posting
    // lists instead of every candidate's date value. Years the index has no
    // article from are left out (an open end stops at the first or last).
    Xapian::Query date_range(const Field& f, const std::string& v, std::string lo, std::string hi) {
        const Field& year_field = schema::field("year");
        std::vector<int> years;
        const std::string prefix(year_field.prefix);
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
            const std::string digits = (*t).substr(year_field.prefix.size());
            if (digits.size() == 4 && all_digits(digits)) {
                years.push_back(std::stoi(digits));
            }
        }
        if (!years.empty()) {
            if (lo.empty()) {
                lo = ymd(years.front(), 1, 1);
            }
            if (hi.empty()) {
                hi = ymd(years.back(), 12, 31);
            }
        }
        const auto part = [](const std::string& d, std::size_t at, std::size_t n) {
            return std::stoi(d.substr(at, n));
        };
        std::vector<Xapian::Query> terms;
        std::size_t whole_years = 0;
        std::size_t months = 0;
        char buf[16];
        for (const int y : years) {
            if (ymd(y, 12, 31) < lo || ymd(y, 1, 1) > hi) {
                continue;
            }
            const std::string from = std::max(lo, ymd(y, 1, 1));
            const std::string to = std::min(hi, ymd(y, 12, 31));
            if (from == ymd(y, 1, 1) && to == ymd(y, 12, 31)) {
                std::snprintf(buf, sizeof buf, "%04d", y);
                terms.emplace_back(make_term(year_field, buf));
                ++whole_years;
                continue;
            }
            for (int m = part(from, 4, 2); m <= part(to, 4, 2); ++m) {
                const int last = days_in_month(y, m);
                const int d0 = ymd(y, m, 1) < from ? part(from, 6, 2) : 1;
                const int d1 = ymd(y, m, last) > to ? part(to, 6, 2) : last;
                if (d0 == 1 && d1 == last) {
                    std::snprintf(buf, sizeof buf, "%04d%02d", y, m);
                    terms.emplace_back(make_term(schema::field("month"), buf));
                    ++months;
                    continue;
                }
                for (int d = d0; d <= d1; ++d) {
                    terms.emplace_back(make_term(schema::field("date"), ymd(y, m, d)));
                }
            }
        }
        const auto count = [](std::size_t n, const std::string& what) {
            return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
        };
        explain(
            std::string(f.name) + ":" + v + " -> dates " + (lo.empty() ? "..." : lo) + " to "
            + (hi.empty() ? "..." : hi) + ": " + count(whole_years, "whole year") + ", "
            + count(months, "month") + " and " + count(terms.size() - whole_years - months, "day")
            + " with articles in the index"
        );
        if (terms.empty()) {
            return Xapian::Query::MatchNothing;
        }
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

    Built any_of(const Node& node) {
        std::vector<Xapian::Query> parts;
        bool text = false;
        for (const NodePtr& child : node.children) {
            Built b = negated(*child);
            if (b.empty) {
                continue;
            }
            text = text || b.text;
            parts.push_back(b.text ? b.query : unweighted(b.query));
        }
        if (parts.empty()) {
            return Built{Xapian::Query(), false, false, true};
        }
        return Built{
            Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), text, false, false};
    }

    // A child that may carry a negation of its own (inside OR: `a OR -b`).
    Built negated(const Node& node) {
        Built b = build(node);
        if (node.negated && !b.empty) {
            b.query = Xapian::Query(Xapian::Query::OP_AND_NOT, match_all(), b.query);
            b.text = false;
        }
        return b;
    }

    void explain(std::string line) { out_.explanation.push_back(std::move(line)); }

    static bool is_bare_word(const Node& n) { return n.kind == NodeKind::kWord && !n.negated; }

    // Bare words, in order: each as word() builds it, except that a name
    // the gazetteer knows (one word or several: Pyongyang, DPRK, Kim Jong Un,
    // 金正恩) is also searched by all its other names, as one synonym. Short
    // names that stand for several people (Kim) and demonyms are not names
    // here.
    std::vector<Built> words_with_aliases(const std::vector<const Node*>& run) {
        std::vector<Built> out;
        // Each word's folded terms, as the gazetteer folds names.
        std::vector<std::vector<std::string>> terms(run.size());
        for (std::size_t w = 0; w < run.size(); ++w) {
            out_.words.push_back({run[w]->offset, run[w]->text});
            const std::string folded = analyzer_.fold(run[w]->text);
            std::size_t start = 0;
            while (start < folded.size()) {
                const std::size_t space = folded.find(' ', start);
                terms[w].push_back(folded.substr(
                    start, space == std::string::npos ? std::string::npos : space - start
                ));
                start = space == std::string::npos ? folded.size() : space + 1;
            }
        }
        std::size_t w = 0;
        while (w < run.size()) {
            std::size_t last = w;
            const std::int64_t entity = gazetteer_ == nullptr ? -1 : name_at(run, terms, w, last);
            if (entity < 0) {
                out.push_back(word(run[w]->text, run[w]->offset, ""));
                ++w;
                continue;
            }
            std::vector<Xapian::Query> parts;
            std::string typed;
            for (std::size_t k = w; k <= last; ++k) {
                Built b = word(run[k]->text, run[k]->offset, "");
                if (!b.empty) {
                    parts.push_back(b.query);
                }
                typed += (typed.empty() ? "" : " ") + run[k]->text;
            }
            std::vector<Xapian::Query> synonyms{
                Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end())};
            const Entity& e = gazetteer_->entities()[static_cast<std::size_t>(entity)];
            std::string names;
            std::vector<std::vector<std::string>> seen;
            for (const std::uint32_t index :
                 gazetteer_->names_of(static_cast<std::uint32_t>(entity))) {
                const Name& n = gazetteer_->names()[index];
                // A country is also found by its demonym: Mongolia finds
                // "the Mongolian president".
                const bool demonym = n.kind == NameKind::kDemonym && e.type == EntityType::kCountry;
                if ((n.kind != NameKind::kFull && n.kind != NameKind::kUnambiguous && !demonym)
                    || std::find(seen.begin(), seen.end(), n.terms) != seen.end()) {
                    continue;
                }
                seen.push_back(n.terms);
                std::vector<Xapian::Query> name_terms;
                double weight = 0;
                std::string shown;
                for (std::size_t k = 0; k < n.terms.size(); ++k) {
                    name_terms.emplace_back(n.terms[k], 1, static_cast<Xapian::termpos>(k + 1));
                    weight += idf(n.terms[k]);
                    shown += (k == 0 ? "" : " ") + n.terms[k];
                }
                names += (names.empty() ? "" : " | ") + shown;
                // Highlighted, but below the words typed (HighlightSpec's
                // negative weights).
                (void)weight;
                if (n.terms.size() == 1) {
                    synonyms.emplace_back(n.terms.front());
                    out_.highlight.terms.emplace(n.terms.front(), kAliasWeight);
                } else {
                    synonyms.emplace_back(
                        Xapian::Query::OP_PHRASE,
                        name_terms.begin(),
                        name_terms.end(),
                        static_cast<Xapian::termcount>(name_terms.size())
                    );
                    out_.highlight.phrases.emplace_back(n.terms, kAliasWeight);
                }
            }
            out_.explanation.push_back(
                "'" + typed + "' names " + std::string(field_of(e.type)) + " " + e.name
                + ": also searched as " + names
            );
            out.push_back(Built{
                Xapian::Query(Xapian::Query::OP_SYNONYM, synonyms.begin(), synonyms.end()),
                true,
                false,
                false});
            w = last + 1;
        }
        return out;
    }

    // The gazetteer entity whose longest full name starts at word `w` and
    // ends at the end of a word (`last`), or -1.
    std::int64_t name_at(
        const std::vector<const Node*>& run,
        const std::vector<std::vector<std::string>>& terms,
        std::size_t w,
        std::size_t& last
    ) const {
        if (terms[w].empty()) {
            return -1;
        }
        const std::vector<std::uint32_t>* candidates = gazetteer_->names_starting(terms[w].front());
        if (candidates == nullptr) {
            return -1;
        }
        for (const std::uint32_t index : *candidates) {
            const Name& n = gazetteer_->names()[index];
            if (n.kind != NameKind::kFull && n.kind != NameKind::kUnambiguous) {
                continue;
            }
            // Walk the name's terms over whole words.
            std::size_t k = w;
            std::size_t t = 0;
            while (k < run.size() && t < n.terms.size()) {
                const auto& word_terms = terms[k];
                if (t + word_terms.size() > n.terms.size()
                    || !std::equal(
                        word_terms.begin(),
                        word_terms.end(),
                        n.terms.begin() + static_cast<std::ptrdiff_t>(t)
                    )) {
                    break;
                }
                t += word_terms.size();
                ++k;
            }
            if (t != n.terms.size() || k == w) {
                continue;
            }
            // Two-letter acronyms (US, UN, EU) only when typed in capitals:
            // "us" and "un" are words.
            if (n.acronym && n.terms.size() == 1 && n.terms.front().size() <= 2) {
                const std::string& typed = run[w]->text;
                if (std::any_of(typed.begin(), typed.end(), [](char c) {
                        return c >= 'a' && c <= 'z';
                    })) {
                    continue;
                }
            }
            last = k - 1;
            return n.entity;
        }
        return -1;
    }

    // The unstemmed terms of bare words (positions are on unstemmed terms
    // only): the words that score more near each other. Fewer than two: none.
    std::vector<std::string> proximity_terms(const std::vector<const Node*>& words) const {
        std::vector<std::string> terms;
        for (const Node* w : words) {
            const std::vector<Token> tokens = analyzer_.tokens(w->text, CjkMode::kQuery);
            if (tokens.size() == 1 && tokens[0].kind == TokenKind::kWord
                && !analyzer_.is_stopword(tokens[0].term)
                && std::find(terms.begin(), terms.end(), tokens[0].term) == terms.end()) {
                terms.push_back(tokens[0].term);
            }
        }
        if (terms.size() < 2) {
            terms.clear();
        }
        return terms;
    }

    static Xapian::termcount proximity_window(std::size_t terms) {
        return static_cast<Xapian::termcount>(terms) + QueryParser::kProximitySlack;
    }

    // Bare words near each other score more. In a group inside the query
    // (parentheses, OR): AND_MAYBE with NEAR of their unstemmed forms. At
    // the top level the searcher re-ranks instead (ParsedQuery::proximity).
    Xapian::Query
    with_proximity_bonus(const Xapian::Query& query, const std::vector<const Node*>& words) const {
        const std::vector<std::string> terms = proximity_terms(words);
        if (terms.empty()) {
            return query;
        }
        const Xapian::Query near(
            Xapian::Query::OP_NEAR, terms.begin(), terms.end(), proximity_window(terms.size())
        );
        return Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            query,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, QueryParser::kProximityWeight)
        );
    }

    Built all_of(const Node& node) {
        std::vector<Built> text;
        std::vector<Xapian::Query> filters;
        std::vector<Xapian::Query> negatives;
        // Filters on one field next to each other: OR for "any" fields
        // (year:2018 year:2023), AND for "all" fields (leader:Xi leader:Putin).
        // Each group keeps the place of its first filter among the filters.
        std::vector<std::pair<const Field*, std::size_t>> groups;
        std::vector<std::vector<Xapian::Query>> grouped;
        std::vector<const Node*> words;  // bare words, for names and proximity
        for (std::size_t c = 0; c < node.children.size(); ++c) {
            const NodePtr& child = node.children[c];
            if (is_bare_word(*child)) {
                // A run of bare words: names in it (Kim Jong Un) get their aliases.
                std::vector<const Node*> run;
                while (c < node.children.size() && is_bare_word(*node.children[c])) {
                    run.push_back(node.children[c].get());
                    ++c;
                }
                --c;
                for (Built& b : words_with_aliases(run)) {
                    if (!b.empty) {
                        text.push_back(std::move(b));
                    }
                }
                words.insert(words.end(), run.begin(), run.end());
                continue;
            }
            Built b = build(*child);
            if (b.empty) {
                continue;
            }
            if (child->negated) {
                explain("  (the part above is excluded: NOT / -)");
                negatives.push_back(b.query);
                continue;
            }
            if (b.text) {
                text.push_back(b);
                continue;
            }
            const Field* f = child->kind == NodeKind::kField ? child->field : nullptr;
            if (f != nullptr && f->combine == schema::Combine::kAny && !child->explicit_and) {
                auto it = std::find_if(groups.begin(), groups.end(), [f](const auto& g) {
                    return g.first == f;
                });
                if (it == groups.end()) {
                    groups.emplace_back(f, filters.size());
                    filters.emplace_back();
                    grouped.emplace_back();
                    it = std::prev(groups.end());
                }
                grouped[static_cast<std::size_t>(it - groups.begin())].push_back(b.query);
                continue;
            }
            filters.push_back(b.query);
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            filters[groups[g].second] =
                Xapian::Query(Xapian::Query::OP_OR, grouped[g].begin(), grouped[g].end());
        }
        // Stopwords are dropped outside phrases, unless nothing else is left.
        const bool only_stopwords =
            std::all_of(text.begin(), text.end(), [](const Built& b) { return b.stopword; });
        std::vector<Xapian::Query> kept;
        for (const Built& b : text) {
            if (!b.stopword || only_stopwords) {
                kept.push_back(b.query);
            }
        }
        Built result;
        result.text = !kept.empty();
        if (!kept.empty()) {
            result.query = Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end());
            if (&node == root_) {
                out_.proximity.terms = proximity_terms(words);
                if (!out_.proximity.terms.empty()) {
                    out_.proximity.window = proximity_window(out_.proximity.terms.size());
                    std::string shown;
                    for (const std::string& t : out_.proximity.terms) {
                        shown += (shown.empty() ? "" : ", ") + t;
                    }
                    explain(
                        "proximity: articles with " + shown + " within "
                        + std::to_string(out_.proximity.window) + " words of each other score "
                        + std::to_string(1.0 + QueryParser::kProximityWeight).substr(0, 3)
                        + " times more (the best matches re-ranked, exactly)"
                    );
                }
            } else {
                result.query = with_proximity_bonus(result.query, words);
            }
            if (!filters.empty()) {
                result.query = Xapian::Query(
                    Xapian::Query::OP_FILTER,
                    result.query,
                    Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end())
                );
            }
        } else if (!filters.empty()) {
            result.query = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
        } else if (!negatives.empty()) {
            result.query = match_all();
        } else {
            result.empty = true;
            return result;
        }
        if (!negatives.empty()) {
            result.query = Xapian::Query(
                Xapian::Query::OP_AND_NOT,
                result.query,
                Xapian::Query(Xapian::Query::OP_OR, negatives.begin(), negatives.end())
            );
        }
        return result;
    }

    std::string_view q_;
    const Analyzer& analyzer_;
    const Xapian::Database& db_;
    const Gazetteer* gazetteer_;
    ParsedQuery& out_;
    const Node* root_;  // the query's top level (proximity is re-ranked there)
    Xapian::doccount doc_count_;
};

}  // namespace

QueryParser::QueryParser(
    const Analyzer& analyzer, const Xapian::Database& db, const Gazetteer* gazetteer
)
    : analyzer_(analyzer), db_(db), gazetteer_(gazetteer) {}

ParsedQuery QueryParser::parse(std::string_view query) const {
    if (query.size() > kMaxQueryBytes) {
        fail(
            query,
            kMaxQueryBytes,
            "the query is " + std::to_string(query.size()) + " bytes long; the longest accepted is "
                + std::to_string(kMaxQueryBytes),
            "shorten the query"
        );
    }
    for (std::size_t i = 0; i < query.size();) {
        const std::size_t at = i;
        if (next_code_point(query, i) == U'\uFFFD' && query.substr(at, 3) != "\xEF\xBF\xBD") {
            fail(
                query,
                at,
                "the query is not valid UTF-8",
                "type it again, or check the terminal's encoding"
            );
        }
    }
    std::vector<Lexeme> lexemes = Lexer(query).run();
    const NodePtr root = Parser(query, std::move(lexemes)).parse();
    ParsedQuery out;
    Builder builder(query, analyzer_, db_, gazetteer_, out, root->negated ? nullptr : root.get());
    Built built = root->negated ? Built{} : builder.build(*root);
    if (root->negated) {
        Built inner = builder.build(*root);
        built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, match_all(), inner.query);
    } else if (built.empty) {
        fail(
            query,
            0,
            "the query has no words to search for",
            "type words, a \"phrase\" or a field such as year:2019"
        );
    }
    out.query = built.query;
    out.has_text = built.text && !root->negated;
    return out;
}

}  // namespace newsdex::detail
