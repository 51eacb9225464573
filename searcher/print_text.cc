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

    using Printer::print;

    void begin(const SearchResponse& r, std::ostream& /*out*/) override {
        tiers_ = r.partial_tiers;
        missing_ = 0;
        hits_ = 0;
    }

    // A rule above the first hit of each partial tier.
    void print(const Hit& hit, std::ostream& out) override {
        if (hit.missing.size() != missing_) {
            missing_ = hit.missing.size();
            print_rule(missing_, out);
        }
        print_hit(hit, out);
        ++hits_;
    }

    void end(const SearchResponse& r, std::ostream& out) override {
        for (const Facet& facet : r.facets) {
            print_facet(facet, out);
        }
        if (r.histogram) {
            print_histogram(*r.histogram, out);
        }
        if (r.tiered && r.partial_total > 0 && (!r.facets.empty() || r.histogram)) {
            out << dim(
                r.facets_over_all
                    ? "(counted over the articles with every word and the partial matches)"
                    : "(counted over the articles with every word; --facets-over all: the partial "
                      "matches too)"
            ) << "\n\n";
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
        if (r.tiered && r.partial_total > 0) {
            const PartialTier& last = r.partial_tiers.back();
            out << " with all " << last.of << " words, " << (r.partial_total_exact ? "" : "about ")
                << r.partial_total << " more with at least " << last.matched;
        }
        // Results count articles (as --count, the facets and the histogram
        // do); the folded list the hits and pages are made of is said too.
        if (r.stories) {
            const std::uint64_t listed = *r.stories + r.partial_stories;
            if (listed < r.total + r.partial_total) {
                const bool exact = r.stories_exact && r.partial_stories_exact;
                out << " (" << (exact ? "" : "about ") << listed
                    << (listed == 1 ? " story" : " stories") << " after folding "
                    << (r.folded ? "near-identical" : "identical") << " copies)";
            }
        }
        if (r.total + r.partial_total > 0 && hits_ == 0 && r.offset > 0) {
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
        if (hit.duplicates > 0) {
            meta += std::string(kMiddot) + "+" + std::to_string(hit.duplicates)
                    + (hit.duplicates == 1 ? " duplicate" : " duplicates");
        }
        if (hit.similar > 0) {
            meta += std::string(kMiddot) + "+" + std::to_string(hit.similar) + " similar";
        }
        out << "   " << dim(meta) << '\n';
        if (!hit.missing.empty()) {
            std::string words;
            for (const std::string& w : hit.missing) {
                words += (words.empty() ? "" : ", ") + w;
            }
            out << "   " << dim("missing: " + words) << '\n';
        }
        if (!hit.url.empty()) {
            out << "   " << dim(hit.url) << '\n';
        }
        if (!hit.snippet.empty()) {
            out << "   " << hit.snippet << '\n';
        }
        out << '\n';
    }

    // The rule above the articles that lack `missing` of the words.
    void print_rule(std::size_t missing, std::ostream& out) const {
        for (const PartialTier& tier : tiers_) {
            if (tier.of - tier.matched != missing) {
                continue;
            }
            const std::string count = (tier.exact ? "" : "about ") + std::to_string(tier.count);
            out << dim(
                "\xE2\x94\x80\xE2\x94\x80 " + count
                + (tier.count == 1 ? " article has " : " articles have ")
                + std::to_string(tier.matched) + " of the " + std::to_string(tier.of)
                + " words, not all \xE2\x94\x80\xE2\x94\x80"
            ) << "\n\n";
        }
    }

    void print_facet(const Facet& facet, std::ostream& out) const {
        out << bold(facet.name) << '\n';
        if (facet.values.empty()) {
            out << "  (none)\n\n";
            return;
        }
        print_bars(facet.values, 20, out);
        if (facet.distinct > facet.values.size()) {
            out << "  "
                << dim("(" + std::to_string(facet.distinct - facet.values.size())
                       + " more; --facet-limit)")
                << '\n';
        }
        out << '\n';
    }

    // One line per value: the value, its count, a bar as long as the count
    // (the largest `columns` blocks).
    static void
    print_bars(const std::vector<FacetValue>& values, std::size_t columns, std::ostream& out) {
        std::size_t width = 0;
        std::uint64_t top = 1;
        for (const FacetValue& v : values) {
            width = std::max(width, display_width(v.value));
            top = std::max(top, v.count);
        }
        for (const FacetValue& v : values) {
            const std::size_t bar = static_cast<std::size_t>((v.count * columns + top - 1) / top);
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
                << count << (blocks.empty() ? "" : " ") << blocks << '\n';
        }
    }

    // The timeline: a bar per period, then the whole as one sparkline.
    void print_histogram(const Histogram& h, std::ostream& out) const {
        out << bold("timeline by " + h.unit) << '\n';
        if (h.buckets.empty()) {
            out << "  (no dated matches)\n\n";
            return;
        }
        std::vector<FacetValue> values;
        std::uint64_t top = 1;
        for (const HistogramBucket& b : h.buckets) {
            values.push_back({b.start, b.count});
            top = std::max(top, b.count);
        }
        print_bars(values, 40, out);
        // U+2581 to U+2588, lowest to highest; an empty period is a space.
        std::string spark;
        for (const HistogramBucket& b : h.buckets) {
            if (b.count == 0) {
                spark += ' ';
                continue;
            }
            const auto level = static_cast<unsigned>((b.count * 8 + top - 1) / top);
            spark += "\xE2\x96";
            spark += static_cast<char>(0x80 + std::clamp(level, 1U, 8U));
        }
        out << "  " << spark << "  "
            << dim(h.buckets.front().start + " .. " + h.buckets.back().start) << '\n';
        if (h.undated > 0) {
            out << "  " << dim(std::to_string(h.undated) + " undated") << '\n';
        }
        out << '\n';
    }

    static std::size_t display_width(const std::string& s) {
        return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
        }));
    }

    TextStyle style_;
    std::uint64_t hits_ = 0;
    std::vector<PartialTier> tiers_;  // of the response being printed
    std::size_t missing_ = 0;         // words the hits printed last lack
};

}  // namespace

std::unique_ptr<Printer> make_text_printer(TextStyle style) {
    return std::make_unique<TextPrinter>(style);
}

}  // namespace newsdex::cli
