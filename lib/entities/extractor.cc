// SPDX-License-Identifier: MIT
#include "entities/extractor.h"

#include "analysis/fold.h"
#include "entities/word_classes.h"
#include "util/text.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace newsdex::detail {

namespace {

// Work per article is linear in its length and bounded: the entities of an
// article are looked for in its first kMaxEntityTokens tokens (hundreds of
// times a long news article), and a name the gazetteer lacks is at most
// kMaxRunTokens tokens long, so that a run of capitalised words costs a
// bounded look-ahead per word instead of one that grows with the run.
constexpr std::size_t kMaxEntityTokens = 250'000;
constexpr std::size_t kMaxPartTokens = 65'536;  // of one line or paragraph, or the title
constexpr std::size_t kMaxRunTokens = 12;
// At most this many distinct entities per article (a crafted list of
// thousands of names would otherwise make thousands of facet values).
constexpr std::size_t kMaxNamed = 1'000;

// One entity found in full, in order of first mention.
struct Named {
    EntityType type = EntityType::kPerson;
    std::string name;
    std::string folded;
    std::string first_term;
    std::string last_term;
    std::int64_t gazetteer = -1;
    std::size_t first_at = 0;  // byte offset of the first mention
};

struct Pending {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string term;
};

class Run {
  public:
    Run(const Gazetteer& g, const Analyzer& a) : g_(g), a_(a) {}

    Extraction go(const std::vector<TokenizedText>& parts) {
        find_sign_off(parts);
        for (const TokenizedText& part : parts) {
            if (budget_ == 0) {
                break;
            }
            scan(part);
        }
        resolve_short_mentions();
        demote_stateless_leaders();
        Extraction out;
        std::stable_sort(
            mentions_.begin(),
            mentions_.end(),
            [](const Mention& a, const Mention& b) { return a.begin < b.begin; }
        );
        out.mentions = std::move(mentions_);
        std::unordered_set<std::string> listed;
        const auto add = [&](std::string_view field, const std::string& name, Origin origin) {
            if (listed.insert(std::string(field) + '\x1f' + name).second) {
                out.entities[std::string(field)].push_back(name);
                out.origins[std::string(field)].push_back(origin);
            }
        };
        for (const Named& n : named_) {
            const Origin origin = n.gazetteer >= 0 ? Origin::kGazetteer : Origin::kDiscovery;
            add(field_of(n.type), n.name, origin);
            if (const std::string_view also = also_fills(n.type); !also.empty()) {
                add(also, n.name, origin);
            }
        }
        return out;
    }

  private:
    // A leader found by "President" or "leader" alone ("President Samuel
    // Huntington told analysts") in an article that names no country is a
    // company's or a body's president: a head of state comes with their
    // state (a dateline's city does not say it: "BOSTON, March 9 -"). A
    // prime minister, a premier or a king is a state's whatever the
    // article names.
    void demote_stateless_leaders() {
        if (std::any_of(named_.begin(), named_.end(), [](const Named& n) {
                return n.type == EntityType::kCountry;
            })) {
            return;
        }
        for (Named& n : named_) {
            if (n.type == EntityType::kLeader && n.gazetteer < 0
                && presidents_.count(n.name) != 0) {
                n.type = EntityType::kPerson;
                for (Mention& m : mentions_) {
                    if (m.type == EntityType::kLeader && m.name == n.name) {
                        m.type = EntityType::kPerson;
                    }
                }
            }
        }
    }

    // A story's last line that is only an agency's name ("Reuter", "AP") is
    // its sign-off, not a mention: it is left out of the last part.
    void find_sign_off(const std::vector<TokenizedText>& parts) {
        const auto last = std::find_if(parts.rbegin(), parts.rend(), [](const TokenizedText& p) {
            return !p.tokens.empty();
        });
        if (last == parts.rend() || std::next(last) == parts.rend()) {
            return;  // no text, or only a title
        }
        const std::size_t newline = last->text.rfind('\n', last->tokens.back().begin);
        const std::size_t line = newline == std::string_view::npos ? 0 : newline + 1;
        std::size_t words = 0;
        for (auto t = last->tokens.rbegin(); t != last->tokens.rend() && t->begin >= line; ++t) {
            if (!is_sign_off(t->term) || ++words > 1) {
                return;
            }
        }
        sign_off_part_ = &*last;
        sign_off_at_ = line;
    }

