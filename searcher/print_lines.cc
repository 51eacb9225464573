// SPDX-License-Identifier: MIT
#include "printer.h"

#include <cstdio>
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
    explicit LinePrinter(LineField field) : field_(field) {}

    void print(const SearchResponse& r, std::ostream& out) override {
        for (const Hit& hit : r.hits) {
            switch (field_) {
            case LineField::kId:
                out << hit.id << '\n';
                break;
            case LineField::kPath:
                out << hit.path << '\n';
                break;
            case LineField::kTsv: {
                char score[32];
                std::snprintf(score, sizeof score, "%.6g", hit.score);
                out << hit.rank << '\t' << flat(hit.id) << '\t' << score << '\t'
                    << (hit.date ? *hit.date : "") << '\t' << flat(hit.source) << '\t'
                    << flat(hit.title) << '\n';
                break;
            }
            }
        }
    }

  private:
    LineField field_;
};

}  // namespace

std::unique_ptr<Printer> make_line_printer(LineField field) {
    return std::make_unique<LinePrinter>(field);
}

}  // namespace newsdex::cli
