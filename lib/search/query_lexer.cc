// SPDX-License-Identifier: MIT
#include "search/query_lexer.h"

#include "newsdex/article.h"

#include "analysis/fold.h"
#include "entities/names.h"
#include "search/query_syntax.h"
#include "util/text.h"

#include <cstdio>
#include <cstdlib>
#include <optional>

namespace newsdex::detail {

namespace {

// The year (`YYYY`), month (`YYYY-MM`) or day (`YYYY-MM-DD`) after
// (`step` 1) or before (`step` -1) the one written, in the same form;
// nothing when `period` is none of those.
std::optional<std::string> next_period(const std::string& period, int step) {
    int y = 0;
    int m = 1;
    int d = 1;
    char end = 0;
    const bool year = period.size() == 4 && std::sscanf(period.c_str(), "%4d%c", &y, &end) == 1;
    const bool month = period.size() == 7
                       && std::sscanf(period.c_str(), "%4d-%2d%c", &y, &m, &end) == 2 && m >= 1
                       && m <= 12;
    const bool day = period.size() == 10
                     && std::sscanf(period.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3
                     && is_valid_ymd(y, m, d);
    char out[16];
    if (year) {
        std::snprintf(out, sizeof out, "%04d", y + step);
    } else if (month) {
        const int months = y * 12 + (m - 1) + step;
        std::snprintf(out, sizeof out, "%04d-%02d", months / 12, months % 12 + 1);
    } else if (day) {
        d += step;
        if (d == 0) {  // the last day of the month before
            m = m == 1 ? 12 : m - 1;
            y = m == 12 ? y - 1 : y;
            for (d = 31; !is_valid_ymd(y, m, d); --d) {
            }
        } else if (!is_valid_ymd(y, m, d)) {  // the first of the next month
            d = 1;
            m = m == 12 ? 1 : m + 1;
            y = m == 1 ? y + 1 : y;
        }
        std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    } else {
        return std::nullopt;
    }
    return std::string(out);
}

}  // namespace

namespace {

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

class Lexer {
  public:
    Lexer(std::string_view q, const DynamicSchema* dynamic) : q_(q), dynamic_(dynamic) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        while (true) {
            skip_space();
            if (pos_ >= q_.size()) {
                break;
            }
            std::size_t i = pos_;
            const char32_t c = next_code_point(q_, i);
            if (is_paren(c, true) || is_paren(c, false)) {
                out.push_back({is_paren(c, true) ? Lex::kLParen : Lex::kRParen, {}, pos_});
                pos_ = i;
            } else if (is_quote(c)) {
                Lexeme phrase{Lex::kPhrase, {}, pos_};
                phrase.text = read_phrase();
                phrase.window = read_slop();
                out.push_back(std::move(phrase));
            } else if (c == U'+' || c == U'-') {
                // '+' and '-' are operators at the start of a term; inside a
                // word (Jong-un) they are part of it.
                if (i >= q_.size() || starts_space(i)) {
                    fail_at(
                        q_,
                        pos_,
                        std::string("'") + static_cast<char>(c) + "' needs a word right after it",
                        "write -word or +word, with no space"
                    );
                }
                out.push_back({c == U'+' ? Lex::kPlus : Lex::kMinus, {}, pos_});
                pos_ = i;
            } else {
                out.push_back(read_word());
            }
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

    // The n of "a b"~n (Lucene's phrase slop: the words within n words of
    // each other), or 0 when the phrase has none.
    unsigned read_slop() {
        if (pos_ >= q_.size() || q_[pos_] != '~') {
            return 0;
        }
        const std::size_t at = pos_++;
        const std::size_t digits = pos_;
        while (pos_ < q_.size() && q_[pos_] >= '0' && q_[pos_] <= '9') {
            ++pos_;
        }
        if (pos_ == digits || pos_ - digits > 4) {
            fail_at(
                q_,
                at,
                "~ after a phrase needs a number of words",
                "write \"a b\"~3 for the words within 3 words of each other"
            );
        }
        const unsigned n =
            static_cast<unsigned>(std::stoul(std::string(q_.substr(digits, pos_ - digits))));
        if (n == 0) {
            fail_at(q_, at, "a phrase's ~ distance is at least 1 word");
        }
        return n;
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
        fail_at(
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
        std::string_view word = q_.substr(start, pos_ - start);
        Lexeme lex{Lex::kWord, std::string(word), start};
        if (operator_of(word, lex)) {
            return lex;
        }
        if (word == "*") {
            lex.type = Lex::kStar;
            return lex;
        }
        refuse_other_engines(word, start);
        if (const std::size_t caret = boost_at(word); caret != std::string_view::npos) {
            lex.boost = read_boost(word, caret, start);
            word = word.substr(0, caret);
            lex.text = std::string(word);
        }
        if (const std::size_t colon = word.find(':');
            colon != std::string_view::npos && colon > 0) {
            const std::string name = lower_ascii(word.substr(0, colon));
            const schema::Field* field = schema::find_field(name);
            if (field == nullptr && dynamic_ != nullptr) {
                field = dynamic_->find(name);
            }
            if (field != nullptr) {
                read_field_value(*field, word.substr(colon + 1), lex);
                return lex;
            }
            if (looks_like_field(word, colon)) {
                unknown_field(name, word, start);
            }
        }
        if (word.size() > 1 && word.back() == '*') {
            lex.type = Lex::kWildcard;
            lex.text = std::string(word.substr(0, word.size() - 1));
        }
        return lex;
    }

    // Habits of other engines that newsdex does not have: refused with why
    // and what to write instead, rather than read as words.
    void refuse_other_engines(std::string_view word, std::size_t at) const {
        if (word.size() > 1 && word[0] == '*') {
            fail_at(
                q_,
                at,
                "a wildcard at the start of a word (" + std::string(word)
                    + ") is not supported: it would have to read every word of the index",
                "give the start of the word, as in " + std::string(word.substr(1)) + "*"
            );
        }
        const std::size_t tilde = word.rfind('~');
        if (tilde != std::string_view::npos && tilde > 0
            && word.find_first_not_of("0123456789", tilde + 1) == std::string_view::npos
            && word.find(':') == std::string_view::npos) {
            fail_at(
                q_,
                at + tilde,
                "fuzzy matching (" + std::string(word)
                    + ") is not supported: newsdex matches the forms of a word by its stem, "
                      "and suggests a better spelling when a word is rare",
                "remove the ~, or give the start of the word: " + std::string(word.substr(0, tilde))
                    + "*"
            );
        }
    }

    // Where a boost (word^2, as Lucene and Elasticsearch write it) starts
    // in `word`, or npos.
    static std::size_t boost_at(std::string_view word) {
        const std::size_t caret = word.rfind('^');
        if (caret != std::string_view::npos && caret > 0 && caret + 1 < word.size()
            && word.find_first_not_of("0123456789.", caret + 1) == std::string_view::npos) {
            return caret;
        }
        return std::string_view::npos;
    }

    // The N of word^N: a number above 0 and at most kMaxBoost, on a word
    // (a field is a filter, and a filter has no weight to multiply).
    double read_boost(std::string_view word, std::size_t caret, std::size_t at) const {
        constexpr double kMaxBoost = 100;
        const std::string number(word.substr(caret + 1));
        char* end = nullptr;
        const double boost = std::strtod(number.c_str(), &end);
        if (end != number.c_str() + number.size() || !(boost > 0) || boost > kMaxBoost) {
            fail_at(
                q_,
                at + caret,
                "the boost ^" + number + " is not a number above 0 and at most 100",
                "write a word's boost as word^2 (twice its weight) or word^0.5 (half)"
            );
        }
        if (word.find(':') != std::string_view::npos || word.substr(0, caret).back() == '*') {
            fail_at(
                q_,
                at + caret,
                "a boost applies to a word, not to " + std::string(word.substr(0, caret)),
                "remove ^" + number + ", or boost a word of the query: word^" + number
            );
        }
        return boost;
    }

    // Ranges as Lucene and Elasticsearch write them, as A..B:
    // date:[A TO B] (either end may be *), date:>=A, date:<=B.
    std::string
    other_range_forms(const schema::Field& field, std::string_view value, std::size_t at) {
        const std::string name(field.name);
        if (value[0] == '[' || value[0] == '{') {
            const std::size_t close = q_.find(value[0] == '[' ? ']' : '}', at);
            if (close == std::string_view::npos) {
                fail_at(
                    q_,
                    at,
                    name + ":" + std::string(1, value[0]) + " is not closed",
                    "write " + name + ":[A TO B]"
                );
            }
            if (value[0] == '{') {
                fail_at(
                    q_,
                    at,
                    "ranges that leave out their ends ({A TO B}) are not supported",
                    "write " + name + ":[A TO B] or " + name + ":A..B, which include both ends"
                );
            }
            const std::string inside(q_.substr(at + 1, close - at - 1));
            const std::size_t to = inside.find(" TO ");
            if (to == std::string::npos) {
                fail_at(q_, at, name + ":[...] needs A TO B", "write " + name + ":[A TO B]");
            }
            auto trim = [](std::string t) {
                t.erase(0, t.find_first_not_of(' '));
                t.erase(t.find_last_not_of(' ') + 1);
                return t == "*" ? std::string() : t;
            };
            pos_ = close + 1;
            return trim(inside.substr(0, to)) + ".." + trim(inside.substr(to + 4));
        }
        if (value.substr(0, 2) == ">=") {
            return std::string(value.substr(2)) + "..";
        }
        if (value.substr(0, 2) == "<=") {
            return ".." + std::string(value.substr(2));
        }
        if (value[0] == '>' || value[0] == '<') {
            // After or before the period itself: from the next one, or up
            // to the one before.
            const std::string v(value.substr(1));
            const std::optional<std::string> next = next_period(v, value[0] == '>' ? 1 : -1);
            if (!next) {
                fail_at(
                    q_,
                    at + 1,
                    name + ":" + std::string(value) + " needs a year, month or day after "
                        + std::string(1, value[0]),
                    "write " + name + ":" + std::string(1, value[0])
                        + "1987-10-01, or a range: " + name + ":1987-10-02.."
                );
            }
            return value[0] == '>' ? *next + ".." : ".." + *next;
        }
        return std::string(value);
    }

    // Whether `word` has the shape name:value of a field, as a mistyped or
    // unknown one (contry:Japan, topic:crude): a name of letters, a value
    // right after the colon that does not start with '/' (http://...) and a
    // name that is not a number (10:30).
    bool looks_like_field(std::string_view word, std::size_t colon) const {
        if (colon < 2 || colon > 32) {
            return false;
        }
        for (std::size_t i = 0; i < colon; ++i) {
            const char ch = word[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')) {
                return false;
            }
        }
        if (colon + 1 < word.size()) {
            return word[colon + 1] != '/' && word[colon + 1] != ':';
        }
        // name:"a phrase"
        std::size_t i = pos_;
        return pos_ < q_.size() && is_quote(next_code_point(q_, i));
    }

    [[noreturn]] void
    unknown_field(const std::string& name, std::string_view word, std::size_t at) const {
        std::string all;
        for (const schema::Field& f : schema::kFields) {
            all += (all.empty() ? "" : ", ") + std::string(f.name);
        }
        if (dynamic_ != nullptr) {
            for (const schema::Field& f : dynamic_->rows()) {
                all += ", " + std::string(f.name);
            }
        }
        const std::string closest = closest_fields(name, dynamic_);
        fail_at(
            q_,
            at,
            "unknown field \"" + name + "\"",
            closest.empty() ? "the fields are " + all + "; to search for the words, quote them: \""
                                  + std::string(word) + "\""
                            : "did you mean " + closest + "?"
        );
    }

    // The fields whose name (or plural: leaders, people) is closest to
    // `name`: "country", "person or place", or "" when none is close.
    static std::string closest_fields(const std::string& name, const DynamicSchema* dynamic) {
        std::size_t best = name.size() <= 4 ? 2 : 3;
        std::vector<std::string_view> found;
        std::vector<const schema::Field*> fields;
        fields.reserve(
            std::size(schema::kFields) + (dynamic != nullptr ? dynamic->rows().size() : 0)
        );
        for (const schema::Field& f : schema::kFields) {
            fields.push_back(&f);
        }
        if (dynamic != nullptr) {
            for (const schema::Field& f : dynamic->rows()) {
                fields.push_back(&f);
            }
        }
        for (const schema::Field* row : fields) {
            const schema::Field& f = *row;
            std::size_t d = std::min(edit_distance(name, f.name), edit_distance(name, f.metadata));
            if (f.name.size() >= 3 && name.compare(0, f.name.size(), f.name) == 0) {
                d = std::min<std::size_t>(d, 1);  // countries, orgs
            }
            if (d < best) {
                best = d;
                found.clear();
            }
            if (d == best) {
                found.push_back(f.name);
            }
        }
        std::string out;
        for (std::size_t i = 0; i < found.size(); ++i) {
            out += std::string(
                       i == 0                  ? ""
                       : i + 1 == found.size() ? " or "
                                               : ", "
                   )
                   + std::string(found[i]);
        }
        return out;
    }

    // AND, OR, NOT, NEAR[/n] and ADJ[/n] (in capitals): true when `word`
    // is one, with `lex` made that operator.
    bool operator_of(std::string_view word, Lexeme& lex) const {
        if (word == "AND" || word == "&&") {
            lex.type = Lex::kAnd;
        } else if (word == "OR" || word == "||") {
            lex.type = Lex::kOr;
        } else if (word == "NOT") {
            lex.type = Lex::kNot;
        } else if (word.substr(0, 4) == "NEAR" || word.substr(0, 3) == "ADJ") {
            const bool near = word[0] == 'N';
            const std::string_view rest = word.substr(near ? 4 : 3);
            if (!rest.empty() && (rest[0] != '/' || rest.size() == 1)) {
                return false;
            }
            lex.type = near ? Lex::kNear : Lex::kAdj;
            lex.window = rest.empty() ? 10 : window_of(word, rest.substr(1), lex.offset);
        } else {
            return false;
        }
        return true;
    }

    // The n of NEAR/n or ADJ/n.
    unsigned window_of(std::string_view word, std::string_view digits, std::size_t at) const {
        unsigned window = 0;
        for (const char ch : digits) {
            if (ch < '0' || ch > '9' || window > 1000) {
                fail_at(q_, at, std::string(word) + " needs a number of words, e.g. NEAR/5");
            }
            window = window * 10 + static_cast<unsigned>(ch - '0');
        }
        if (window == 0) {
            fail_at(q_, at, "a NEAR or ADJ distance is at least 1 word");
        }
        return window;
    }

    // field:value, field:"a phrase" (the phrase read here), never field:(...).
    void read_field_value(const schema::Field& field, std::string_view value, Lexeme& lex) {
        const std::string name(field.name);
        lex.type = Lex::kField;
        lex.field = &field;
        lex.text = std::string(value);
        const bool before_or_after = !value.empty() && (value[0] == '>' || value[0] == '<')
                                     && value.substr(0, 2) != ">=" && value.substr(0, 2) != "<=";
        if (field.values == schema::Values::kNumber && before_or_after) {
            // Above or below a number, its ends left out: the query builder
            // reads words:>100 and words:<5 itself.
        } else if (schema::has_use(field, schema::kRange) && !value.empty()) {
            lex.text = other_range_forms(field, value, pos_ - value.size());
        }
        if (lex.text.empty() && pos_ < q_.size()) {
            std::size_t i = pos_;
            const char32_t c = next_code_point(q_, i);
            if (is_quote(c)) {
                lex.text = read_phrase();
                lex.quoted = true;
            } else if (is_paren(c, true)) {
                fail_at(
                    q_,
                    pos_,
                    name + ":(...) is not supported",
                    "write " + name + ":A OR " + name + ":B"
                );
            }
        }
        if (lex.text.empty() && !lex.quoted) {
            fail_at(q_, lex.offset, name + ": needs a value", "for example " + example_of(field));
        }
    }

    std::string_view q_;
    const DynamicSchema* dynamic_;
    std::size_t pos_ = 0;
};

}  // namespace

std::vector<Lexeme> lex_query(std::string_view query, const DynamicSchema* dynamic) {
    return Lexer(query, dynamic).run();
}

std::string example_of(const schema::Field& field) {
    const std::size_t open = field.summary.find('`');
    const std::size_t close =
        open == std::string_view::npos ? open : field.summary.find('`', open + 1);
    if (close == std::string_view::npos) {
        return std::string(field.name) + ":...";
    }
    return std::string(field.summary.substr(open + 1, close - open - 1));
}

}  // namespace newsdex::detail