    // The longest gazetteer name at tokens[i], or -1; `length` its tokens.
    std::int64_t match_name(
        const TokenizedText& part,
        const std::vector<const Token*>& tokens,
        std::size_t i,
        std::size_t& length
    ) const {
        for (const std::uint32_t index : g_.names_starting(tokens[i]->term)) {
            const Name& name = g_.names()[index];
            const std::size_t n = name.terms.size();
            if (i + n > tokens.size()) {
                continue;
            }
            bool ok = true;
            for (std::size_t k = 0; k < n && ok; ++k) {
                const Token& t = *tokens[i + k];
                ok = t.term == name.terms[k];
                if (ok && k > 0) {
                    ok = clean_gap(part.text, tokens[i + k - 1]->end, t.begin, true);
                }
                // Characters a CJK name writes together are together in the
                // text: no space between them ("열고 양국" holds no 고양).
                if (ok && k > 0 && name.glued[k] && t.kind == TokenKind::kCjk
                    && tokens[i + k - 1]->kind == TokenKind::kCjk) {
                    ok = tokens[i + k - 1]->end == t.begin;
                }
                if (ok && name.acronym) {
                    ok = all_capitals(part.text.substr(t.begin, t.end - t.begin));
                }
                // Words the name capitalises must be capitalised in the text
                // ("The Guardian", not "The guardian of ...").
                if (ok && k > 0 && name.caps[k] && t.kind == TokenKind::kWord && !t.capitalized
                    && !t.joined) {
                    ok = false;
                }
            }
            const bool needs_capital = name.capitalised || name.kind != NameKind::kFull;
            if (ok && needs_capital && tokens[i]->kind == TokenKind::kWord
                && !tokens[i]->capitalized) {
                ok = false;
            }
            if (ok) {
                length = n;
                return index;
            }
        }
        return -1;
    }

    // A person's one-word name right after a capitalised word that is not a
    // title is another person's surname ("William Blair and Co" is not Tony
    // Blair, "Nancy Reagan" not Ronald Reagan). After a title the name was
    // taken already; a sentence's first word is after a full stop.
    bool other_persons_surname(
        const TokenizedText& part,
        const std::vector<const Token*>& tokens,
        std::size_t i,
        std::size_t length,
        std::int64_t index
    ) const {
        const Name& name = g_.names()[static_cast<std::size_t>(index)];
        const EntityType type = g_.entities()[name.entity].type;
        if (length != 1 || name.kind == NameKind::kFull || i == 0
            || (type != EntityType::kPerson && type != EntityType::kLeader)) {
            return false;
        }
        const Token& before = *tokens[i - 1];
        return before.kind == TokenKind::kWord && before.capitalized
               && clean_gap(part.text, before.end, tokens[i]->begin, false)
               && !a_.is_stopword(before.term) && !is_calendar_word(before.term)
               && !in_capitals(part.text);
    }

    // A place, country or organisation starts at tokens[k]: no name runs into it.
    bool starts_other_entity(
        const TokenizedText& part, const std::vector<const Token*>& tokens, std::size_t k
    ) const {
        std::size_t length = 0;
        const std::int64_t index = match_name(part, tokens, k, length);
        if (index < 0) {
            return false;
        }
        const EntityType type =
            g_.entities()[g_.names()[static_cast<std::size_t>(index)].entity].type;
        return type != EntityType::kLeader && type != EntityType::kPerson;
    }

    bool starts_title(
        const TokenizedText& part, const std::vector<const Token*>& tokens, std::size_t k
    ) const {
        std::size_t length = 0;
        return match_title(part, tokens, k, length) != nullptr;
    }

    // A title at tokens[i]; `length` its tokens.
    const Title* match_title(
        const TokenizedText& part,
        const std::vector<const Token*>& tokens,
        std::size_t i,
        std::size_t& length
    ) const {
        const auto candidates = titles_starting().find(tokens[i]->term);
        if (candidates == titles_starting().end()) {
            return nullptr;
        }
        for (const Title* t : candidates->second) {
            const Title& title = *t;
            const std::size_t n = title.terms.size();
            if (i + n > tokens.size()) {
                continue;
            }
            bool ok = true;
            for (std::size_t k = 0; k < n && ok; ++k) {
                ok = tokens[i + k]->term == title.terms[k]
                     && (k == 0
                         || clean_gap(part.text, tokens[i + k - 1]->end, tokens[i + k]->begin, true)
                     );
            }
            if (ok) {
                length = n;
                return &title;
            }
        }
        return nullptr;
    }

