// SPDX-License-Identifier: MIT
// One printer interface, a text and a JSON back end (notmuch's sprinter idea):
// each part of a response is walked in one place.
#pragma once

#include "newsdex/searcher.h"

#include <memory>
#include <ostream>

namespace newsdex::cli {

/// How the text printer styles its output.
struct TextStyle {
    bool color = false;
};

class Printer {
  public:
    virtual ~Printer() = default;
    Printer() = default;
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;
    Printer(Printer&&) = delete;
    Printer& operator=(Printer&&) = delete;

    /// Prints a whole response.
    void print(const SearchResponse& response, std::ostream& out) {
        begin(response, out);
        for (const Hit& hit : response.hits) {
            print(hit, out);
        }
        end(response, out);
    }

    /// A response printed a hit at a time (--limit all): what comes before
    /// the hits, each hit, what comes after. `response` is the same both
    /// times; its own hits are not printed.
    virtual void begin(const SearchResponse& /*response*/, std::ostream& /*out*/) {}

    virtual void print(const Hit& hit, std::ostream& out) = 0;

    virtual void end(const SearchResponse& /*response*/, std::ostream& /*out*/) {}

    /// Prints articles whole (--show; text and JSON only).
    virtual void print(const std::vector<ShownArticle>& articles, std::ostream& out) = 0;
};

std::unique_ptr<Printer> make_text_printer(TextStyle style);

/// One line per hit: its id; its file, once (--format paths); its FILE:LINE
/// (--format locators); or, after a header line, rank, id, score, date,
/// source, title and URL separated by tabs (with --collapse, duplicates too;
/// folded by group, similar).
enum class LineField { kId, kPath, kLocator, kTsv };
std::unique_ptr<Printer> make_line_printer(LineField field, bool collapse);
/// @param collapse hits carry `duplicates` (--collapse)
std::unique_ptr<Printer> make_json_printer(bool collapse);

}  // namespace newsdex::cli
