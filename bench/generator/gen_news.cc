// SPDX-License-Identifier: MIT
// A deterministic generator of synthetic news, as JSON Lines, for benchmarks.
//   newsdex-gen-news N [SEED] [CORPUS_DIR] [MIN_WORDS] [MAX_WORDS] > news.jsonl
// Vocabulary: the words of the shipped corpus at the head of a Zipf
// distribution (s = 1.0) and pronounceable synthetic words in its long tail;
// headlines; dates across four decades with times and UTC offsets; leaders,
// countries and places from the built-in gazetteer, mentioned with titles
// and demonyms as news writes them; by default 40 to 160 words asked for,
// written in whole paragraphs of 30 to 80 words: about 145 words and 1 KB an
// article, like a real news-wire archive (about 144 words an article).
// The same N and SEED always give the same bytes.
#include "newsdex/analyzer.h"

#include "entities/gazetteer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

// splitmix64: a small generator whose output is the same everywhere.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

    std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }

  private:
    std::uint64_t state_;
};

std::string synthetic_word(Rng& rng) {
    static const char* const kOnsets[] = {
        "b", "c", "d",  "f",  "g",  "h",  "j",  "k",  "l",  "m",  "n",  "p",  "r",  "s", "t",
        "v", "w", "br", "cr", "dr", "gr", "pr", "tr", "st", "sh", "ch", "th", "pl", "cl"};
    static const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "ee"};
    static const char* const kCodas[] = {
        "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rt", "ng", "ck"};
    std::string w;
    const std::size_t syllables = rng.between(1, 4);
    for (std::size_t i = 0; i < syllables; ++i) {
        w += kOnsets[rng.below(std::size(kOnsets))];
        w += kVowels[rng.below(std::size(kVowels))];
    }
    w += kCodas[rng.below(std::size(kCodas))];
    return w;
}

struct Vocabulary {
    std::vector<std::string> words;
    std::vector<double> cdf;

    const std::string& sample(Rng& rng) const {
        const double u = rng.uniform() * cdf.back();
        const auto it = std::lower_bound(cdf.begin(), cdf.end(), u);
        return words[static_cast<std::size_t>(it - cdf.begin())];
    }
};

Vocabulary vocabulary(const std::filesystem::path& corpus, Rng& rng) {
    std::map<std::string, std::size_t> counts;
    const newsdex::Analyzer analyzer;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().extension() != ".txt") {
            continue;
        }
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string body = text.str();
        for (const newsdex::Token& t : analyzer.tokens(body)) {
            if (t.kind == newsdex::TokenKind::kWord && !t.capitalized) {
                ++counts[body.substr(t.begin, t.end - t.begin)];
            }
        }
    }
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& [word, n] : counts) {
        ranked.emplace_back(n, word);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    Vocabulary v;
    for (const auto& [n, word] : ranked) {
        v.words.push_back(word);
    }
    while (v.words.size() < 60000) {
        v.words.push_back(synthetic_word(rng));
    }
    double total = 0;
    for (std::size_t r = 0; r < v.words.size(); ++r) {
        total += 1.0 / static_cast<double>(r + 1);
        v.cdf.push_back(total);
    }
    return v;
}