    void count(
        EntityType type,
        const std::string& name,
        const std::string& folded,
        std::int64_t gazetteer,
        std::size_t begin,
        std::size_t end
    ) {
        std::string key = std::string(field_of(type)) + '\x1f' + folded;
        if (named_keys_.count(key) != 0) {
            mentions_.push_back(Mention{begin, end, type, name, true});
            return;
        }
        if (named_.size() >= kMaxNamed) {
            return;
        }
        mentions_.push_back(Mention{begin, end, type, name, true});
        named_keys_.insert(std::move(key));
        Named n;
        n.type = type;
        n.name = name;
        n.folded = folded;
        n.gazetteer = gazetteer;
        n.first_at = begin;
        const std::size_t space = folded.find(' ');
        n.first_term = folded.substr(0, space);
        n.last_term = folded.substr(folded.rfind(' ') + 1);
        named_.push_back(std::move(n));
    }

    void found(const Name& name, std::size_t begin, std::size_t end) {
        const Entity& e = g_.entities()[name.entity];
        // A surname on its own after the article named someone else by it
        // ("William Blair ... Blair said") or a company by it ("Dean Foods
        // Co ... Dean should") is that one, not the person the gazetteer
        // knows by it (Tony Blair, Howard Dean).
        if (name.kind == NameKind::kUnambiguous && name.terms.size() == 1
            && (e.type == EntityType::kPerson || e.type == EntityType::kLeader)
            && (claimed_.count(name.terms.front()) != 0
                || std::any_of(named_.begin(), named_.end(), [&](const Named& n) {
                       const bool person =
                           n.type == EntityType::kPerson || n.type == EntityType::kLeader;
                       return n.gazetteer < 0
                              && ((person && n.last_term == name.terms.front())
                                  || (n.type == EntityType::kOrg
                                      && n.first_term == name.terms.front()));
                   }))) {
            pending_.push_back({begin, end, name.terms.front()});
            return;
        }
        switch (name.kind) {
        case NameKind::kFull:
        case NameKind::kUnambiguous:
        case NameKind::kDemonym:
            count(e.type, e.name, e.folded, name.entity, begin, end);
            break;
        case NameKind::kShort:
            pending_.push_back({begin, end, name.terms.front()});
            break;
        }
    }

    void scan(const TokenizedText& part) {
        // CJK text is matched on its single characters.
        std::vector<const Token*> tokens;
        const std::size_t limit = std::min(budget_, kMaxPartTokens);
        tokens.reserve(std::min(part.tokens.size(), limit));
        for (const Token& t : part.tokens) {
            if (tokens.size() == limit || (&part == sign_off_part_ && t.begin >= sign_off_at_)) {
                break;
            }
            if (!is_cjk_pair(t)) {
                tokens.push_back(&t);
            }
        }
        budget_ -= tokens.size();
        // In a headline or dateline in capitals, only the gazetteer's names
        // are mentions: capitals say nothing of where a name is.
        const bool discover = !in_capitals(part.text);
        const std::size_t base = part.offset;
        std::size_t i = 0;
        while (i < tokens.size()) {
            std::size_t length = 0;
            // A stock symbol in angle brackets ("<BVI>", "<KEBO AB>") names
            // a company's listing, not a country or a person.
            if (in_angle_brackets(part.text, *tokens[i])) {
                ++i;
                continue;
            }
            const std::int64_t index = match_name(part, tokens, i, length);
            if (index >= 0 && other_persons_surname(part, tokens, i, length, index)) {
                claimed_.insert(tokens[i]->term);
            } else if (index >= 0) {
                // A one-word place that starts a longer name ("Pacific
                // Fleet", "Beijing Daily", "Tokyo Bay") is part of that name.
                const Entity& e = g_.entities()[g_.names()[static_cast<std::size_t>(index)].entity];
                if (length == 1 && e.type == EntityType::kPlace && discover) {
                    if (const std::size_t next = named_run(part, tokens, i); next > i + 1) {
                        i = next;
                        continue;
                    }
                }
                found(
                    g_.names()[static_cast<std::size_t>(index)],
                    base + tokens[i]->begin,
                    base + tokens[i + length - 1]->end
                );
                i += length;
                continue;
            }
            std::size_t title_length = 0;
            if (const Title* title =
                    discover ? match_title(part, tokens, i, title_length) : nullptr) {
                i = after_title(part, tokens, i, title_length, *title);
                continue;
            }
            if (tokens[i]->capitalized && tokens[i]->kind == TokenKind::kWord) {
                if (const std::size_t next = discover ? named_run(part, tokens, i) : i; next > i) {
                    i = next;
                    continue;
                }
                pending_.push_back({base + tokens[i]->begin, base + tokens[i]->end, tokens[i]->term}
                );
            }
            ++i;
        }
    }

