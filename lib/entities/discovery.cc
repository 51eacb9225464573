// SPDX-License-Identifier: MIT
#include "entities/discovery.h"

#include "util/text.h"

namespace newsdex::detail {

namespace {

// A name the gazetteer lacks is at most kMaxRunTokens tokens long, so that
// a run of capitalised words costs a bounded look-ahead per word instead of
// one that grows with the run.
constexpr std::size_t kMaxRunTokens = 12;

}  // namespace

Discovery::CapitalRun
Discovery::capital_run(const TokenizedText& part, const TokenRefs& tokens, std::size_t i) const {
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
                             && !(k > i && m_.starts_other_entity(part, tokens, k))
                             && !m_.starts_title(part, tokens, k);
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
bool Discovery::org_run(const TokenRefs& tokens, std::size_t i, std::size_t end) {
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
bool Discovery::place_run(
    const TokenizedText& part,
    const TokenRefs& tokens,
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

std::size_t
Discovery::named_run(const TokenizedText& part, const TokenRefs& tokens, std::size_t i) {
    if (a_.is_stopword(tokens[i]->term) || is_calendar_word(tokens[i]->term)) {
        return i;
    }
    const auto [end, words] = capital_run(part, tokens, i);
    const std::size_t base = part.offset;
    const std::vector<Mention>& mentions = book_.mentions();
    if (words >= 2 && org_run(tokens, i, end)) {
        std::size_t begin = tokens[i]->begin;
        // Absorb an adjacent country or demonym ("Russian Defense Ministry").
        if (!mentions.empty() && i > 0 && mentions.back().end == base + tokens[i - 1]->end
            && mentions.back().type == EntityType::kCountry
            && clean_gap(part.text, tokens[i - 1]->end, tokens[i]->begin, false)) {
            begin = mentions.back().begin - base;
        }
        book_.count_span(EntityType::kOrg, part, begin, tokens[end - 1]->end);
        return end;
    }
    if (place_run(part, tokens, i, end, words)) {
        book_.count_span(EntityType::kPlace, part, tokens[i]->begin, tokens[end - 1]->end);
        return end;
    }
    return i;
}

Discovery::TitledName
Discovery::titled_name(const TokenizedText& part, const TokenRefs& tokens, std::size_t j) const {
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
        if (k > j && spaced && !t.capitalized && is_name_particle(t.term) && k + 1 < tokens.size()
            && tokens[k + 1]->capitalized
            && clean_gap(part.text, t.end, tokens[k + 1]->begin, true)) {
            ++k;
            continue;
        }
        if (t.kind != TokenKind::kWord || !(joined || spaced) || a_.is_stopword(t.term)
            || is_calendar_word(t.term)
            || (!joined
                && (!t.capitalized || m_.starts_title(part, tokens, k)
                    || m_.starts_other_entity(part, tokens, k)))) {
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
bool Discovery::heads_a_state(const TokenizedText& part, const TokenRefs& tokens, std::size_t at)
    const {
    const bool capitalised = tokens[at]->capitalized;
    if (at == 0) {
        return capitalised;
    }
    const Token& before = *tokens[at - 1];
    const std::vector<Mention>& mentions = book_.mentions();
    if (!clean_gap(part.text, before.end, tokens[at]->begin, true)) {
        // After a bracketed acronym: "Brazilian Coffee Institute (IBC)
        // President".
        return capitalised
               && squeeze(part.text.substr(before.end, tokens[at]->begin - before.end)) != ")";
    }
    if (!mentions.empty() && mentions.back().end == part.offset + before.end) {
        if (mentions.back().type != EntityType::kCountry) {
            return false;
        }
        // A country inside a longer name is the name's ("Amoco Canada
        // president").
        std::size_t k = at - 1;
        while (k > 0 && part.offset + tokens[k]->begin > mentions.back().begin) {
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
std::size_t Discovery::after_title(
    const TokenizedText& part,
    const TokenRefs& tokens,
    std::size_t at,
    std::size_t length,
    const Title& title
) {
    const std::size_t base = part.offset;
    const std::size_t j = at + length;
    if (j >= tokens.size() || !clean_gap(part.text, tokens[j - 1]->end, tokens[j]->begin, false)) {
        return j;
    }
    std::size_t name_length = 0;
    const std::int64_t index = m_.match_name(part, tokens, j, name_length);
    const TitledName n = titled_name(part, tokens, j);
    const std::size_t k = n.end;
    // A known name wins, unless it is a one-word name that the title's
    // longer name only starts with (short "Park" in "lawmaker Park Ji-won").
    if (index >= 0) {
        const Name& known = g_.names()[static_cast<std::size_t>(index)];
        if (known.kind == NameKind::kFull || n.words < 2) {
            book_.found(known, base + tokens[j]->begin, base + tokens[j + name_length - 1]->end);
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
        book_.count_span(EntityType::kOrg, part, tokens[rank ? at : j]->begin, end_byte);
        return k;
    }
    if (n.words >= 2) {
        const bool leader = title.leader && heads_a_state(part, tokens, at);
        // "President" and "leader" alone are also a company's or a
        // body's (see EntityBook::demote_stateless_leaders()).
        if (leader && length == 1
            && (tokens[at]->term == "president" || tokens[at]->term == "leader")) {
            book_.add_president(
                squeeze(part.text.substr(tokens[j]->begin, end_byte - tokens[j]->begin))
            );
        }
        book_.count_span(
            leader ? EntityType::kLeader : EntityType::kPerson, part, tokens[j]->begin, end_byte
        );
        return k;
    }
    if (n.words == 1) {
        book_.add_pending(base + tokens[j]->begin, base + tokens[k - 1]->end, tokens[j]->term);
        return k;
    }
    return j;
}

}  // namespace newsdex::detail