std::string capitalised(std::string w) {
    if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') {
        w[0] = static_cast<char>(w[0] - 'a' + 'A');
    }
    return w;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: newsdex-gen-news N [SEED] [CORPUS_DIR] [MIN_WORDS] [MAX_WORDS]\n";
        return 2;
    }
    const std::size_t n = std::stoull(argv[1]);
    Rng rng(argc > 2 ? std::stoull(argv[2]) : 20261123);
    const std::filesystem::path corpus = argc > 3 ? argv[3] : NEWSDEX_SOURCE_CORPUS;
    const std::size_t min_words = argc > 4 ? std::stoull(argv[4]) : 40;
    const std::size_t max_words = argc > 5 ? std::stoull(argv[5]) : 160;
    const Vocabulary vocab = vocabulary(corpus, rng);

    // Leaders with their countries' demonyms, countries, places.
    const auto gazetteer = newsdex::detail::Gazetteer::builtin();

    struct Person {
        std::string name;
        std::string demonym;
    };

    std::vector<Person> leaders;
    std::vector<std::string> countries;
    std::vector<std::string> places;
    std::map<std::string, std::string> demonym_of;
    for (std::uint32_t id = 0; id < gazetteer->entities().size(); ++id) {
        const auto& e = gazetteer->entities()[id];
        if (e.type == newsdex::detail::EntityType::kCountry) {
            countries.push_back(e.name);
        } else if (e.type == newsdex::detail::EntityType::kPlace) {
            places.push_back(e.name);
        }
    }
    // Demonyms: the built-in file's fifth column, read through names().
    for (const auto& name : gazetteer->names()) {
        const auto& e = gazetteer->entities()[name.entity];
        if (name.kind == newsdex::detail::NameKind::kDemonym && demonym_of.count(e.name) == 0) {
            std::string d;
            for (const std::string& t : name.terms) {
                d += (d.empty() ? "" : " ") + capitalised(t);
            }
            demonym_of[e.name] = d;
        }
    }
    for (const auto& e : gazetteer->entities()) {
        if (e.type == newsdex::detail::EntityType::kLeader) {
            leaders.push_back(
                {e.name, demonym_of.count(e.country) != 0 ? demonym_of[e.country] : ""}
            );
        }
    }
    static const char* const kSources[] = {
        "Arirang News",
        "Associated Press",
        "Reuters",
        "South China Morning Post",
        "Zee News",
        "Yonhap",
        "Kyodo News",
        "The Korea Herald",
        "Global Times",
        "NK News",
        "Agence France-Presse",
        "BBC",
        "Al Jazeera",
        "The Guardian",
        "Nikkei Asia"};
    static const char* const kTitles[] = {"President", "Prime Minister", "leader"};

    std::string line;
    for (std::size_t i = 0; i < n; ++i) {
        nlohmann::json a;
        char id[32];
        std::snprintf(id, sizeof id, "gen-%08zu", i);
        a["id"] = id;
        a["source"] = kSources[rng.below(std::size(kSources))];
        char date[40];
        std::snprintf(
            date,
            sizeof date,
            "%04zu-%02zu-%02zuT%02zu:%02zu:00%+03d:00",
            rng.between(1986, 2025),
            rng.between(1, 12),
            rng.between(1, 28),
            rng.between(0, 23),
            rng.between(0, 59),
            static_cast<int>(rng.between(0, 18)) - 9
        );
        a["date"] = date;
        const Person& leader = leaders[rng.below(leaders.size())];
        const std::string& country = countries[rng.below(countries.size())];
        const std::string& place = places[rng.below(places.size())];

        std::string title;
        const std::size_t title_words = rng.between(6, 12);
        for (std::size_t w = 0; w < title_words; ++w) {
            title +=
                (w == 0 ? "" : " ") + (w == 0 ? capitalised(vocab.sample(rng)) : vocab.sample(rng));
        }
        if (rng.below(2) == 0) {
            title += " in " + place;
        }
        a["title"] = title;

        std::string body;
        const std::size_t words = rng.between(min_words, std::max(min_words, max_words));
        std::size_t written = 0;
        while (written < words) {
            const std::size_t paragraph = rng.between(30, 80);
            std::string para;
            std::size_t sentence = 0;
            for (std::size_t w = 0; w < paragraph; ++w) {
                const bool start = sentence == 0;
                std::string word = vocab.sample(rng);
                // Entities at about one mention per 40 words.
                if (rng.below(40) == 0) {
                    switch (rng.below(3)) {
                    case 0:
                        word = (leader.demonym.empty() ? "" : leader.demonym + " ")
                               + kTitles[rng.below(std::size(kTitles))] + " " + leader.name;
                        break;
                    case 1:
                        word = country;
                        break;
                    default:
                        word = place;
                        break;
                    }
                }
                para += (para.empty() ? "" : " ") + (start ? capitalised(word) : word);
                ++sentence;
                if (sentence > 8 && rng.below(12) == 0) {
                    para += ".";
                    sentence = 0;
                }
            }
            if (para.back() != '.') {
                para += ".";
            }
            body += (body.empty() ? "" : "\n") + para;
            written += paragraph;
        }
        a["body"] = body;
        line = a.dump();
        line.push_back('\n');
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return 0;
}
