// SPDX-License-Identifier: MIT
#include "entities/word_classes.h"

#include "analysis/fold.h"
#include "resources/resources.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

namespace newsdex::detail {

// Titles that news writing puts before a name (entities/titles.tsv),
// longest first so that "secretary of state" wins over "secretary". Terms
// are analysed (folded) forms.
const std::vector<Title>& titles() {
    static const std::vector<Title> kTitles = [] {
        std::vector<Title> t;
        for (std::string_view text = embedded_entities_titles(); !text.empty();) {
            const std::size_t end = text.find('\n');
            const std::string_view line = text.substr(0, end);
            text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
            const std::size_t tab = line.find('\t');
            if (line.empty() || line.front() == '#' || tab == std::string_view::npos) {
                continue;
            }
            Title title;
            title.leader = line.substr(tab + 1) == "leader";
            for (std::string_view words = line.substr(0, tab); !words.empty();) {
                const std::size_t space = words.find(' ');
                title.terms.push_back(words.substr(0, space));
                words.remove_prefix(space == std::string_view::npos ? words.size() : space + 1);
            }
            t.push_back(std::move(title));
        }
        std::stable_sort(t.begin(), t.end(), [](const Title& a, const Title& b) {
            return a.terms.size() > b.terms.size();
        });
        return t;
    }();
    return kTitles;
}

// Titles by their first word, longest first (a lookup per token instead of
// a scan of every title).
const std::unordered_map<std::string_view, std::vector<const Title*>>& titles_starting() {
    static const auto kIndex = [] {
        std::unordered_map<std::string_view, std::vector<const Title*>> index;
        for (const Title& t : titles()) {
            index[t.terms.front()].push_back(&t);
        }
        return index;
    }();
    return kIndex;
}

bool is_calendar_word(const std::string& term) {
    static const std::set<std::string, std::less<>> kWords{
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december"};
    return kWords.count(term) != 0;
}

// Head nouns of organisation names.
bool is_org_head(const std::string& term) {
    static const std::set<std::string, std::less<>> kHeads{
        "ministry",    "agency",         "university",   "institute",    "institution",
        "party",       "council",        "commission",   "committee",    "bank",
        "corporation", "corp",           "company",      "inc",          "ltd",
        "group",       "association",    "organization", "organisation", "federation",
        "office",      "department",     "service",      "services",     "court",
        "parliament",  "army",           "navy",         "fleet",        "guard",
        "forces",      "command",        "fund",         "foundation",   "center",
        "centre",      "observatory",    "electronics",  "motors",       "airlines",
        "airways",     "times",          "post",         "news",         "press",
        "daily",       "herald",         "journal",      "network",      "broadcasting",
        "television",  "radio",          "club",         "league",       "academy",
        "hospital",    "laboratory",     "coalition",    "alliance",     "bureau",
        "authority",   "administration", "board",        "union",        "assembly"};
    return kHeads.count(term) != 0;
}

// Words that end a company's or an office's name ("General Motors Corp",
// "General Accounting Office"): a name with one is an organisation, never a
// person, whatever title word starts it.
bool is_company_word(const std::string& term) {
    static const std::set<std::string, std::less<>> kWords{
        "corp",
        "co",
        "cos",
        "inc",
        "ltd",
        "plc",
        "ag",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "spa",
        "llc",
        "lp",
        "kk",
        "bhd",
        "pty",
        "holdings",
        "industries",
        "enterprises",
        "partners",
        "associates",
        "trust",
        "acquisition",
        "productions",
        "systems",
        "technologies",
        "technology",
        "international",
        "resources",
        "petroleum",
        "chemical",
        "chemicals",
        "electric",
        "instruments",
        "instrument",
        "dynamics",
        "utilities",
        "communications",
        "financial",
        "securities",
        "investments",
        "capital",
        "exchange",
        "reserve",
        "treasury",
        "congress",
        "senate",
        "house",
        "government",
        "cabinet",
        "secretariat",
        "supermarkets",
        "stores",
        "foods",
        "products",
        "brands",
        "mining",
        "mines",
        "steel",
        "energy",
        "insurance",
        "bancorp",
        "bancorporation",
        "savings",
        "laboratories",
        "pharmaceuticals",
        "airlines",
        "realty",
        "properties",
        "shipping",
        "motor",
        "oil"};
    return kWords.count(term) != 0 || is_org_head(term);
}

// Words before a leader's title that say the office is not held now, or
// is not a state's ("former President", "opposition leader", "its
// president").
bool is_not_in_office(const std::string& term) {
    static const std::set<std::string, std::less<>> kWords{
        "former",
        "late",
        "ex",
        "then",
        "deposed",
        "ousted",
        "outgoing",
        "opposition",
        "deputy",
        "acting",
        "its",
        "their",
        "conference"};
    return kWords.count(term) != 0;
}

// A capitalised word shaped like a demonym the gazetteer may lack
// ("Ruritanian", "Freedonian", "Vulcanese"), but for the parties' words
// ("Republican", "Christian"): a leader's title after one is a state's.
bool looks_like_demonym(const std::string& term) {
    static const std::set<std::string, std::less<>> kParties{
        "republican",
        "christian",
        "socialist",
        "communist",
        "liberal",
        "conservative",
        "libertarian",
        "parliamentarian",
        "presbyterian",
        "vegetarian",
        "union",
        "party"};
    const auto ends = [&](std::string_view suffix) {
        return term.size() > suffix.size() + 2
               && std::string_view(term).substr(term.size() - suffix.size()) == suffix;
    };
    return kParties.count(term) == 0 && (ends("ian") || ends("ean") || ends("ese"));
}

// Lower-case words inside personal names ("Perez de Cuellar", "al-Sabah").
bool is_name_particle(const std::string& term) {
    static const std::set<std::string, std::less<>> kWords{
        "de",
        "da",
        "del",
        "della",
        "di",
        "do",
        "dos",
        "du",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "ibn",
        "al",
        "el",
        "la",
        "le",
        "ter"};
    return kWords.count(term) != 0;
}

// A single capital and a full stop before `t` ("Gordon S. Macklin"): the
// initial of a middle name, and the name runs on.
bool after_initial(std::string_view text, const Token& initial, const Token& t) {
    if (initial.end - initial.begin != 1 || !initial.capitalized || t.begin <= initial.end
        || text[initial.end] != '.') {
        return false;
    }
    return clean_gap(text, initial.end + 1, t.begin, false) && t.begin > initial.end + 1;
}

// A token right after "<" or right before ">": wire copy's stock symbols
// ("<BVI>", "<KEBO AB>").
bool in_angle_brackets(std::string_view text, const Token& t) {
    return (t.begin > 0 && text[t.begin - 1] == '<') || (t.end < text.size() && text[t.end] == '>');
}

// Title words that are also adjectives of company names: "General" in
// "General Motors Corp" is part of the name, "President" in "President
// Acme Corp" is not.
bool is_rank_adjective(const std::string& term) {
    return term == "general" || term == "royal" || term == "national";
}

// The bytes of a possessive ending ("'s", "’s", or a lone apostrophe after
// an s) at the end of a token's text, or 0.
std::size_t possessive_length(std::string_view surface) {
    std::size_t cut = surface.size();
    if (cut >= 2 && (surface[cut - 1] == 's' || surface[cut - 1] == 'S')) {
        --cut;
    }
    // The code point before: an apostrophe of any kind.
    std::size_t start = cut;
    while (start > 0 && (static_cast<unsigned char>(surface[start - 1]) & 0xC0U) == 0x80U) {
        --start;
    }
    if (start == 0) {
        return 0;
    }
    --start;
    std::size_t i = start;
    if (!is_apostrophe(next_code_point(surface, i)) || i != cut) {
        return 0;
    }
    return surface.size() - start;
}

// The words by which news agencies sign off a story ("Reuter", "AP").
bool is_sign_off(const std::string& term) {
    static const std::set<std::string, std::less<>> kWords{
        "reuter",
        "reuters",
        "ap",
        "afp",
        "upi",
        "dpa",
        "tass",
        "xinhua",
        "kyodo",
        "yonhap",
        "ansa",
        "efe",
        "bloomberg",
        "aap",
        "pti",
        "ians",
        "kcna"};
    return kWords.count(term) != 0;
}

// True when `text` has letters and none in lower case: a headline, a
// dateline or a table written in capitals, where capitals say nothing of
// names.
bool in_capitals(std::string_view text) {
    bool letters = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<UChar32>(next_code_point(text, i));
        if (u_islower(c) != 0) {
            return false;
        }
        letters = letters || u_isalpha(c) != 0;
    }
    return letters;
}

// Head nouns of place names.
bool is_place_head(const std::string& term) {
    static const std::set<std::string, std::less<>> kHeads{
        "city",
        "province",
        "county",
        "prefecture",
        "region",
        "district",
        "island",
        "islands",
        "oblast",
        "krai",
        "town",
        "village",
        "port",
        "peninsula",
        "strait",
        "bay",
        "valley",
        "river",
        "mountains"};
    return kHeads.count(term) != 0;
}

bool all_capitals(std::string_view surface) {
    surface.remove_suffix(possessive_length(surface));  // "USSR's"
    bool letters = false;
    for (std::size_t i = 0; i < surface.size();) {
        const auto c = static_cast<UChar32>(next_code_point(surface, i));
        if (u_isalpha(c) != 0) {
            letters = true;
            if (u_islower(c) != 0) {
                return false;
            }
        }
    }
    return letters;
}

// Only white space (and, when `joiners`, hyphens and the like) between two
// tokens: a name never runs across a comma or a full stop.
bool clean_gap(std::string_view text, std::size_t from, std::size_t to, bool joiners) {
    for (std::size_t i = from; i < to;) {
        const char32_t c = next_code_point(text, i);
        const bool space = c == U' ' || c == U'\t' || c == U'\u00A0';
        if (!space && !(joiners && is_joiner(c) && c != U'.' && c != U':')) {
            return false;
        }
    }
    return true;
}

bool is_cjk_pair(const Token& t) {
    if (t.kind != TokenKind::kCjk) {
        return false;
    }
    std::size_t i = 0;
    next_code_point(t.term, i);
    return i < t.term.size();
}

}  // namespace newsdex::detail
