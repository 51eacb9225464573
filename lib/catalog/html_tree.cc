// SPDX-License-Identifier: MIT
#include "catalog/html_tree.h"

#include "util/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <unordered_map>
#include <utility>

namespace newsdex::detail::html {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool same_text(std::string_view a, std::string_view b) {
    return !a.empty() && lower_ascii(squeeze(a)) == lower_ascii(squeeze(b));
}

const GumboElement* element_of(const GumboNode* n) {
    return n->type == GUMBO_NODE_ELEMENT ? &n->v.element : nullptr;
}

// The element's tag name, lower case (an unknown tag such as amp-ad by its
// written name).
std::string tag_name(const GumboElement& e) {
    if (e.tag != GUMBO_TAG_UNKNOWN) {
        return gumbo_normalized_tagname(e.tag);
    }
    GumboStringPiece piece = e.original_tag;
    if (piece.data == nullptr || piece.length == 0) {
        return {};
    }
    gumbo_tag_from_original_text(&piece);
    return lower_ascii(std::string_view(piece.data, piece.length));
}

std::string_view attr(const GumboElement& e, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    return a == nullptr ? std::string_view() : std::string_view(a->value);
}

bool has_token(std::string_view list, std::string_view token) {
    std::size_t at = 0;
    while (at < list.size()) {
        while (at < list.size() && is_space(list[at])) {
            ++at;
        }
        std::size_t end = at;
        while (end < list.size() && !is_space(list[end])) {
            ++end;
        }
        if (lower_ascii(list.substr(at, end - at)) == token) {
            return true;
        }
        at = end;
    }
    return false;
}

namespace {

// The text of `n` and all below it, white space collapsed.
void append_text(const GumboNode* n, std::string& out, int depth) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA
        || n->type == GUMBO_NODE_WHITESPACE) {
        out += n->v.text.text;
        return;
    }
    const GumboElement* e = element_of(n);
    if (e == nullptr || depth > kMaxDepth || e->tag == GUMBO_TAG_SCRIPT
        || e->tag == GUMBO_TAG_STYLE) {
        return;
    }
    for (unsigned i = 0; i < e->children.length; ++i) {
        append_text(static_cast<const GumboNode*>(e->children.data[i]), out, depth + 1);
        if (e->tag == GUMBO_TAG_BR) {
            out += ' ';
        }
    }
}

}  // namespace

std::string text_of(const GumboNode* n) {
    std::string out;
    append_text(n, out, 0);
    return squeeze(out);
}

namespace {

// Tags whose content is never the article's text.
bool noise_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
        return true;
    default:
        return false;
    }
}

// Words of a class, an id or a tag name that mark what is not the article:
// matched whole (`share-bar` is `share` and `bar`; `shared` is not `share`).
bool noise_word(std::string_view word) {
    static constexpr std::string_view kWords[] = {
        "ad",         "ads",        "advert",     "adverts",     "advertisement", "analytics",
        "author",     "banner",     "breadcrumb", "breadcrumbs", "byline",        "comment",
        "comments",   "consent",    "cookie",     "cookies",     "disqus",        "footer",
        "gdpr",       "masthead",   "menu",       "modal",       "nav",           "navbar",
        "navigation", "newsletter", "outbrain",   "popup",       "promo",         "recommended",
        "related",    "share",      "sharing",    "sidebar",     "signup",        "skip",
        "social",     "sponsored",  "subscribe",  "taboola",     "tags",          "toolbar",
        "trending",   "mostread",   "widget",     "dialog",      "header",        "meta",
        "dateline",   "timestamp",
    };
    return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

bool noise_words(std::string_view value) {
    std::string word;
    const auto done = [&] {
        const bool noise = !word.empty() && noise_word(word);
        word.clear();
        return noise;
    };
    for (const char c : value) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            word.push_back(lower_ascii(c));
        } else if (done()) {
            return true;
        }
    }
    return done();
}

}  // namespace

// Whether `word` (lower case) is one of the words of a class or an id.
bool has_word(std::string_view value, std::string_view word) {
    std::string current;
    for (const char c : value) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
            current.push_back(lower_ascii(c));
        } else {
            if (current == word) {
                return true;
            }
            current.clear();
        }
    }
    return current == word;
}