    // A run of capitalised words from tokens[i], with the connectors "of",
    // "for", "and", "on" and "the" between them, at most kMaxRunTokens long.
    struct CapitalRun {
        std::size_t end = 0;    // one past its last capitalised token
        std::size_t words = 0;  // its words, hyphenated parts not counted
    };

    CapitalRun capital_run(
        const TokenizedText& part, const std::vector<const Token*>& tokens, std::size_t i
    ) const {
        std::size_t k = i;
        std::size_t last = i;
        std::size_t words = 0;
        while (k < tokens.size() && k - i < kMaxRunTokens) {
            const Token& t = *tokens[k];
            const bool joined =
                k > i && t.joined && clean_gap(part.text, tokens[k - 1]->end, t.begin, true);
            const bool spaced = k == i || clean_gap(part.text, tokens[k - 1]->end, t.begin, false);
            if (!(joined || spaced) || t.kind == TokenKind::kCjk) {
                break;
            }
            const bool capital = t.capitalized && !is_calendar_word(t.term)
                                 && !(k > i && starts_other_entity(part, tokens, k))
                                 && !starts_title(part, tokens, k);
            if (capital || (joined && k > i)) {
                words += joined ? 0 : 1;
                last = k;
                ++k;
                continue;
            }
            const bool connector = t.term == "of" || t.term == "for" || t.term == "and"
                                   || t.term == "on" || t.term == "the";
            if (k > i && connector && k + 1 < tokens.size() && tokens[k + 1]->capitalized) {
                ++k;
                continue;
            }
            break;
        }
        return {last + 1, words};
    }

    // The run tokens[i..end) names an organisation: an organisation's head
    // noun after its first word, or first and followed by "of" ("Bank of
    // Korea").
    static bool org_run(const std::vector<const Token*>& tokens, std::size_t i, std::size_t end) {
        for (std::size_t j = i + 1; j < end; ++j) {
            if (is_org_head(tokens[j]->term) && tokens[j]->capitalized) {
                return true;
            }
        }
        return end - i >= 3 && is_org_head(tokens[i]->term) && tokens[i + 1]->term == "of";
    }

    // The run tokens[i..end) of `words` words names a place: it ends in a
    // place's head noun ("Jilin Province"), or follows "the city of" or
    // comes before a lower-case "region".
    bool place_run(
        const TokenizedText& part,
        const std::vector<const Token*>& tokens,
        std::size_t i,
        std::size_t end,
        std::size_t words
    ) const {
        if (words >= 2 && is_place_head(tokens[end - 1]->term)) {
            return true;
        }
        const bool after_of = i >= 2 && tokens[i - 1]->term == "of"
                              && is_place_head(tokens[i - 2]->term) && !tokens[i - 2]->capitalized;
        const bool before_head =
            end < tokens.size() && is_place_head(tokens[end]->term) && !tokens[end]->capitalized
            && clean_gap(part.text, tokens[end - 1]->end, tokens[end]->begin, false);
        return words >= 1 && words <= 3 && (after_of || before_head);
    }

    // Counts the text from byte `begin` to `end` of `part` (offsets within
    // the part) as an entity the gazetteer lacks.
    void
    count_span(EntityType type, const TokenizedText& part, std::size_t begin, std::size_t end) {
        const std::string name = squeeze(part.text.substr(begin, end - begin));
        count(type, name, a_.fold(name), -1, part.offset + begin, part.offset + end);
    }

