// SPDX-License-Identifier: MIT
#include "snippet/highlighter.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "snippet/needles.h"
#include "snippet/snippeter.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_map>

namespace newsdex::detail {

namespace snippeting {

namespace {

icu::BreakIterator& thread_sentence_iterator() {
    static const std::unique_ptr<icu::BreakIterator> kPrototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> bi(
            icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status)
        );
        return U_SUCCESS(status) ? std::move(bi) : nullptr;
    }();
    thread_local std::unique_ptr<icu::BreakIterator> bi(kPrototype ? kPrototype->clone() : nullptr);
    return *bi;
}

}  // namespace

Snippeter::Snippeter(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const SnippetOptions& options,
    std::string_view title,
    const EntityExtractor* extractor,
    SnippetScan scan
)
    : layout_(layout(utf8_prefix(body, kScanBytes))),
      truncated_(layout_.text.size() < body.size()),
      analyzer_(analyzer),
      body_(layout_.text),
      spec_(spec),
      options_(options),
      title_(title),
      lines_(std::move(layout_.lines)),
      needles_(analyzer, spec, scan == SnippetScan::kSkipLinesWithoutNeedles) {
    // The best passage is looked for in the first MiB of a long article
    // (only that is laid out): a snippet costs the same for a 50 MB
    // article.
    int key = 0;
    for (const auto& [stem, weight] : spec_.stems) {
        stem_keys_.emplace(stem, std::make_pair(key++, weight));
    }
    for (const auto& [term, weight] : spec_.terms) {
        term_keys_.emplace(term, std::make_pair(key++, weight));
    }
    phrase_key_base_ = key;
    key += static_cast<int>(spec_.phrases.size());
    prefix_key_base_ = key;
    key += static_cast<int>(spec_.prefixes.size());
    // Entities filtered on: every mention, whatever name it uses.
    if (!spec_.entities.empty() && extractor != nullptr) {
        for (const Mention& m :
             extractor->extract(body_.substr(0, lines_.empty() ? 0 : lines_.back().end)).mentions) {
            const std::string folded = analyzer_.fold(m.name);
            for (std::size_t e = 0; e < spec_.entities.size(); ++e) {
                const auto& [field, name] = spec_.entities[e];
                if (fills(m.type, field) && name == folded) {
                    entity_matches_.push_back({m.begin, m.end, key + static_cast<int>(e), 1.0});
                }
            }
        }
    }
    // Stemming every word of the text is the slow part of a snippet, so
    // only words that start like a query stem are stemmed. Snowball
    // keeps the first two letters of a word ("trying" -> "tri",
    // "using" -> "use"), never always the first three.
    for (const auto& [stem, weight] : spec_.stems) {
        (void)weight;
        stem_heads_.push_back(stem.substr(0, std::min<std::size_t>(2, stem.size())));
    }
    matches_.resize(lines_.size());
    sentences_.resize(lines_.size());
    // A paragraph that is the title (shown above the snippet) is never
    // shown again.
    for (const Line& line : lines_) {
        is_title_.push_back(
            !title_.empty() && trimmed(body_.substr(line.begin, line.end - line.begin)) == title_
        );
    }
}

std::string Snippeter::run() {
    for (const Line& line : lines_) {
        if (line.role == LineRole::kText) {
            text_begin_ = std::min(text_begin_, line.begin);
            text_end_ = line.end;
        }
    }
    if (text_end_ == 0 && text_begin_ == std::string_view::npos) {
        // No prose at all: fall back to whatever lines there are.
        for (const Line& line : lines_) {
            if (line.role != LineRole::kBlank && line.role != LineRole::kRepeat
                && line.role != LineRole::kSignOff && line.role != LineRole::kDateline) {
                text_begin_ = std::min(text_begin_, line.begin);
                text_end_ = line.end;
            }
        }
    }
    if (!spec_.empty()) {
        for (const bool prose : {true, false}) {
            Window best = best_window(prose);
            if (best.score > 0) {
                return render(best);
            }
        }
    }
    return render(lede());
}

// The whole body with every match marked.
std::string Snippeter::mark_all() {
    std::string out;
    std::size_t at = 0;
    for (std::size_t i = 0; i < lines_.size() && !spec_.empty(); ++i) {
        const std::vector<Match>& marks = line_matches(i);
        for (const Match& m : marks) {
            if (m.begin < at) {
                continue;
            }
            append_text(out, body_.substr(at, m.begin - at));
            out += options_.markup.open;
            std::size_t end = m.end;
            for (const Match& other : marks) {
                if (other.begin >= m.begin && other.begin < end && other.end > end) {
                    end = other.end;
                }
            }
            append_text(out, body_.substr(m.begin, end - m.begin));
            out += options_.markup.close;
            at = end;
        }
    }
    append_text(out, body_.substr(at));
    return out;
}

// The matches of line `i`, found once.
const std::vector<Match>& Snippeter::line_matches(std::size_t i) const {
    if (!matches_[i]) {
        matches_[i] = matches_in(lines_[i]);
    }
    return *matches_[i];
}

// The sentences of line `i`, found once.
const std::vector<Span>& Snippeter::line_sentences(std::size_t i) const {
    if (!sentences_[i]) {
        sentences_[i] = sentences_of(lines_[i]);
    }
    return *sentences_[i];
}

