// SPDX-License-Identifier: MIT
#include "entities/gazetteer.h"

#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "resources/resources.h"
#include "util/escape.h"

#include <unicode/uchar.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace newsdex::detail {

namespace {

std::vector<std::string_view> split(std::string_view text, std::string_view sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(sep, start);
        out.push_back(
            text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)
        );
        if (at == std::string_view::npos) {
            return out;
        }
        start = at + sep.size();
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// A line of a data file that holds something: its number (from 1) and its
// text, less a trailing "\r".
struct DataLine {
    std::size_t number = 0;
    std::string_view text;
};

// The lines of a data file (entities/*.tsv, an --entities file), without
// the blank lines and the "#" comments.
std::vector<DataLine> data_lines(std::string_view text) {
    std::vector<DataLine> out;
    std::size_t number = 0;
    for (std::string_view line : split(text, "\n")) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (trim(line).empty() || trim(line).front() == '#') {
            continue;
        }
        out.push_back({number, line});
    }
    return out;
}

// "US", "U.S.", "DPRK": two or more letters, all capitals.
bool is_acronym(std::string_view written) {
    std::size_t letters = 0;
    for (std::size_t i = 0; i < written.size();) {
        const char32_t c = next_code_point(written, i);
        if (u_isalpha(static_cast<UChar32>(c)) != 0) {
            if (u_isupper(static_cast<UChar32>(c)) == 0) {
                return false;
            }
            ++letters;
        } else if (c != U'.' && c != U' ') {
            return false;
        }
    }
    return letters >= 2;
}

bool starts_upper(std::string_view written) {
    std::size_t i = 0;
    const char32_t c = next_code_point(written, i);
    return u_isupper(static_cast<UChar32>(c)) != 0 || u_istitle(static_cast<UChar32>(c)) != 0;
}

std::string digest_part(std::string_view text) {
    const XXH64_hash_t h = XXH3_64bits(text.data(), text.size());
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx;", static_cast<unsigned long long>(h));
    return buf;
}

using Texts = std::vector<std::pair<std::string_view, std::string_view>>;

// The built-in files, in the order they are loaded.
Texts builtin_texts() {
    return {
        {"entities/countries.tsv", embedded_entities_countries()},
        {"entities/historical.tsv", embedded_entities_historical()},
        {"entities/leaders.tsv", embedded_entities_leaders()},
        {"entities/places.tsv", embedded_entities_places()},
        {"entities/orgs.tsv", embedded_entities_orgs()},
        {"entities/corpus.tsv", embedded_entities_corpus()},
    };
}

// Offices with dates: who is a leader on which day.
std::string_view offices_text() {
    return embedded_entities_offices();
}

constexpr std::string_view kOfficesSource = "entities/offices.tsv";

}  // namespace

std::string entity_key(EntityType type, const std::string& folded) {
    return std::string(field_of(type)) + '\x1f' + folded;
}

std::string_view builtin_offices_text() noexcept {
    return offices_text();
}