    // Organisations and places the gazetteer lacks, by the words news uses
    // for them: a run of capitalised words with an organisation's head noun
    // ("Samsung Electronics", "Bank of Korea", "Korea Institute for National
    // Unification"), or a place's ("Jilin Province"), or after "the city of"
    // and before "region". A country or demonym right before an
    // organisation belongs to its name ("Russian Defense Ministry").
    // Returns the token after the run, or `i` when there is none.
    std::size_t
    named_run(const TokenizedText& part, const std::vector<const Token*>& tokens, std::size_t i) {
        if (a_.is_stopword(tokens[i]->term) || is_calendar_word(tokens[i]->term)) {
            return i;
        }
        const auto [end, words] = capital_run(part, tokens, i);
        const std::size_t base = part.offset;
        if (words >= 2 && org_run(tokens, i, end)) {
            std::size_t begin = tokens[i]->begin;
            // Absorb an adjacent country or demonym ("Russian Defense Ministry").
            if (!mentions_.empty() && i > 0 && mentions_.back().end == base + tokens[i - 1]->end
                && mentions_.back().type == EntityType::kCountry
                && clean_gap(part.text, tokens[i - 1]->end, tokens[i]->begin, false)) {
                begin = mentions_.back().begin - base;
            }
            count_span(EntityType::kOrg, part, begin, tokens[end - 1]->end);
            return end;
        }
        if (place_run(part, tokens, i, end, words)) {
            count_span(EntityType::kPlace, part, tokens[i]->begin, tokens[end - 1]->end);
            return end;
        }
        return i;
    }

    // A name the gazetteer lacks after a title, from tokens[j]: capitalised
    // words (hyphenated parts may be lower case: Sang-bum), white space
    // between them, at most 6 tokens, ended by a possessive.
    struct TitledName {
        std::size_t end = 0;         // one past its last token
        std::size_t words = 0;       // its words, hyphenated parts not counted
        bool company = false;        // it has a company's or an office's word
        std::size_t possessive = 0;  // bytes of a possessive ending it
    };

    TitledName titled_name(
        const TokenizedText& part, const std::vector<const Token*>& tokens, std::size_t j
    ) const {
        TitledName n;
        std::size_t k = j;
        while (k < tokens.size() && k - j < 6) {
            const Token& t = *tokens[k];
            const bool joined =
                k > j && t.joined && clean_gap(part.text, tokens[k - 1]->end, t.begin, true);
            const bool spaced = k == j || clean_gap(part.text, tokens[k - 1]->end, t.begin, false)
                                || after_initial(part.text, *tokens[k - 1], t);
            // A particle inside a name ("Javier Perez de Cuellar", "Sheikh
            // Ali al-Khalifa") when a capitalised word follows.
            if (k > j && spaced && !t.capitalized && is_name_particle(t.term)
                && k + 1 < tokens.size() && tokens[k + 1]->capitalized
                && clean_gap(part.text, t.end, tokens[k + 1]->begin, true)) {
                ++k;
                continue;
            }
            if (t.kind != TokenKind::kWord || !(joined || spaced) || a_.is_stopword(t.term)
                || is_calendar_word(t.term)
                || (!joined
                    && (!t.capitalized || starts_title(part, tokens, k)
                        || starts_other_entity(part, tokens, k)))) {
                break;
            }
            n.words += joined ? 0 : 1;
            n.company = n.company || is_company_word(t.term);
            ++k;
            // A possessive ends the name ("Yasuhiro Nakasone's policy").
            n.possessive = possessive_length(part.text.substr(t.begin, t.end - t.begin));
            if (n.possessive > 0) {
                break;
            }
        }
        n.end = k;
        return n;
    }

