// SPDX-License-Identifier: MIT
#include "catalog/html.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "catalog/html_tree.h"
#include "util/escape.h"
#include "util/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace newsdex::detail {

namespace {

using namespace html;

// ---------------------------------------------------------------------------
// Metadata: one walk over the whole page.

struct PageMeta {
    std::map<std::string, std::string, std::less<>> meta;  // first content of each name
    std::string title_tag;
    std::string h1;
    std::string canonical;
    std::string itemprop_date;
    std::vector<std::string> json_ld;
    Candidates candidates;
};

// The text of a <script>.
std::string script_text(const GumboElement& e) {
    std::string text;
    for (unsigned i = 0; i < e.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(e.children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE
            || child->type == GUMBO_NODE_CDATA) {
            text += child->v.text.text;
        }
    }
    return text;
}

// `in_noise`: below an element that is not the article's text (a site's
// logo in an <h1> of the page's <header> is not the headline; the <header>
// of an <article> or <main> holds it).
void collect(const GumboNode* n, PageMeta& page, int depth, bool in_noise, bool in_article) {
    const GumboElement* e = element_of(n);
    if (e == nullptr || depth > kMaxDepth) {
        return;
    }
    in_article = in_article || e->tag == GUMBO_TAG_ARTICLE || e->tag == GUMBO_TAG_MAIN;
    const bool headline_holder = e->tag == GUMBO_TAG_HEADER || has_word(attr(*e, "class"), "header")
                                 || has_word(attr(*e, "id"), "header");
    in_noise = in_noise || (is_noise(*e, tag_name(*e)) && !(in_article && headline_holder));
    switch (e->tag) {
    case GUMBO_TAG_META: {
        std::string key = lower_ascii(attr(*e, "property"));
        if (key.empty()) {
            key = lower_ascii(attr(*e, "name"));
        }
        const std::string_view content = attr(*e, "content");
        if (!key.empty() && !content.empty()) {
            page.meta.emplace(key, std::string(content));
        }
        if (has_token(attr(*e, "itemprop"), "datepublished") && page.itemprop_date.empty()) {
            page.itemprop_date = std::string(content);
        }
        return;
    }
    case GUMBO_TAG_LINK:
        if (has_token(attr(*e, "rel"), "canonical") && page.canonical.empty()) {
            page.canonical = squeeze(attr(*e, "href"));
        }
        return;
    case GUMBO_TAG_TITLE:
        if (page.title_tag.empty() && e->tag_namespace == GUMBO_NAMESPACE_HTML) {
            page.title_tag = text_of(n);
        }
        return;
    case GUMBO_TAG_SCRIPT:
        if (lower_ascii(squeeze(attr(*e, "type"))) == "application/ld+json") {
            page.json_ld.push_back(script_text(*e));
        }
        return;
    case GUMBO_TAG_H1:
        if (page.h1.empty() && !in_noise) {
            page.h1 = text_of(n);
        }
        break;
    case GUMBO_TAG_ARTICLE:
        page.candidates.articles.push_back(n);
        break;
    case GUMBO_TAG_MAIN:
        page.candidates.mains.push_back(n);
        break;
    default:
        break;
    }
    if (has_token(attr(*e, "itemprop"), "articlebody")) {
        page.candidates.article_bodies.push_back(n);
    }
    if (has_token(attr(*e, "role"), "main")) {
        page.candidates.mains.push_back(n);
    }
    if (page.itemprop_date.empty() && has_token(attr(*e, "itemprop"), "datepublished")) {
        const std::string_view dt = attr(*e, "datetime");
        page.itemprop_date = !dt.empty() ? std::string(dt) : std::string(attr(*e, "content"));
    }
    for (unsigned i = 0; i < e->children.length; ++i) {
        collect(
            static_cast<const GumboNode*>(e->children.data[i]),
            page,
            depth + 1,
            in_noise,
            in_article
        );
    }
}

const std::string* meta_of(const PageMeta& page, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        const auto it = page.meta.find(key);
        if (it != page.meta.end() && !squeeze(it->second).empty()) {
            return &it->second;
        }
    }
    return nullptr;
}

// JSON-LD: what the first article object of the page's scripts says.
struct LinkedData {
    std::string headline;
    std::string date;
    std::string publisher;
    std::string url;
};

bool is_article_type(const nlohmann::json& type) {
    static constexpr std::array<std::string_view, 9> kTypes{
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    };
    if (type.is_array()) {
        return std::any_of(type.begin(), type.end(), is_article_type);
    }
    return type.is_string()
           && std::find(kTypes.begin(), kTypes.end(), type.get<std::string>()) != kTypes.end();
}

// The string `obj[key]`, or of an object there (or the first of an array
// there) the first of `inner` that is a string: publisher {"name": ...},
// mainEntityOfPage {"@id": ...}.
std::string json_string(
    const nlohmann::json& obj, const char* key, std::initializer_list<const char*> inner = {}
) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        return {};
    }
    if (it->is_string()) {
        return squeeze(it->get<std::string>());
    }
    const nlohmann::json* holder = &*it;
    if (it->is_array() && !it->empty()) {
        holder = &it->front();
    }
    if (holder->is_object()) {
        for (const char* name : inner) {
            const auto v = holder->find(name);
            if (v != holder->end() && v->is_string()) {
                return squeeze(v->get<std::string>());
            }
        }
    }
    return {};
}

