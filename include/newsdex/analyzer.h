// SPDX-License-Identifier: MIT
/// @file analyzer.h
/// The one text analysis of newsdex: articles, queries and snippets all go
/// through it, so that every word of an article, typed as a query, finds it.
#pragma once

#include "newsdex/export.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

/// What kind of text a token is.
enum class TokenKind : unsigned char {
    kWord,    ///< letters (possibly with digits); stemmed
    kNumber,  ///< digits only (with `,` and `.` inside); not stemmed
    kCjk,     ///< a Han, Kana or Hangul n-gram (one or two characters); not stemmed
};

/// One token of a text.
struct NEWSDEX_EXPORT Token {
    std::string term;            ///< normalised, folded, unstemmed form
    std::size_t begin = 0;       ///< byte offset of the token in the original text
    std::size_t end = 0;         ///< byte offset one past the token in the original text
    std::uint32_t position = 0;  ///< word position (CJK unigram and bigram may share one)
    TokenKind kind = TokenKind::kWord;
    bool capitalized = false;  ///< its first letter is upper case in the original
    /// Only joiners (hyphen, slash, dot, apostrophe, ...) and no space lie
    /// between this token and the previous one: `Jong-un`, `U.S.-China`.
    bool joined = false;
    /// The term is the other spelling of the word written (British
    /// `denuclearisation` is indexed as `denuclearization`).
    bool respelled = false;
};

/// How a CJK run is cut into tokens.
enum class CjkMode : unsigned char {
    kIndex,  ///< every character and every pair of neighbours (unigrams + bigrams)
    kQuery,  ///< the pairs only (a lone character stays a unigram): a phrase of them
};

/// Normalises (NFKC, case folding, accent, quote and dash folding) and
/// tokenises UTF-8 text with ICU word breaks, stems with Xapian's English
/// Snowball stemmer and knows the stopword list.
///
/// Invalid UTF-8 is read as U+FFFD and never breaks offsets. Thread safety:
/// all const members may be called from several threads at once.
class NEWSDEX_EXPORT Analyzer {
  public:
    /// The default English analysis, with the stopword list built into the library.
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&);
    Analyzer& operator=(const Analyzer&);
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    /// Calls `sink` for each token of `text`, in order.
    void tokenize(
        std::string_view text,
        const std::function<void(const Token&)>& sink,
        CjkMode cjk = CjkMode::kIndex
    ) const;

    /// All tokens of `text`.
    std::vector<Token> tokens(std::string_view text, CjkMode cjk = CjkMode::kIndex) const;

    /// The folded terms of `text` joined by single spaces: the comparable form
    /// of a name (`Kim Jong-Un` and `kim jong un` both give `kim jong un`).
    std::string fold(std::string_view text) const;

    /// The stem of a folded term (English Snowball).
    std::string stem(std::string_view term) const;

    /// The words this analysis respells (British spellings, which it folds
    /// to American ones) to a term that starts with `prefix`: the other ways
    /// a text may spell a word that the term stands for.
    std::vector<std::string> spellings_respelled_to(std::string_view prefix) const;

    /// True for a folded term on the stopword list.
    bool is_stopword(std::string_view term) const;

    /// True when tokens of this kind get stemmed terms.
    static bool stemmed(TokenKind kind) noexcept { return kind == TokenKind::kWord; }

    /// Describes the analysis (stemmer, stopword list, analyzer revision); an
    /// index records it, so that a search with another analysis can warn.
    std::string description() const;

    /// The longest term in bytes; longer words are cut at a character boundary.
    static constexpr std::size_t kMaxTermBytes = 120;

  private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
};

}  // namespace newsdex