    // A leader's title at tokens[at] names a head of state or government
    // on its own ("President Reagan said") or after a country or its
    // demonym ("Brazilian President Jose Sarney", "U.S. President ..."); after
    // an organisation or another capitalised word ("World Bank President
    // Barber Conable", "Bundesbank President Karl Otto Poehl", "Former
    // President ..."), a body's word ("central bank president Francisco
    // Gros") or a word of an office not held ("former", "opposition leader
    // John Howard", "deposed president") it is an office of that body, or
    // not held now: the name is a person. Written in lower case without a
    // country before it ("..., president Pierre Languetin told") it is a
    // company's or a bank's president.
    bool heads_a_state(
        const TokenizedText& part, const std::vector<const Token*>& tokens, std::size_t at
    ) const {
        const bool capitalised = tokens[at]->capitalized;
        if (at == 0) {
            return capitalised;
        }
        const Token& before = *tokens[at - 1];
        if (!clean_gap(part.text, before.end, tokens[at]->begin, true)) {
            // After a bracketed acronym: "Brazilian Coffee Institute (IBC)
            // President".
            return capitalised
                   && squeeze(part.text.substr(before.end, tokens[at]->begin - before.end)) != ")";
        }
        if (!mentions_.empty() && mentions_.back().end == part.offset + before.end) {
            if (mentions_.back().type != EntityType::kCountry) {
                return false;
            }
            // A country inside a longer name is the name's ("Amoco Canada
            // president").
            std::size_t k = at - 1;
            while (k > 0 && part.offset + tokens[k]->begin > mentions_.back().begin) {
                --k;
            }
            return k == 0 || !tokens[k - 1]->capitalized
                   || !clean_gap(part.text, tokens[k - 1]->end, tokens[k]->begin, false)
                   || a_.is_stopword(tokens[k - 1]->term);
        }
        if (before.capitalized && before.kind == TokenKind::kWord) {
            // A demonym the gazetteer lacks ("Ruritanian Prime Minister").
            return capitalised && looks_like_demonym(before.term);
        }
        return capitalised && !is_company_word(before.term) && !is_not_in_office(before.term);
    }

    // A title at tokens[at..at+length): a known name, a new name or a
    // one-word reference may follow. Returns where to go on.
    std::size_t after_title(
        const TokenizedText& part,
        const std::vector<const Token*>& tokens,
        std::size_t at,
        std::size_t length,
        const Title& title
    ) {
        const std::size_t base = part.offset;
        const std::size_t j = at + length;
        if (j >= tokens.size()
            || !clean_gap(part.text, tokens[j - 1]->end, tokens[j]->begin, false)) {
            return j;
        }
        std::size_t name_length = 0;
        const std::int64_t index = match_name(part, tokens, j, name_length);
        const TitledName n = titled_name(part, tokens, j);
        const std::size_t k = n.end;
        // A known name wins, unless it is a one-word name that the title's
        // longer name only starts with (short "Park" in "lawmaker Park Ji-won").
        if (index >= 0) {
            const Name& known = g_.names()[static_cast<std::size_t>(index)];
            if (known.kind == NameKind::kFull || n.words < 2) {
                found(known, base + tokens[j]->begin, base + tokens[j + name_length - 1]->end);
                return j + name_length;
            }
        }
        const std::size_t end_byte = tokens[k > j ? k - 1 : j]->end - n.possessive;
        // A company's or an office's word makes an organisation, never a
        // person; a capitalised "General" before it is part of its name
        // ("General Motors Corp", "General Accounting Office"): a rank word
        // is a title only before a personal name.
        if (n.words >= 1 && n.company) {
            const bool rank =
                length == 1 && tokens[at]->capitalized && is_rank_adjective(tokens[at]->term);
            count_span(EntityType::kOrg, part, tokens[rank ? at : j]->begin, end_byte);
            return k;
        }
        if (n.words >= 2) {
            const bool leader = title.leader && heads_a_state(part, tokens, at);
            // "President" and "leader" alone are also a company's or a
            // body's (see demote_stateless_leaders()).
            if (leader && length == 1
                && (tokens[at]->term == "president" || tokens[at]->term == "leader")) {
                presidents_.insert(
                    squeeze(part.text.substr(tokens[j]->begin, end_byte - tokens[j]->begin))
                );
            }
            count_span(
                leader ? EntityType::kLeader : EntityType::kPerson, part, tokens[j]->begin, end_byte
            );
            return k;
        }
        if (n.words == 1) {
            pending_.push_back({base + tokens[j]->begin, base + tokens[k - 1]->end, tokens[j]->term}
            );
            return k;
        }
        return j;
    }

