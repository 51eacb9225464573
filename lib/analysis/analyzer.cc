// SPDX-License-Identifier: MIT
#include "newsdex/analyzer.h"

#include "newsdex/error.h"

#include "analysis/fold.h"
#include "resources/resources.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <xapian.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <new>
#include <unordered_map>
#include <unordered_set>

namespace newsdex {

namespace {

// Bumped whenever the terms produced for a given text change (2: the body
// is indexed by paragraphs, wrapped lines joined, sign-offs left out; 3:
// datelines and boilerplate indexed without weight).
constexpr int kAnalyzerRevision = 3;

bool is_hangul(char32_t c) noexcept {
    return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF)
           || (c >= 0x3130 && c <= 0x318F) || (c >= 0xA960 && c <= 0xA97F)
           || (c >= 0xD7B0 && c <= 0xD7FF);
}

bool single_code_point(std::string_view s) {
    std::size_t i = 0;
    detail::next_code_point(s, i);
    return i == s.size();
}

// One segment of ICU's word iterator that holds a word.
struct Segment {
    std::size_t begin = 0;
    std::size_t end = 0;
    TokenKind kind = TokenKind::kWord;
};

// A word BreakIterator per thread, cloned from one prototype: ICU iterators
// are not safe to share, and creating one costs far more than cloning.
icu::BreakIterator& thread_break_iterator() {
    static const std::unique_ptr<icu::BreakIterator> kPrototype = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> bi(
            icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
        );
        if (U_FAILURE(status) || !bi) {
            throw Error(
                Errc::kInternal,
                std::string("ICU word break iterator unavailable: ") + u_errorName(status),
                "check that the ICU data library (libicu72) is installed"
            );
        }
        return bi;
    }();
    thread_local std::unique_ptr<icu::BreakIterator> bi(kPrototype->clone());
    return *bi;
}

Xapian::Stem& thread_stemmer() {
    thread_local Xapian::Stem stemmer("english");
    return stemmer;
}

// The stems of the words a thread saw last: a direct-mapped table of
// 64-byte lines (one cache line: the hash, the word and its stem), found by
// the word's hash. Snowball costs thousands of instructions a word; the
// words of news follow Zipf's law, so the frequent ones stay in the table
// and most lookups cost one line read. (A node-based hash map took several
// cache misses a lookup: a twentieth of all the indexer's time.) Words or
// stems longer than a line holds are stemmed every time.
class StemCache {
  public:
    static constexpr std::size_t kMaxBytes = 27;

    // The stem of `word` when the line for `hash` holds it.
    bool find(std::uint64_t hash, std::string_view word, std::string& stem) const noexcept {
        if (word.size() > kMaxBytes) {
            return false;
        }
        const Line& line = lines_[hash & kMask];
        if (line.hash != hash || line.word_len != word.size()
            || std::memcmp(line.word, word.data(), word.size()) != 0) {
            return false;
        }
        stem.assign(line.stem, line.stem_len);
        return true;
    }

    void put(std::uint64_t hash, std::string_view word, std::string_view stem) noexcept {
        if (word.size() > kMaxBytes || stem.size() > kMaxBytes) {
            return;
        }
        Line& line = lines_[hash & kMask];
        line.hash = hash;
        line.word_len = static_cast<std::uint8_t>(word.size());
        line.stem_len = static_cast<std::uint8_t>(stem.size());
        std::memcpy(line.word, word.data(), word.size());
        std::memcpy(line.stem, stem.data(), stem.size());
    }

  private:
    // An unused line is zeros: no word hashes to 0 with its length.
    struct Line {
        std::uint64_t hash;
        std::uint8_t word_len;
        std::uint8_t stem_len;
        char word[kMaxBytes];
        char stem[kMaxBytes];
    };

    static_assert(sizeof(Line) == 64);

    struct Free {
        void operator()(void* p) const noexcept { std::free(p); }
    };

    static Line* first_line(void* memory) {
        if (memory == nullptr) {
            throw std::bad_alloc();
        }
        // The first 64-byte boundary in the block (an offset into it, not an
        // integer made a pointer).
        const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(memory);
        const std::uintptr_t pad = ((at + 63U) & ~std::uintptr_t{63}) - at;
        return reinterpret_cast<Line*>(static_cast<char*>(memory) + pad);
    }