// Whether paragraph `i` may be shown: prose in the first pass;
// boilerplate, asides and a headline that is not the title when the
// prose has no match. Datelines and sign-offs never are.
bool Snippeter::allowed(std::size_t i, bool prose) const {
    const LineRole role = lines_[i].role;
    if (is_title_[i]) {
        return false;
    }
    if (prose) {
        return role == LineRole::kText;
    }
    return role == LineRole::kAside || role == LineRole::kBoilerplate
           || role == LineRole::kHeadline;
}

// The matches in `line`: of query words in its word spans (all of it
// when unsure), and the entity mentions in it.
std::vector<Match> Snippeter::matches_in(const Line& line) const {
    std::vector<Match> out;
    for (const Span& span : needles_.word_spans(body_, Span{line.begin, line.end})) {
        match_words(span, out);
    }
    for (const Match& m : entity_matches_) {
        if (m.begin >= line.begin && m.end <= line.end) {
            out.push_back(m);
        }
    }
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        return a.begin < b.begin;
    });
    return out;
}

// Adds the matches of query words in `span` (a line, or words of one).
void Snippeter::match_words(Span span, std::vector<Match>& out) const {
    const std::string_view text = body_.substr(span.begin, span.end - span.begin);
    const std::vector<Token> tokens = analyzer_.tokens(text);
    for (const Token& t : tokens) {
        const std::size_t b = span.begin + t.begin;
        const std::size_t e = span.begin + t.end;
        if (Analyzer::stemmed(t.kind) && !stem_heads_.empty()) {
            const bool maybe =
                std::any_of(stem_heads_.begin(), stem_heads_.end(), [&](const std::string& head) {
                    return t.term.compare(0, head.size(), head) == 0;
                });
            if (maybe) {
                if (const auto it = stem_keys_.find(analyzer_.stem(t.term));
                    it != stem_keys_.end()) {
                    out.push_back({b, e, it->second.first, it->second.second});
                    continue;
                }
            }
        }
        if (const auto it = term_keys_.find(t.term); it != term_keys_.end()) {
            out.push_back({b, e, it->second.first, it->second.second});
            continue;
        }
        for (std::size_t p = 0; p < spec_.prefixes.size(); ++p) {
            const std::string& prefix = spec_.prefixes[p].first;
            if (t.term.compare(0, prefix.size(), prefix) == 0) {
                out.push_back(
                    {b, e, prefix_key_base_ + static_cast<int>(p), spec_.prefixes[p].second}
                );
                break;
            }
        }
    }
    if (!spec_.phrases.empty() && !tokens.empty()) {
        // Tokens by position (a CJK unigram and bigram share one).
        const std::uint32_t base = tokens.front().position;
        std::vector<std::vector<std::size_t>> at(tokens.back().position - base + 1);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            at[tokens[i].position - base].push_back(i);
        }
        for (std::size_t p = 0; p < spec_.phrases.size(); ++p) {
            const auto& words = spec_.phrases[p].first;
            for (std::size_t pos = 0; pos + words.size() <= at.size(); ++pos) {
                std::size_t first = 0;
                std::size_t last = 0;
                bool ok = true;
                for (std::size_t k = 0; k < words.size() && ok; ++k) {
                    const auto& candidates = at[pos + k];
                    const auto hit =
                        std::find_if(candidates.begin(), candidates.end(), [&](std::size_t i) {
                            return std::find(words[k].begin(), words[k].end(), tokens[i].term)
                                   != words[k].end();
                        });
                    ok = hit != candidates.end();
                    if (ok) {
                        (k == 0 ? first : last) = *hit;
                        if (k == 0) {
                            last = *hit;
                        }
                    }
                }
                if (ok) {
                    out.push_back(
                        {span.begin + tokens[first].begin,
                         span.begin + tokens[last].end,
                         phrase_key_base_ + static_cast<int>(p),
                         spec_.phrases[p].second}
                    );
                }
            }
        }
    }
}

std::vector<Span> Snippeter::sentences_of(const Line& line) const {
    std::vector<Span> out;
    const std::string_view text = body_.substr(line.begin, line.end - line.begin);
    icu::BreakIterator& bi = thread_sentence_iterator();
    UErrorCode status = U_ZERO_ERROR;
    UText* ut =
        utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
    bi.setText(ut, status);
    std::size_t start = static_cast<std::size_t>(bi.first());
    for (std::int32_t end = bi.next(); end != icu::BreakIterator::DONE && U_SUCCESS(status);
         end = bi.next()) {
        std::size_t b = start;
        auto e = static_cast<std::size_t>(end);
        start = e;
        while (b < e && is_blank(text[b])) {
            ++b;
        }
        while (e > b && is_blank(text[e - 1])) {
            --e;
        }
        if (e > b) {
            out.push_back({line.begin + b, line.begin + e});
        }
    }
    utext_close(ut);
    if (out.empty() && line.end > line.begin) {
        out.push_back({line.begin, line.end});
    }
    return out;
}

}  // namespace snippeting

std::string make_snippet(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const SnippetOptions& options,
    std::string_view title,
    const EntityExtractor* extractor,
    SnippetScan scan
) {
    return snippeting::Snippeter(analyzer, body, spec, options, title, extractor, scan).run();
}

std::string mark_matches(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const Markup& markup,
    const EntityExtractor* extractor
) {
    SnippetOptions options;
    options.markup = markup;
    return snippeting::Snippeter(
               analyzer, body, spec, options, {}, extractor, SnippetScan::kSkipLinesWithoutNeedles
    )
        .mark_all();
}

}  // namespace newsdex::detail