    // A one-word name ("Kim", "Kishida") refers to an entity the article
    // names in full: the nearest one named before it, else the first after.
    // The people named are listed by each word they may be called by, in
    // order of first mention, so that each reference is a binary search.
    void resolve_short_mentions() {
        std::unordered_map<std::string, std::vector<const Named*>> by_word;
        const auto add = [&](const std::string& term, const Named& n) {
            // A gazetteer entity answers only to the one-word names it lists.
            if (n.gazetteer >= 0 && n.first_term != n.last_term
                && !has_short(static_cast<std::uint32_t>(n.gazetteer), term)) {
                return;
            }
            by_word[term].push_back(&n);
        };
        for (const Named& n : named_) {
            if (n.type != EntityType::kLeader && n.type != EntityType::kPerson) {
                continue;
            }
            add(n.first_term, n);
            if (n.last_term != n.first_term) {
                add(n.last_term, n);
            }
        }
        const auto by_first_at = [](const Named* a, const Named* b) {
            return a->first_at < b->first_at;
        };
        for (auto& [term, list] : by_word) {
            std::stable_sort(list.begin(), list.end(), by_first_at);
        }
        for (const Pending& p : pending_) {
            const auto it = by_word.find(p.term);
            if (it == by_word.end()) {
                continue;
            }
            const std::vector<const Named*>& list = it->second;
            // The first named after the reference, and the last at or before it.
            const auto after = std::upper_bound(
                list.begin(),
                list.end(),
                p.begin,
                [](std::size_t at, const Named* n) { return at < n->first_at; }
            );
            const Named* best = nullptr;
            if (after != list.begin()) {
                // Of several named at the same place, the first named.
                best = *std::lower_bound(list.begin(), after, *std::prev(after), by_first_at);
            } else if (after != list.end()) {
                best = *after;
            }
            if (best != nullptr) {
                mentions_.push_back(Mention{p.begin, p.end, best->type, best->name, false});
            }
        }
    }

    bool has_short(std::uint32_t entity, const std::string& term) const {
        const std::span<const std::uint32_t> names = g_.names_starting(term);
        return std::any_of(names.begin(), names.end(), [&](std::uint32_t i) {
            const Name& n = g_.names()[i];
            return n.entity == entity && n.terms.size() == 1 && n.kind != NameKind::kFull;
        });
    }

    const Gazetteer& g_;
    const Analyzer& a_;
    std::vector<Named> named_;
    std::unordered_set<std::string> named_keys_;  // field and folded name of each of named_
    std::vector<Pending> pending_;
    std::unordered_set<std::string> presidents_;  // leaders found by "President" or "leader" alone
    std::unordered_set<std::string> claimed_;     // surnames the article gave another first name
    std::size_t budget_ = kMaxEntityTokens;       // tokens left to look at
    const TokenizedText* sign_off_part_ = nullptr;  // the part that ends with a sign-off line
    std::size_t sign_off_at_ = 0;                   // where in it the line starts
    std::vector<Mention> mentions_;
};

}  // namespace

std::string_view origin_name(Origin origin) noexcept {
    switch (origin) {
    case Origin::kMetadata:
        return "metadata";
    case Origin::kGazetteer:
        return "gazetteer";
    case Origin::kDiscovery:
        return "discovery";
    }
    return "discovery";
}

bool parse_origin(std::string_view text, Origin& out) noexcept {
    for (const Origin o : {Origin::kMetadata, Origin::kGazetteer, Origin::kDiscovery}) {
        if (text == origin_name(o)) {
            out = o;
            return true;
        }
    }
    return false;
}

EntityExtractor::EntityExtractor(const Gazetteer& gazetteer, const Analyzer& analyzer)
    : gazetteer_(gazetteer), analyzer_(analyzer) {}

Extraction EntityExtractor::extract(const std::vector<TokenizedText>& parts) const {
    return Run(gazetteer_, analyzer_).go(parts);
}

Extraction EntityExtractor::extract(std::string_view text) const {
    std::vector<TokenizedText> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        TokenizedText part;
        part.text = text.substr(start, end - start);
        part.offset = start;
        part.tokens = analyzer_.tokens(part.text);
        parts.push_back(std::move(part));
        start = end + 1;
    }
    return extract(parts);
}

}  // namespace newsdex::detail
