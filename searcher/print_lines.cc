// SPDX-License-Identifier: MIT
#include "printer.h"

#include <cstdio>
#include <set>
#include <string>

namespace newsdex::cli {

namespace {

// Tabs and line ends inside a field would break the line format.
std::string flat(const std::string& s) {
    std::string out = s;
    for (char& c : out) {
        if (c == '\t' || c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return out;
}

class LinePrinter : public Printer {
  public:
    LinePrinter(LineField field, bool collapse) : field_(field), collapse_(collapse) {}

    using Printer::print;

    void begin(const SearchResponse& r, std::ostream& out) override {
        tiered_ = r.tiered;
        folded_ = r.folded;
        if (field_ == LineField::kTsv) {
            out << "rank\tid\tscore\tdate\tsource\ttitle\turl" << (collapse_ ? "\tduplicates" : "")
                << (folded_ ? "\tsimilar" : "") << (tiered_ ? "\tmatch\tmissing" : "") << '\n';
        }
    }

    void print(const Hit& hit, std::ostream& out) override {
        switch (field_) {
        case LineField::kId:
            out << hit.id << '\n';
            break;
        case LineField::kPath: {
            // A JSON Lines or TREC file holds many articles: named once
            // (the set grows with the files, not with the hits).
            std::string file = split_locator(hit.path).first;
            if (files_.insert(file).second) {
                out << file << '\n';
            }
            break;
        }
        case LineField::kLocator: {
            const auto [file, line] = split_locator(hit.path);
            out << file << ':' << line << '\n';
            break;
        }
        case LineField::kTsv: {
            char score[32];
            std::snprintf(score, sizeof score, "%.6g", hit.score);
            out << hit.rank << '\t' << flat(hit.id) << '\t' << score << '\t'
                << (hit.date ? *hit.date : "") << '\t' << flat(hit.source) << '\t'
                << flat(hit.title) << '\t' << flat(hit.url);
            if (collapse_) {
                out << '\t' << hit.duplicates;
            }
            if (folded_) {
                out << '\t' << hit.similar;
            }
            if (tiered_) {
                std::string missing;
                for (const std::string& w : hit.missing) {
                    missing += (missing.empty() ? "" : ",") + flat(w);
                }
                out << '\t' << (hit.missing.empty() ? "all" : "partial") << '\t' << missing;
            }
            out << '\n';
            break;
        }
        }
    }

    void print(const std::vector<ShownArticle>& /*articles*/, std::ostream& /*out*/) override {}

  private:
    LineField field_;
    bool collapse_;
    bool tiered_ = false;  // partial matches were looked for: match and missing columns
    bool folded_ = false;  // near-identical stories were folded: a similar column
    std::set<std::string> files_;
};

}  // namespace

std::unique_ptr<Printer> make_line_printer(LineField field, bool collapse) {
    return std::make_unique<LinePrinter>(field, collapse);
}

}  // namespace newsdex::cli