// The article objects in a JSON-LD document: itself, the items of an
// array, the items of an @graph.
void article_objects(const nlohmann::json& doc, std::vector<const nlohmann::json*>& out) {
    if (doc.is_array()) {
        for (const nlohmann::json& item : doc) {
            article_objects(item, out);
        }
        return;
    }
    if (!doc.is_object()) {
        return;
    }
    if (const auto graph = doc.find("@graph"); graph != doc.end()) {
        article_objects(*graph, out);
    }
    if (const auto type = doc.find("@type"); type != doc.end() && is_article_type(*type)) {
        out.push_back(&doc);
    }
}

LinkedData
linked_data(const PageMeta& page, const std::string& where, std::vector<InputProblem>& problems) {
    LinkedData out;
    for (const std::string& text : page.json_ld) {
        const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
        if (doc.is_discarded()) {
            problems.push_back(
                {where,
                 "a <script type=\"application/ld+json\"> is not valid JSON; its metadata is "
                 "not used",
                 false}
            );
            continue;
        }
        std::vector<const nlohmann::json*> objects;
        article_objects(doc, objects);
        for (const nlohmann::json* obj : objects) {
            if (out.headline.empty()) {
                out.headline = json_string(*obj, "headline");
            }
            if (out.date.empty()) {
                out.date = json_string(*obj, "datePublished");
            }
            if (out.publisher.empty()) {
                out.publisher = json_string(*obj, "publisher", {"name"});
            }
            if (out.url.empty()) {
                out.url = json_string(*obj, "url");
            }
            if (out.url.empty()) {
                out.url = json_string(*obj, "mainEntityOfPage", {"@id", "url"});
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Title: <title> less the site's name.

std::size_t word_count(std::string_view s) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : s) {
        if (is_space(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++words;
        }
    }
    return words;
}

// "Headline - Site" (or " | ", " – ", " — ", " :: ", " · "), or "Site |
// Headline": the headline, with in `site` the part cut. The headline is
// the part that is the page's <h1> or its body's first line (`known`); else
// the site is the part that is og:site_name; else a short tail (at most 4
// words, at most half the headline's length) is the site's name.
std::string strip_site(
    const std::string& title,
    const std::string& site_name,
    const std::vector<std::string>& known,
    std::string& site
) {
    static constexpr std::array<std::string_view, 6> kSeparators{
        " - ", " | ", " \u2013 ", " \u2014 ", " :: ", " \u00B7 "};
    std::size_t last = std::string::npos;
    std::size_t last_length = 0;
    for (const std::string_view sep : kSeparators) {
        for (std::size_t at = title.find(sep); at != std::string::npos;
             at = title.find(sep, at + 1)) {
            std::string head = squeeze(std::string_view(title).substr(0, at));
            std::string tail = squeeze(std::string_view(title).substr(at + sep.size()));
            const auto is_known = [&](const std::string& part) {
                return std::any_of(known.begin(), known.end(), [&](const std::string& k) {
                    return same_text(part, k);
                });
            };
            if (is_known(head) || same_text(tail, site_name)) {
                site = tail;
                return head;
            }
            if (is_known(tail) || same_text(head, site_name)) {
                site = head;
                return tail;
            }
            if (last == std::string::npos || at > last) {
                last = at;
                last_length = sep.size();
            }
        }
    }
    if (last != std::string::npos) {
        std::string head = squeeze(std::string_view(title).substr(0, last));
        std::string tail = squeeze(std::string_view(title).substr(last + last_length));
        if (!tail.empty() && word_count(tail) <= 4 && 2 * tail.size() <= head.size()) {
            site = tail;
            return head;
        }
    }
    return title;
}

// `<link rel="canonical">` (unless it is relative and og:url is not),
// og:url, the JSON-LD url.
std::string page_url(const PageMeta& page, const LinkedData& ld) {
    const std::string* og_url = meta_of(page, {"og:url"});
    std::string url = page.canonical;
    if (og_url != nullptr
        && (url.empty()
            || (url.find("://") == std::string::npos && og_url->find("://") != std::string::npos)
        )) {
        url = squeeze(*og_url);
    }
    return url.empty() ? ld.url : url;
}

// The date: the first of these that is given; one that does not parse is
// told, and the next is tried.
std::optional<Date> page_date(
    const PageMeta& page,
    const LinkedData& ld,
    const GumboNode* root,
    const std::string& where,
    std::vector<InputProblem>& problems
) {
    std::vector<std::pair<std::string, std::string>> dates;
    const auto add_date = [&](const std::string& what, const std::string* value) {
        if (value != nullptr && !squeeze(*value).empty()) {
            dates.emplace_back(what, squeeze(*value));
        }
    };
    add_date(
        "<meta property=\"article:published_time\">",
        meta_of(page, {"article:published_time", "og:article:published_time"})
    );
    add_date("JSON-LD datePublished", &ld.date);
    add_date("itemprop=\"datePublished\"", &page.itemprop_date);
    if (root != nullptr) {
        const std::string time = time_in(root);
        add_date("<time>", &time);
    }
    add_date(
        "<meta name=\"date\">",
        meta_of(
            page,
            {"date",
             "pubdate",
             "publishdate",
             "publish-date",
             "publish_date",
             "dc.date",
             "dc.date.issued",
             "dcterms.date",
             "dcterms.issued",
             "dcterms.created",
             "sailthru.date",
             "parsely-pub-date",
             "citation_publication_date"}
        )
    );
    for (const auto& [what, value] : dates) {
        if (std::optional<Date> date = Date::parse(value)) {
            return date;
        }
        problems.push_back({where, "bad date " + quote(value) + " in " + what + "; not used", false}
        );
    }
    return std::nullopt;
}

// The title, the source and the body's text of the page; returns the
// element the text is in (null when none has text).
const GumboNode* read_page(
    const GumboNode* document,
    const PageMeta& page,
    const LinkedData& ld,
    const std::string& where,
    Article& article,
    std::string& body,
    std::vector<InputProblem>& problems
) {
    const std::string* og_site = meta_of(page, {"og:site_name"});
    const std::string site_name = og_site != nullptr ? squeeze(*og_site) : std::string();
    // The headline its metadata gives (else one of <title>'s parts, or the
    // <h1>, once the body is known).
    if (const std::string* t = meta_of(page, {"og:title", "twitter:title"})) {
        article.title = squeeze(*t);
    } else {
        article.title = ld.headline;
    }
    bool too_deep = false;
    const GumboNode* root =
        article_root(document, page.candidates, article.title, page.h1, body, too_deep);
    if (too_deep) {
        problems.push_back(
            {where,
             "elements nested more than " + std::to_string(kMaxDepth)
                 + " deep; the text below that depth is left out",
             false}
        );
    }
    const std::string first_line = body.substr(0, body.find('\n'));
    std::string title_site;
    if (article.title.empty() && !page.title_tag.empty()) {
        article.title = strip_site(page.title_tag, site_name, {page.h1, first_line}, title_site);
    }
    if (article.title.empty()) {
        article.title = page.h1;
    }
    article.title = squeeze(article.title);
    // The headline written again atop the text is the title, not the body.
    if (same_text(first_line, article.title)) {
        const std::size_t next = body.find_first_not_of('\n', first_line.size());
        body.erase(0, next == std::string::npos ? body.size() : next);
    }
    article.source = !site_name.empty()      ? site_name
                     : !ld.publisher.empty() ? ld.publisher
                                             : title_site;
    return root;
}

}  // namespace

ReadResult
article_from_html(std::string_view bytes, const std::string& where, const std::string& default_id) {
    ReadResult result;
    // UTF-16 (by its byte-order mark) is text with NUL bytes; else a NUL
    // byte is binary, said before any charset is guessed.
    const bool utf16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
    const std::string text = utf16 || bytes.find('\0') == std::string_view::npos
                                 ? page_text(bytes, where, result.problems)
                                 : std::string(bytes);
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
        result.problems.push_back(
            {where,
             "binary file (NUL byte at byte " + std::to_string(nul)
                 + "); not an HTML page: leave it out or save it as text",
             true}
        );
        return result;
    }
    if (const std::size_t open = open_elements(text); open > kMaxOpenElements) {
        result.problems.push_back(
            {where,
             "HTML page with " + std::to_string(open)
                 + " elements open at once (unclosed tags?), more than the "
                 + std::to_string(kMaxOpenElements)
                 + " that are parsed in bounded time; skipped: close its tags if it is an article",
             true}
        );
        return result;
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // tolerated, not recorded
    const std::unique_ptr<GumboOutput, GumboDeleter> output(
        gumbo_parse_with_options(&options, text.data(), text.size())
    );
    PageMeta page;
    collect(output->root, page, 0, false, false);
    const LinkedData ld = linked_data(page, where, result.problems);

    Article article;
    article.path = where;
    article.id = default_id;
    std::string body;
    const GumboNode* root =
        read_page(output->root, page, ld, where, article, body, result.problems);
    article.url = page_url(page, ld);
    article.date = page_date(page, ld, root, where, result.problems);

    std::vector<std::string> repairs;
    article.body = clean_text(body, repairs);
    limit_body(article.body, repairs);
    for (const std::string& r : repairs) {
        result.problems.push_back({where, r, false});
    }
    if (article.body.find_first_not_of(" \n\t") == std::string::npos) {
        result.problems.push_back(
            {where,
             "HTML page without article text (no paragraphs outside navigation, headers, "
             "footers, scripts and forms); skipped: if it is an article, check that its text "
             "is in the page itself and not loaded by a script",
             true}
        );
        return result;
    }
    if (article.title.empty()) {
        const Layout layout_of_body = layout(article.body);
        article.title = std::string(first_sentence(layout_of_body.text, layout_of_body.lines));
    }
    result.article = std::move(article);
    return result;
}

}  // namespace newsdex::detail