    // 2^16 lines: 4 MiB a thread (zeroed pages, mapped when first used),
    // more than the distinct words of a hundred thousand articles that are
    // not one-offs. Lines start on a cache line.
    static constexpr std::size_t kLines = std::size_t{1} << 16U;
    static constexpr std::size_t kMask = kLines - 1;
    std::unique_ptr<void, Free> memory_{std::calloc(kLines + 1, sizeof(Line))};
    Line* lines_ = first_line(memory_.get());
};

struct UTextCloser {
    void operator()(UText* ut) const { utext_close(ut); }
};

// Walks ICU word segments and hands out the word ones, merging `Korea`s`
// (an apostrophe-like character ICU does not treat as one) into one word.
class SegmentReader {
  public:
    SegmentReader(std::string_view text, icu::BreakIterator& bi) : text_(text), bi_(bi) {
        UErrorCode status = U_ZERO_ERROR;
        ut_.reset(
            utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status)
        );
        bi_.setText(ut_.get(), status);
        if (U_FAILURE(status)) {
            throw Error(Errc::kInternal, std::string("ICU setText failed: ") + u_errorName(status));
        }
        start_ = static_cast<std::size_t>(bi_.first());
    }

    bool next(Segment& out) {
        Segment seg;
        if (!raw_word(seg)) {
            return false;
        }
        // Merge word + lone apostrophe-like character + letters, no spaces.
        while (seg.kind == TokenKind::kWord && seg.end < text_.size()) {
            std::size_t i = seg.end;
            const char32_t c = detail::next_code_point(text_, i);
            if (!detail::is_apostrophe(c) || i >= text_.size()) {
                break;
            }
            std::size_t j = i;
            const char32_t after = detail::next_code_point(text_, j);
            if (u_isalpha(static_cast<UChar32>(after)) == 0 || is_hangul(after)) {
                break;
            }
            Segment tail;
            if (!raw_word(tail) || (tail.begin != i && tail.begin != seg.end)) {
                pending_ = tail;
                has_pending_ = tail.end > tail.begin;
                break;
            }
            seg.end = tail.end;
        }
        out = seg;
        return true;
    }

  private:
    bool raw_word(Segment& seg) {
        if (has_pending_) {
            has_pending_ = false;
            seg = pending_;
            return true;
        }
        for (;;) {
            const std::int32_t end = bi_.next();
            if (end == icu::BreakIterator::DONE) {
                return false;
            }
            const std::int32_t status = bi_.getRuleStatus();
            const std::size_t begin = start_;
            start_ = static_cast<std::size_t>(end);
            if (status < UBRK_WORD_NONE_LIMIT) {
                continue;
            }
            seg.begin = begin;
            seg.end = static_cast<std::size_t>(end);
            if (status >= UBRK_WORD_KANA) {
                seg.kind = TokenKind::kCjk;
            } else if (status < UBRK_WORD_NUMBER_LIMIT) {
                seg.kind = TokenKind::kNumber;
            } else {
                std::size_t i = begin;
                seg.kind = is_hangul(detail::next_code_point(text_, i)) ? TokenKind::kCjk
                                                                        : TokenKind::kWord;
            }
            return true;
        }
    }

    std::string_view text_;
    icu::BreakIterator& bi_;
    std::unique_ptr<UText, UTextCloser> ut_;
    std::size_t start_ = 0;
    Segment pending_;
    bool has_pending_ = false;
};

std::unordered_set<std::string> parse_stopwords(std::string_view text) {
    std::unordered_set<std::string> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        words.insert(detail::fold_word(line, Analyzer::kMaxTermBytes));
    }
    return words;
}

// The pairs of a variants file, read in place (views into `text`),
// sorted by the British spelling; of a word given twice the first pair.
std::vector<std::pair<std::string_view, std::string_view>> parse_variants(std::string_view text) {
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        const std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        const std::size_t tab = line.find('\t');
        if (line.empty() || line.front() == '#' || tab == std::string_view::npos) {
            continue;
        }
        pairs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    // The file is sorted (spelling/en-gb-us.tsv): then this costs one pass.
    const auto by_british = [](const auto& a, const auto& b) {
        return a.first < b.first;
    };
    if (!std::is_sorted(pairs.begin(), pairs.end(), by_british)) {
        std::stable_sort(pairs.begin(), pairs.end(), by_british);
    }
    pairs.erase(
        std::unique(
            pairs.begin(),
            pairs.end(),
            [](const auto& a, const auto& b) { return a.first == b.first; }
        ),
        pairs.end()
    );
    return pairs;
}

}  // namespace

