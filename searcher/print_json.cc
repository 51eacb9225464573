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

    void print(const SearchResponse& r, std::ostream& out) override {
        out << to_json(r, collapse_);
    }

    void print(const std::vector<ShownArticle>& articles, std::ostream& out) override {
        out << to_json(articles);
    }

  private:
    bool collapse_;
};

}  // namespace

std::unique_ptr<Printer> make_json_printer(bool collapse) {
    return std::make_unique<JsonPrinter>(collapse);
}

}  // namespace newsdex::cli