// Whether the element (and all below it) is not the article's text: by
// its tag, its role, being hidden, or the words of its class and id. The
// structural containers (body, main, article, the article body) are judged
// by their tag only: a theme's `has-sidebar` on <body> says nothing.
bool is_noise(const GumboElement& e, const std::string& name) {
    if (noise_tag(e.tag)) {
        return true;
    }
    if (e.tag == GUMBO_TAG_UNKNOWN && noise_words(name)) {
        return true;  // amp-ad, amp-social-share, amp-sidebar...
    }
    if (gumbo_get_attribute(&e.attributes, "hidden") != nullptr
        || lower_ascii(attr(e, "aria-hidden")) == "true") {
        return true;
    }
    std::string style = lower_ascii(attr(e, "style"));
    style.erase(std::remove_if(style.begin(), style.end(), is_space), style.end());
    if (style.find("display:none") != std::string::npos) {
        return true;
    }
    static constexpr std::array<std::string_view, 10> kRoles{
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "menu",
        "menubar",
        "dialog",
        "alert",
        "search",
        "alertdialog",
    };
    const std::string role = lower_ascii(attr(e, "role"));
    if (std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end()) {
        return true;
    }
    if (e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_MAIN
        || e.tag == GUMBO_TAG_ARTICLE || has_token(attr(e, "itemprop"), "articlebody")) {
        return false;
    }
    return noise_words(attr(e, "class")) || noise_words(attr(e, "id"));
}

namespace {

// Elements that make a paragraph of their own.
bool is_block(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
        return true;
    default:
        return false;
    }
}

// ---------------------------------------------------------------------------
// Body: where the article is, and its paragraphs.

// How much paragraph text each element holds: each <p>'s text counts for
// its parent and half for its grandparent, text beside <br>s for its
// parent (pages written without <p>). Noise is not counted.
// Scores by element, in the order first scored (ties go to the first).
struct Scores {
    void add(const GumboNode* n, std::size_t value) {
        const auto [it, added] = index.emplace(n, list.size());
        if (added) {
            list.emplace_back(n, 0);
        }
        list[it->second].second += value;
    }

    std::unordered_map<const GumboNode*, std::size_t> index;
    std::vector<std::pair<const GumboNode*, std::size_t>> list;
};

// An <article> with less text than this is checked against the element
// with the most paragraph text (bytes).
constexpr std::size_t kShortArticle = 400;

void score(const GumboNode* n, Scores& scores, int depth, bool& too_deep) {
    const GumboElement* e = element_of(n);
    if (e == nullptr) {
        return;
    }
    if (depth > kMaxDepth) {
        too_deep = true;
        return;
    }
    if (is_noise(*e, tag_name(*e))) {
        return;
    }
    for (unsigned i = 0; i < e->children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(e->children.data[i]);
        if (child->type == GUMBO_NODE_TEXT) {
            scores.add(n, squeeze(child->v.text.text).size());
            continue;
        }
        const GumboElement* c = element_of(child);
        if (c == nullptr) {
            continue;
        }
        if (c->tag == GUMBO_TAG_P) {
            const std::size_t length = text_of(child).size();
            scores.add(n, length);
            if (n->parent != nullptr) {
                scores.add(n->parent, length / 2);
            }
        }
        score(child, scores, depth + 1, too_deep);
    }
}

class Paragraphs {
  public:
    Paragraphs(std::string title, std::string h1) : title_(std::move(title)), h1_(std::move(h1)) {}