std::vector<OfficeRow>
parse_offices(std::string_view source, std::string_view text, std::vector<InputProblem>* problems) {
    std::vector<OfficeRow> rows;
    for (const DataLine& data : data_lines(text)) {
        const std::size_t line_no = data.number;
        const std::string_view line = data.text;
        const auto problem = [&](const std::string& message) {
            if (problems != nullptr) {
                problems->push_back(
                    {std::string(source) + ":" + std::to_string(line_no), message, false}
                );
            }
        };
        const std::vector<std::string_view> cells = split(line, "\t");
        if (cells.size() != 6) {
            problem(
                "expected 6 tab-separated columns (office, country, holder, start, end, source), "
                "found "
                + std::to_string(cells.size()) + "; line ignored"
            );
            continue;
        }
        const auto day = [&](std::string_view cell, std::uint32_t& out) {
            cell = trim(cell);
            const std::optional<Date> date = Date::parse_iso(cell);
            if (cell.size() != 10 || !date) {
                problem("not a date " + quote(cell) + ": write YYYY-MM-DD; line ignored");
                return false;
            }
            out = day_number(date->year, date->month, date->day);
            return true;
        };
        OfficeRow row;
        row.office = std::string(trim(cells[0]));
        row.country = std::string(trim(cells[1]));
        row.holder = std::string(trim(cells[2]));
        row.source = std::string(trim(cells[5]));
        row.line = line_no;
        if (row.office.empty() || row.holder.empty()) {
            problem("an office and its holder are required; line ignored");
            continue;
        }
        if (!day(cells[3], row.term.start)
            || (!trim(cells[4]).empty() && !day(cells[4], row.term.end))) {
            continue;
        }
        if (row.term.end != 0 && row.term.end < row.term.start) {
            problem(
                "the term ends (" + std::string(trim(cells[4])) + ") before it starts ("
                + std::string(trim(cells[3])) + "); line ignored"
            );
            continue;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string_view field_of(EntityType type) noexcept {
    switch (type) {
    case EntityType::kLeader:
        return "leader";
    case EntityType::kPerson:
        return "person";
    case EntityType::kCountry:
        return "country";
    case EntityType::kPlace:
        return "place";
    case EntityType::kOrg:
        return "org";
    }
    return "person";
}

std::string_view also_fills(EntityType type) noexcept {
    const schema::Field* field = schema::find_field(field_of(type));
    return field == nullptr ? std::string_view() : field->entity.also_counts_as;
}

bool fills(EntityType type, std::string_view field) noexcept {
    return field == field_of(type) || (!field.empty() && field == also_fills(type));
}

bool parse_entity_type(std::string_view text, EntityType& out) noexcept {
    for (const EntityType t :
         {EntityType::kLeader,
          EntityType::kPerson,
          EntityType::kCountry,
          EntityType::kPlace,
          EntityType::kOrg}) {
        if (text == field_of(t)) {
            out = t;
            return true;
        }
    }
    return false;
}

std::shared_ptr<const Gazetteer> Gazetteer::load(
    const Analyzer& analyzer,
    const std::vector<std::pair<std::string, std::string>>& extra,
    std::vector<InputProblem>* problems
) {
    Builder b;
    for (const auto& [source, text] : builtin_texts()) {
        b.add_tsv(analyzer, source, text, problems);
    }
    for (const auto& [source, text] : extra) {
        b.add_tsv(analyzer, source, text, problems);
    }
    b.add_offices(analyzer, kOfficesSource, offices_text(), problems);
    return from_builder(b, analyzer);
}

std::shared_ptr<const Gazetteer> Gazetteer::from_texts(
    const Analyzer& analyzer, const std::vector<std::pair<std::string, std::string>>& files
) {
    Builder b;
    for (const auto& [source, text] : files) {
        b.add_tsv(analyzer, source, text, nullptr);
    }
    return from_builder(b, analyzer);
}

std::shared_ptr<const Gazetteer> Gazetteer::builtin() {
    static const std::shared_ptr<const Gazetteer> kBuiltin = load(Analyzer(), {}, nullptr);
    return kBuiltin;
}

void Gazetteer::Builder::add_tsv(
    const Analyzer& analyzer,
    std::string_view source,
    std::string_view text,
    std::vector<InputProblem>* problems
) {
    digest += digest_part(text);

    for (const DataLine& data : data_lines(text)) {
        const std::size_t line_no = data.number;
        const std::string_view line = data.text;
        std::vector<std::string_view> cells = split(line, "\t");
        cells.resize(7);
        const auto problem = [&](const std::string& message) {
            if (problems != nullptr) {
                problems->push_back(
                    {std::string(source) + ":" + std::to_string(line_no), message, false}
                );
            }
        };
        EntityType type{};
        if (!parse_entity_type(trim(cells[0]), type)) {
            problem(
                "unknown entity type " + quote(trim(cells[0]))
                + ": use leader, person, country, place or org; line ignored"
            );
            continue;
        }
        const std::string name(trim(cells[1]));
        const std::string folded = analyzer.fold(name);
        if (folded.empty()) {
            problem("entity without a name; line ignored");
            continue;
        }
        // Naming a known entity again adds to its names (how a user's file
        // extends the built-in one).
        std::uint32_t id = 0;
        if (const auto known = by_key.find(entity_key(type, folded)); known != by_key.end()) {
            id = known->second;
        } else {
            id = static_cast<std::uint32_t>(entities.size());
            entities.push_back(Entity{
                type, name, folded, std::string(trim(cells[5])), std::string(trim(cells[6])), {}});
            by_key.emplace(entity_key(type, folded), id);
            add_name(analyzer, id, name, NameKind::kFull);
        }
        for (std::string_view alias : split(cells[2], "|")) {
            if (!trim(alias).empty()) {
                add_name(analyzer, id, trim(alias), NameKind::kFull);
            }
        }
        for (std::string_view word : split(cells[3], "|")) {
            word = trim(word);
            if (word.empty()) {
                continue;
            }
            const bool sure = word.back() == '!';
            if (sure) {
                word.remove_suffix(1);
            }
            add_name(analyzer, id, trim(word), sure ? NameKind::kUnambiguous : NameKind::kShort);
        }
        for (std::string_view demonym : split(cells[4], "|")) {
            if (!trim(demonym).empty()) {
                add_name(analyzer, id, trim(demonym), NameKind::kDemonym);
            }
        }
    }
}

void Gazetteer::Builder::add_offices(
    const Analyzer& analyzer,
    std::string_view source,
    std::string_view text,
    std::vector<InputProblem>* problems
) {
    digest += digest_part(text);
    for (OfficeRow& row : parse_offices(source, text, problems)) {
        const std::string folded = analyzer.fold(row.holder);
        if (folded.empty()) {
            continue;
        }
        // The holder is the leader of that name; a person of that name
        // becomes one; anyone else is added with the office's country.
        std::uint32_t id = 0;
        if (const auto known = by_key.find(entity_key(EntityType::kLeader, folded));
            known != by_key.end()) {
            id = known->second;
        } else if (const auto person = by_key.find(entity_key(EntityType::kPerson, folded));
                   person != by_key.end()) {
            id = person->second;
            by_key.erase(person);
            entities[id].type = EntityType::kLeader;
            by_key.emplace(entity_key(EntityType::kLeader, folded), id);
        } else {
            id = static_cast<std::uint32_t>(entities.size());
            entities.push_back(Entity{
                EntityType::kLeader, row.holder, folded, row.country, row.office, {}});
            by_key.emplace(entity_key(EntityType::kLeader, folded), id);
            add_name(analyzer, id, row.holder, NameKind::kFull);
        }
        entities[id].terms.push_back(row.term);
    }
    for (Entity& e : entities) {
        std::sort(e.terms.begin(), e.terms.end(), [](const OfficeTerm& a, const OfficeTerm& b) {
            return a.start < b.start;
        });
    }
}

void Gazetteer::Builder::add_name(
    const Analyzer& analyzer, std::uint32_t entity, std::string_view written, NameKind kind
) {
    Name name;
    name.entity = entity;
    name.kind = kind;
    name.acronym = is_acronym(written);
    name.capitalised = starts_upper(written);
    // The same tokens as Analyzer::fold() keeps (CJK as single characters),
    // with whether each is written with a capital.
    std::string folded;
    std::size_t previous_end = std::string_view::npos;
    analyzer.tokenize(written, [&](const Token& t) {
        if (t.kind == TokenKind::kCjk) {
            std::size_t i = 0;
            next_code_point(t.term, i);
            if (i < t.term.size()) {
                return;
            }
        }
        name.terms.push_back(t.term);
        name.caps.push_back(t.kind == TokenKind::kWord && t.capitalized);
        name.glued.push_back(previous_end == t.begin);
        previous_end = t.end;
        folded += (folded.empty() ? "" : " ") + t.term;
    });
    if (name.terms.empty()) {
        return;
    }
    const std::string key =
        std::to_string(entity) + '\x1f' + std::to_string(static_cast<int>(kind)) + '\x1f' + folded;
    const auto [it, added] = seen_names.emplace(key, static_cast<std::uint32_t>(names.size()));
    if (added) {
        names.push_back(std::move(name));
        return;
    }
    // The same name written again with other capitals ("Korean peninsula"):
    // a capital is needed only where every spelling has one.
    Name& known = names[it->second];
    for (std::size_t k = 0; k < known.caps.size() && k < name.caps.size(); ++k) {
        known.caps[k] = known.caps[k] && name.caps[k];
    }
    for (std::size_t k = 0; k < known.glued.size() && k < name.glued.size(); ++k) {
        known.glued[k] = known.glued[k] && name.glued[k];
    }
    known.capitalised = known.capitalised && name.capitalised;
}

std::string Gazetteer::digest_of(const std::vector<std::pair<std::string, std::string>>& extra) {
    std::string digest;
    for (const auto& [source, text] : builtin_texts()) {
        digest += digest_part(text);
    }
    for (const auto& [source, text] : extra) {
        digest += digest_part(text);
    }
    digest += digest_part(offices_text());
    return digest;
}

std::int64_t Gazetteer::resolve_given(
    std::string_view field, std::string_view given, const Analyzer& analyzer
) const {
    const bool geography =
        field == field_of(EntityType::kPlace) || field == field_of(EntityType::kCountry);
    std::string spaced(given);
    std::replace_if(
        spaced.begin(), spaced.end(), [](char c) { return c == '-' || c == '_'; }, ' '
    );
    for (const std::string& folded : {analyzer.fold(given), analyzer.fold(spaced)}) {
        if (folded.empty()) {
            continue;
        }
        const std::vector<std::uint32_t> found = lookup(folded);
        // Entities that fill the field first, then (for geography) the others.
        for (const bool same : {true, false}) {
            std::int64_t one = -1;
            bool several = false;
            for (const std::uint32_t e : found) {
                const EntityType type = entities()[e].type;
                const bool fits =
                    same
                        ? fills(type, field)
                        : geography && (type == EntityType::kPlace || type == EntityType::kCountry);
                if (fits) {
                    several = several || one >= 0;
                    one = e;
                }
            }
            if (several) {
                return -1;
            }
            if (one >= 0) {
                return one;
            }
        }
    }
    return -1;
}

}  // namespace newsdex::detail
