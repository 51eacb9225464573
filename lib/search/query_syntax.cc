// SPDX-License-Identifier: MIT
#include "search/query_syntax.h"

#include "analysis/fold.h"
#include "search/query_lexer.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace newsdex::detail {

namespace {

// The lexemes a term can start with.
bool starts_term(Lex t) {
    static constexpr Lex kStarts[] = {
        Lex::kWord,
        Lex::kPhrase,
        Lex::kWildcard,
        Lex::kStar,
        Lex::kField,
        Lex::kLParen,
        Lex::kPlus,
        Lex::kMinus,
        Lex::kNot};
    return std::find(std::begin(kStarts), std::end(kStarts), t) != std::end(kStarts);
}

// An operator as messages name it.
const char* name_of(Lex t) {
    static constexpr std::pair<Lex, const char*> kNames[] = {
        {Lex::kAnd, "AND"},
        {Lex::kOr, "OR"},
        {Lex::kNot, "NOT"},
        {Lex::kNear, "NEAR"},
        {Lex::kAdj, "ADJ"}};
    for (const auto& [lex, name] : kNames) {
        if (lex == t) {
            return name;
        }
    }
    return "operator";
}

// Recursive descent: OR of ANDs of unary (NOT, -, +) items, each a NEAR
// chain of primaries (words, phrases, fields, parentheses).
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
            fail_at(
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

    void need_term_after(const Lexeme& op) {
        if (!starts_term(peek().type)) {
            fail_at(
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

    // Where an AND ends (the query's end, a ')' or an OR): an error when
    // it has nothing yet.
    void end_and(const Node& node, const Lexeme& t) const {
        if (!node.children.empty()) {
            return;
        }
        if (t.type == Lex::kOr) {
            fail_at(
                q_,
                t.offset,
                "OR needs a term before it",
                "complete the query or remove the operator"
            );
        }
        fail_at(q_, t.offset, t.type == Lex::kRParen ? "empty parentheses" : "empty query");
    }

    NodePtr parse_and(std::size_t depth) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kAnd;
        node->offset = peek().offset;
        for (;;) {
            const Lexeme& t = peek();
            if (t.type == Lex::kEnd || t.type == Lex::kRParen || t.type == Lex::kOr) {
                end_and(*node, t);
                break;
            }
            if (t.type == Lex::kAnd) {
                if (node->children.empty()) {
                    fail_at(
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
                fail_at(
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
            NodePtr item = parse_unary(depth);
            item->required = true;
            return item;
        }
        return parse_near(depth);
    }

    NodePtr parse_near(std::size_t depth) {
        NodePtr left = parse_primary(depth);
        while (peek().type == Lex::kNear || peek().type == Lex::kAdj) {
            const Lexeme& op = take();
            const NodeKind kind = op.type == Lex::kNear ? NodeKind::kNear : NodeKind::kAdj;
            if (peek().type != Lex::kWord
                || (left->kind != NodeKind::kWord && left->kind != kind)) {
                fail_at(
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

    NodePtr parse_group(const Lexeme& open, std::size_t depth) {
        if (depth + 1 > kMaxQueryDepth) {
            fail_at(
                q_,
                open.offset,
                "parentheses nested deeper than " + std::to_string(kMaxQueryDepth),
                "simplify the query"
            );
        }
        if (peek().type == Lex::kRParen) {
            fail_at(q_, open.offset, "empty parentheses", "put a term inside or remove them");
        }
        NodePtr inner = parse_or(depth + 1);
        if (peek().type != Lex::kRParen) {
            fail_at(q_, open.offset, "unbalanced '(': it is never closed", "add the missing ')'");
        }
        take();
        return inner;
    }

    // "a b"~n: the words of the phrase within n words of each other, in any
    // order (a NEAR/n b).
    static NodePtr slop_phrase(const Lexeme& t) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kNear;
        node->offset = t.offset;
        node->window = t.window;
        std::size_t start = 0;
        while (start < t.text.size()) {
            const std::size_t space = t.text.find(' ', start);
            const std::size_t end = space == std::string::npos ? t.text.size() : space;
            if (end > start) {
                auto word = std::make_unique<Node>();
                word->kind = NodeKind::kWord;
                word->text = t.text.substr(start, end - start);
                word->offset = t.offset + 1 + start;
                node->children.push_back(std::move(word));
            }
            start = end + 1;
        }
        if (node->children.size() == 1) {
            return std::move(node->children.front());
        }
        if (node->children.empty()) {
            auto phrase = std::make_unique<Node>();
            phrase->kind = NodeKind::kPhrase;
            phrase->offset = t.offset;
            phrase->text = t.text;
            return phrase;
        }
        return node;
    }

    NodePtr parse_primary(std::size_t depth) {
        const Lexeme& t = take();
        auto node = std::make_unique<Node>();
        node->offset = t.offset;
        node->text = t.text;
        switch (t.type) {
        case Lex::kLParen:
            return parse_group(t, depth);
        case Lex::kWord:
            node->kind = NodeKind::kWord;
            node->boost = t.boost;
            return node;
        case Lex::kPhrase:
            node->kind = NodeKind::kPhrase;
            if (t.window > 0) {
                return slop_phrase(t);
            }
            return node;
        case Lex::kWildcard:
            node->kind = NodeKind::kWildcard;
            return node;
        case Lex::kStar:
            node->kind = NodeKind::kAll;
            node->text.clear();
            return node;
        case Lex::kField:
            node->kind = NodeKind::kField;
            node->field = t.field;
            node->quoted = t.quoted;
            return node;
        case Lex::kRParen:
            fail_at(
                q_, t.offset, "unbalanced ')': no '(' opens it", "remove it or add a '(' before"
            );
        case Lex::kEnd:
            fail_at(q_, t.offset, "the query ends where a term was expected", "complete the query");
        default:
            fail_at(
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

// Too long, or not UTF-8 (a U+FFFD typed as such is fine).
void check_text(std::string_view query) {
    if (query.size() > kMaxQueryBytes) {
        fail_at(
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
            fail_at(
                query,
                at,
                "the query is not valid UTF-8",
                "type it again, or check the terminal's encoding"
            );
        }
    }
}

const char* operator_name(const Node& node) {
    switch (node.kind) {
    case NodeKind::kOr:
        return " OR ";
    case NodeKind::kNear:
        return " NEAR/";
    case NodeKind::kAdj:
        return " ADJ/";
    default:
        return " ";
    }
}

}  // namespace

Error query_error(
    std::string_view query, std::size_t offset, const std::string& message, std::string hint
) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < query.size();) {
        next_code_point(query, i);
        ++column;
    }
    return Error(Errc::kBadQuery, message, std::move(hint)).with_column(column);
}

void fail_at(
    std::string_view query, std::size_t offset, const std::string& message, std::string hint
) {
    throw query_error(query, offset, message, std::move(hint));
}

NodePtr parse_syntax(std::string_view query, const DynamicSchema* dynamic) {
    check_text(query);
    return Parser(query, lex_query(query, dynamic)).parse();
}

std::string describe(const Node& node) {
    std::string out = node.negated ? "-" : "";
    switch (node.kind) {
    case NodeKind::kWord:
        return out + node.text;
    case NodeKind::kPhrase:
        return out + "\"" + node.text + "\"";
    case NodeKind::kWildcard:
        return out + node.text + "*";
    case NodeKind::kAll:
        return out + "*";
    case NodeKind::kField:
        return out + std::string(node.field->name) + ":"
               + (node.quoted ? "\"" + node.text + "\"" : node.text);
    default:
        break;
    }
    out += "(";
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) {
            out += node.children[i]->explicit_and ? " AND " : operator_name(node);
            if (node.kind == NodeKind::kNear || node.kind == NodeKind::kAdj) {
                out += std::to_string(node.window) + " ";
            }
        }
        out += describe(*node.children[i]);
    }
    return out + ")";
}

}  // namespace newsdex::detail