struct Analyzer::Impl {
    std::unordered_set<std::string> stopwords;
    // British spelling -> American spelling (spelling/en-gb-us.tsv), sorted
    // by the British one: read in place from the built-in file.
    std::vector<std::pair<std::string_view, std::string_view>> variants;
    // The same pairs as (American, British), sorted: what a text may spell
    // differently from a given beginning of a term. Made on first use.
    mutable std::once_flag by_american_made;
    mutable std::vector<std::pair<std::string_view, std::string_view>> by_american;
    std::string description;

    // One spelling for words that English writes two ways, so that
    // denuclearisation and denuclearization are one term.
    // Returns true when the term was respelled.
    bool canonical(std::string& term) const {
        const auto it = std::lower_bound(
            variants.begin(),
            variants.end(),
            term,
            [](const auto& pair, const std::string& t) { return pair.first < t; }
        );
        if (it != variants.end() && it->first == term) {
            term = it->second;
            return true;
        }
        // Words the lists lack (denuclearisation): -isation is always the
        // British form of -ization.
        static constexpr std::string_view kSuffixes[] = {"isation", "isations", "isational"};
        for (const std::string_view suffix : kSuffixes) {
            if (term.size() > suffix.size() + 3
                && term.compare(term.size() - suffix.size(), suffix.size(), suffix) == 0) {
                term[term.size() - suffix.size() + 1] = 'z';
                return true;
            }
        }
        return false;
    }
};

