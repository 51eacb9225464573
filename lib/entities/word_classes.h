// SPDX-License-Identifier: MIT
// What a word says about the name around it (private to the library): the
// titles that come before names (entities/titles.tsv), the head nouns of
// organisation and place names, company words, calendar words, agency
// sign-offs, and the spacing and capitals that let a name run on.
#pragma once

#include "newsdex/analyzer.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsdex::detail {

/// A title that news writing puts before a name ("prime minister").
struct Title {
    std::vector<std::string_view> terms;  ///< analysed (folded) words
    bool leader = false;                  ///< a head of state or government, or a party leader
};

/// Titles (entities/titles.tsv), longest first so that "secretary of state"
/// wins over "secretary".
const std::vector<Title>& titles();

/// Titles by their first word, longest first (a lookup per token instead of
/// a scan of every title).
const std::unordered_map<std::string_view, std::vector<const Title*>>& titles_starting();

/// Month and day names ("March", "Monday"): capitalised, never names.
bool is_calendar_word(const std::string& term);

/// Head nouns of organisation names ("ministry", "bank").
bool is_org_head(const std::string& term);

/// Words that end a company's or an office's name ("corp", "office"): a
/// name with one is an organisation, never a person.
bool is_company_word(const std::string& term);

/// Words before a leader's title that say the office is not held now, or
/// is not a state's ("former", "opposition").
bool is_not_in_office(const std::string& term);

/// A capitalised word shaped like a demonym the gazetteer may lack
/// ("Ruritanian"), but for the parties' words ("Republican").
bool looks_like_demonym(const std::string& term);

/// Lower-case words inside personal names ("de", "von", "al").
bool is_name_particle(const std::string& term);

/// A single capital and a full stop before `t` ("Gordon S. Macklin"): a
/// middle initial, across which a name runs on.
bool after_initial(std::string_view text, const Token& initial, const Token& t);

/// A token right after "<" or right before ">": wire copy's stock symbols
/// ("<BVI>", "<KEBO AB>"), never a mention.
bool in_angle_brackets(std::string_view text, const Token& t);

/// Title words that are also adjectives of company names ("general").
bool is_rank_adjective(const std::string& term);

/// The bytes of a possessive ending ("'s", "’s", or a lone apostrophe after
/// an s) at the end of a token's text, or 0.
std::size_t possessive_length(std::string_view surface);

/// The words by which news agencies sign off a story ("Reuter", "AP").
bool is_sign_off(const std::string& term);

/// True when `text` has letters and none in lower case (a headline, a
/// dateline or a table in capitals, where capitals say nothing of names).
bool in_capitals(std::string_view text);

/// Head nouns of place names ("province", "region").
bool is_place_head(const std::string& term);

/// True when every letter of `surface` is a capital.
bool all_capitals(std::string_view surface);

/// Only white space (and, when `joiners`, hyphens and the like) between
/// bytes `from` and `to` of `text`: a name never runs across a comma or a
/// full stop.
bool clean_gap(std::string_view text, std::size_t from, std::size_t to, bool joiners);

/// A CJK token of two or more characters.
bool is_cjk_pair(const Token& t);

}  // namespace newsdex::detail