    void walk(const GumboNode* n, int depth) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
            // A line break in the source is white space; only <br> breaks
            // a line.
            const std::size_t from = current_.size();
            current_ += n->v.text.text;
            std::replace(
                current_.begin() + static_cast<std::ptrdiff_t>(from), current_.end(), '\n', ' '
            );
            breaks_ = 0;
            return;
        }
        if (n->type == GUMBO_NODE_WHITESPACE) {
            current_ += ' ';
            return;
        }
        const GumboElement* e = element_of(n);
        if (e == nullptr) {
            return;  // comments, templates
        }
        if (depth > kMaxDepth) {
            too_deep_ = true;
            return;
        }
        if (depth > 0 && is_noise(*e, tag_name(*e))) {
            return;
        }
        if (e->tag == GUMBO_TAG_BR) {
            if (++breaks_ >= 2) {
                flush();
            } else {
                current_ += '\n';
            }
            return;
        }
        breaks_ = 0;
        if (e->tag == GUMBO_TAG_H1) {
            const std::string text = text_of(n);
            if (same_text(text, title_) || same_text(text, h1_)) {
                return;  // the headline: the title, not the body
            }
        }
        const bool block = is_block(e->tag);
        if (block) {
            flush();
        }
        for (unsigned i = 0; i < e->children.length; ++i) {
            walk(static_cast<const GumboNode*>(e->children.data[i]), depth + 1);
        }
        if (block) {
            flush();
        }
    }

    // The paragraphs, separated by blank lines; a <br> inside one is a
    // line break.
    std::string text() {
        flush();
        return std::move(text_);
    }

    bool too_deep() const { return too_deep_; }

  private:
    void flush() {
        breaks_ = 0;
        std::string paragraph;
        std::size_t at = 0;
        while (at <= current_.size()) {
            std::size_t eol = current_.find('\n', at);
            eol = eol == std::string::npos ? current_.size() : eol;
            const std::string line = squeeze(std::string_view(current_).substr(at, eol - at));
            if (!line.empty()) {
                paragraph += (paragraph.empty() ? "" : "\n") + line;
            }
            at = eol + 1;
        }
        current_.clear();
        if (!paragraph.empty()) {
            text_ += (text_.empty() ? "" : "\n\n") + paragraph;
        }
    }

    std::string title_;
    std::string h1_;
    std::string current_;
    std::string text_;
    int breaks_ = 0;
    bool too_deep_ = false;
};

std::string
body_of(const GumboNode* root, const std::string& title, const std::string& h1, bool& too_deep) {
    Paragraphs p(title, h1);
    p.walk(root, 0);
    too_deep = too_deep || p.too_deep();
    return p.text();
}

}  // namespace

// The <article> with the most text, else the itemprop=articleBody with the
// most, else the <main>, else (or when that holds less than kShortArticle
// and the other twice as much) the element holding the most paragraph text.

const GumboNode* article_root(
    const GumboNode* document,
    const Candidates& page,
    const std::string& title,
    const std::string& h1,
    std::string& body,
    bool& too_deep
) {
    const auto most_text = [&](const std::vector<const GumboNode*>& nodes) -> const GumboNode* {
        const GumboNode* best = nullptr;
        for (const GumboNode* n : nodes) {
            std::string text = body_of(n, title, h1, too_deep);
            if (text.size() > body.size()) {
                body = std::move(text);
                best = n;
            }
        }
        return best;
    };
    const GumboNode* chosen = nullptr;
    for (const auto* nodes : {&page.articles, &page.article_bodies, &page.mains}) {
        chosen = most_text(*nodes);
        if (chosen != nullptr) {
            break;
        }
    }
    // A short <article> may be a teaser beside a story marked up without
    // one: the element with the most paragraph text wins when it holds
    // twice as much.
    if (chosen != nullptr && body.size() >= kShortArticle) {
        return chosen;
    }
    Scores scores;
    score(document, scores, 0, too_deep);
    const GumboNode* best = nullptr;
    std::size_t best_score = 0;
    for (const auto& [node, s] : scores.list) {
        if (s > best_score) {
            best = node;
            best_score = s;
        }
    }
    if (best != nullptr) {
        std::string text = body_of(best, title, h1, too_deep);
        if (chosen == nullptr || text.size() > 2 * body.size()) {
            body = std::move(text);
            return best;
        }
    }
    return chosen;
}

// The first <time> in `root` (one marked pubdate or itemprop=datePublished
// first): its datetime, else its text.
std::string time_in(const GumboNode* root) {
    std::string first;
    std::vector<const GumboNode*> stack{root};
    std::vector<int> depths{0};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        const int depth = depths.back();
        stack.pop_back();
        depths.pop_back();
        const GumboElement* e = element_of(n);
        if (e == nullptr || depth > kMaxDepth) {
            continue;
        }
        if (e->tag == GUMBO_TAG_TIME) {
            const std::string_view dt = attr(*e, "datetime");
            std::string value = dt.empty() ? text_of(n) : squeeze(dt);
            if (gumbo_get_attribute(&e->attributes, "pubdate") != nullptr
                || has_token(attr(*e, "itemprop"), "datepublished")) {
                return value;
            }
            if (first.empty()) {
                first = std::move(value);
            }
        }
        for (unsigned i = e->children.length; i > 0; --i) {
            stack.push_back(static_cast<const GumboNode*>(e->children.data[i - 1]));
            depths.push_back(depth + 1);
        }
    }
    return first;
}

}  // namespace newsdex::detail::html
