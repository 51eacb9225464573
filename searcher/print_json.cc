// SPDX-License-Identifier: MIT
#include "newsdex/json_output.h"

#include "printer.h"

namespace newsdex::cli {

namespace {

// The library renders the contract (docs/json-output.md); the C API and
// this printer print the same bytes.
class JsonPrinter : public Printer {
  public:
    explicit JsonPrinter(bool collapse) : collapse_(collapse) {}

    using Printer::print;

    // The response's object with its hits left out, cut where they go:
    // the hits are printed between the two halves as to_json() would.
    void begin(const SearchResponse& r, std::ostream& out) override {
        SearchResponse head = r;
        head.hits.clear();
        const std::string whole = to_json(head, collapse_);
        const std::string hits = "\"hits\": [";
        const std::size_t at = whole.find(hits) + hits.size();
        out << whole.substr(0, at);
        rest_ = whole.substr(at);
        first_ = true;
        tiered_ = r.tiered;
        folded_ = r.folded;
    }

    void print(const Hit& hit, std::ostream& out) override {
        out << (first_ ? "\n    " : ",\n    ");
        first_ = false;
        const std::string object = to_json(hit, collapse_, tiered_, folded_);
        for (const char c : object) {
            out << c;
            if (c == '\n') {
                out << "    ";
            }
        }
    }

    void end(const SearchResponse& /*r*/, std::ostream& out) override {
        out << (first_ ? "" : "\n  ") << rest_;
    }

    void print(const std::vector<ShownArticle>& articles, std::ostream& out) override {
        out << to_json(articles);
    }

  private:
    bool collapse_;
    std::string rest_;  // the object after the hits' opening bracket
    bool first_ = true;
    bool tiered_ = false;  // hits say whether they match all the words
    bool folded_ = false;  // hits say how many similar articles match
};

}  // namespace

std::unique_ptr<Printer> make_json_printer(bool collapse) {
    return std::make_unique<JsonPrinter>(collapse);
}

}  // namespace newsdex::cli
