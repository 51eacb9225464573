// SPDX-License-Identifier: MIT
// An HTML page's bytes (html_bytes.cc) and its tree as gumbo parses it
// (html_tree.cc): what catalog/html.cc reads an article from (private to
// the library).
#pragma once

#include "newsdex/article.h"

#include <cstddef>
#include <gumbo.h>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail::html {

bool is_space(char c);

/// Equal but for case and white space, and not empty.
bool same_text(std::string_view a, std::string_view b);

struct GumboDeleter {
    void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

/// Deeper than this the tree is not walked (no page nests that deep; a
/// malformed one must not exhaust the stack).
inline constexpr int kMaxDepth = 400;

/// The element of a node, or null for text, comments...
const GumboElement* element_of(const GumboNode* n);

/// The element's tag name, lower case (an unknown tag such as amp-ad by
/// its written name).
std::string tag_name(const GumboElement& e);

/// An attribute's value, "" when the element has none.
std::string_view attr(const GumboElement& e, const char* name);

/// Whether a space-separated list (`rel`, `itemprop`) holds `token` (lower
/// case), in any case.
bool has_token(std::string_view list, std::string_view token);

/// Whether `word` (lower case) is one of the words (runs of letters and
/// digits) of a class or an id.
bool has_word(std::string_view value, std::string_view word);

/// The text of a node and all below it, white space collapsed.
std::string text_of(const GumboNode* n);

/// Whether the element (and all below it) is not the article's text: by its
/// tag, role, being hidden, or the words of its class and id
/// (docs/articles.md, "HTML pages"). `name` is tag_name(e).
bool is_noise(const GumboElement& e, const std::string& name);

/// Where an article's text may be: the page's <article>s, its elements
/// with itemprop=articleBody, its <main>s (and role=main).
struct Candidates {
    std::vector<const GumboNode*> articles;
    std::vector<const GumboNode*> article_bodies;
    std::vector<const GumboNode*> mains;
};

/// The element the article's text is in (null when none has text), with
/// its paragraphs, separated by blank lines, in `body`. <h1>s that are
/// `title` or `h1` are left out. `too_deep` is set when the tree was too
/// deep to walk whole.
const GumboNode* article_root(
    const GumboNode* document,
    const Candidates& candidates,
    const std::string& title,
    const std::string& h1,
    std::string& body,
    bool& too_deep
);

/// The first <time> in `root` (one marked pubdate or
/// itemprop=datePublished first): its datetime, else its text.
std::string time_in(const GumboNode* root);

/// The page's text as UTF-8 (html_bytes.cc): in the charset its byte-order
/// mark or a <meta> in its first 4 KB declares (converted with ICU), else
/// UTF-8 when it is, else windows-1252; what was done is said in
/// `problems`.
std::string
page_text(std::string_view bytes, const std::string& where, std::vector<InputProblem>& problems);

/// Past this many elements open at once, a page is not parsed: gumbo's
/// time grows with the square of the depth (200,000 nested <div>s take
/// minutes), and no page nests a tenth as deep.
inline constexpr std::size_t kMaxOpenElements = 10000;

/// The most elements open at once if each were closed by its end tag only
/// (a cheap, pessimistic count: HTML closes some sooner): start tags less
/// end tags, outside comments, scripts and styles, not counting those that
/// close themselves (<p>, <li>, <td>, <br>...).
std::size_t open_elements(std::string_view text);

}  // namespace newsdex::detail::html