Analyzer::Analyzer() {
    static const std::shared_ptr<const Impl> kDefault = [] {
        auto impl = std::make_shared<Impl>();
        const std::string_view list = detail::embedded_stopwords_english();
        impl->stopwords = parse_stopwords(list);
        impl->variants = parse_variants(detail::embedded_spelling_variants());
        impl->description =
            "analyzer=" + std::to_string(kAnalyzerRevision) + ";stemmer=english;stopwords=english/"
            + std::to_string(impl->stopwords.size()) + ";cjk=bigram;fold=nfkc_cf+latin-accents";
        return impl;
    }();
    impl_ = kDefault;
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(const Analyzer&) = default;
Analyzer& Analyzer::operator=(const Analyzer&) = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

namespace {

// Whether only joiners stand between the end of the token before,
// `previous_end` (npos: there is none), and `begin`.
bool joined_between(std::string_view text, std::size_t previous_end, std::size_t begin) {
    if (previous_end == std::string_view::npos) {
        return false;
    }
    std::size_t i = previous_end;
    while (i < begin) {
        if (!detail::is_joiner(detail::next_code_point(text, i))) {
            return false;
        }
    }
    return true;
}

// Where the n-gram units of the CJK run [begin, end) start, then `end`. One
// unit per character: a combining mark or an invisible format character (a
// zero-width space, a byte-order mark) belongs to the character before it.
std::vector<std::size_t> cjk_units(std::string_view text, std::size_t begin, std::size_t end) {
    std::vector<std::size_t> starts;
    for (std::size_t i = begin; i < end;) {
        const std::size_t at = i;
        const auto c = static_cast<UChar32>(detail::next_code_point(text, i));
        const bool attached = u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0
                              || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
        if (starts.empty() || !attached) {
            starts.push_back(at);
        }
    }
    starts.push_back(end);
    return starts;
}

// The n-grams of a run of adjacent CJK text [begin, end), given to `sink`
// through `token`, from `position` on.
void cjk_ngrams(
    std::string_view text,
    std::size_t begin,
    std::size_t end,
    bool first_joined,
    CjkMode cjk,
    Token& token,
    std::uint32_t& position,
    const std::function<void(const Token&)>& sink
) {
    const std::vector<std::size_t> starts = cjk_units(text, begin, end);
    const std::size_t chars = starts.size() - 1;
    const auto emit = [&](std::size_t from, std::size_t to, bool joined) {
        token.begin = from;
        token.end = to;
        token.term = detail::fold_word(text.substr(from, to - from), Analyzer::kMaxTermBytes);
        token.joined = joined;
        if (!token.term.empty()) {
            sink(token);
        }
    };
    for (std::size_t k = 0; k < chars; ++k) {
        const std::array<std::size_t, 3> bounds{
            starts[k], starts[k + 1], k + 2 <= chars ? starts[k + 2] : starts[k + 1]};
        const bool emit_unigram = cjk == CjkMode::kIndex || chars == 1;
        const bool emit_bigram = k + 1 < chars;
        token.kind = TokenKind::kCjk;
        token.capitalized = false;
        token.position = position;
        if (emit_unigram) {
            emit(bounds[0], bounds[1], k == 0 ? first_joined : true);
        }
        if (emit_bigram) {
            emit(bounds[0], bounds[2], k == 0 ? first_joined : true);
        }
        if (emit_unigram || emit_bigram) {
            ++position;
        }
    }
}

}  // namespace

void Analyzer::tokenize(
    std::string_view text, const std::function<void(const Token&)>& sink, CjkMode cjk
) const {
    SegmentReader reader(text, thread_break_iterator());
    std::uint32_t position = 0;
    std::size_t previous_end = std::string_view::npos;
    Token token;

    auto joined_since = [&](std::size_t begin) {
        return joined_between(text, previous_end, begin);
    };

    // A run of adjacent CJK segments is cut into n-grams as a whole, so that
    // the dictionary's word choices never change which n-grams exist.
    std::size_t run_begin = 0;
    std::size_t run_end = 0;
    bool in_run = false;
    auto flush_run = [&] {
        if (!in_run) {
            return;
        }
        in_run = false;
        cjk_ngrams(text, run_begin, run_end, joined_since(run_begin), cjk, token, position, sink);
        previous_end = run_end;
    };

    Segment seg;
    while (reader.next(seg)) {
        if (seg.kind == TokenKind::kCjk) {
            if (in_run && seg.begin == run_end) {
                run_end = seg.end;
            } else {
                flush_run();
                in_run = true;
                run_begin = seg.begin;
                run_end = seg.end;
            }
            continue;
        }
        flush_run();
        std::string_view word = text.substr(seg.begin, seg.end - seg.begin);
        token.term = detail::fold_word(word, kMaxTermBytes);
        token.respelled = false;
        if (seg.kind == TokenKind::kWord) {
            token.respelled = impl_->canonical(token.term);
        }
        if (token.term.empty()) {
            continue;
        }
        std::size_t i = 0;
        const char32_t first = detail::next_code_point(word, i);
        token.begin = seg.begin;
        token.end = seg.end;
        token.kind = seg.kind;
        token.capitalized = u_isupper(static_cast<UChar32>(first)) != 0
                            || u_istitle(static_cast<UChar32>(first)) != 0;
        token.joined = joined_since(seg.begin);
        token.position = position++;
        previous_end = seg.end;
        sink(token);
    }
    flush_run();
}

std::vector<Token> Analyzer::tokens(std::string_view text, CjkMode cjk) const {
    std::vector<Token> out;
    tokenize(
        text, [&out](const Token& t) { out.push_back(t); }, cjk
    );
    return out;
}

std::string Analyzer::fold(std::string_view text) const {
    std::string out;
    tokenize(
        text,
        [&out](const Token& t) {
            if (t.kind == TokenKind::kCjk && !single_code_point(t.term)) {
                return;  // a name is folded to its characters; its bigrams add nothing
            }
            if (!out.empty()) {
                out.push_back(' ');
            }
            out += t.term;
        },
        CjkMode::kIndex
    );
    return out;
}

std::string Analyzer::stem(std::string_view term) const {
    thread_local StemCache cache;
    const std::uint64_t hash = XXH3_64bits(term.data(), term.size());
    std::string stem;
    if (cache.find(hash, term, stem)) {
        return stem;
    }
    stem = thread_stemmer()(std::string(term));
    cache.put(hash, term, stem);
    return stem;
}

std::vector<std::string> Analyzer::spellings_respelled_to(std::string_view prefix) const {
    std::vector<std::string> out;
    std::call_once(impl_->by_american_made, [this] {
        for (const auto& [british, american] : impl_->variants) {
            impl_->by_american.emplace_back(american, british);
        }
        std::sort(impl_->by_american.begin(), impl_->by_american.end());
    });
    const auto& pairs = impl_->by_american;
    auto it = std::lower_bound(pairs.begin(), pairs.end(), prefix, [](const auto& pair, auto p) {
        return std::string_view(pair.first) < p;
    });
    for (; it != pairs.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix;
         ++it) {
        out.emplace_back(it->second);
    }
    return out;
}

bool Analyzer::is_stopword(std::string_view term) const {
    return impl_->stopwords.count(std::string(term)) != 0;
}

std::string Analyzer::description() const {
    return impl_->description;
}

}  // namespace newsdex
