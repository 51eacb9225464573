// SPDX-License-Identifier: MIT
#include "printer.h"

#include <algorithm>
#include <string>

namespace newsdex::cli {

namespace {

constexpr const char* kMiddot = " \xC2\xB7 ";

class TextPrinter : public Printer {
  public:
    explicit TextPrinter(TextStyle style) : style_(style) {}

    void print(const SearchResponse& r, std::ostream& out) override {
        for (const Hit& hit : r.hits) {
            print_hit(hit, out);
        }
        for (const Facet& facet : r.facets) {
            print_facet(facet, out);
        }
        if (!r.facets.empty() && !r.facets_exact) {
            out << dim("(facet counts estimated from a sample of the matches; --facet-sample)")
                << "\n\n";
        }
        if (r.suggestion) {
            out << "Did you mean: " << *r.suggestion << " (" << r.suggestion_total
                << (r.suggestion_total == 1 ? " result" : " results") << ")?\n";
        }
        out << (r.total_exact ? "" : "about ") << r.total
            << (r.total == 1 ? " result" : " results");
        if (r.total > 0 && r.hits.empty() && r.offset > 0) {
            out << " (none after --offset " << r.offset << ")";
        }
        out << '\n';
    }

    void print(const std::vector<ShownArticle>& articles, std::ostream& out) override {
        for (std::size_t i = 0; i < articles.size(); ++i) {
            const ShownArticle& a = articles[i];
            if (i > 0) {
                out << '\n' << dim(std::string(40, '-')) << "\n\n";
            }
            out << bold(a.title.empty() ? a.id : a.title) << '\n';
            std::string meta = a.date ? *a.date : "undated";
            if (!a.source.empty()) {
                meta += kMiddot + a.source;
            }
            meta += kMiddot + a.id;
            out << dim(meta) << '\n';
            if (!a.url.empty()) {
                out << a.url << '\n';
            }
            out << dim(a.path) << '\n';
            for (const auto& [kind, names] : a.entities) {
                std::string list;
                for (const std::string& name : names) {
                    list += (list.empty() ? "" : ", ") + name;
                }
                out << kind << ": " << list << '\n';
            }
            out << '\n' << a.text;
            if (!a.text.empty() && a.text.back() != '\n') {
                out << '\n';
            }
        }
    }

  private:
    std::string bold(const std::string& s) const {
        return style_.color ? "\033[1m" + s + "\033[0m" : s;
    }

    std::string dim(const std::string& s) const {
        return style_.color ? "\033[2m" + s + "\033[0m" : s;
    }

    void print_hit(const Hit& hit, std::ostream& out) const {
        out << hit.rank << ". " << bold(hit.title.empty() ? hit.id : hit.title) << '\n';
        std::string meta = hit.date ? *hit.date : "undated";
        if (!hit.source.empty()) {
            meta += kMiddot + hit.source;
        }
        meta += kMiddot + hit.id;
        if (hit.similar > 0) {
            meta += std::string(kMiddot) + "+" + std::to_string(hit.similar) + " similar";
        }
        out << "   " << dim(meta) << '\n';
        if (!hit.url.empty()) {
            out << "   " << dim(hit.url) << '\n';
        }
        if (!hit.snippet.empty()) {
            out << "   " << hit.snippet << '\n';
        }
        out << '\n';
    }

    void print_facet(const Facet& facet, std::ostream& out) const {
        out << bold(facet.name) << '\n';
        if (facet.values.empty()) {
            out << "  (none)\n\n";
            return;
        }
        std::size_t width = 0;
        std::uint64_t top = 1;
        for (const FacetValue& v : facet.values) {
            width = std::max(width, display_width(v.value));
            top = std::max(top, v.count);
        }
        for (const FacetValue& v : facet.values) {
            const std::size_t bar = static_cast<std::size_t>((v.count * 20 + top - 1) / top);
            std::string blocks;
            for (std::size_t i = 0; i < bar; ++i) {
                blocks += "\xE2\x96\x88";
            }
            const std::string count = std::to_string(v.count);
            out << "  " << v.value
                << std::string(
                       width - display_width(v.value) + 1
                           + (6 - std::min<std::size_t>(6, count.size())),
                       ' '
                   )
                << count << ' ' << blocks << '\n';
        }
        if (facet.distinct > facet.values.size()) {
            out << "  "
                << dim("(" + std::to_string(facet.distinct - facet.values.size())
                       + " more; --facet-limit)")
                << '\n';
        }
        out << '\n';
    }

    static std::size_t display_width(const std::string& s) {
        return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
        }));
    }

    TextStyle style_;
};

}  // namespace

std::unique_ptr<Printer> make_text_printer(TextStyle style) {
    return std::make_unique<TextPrinter>(style);
}

}  // namespace newsdex::cli
