// SPDX-License-Identifier: MIT
// HTML news pages (tests/fixtures/html: twenty pages in the shapes of
// several publishers' markup): each field read as docs/articles.md says,
// and the page's chrome (navigation, banners, comments...) left out.
#include "catalog/html.h"

#include "catalog/reader.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>

namespace newsdex::detail {
namespace {

namespace fs = std::filesystem;

fs::path fixtures() {
    return test::source_dir() / "tests" / "fixtures" / "html";
}

// The page read as newsdex-index reads it, by its name in the fixtures.
ReadResult read_page(const std::string& name, std::size_t max_bytes = kMaxArticleBytes) {
    std::vector<InputFile> files;
    std::vector<InputProblem> problems;
    enumerate_inputs(
        {(fixtures() / name).string()},
        [&](InputFile f) { files.push_back(std::move(f)); },
        [&](const InputProblem& p) { problems.push_back(p); }
    );
    EXPECT_TRUE(problems.empty()) << name;
    EXPECT_EQ(files.size(), 1U) << name;
    if (files.size() != 1) {
        return {};
    }
    EXPECT_EQ(files[0].format, Format::kHtml) << name;
    return read_article_file(files[0], max_bytes);
}

// The paragraphs of a body (separated by blank lines).
std::vector<std::string> paragraphs(const std::string& body) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= body.size()) {
        std::size_t end = body.find("\n\n", at);
        end = end == std::string::npos ? body.size() : end;
        out.push_back(body.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

struct Page {
    const char* file;
    const char* title;
    const char* date;  // YYYY-MM-DD, "" for none
    const char* source;
    const char* url;
    const char* first;  // the body's first paragraph
    const char* last;   // and its last
    std::vector<const char*> not_in_body;
};

// clang-format off
const std::vector<Page>& pages() {
    static const std::vector<Page> kPages{
        {"harbour-ferry.html", "Harbour ferry returns after two-year refit", "2023-03-14",
         "Coastline News", "https://www.coastline-news.example/news/uk-64123450",
         "The only ferry linking the island of Carrick to the mainland is back in service after a refit that ran eighteen months over schedule.",
         "The trust expects timetables to return to four crossings a day by Easter.",
         {"Weatherwatch", "Listen live", "More on this story", "Copyright", "slipway", "Island life",
          "Ailsa Brodie", "Skip to content"}},
        {"wire-rates.html", "Central bank holds rates, signals cut by summer", "2024-05-02",
         "Meridian Wire", "https://www.meridianwire.example/markets/central-bank-holds-rates-2024-05-02/",
         "LONDON, May 2 (Meridian Wire) - The central bank kept its main interest rate at 5.25% on Thursday but said inflation was falling fast enough for borrowing costs to come down by the summer.",
         "Our Standards: The Meridian Wire Trust Principles.",
         {"Viewpoints", "Read next", "Oil steadies", "quotes delayed", "12:04 PM"}},
        {"guardian-orchard.htm", "Community orchard saved from bulldozers after village campaign", "2022-10-03",
         "The Evening Ledger", "https://www.eveningledger.example/environment/2022/oct/03/community-orchard-saved",
         "A 70-year-old orchard that was due to be cleared for housing has been bought by the people who pick its apples.",
         "The developer said it would look for another site in the district.",
         {"wobbly", "Lifestyle", "Related:", "All rights reserved", "Topics:", "Skip to main"}},
        {"wordpress-allotments.html", "Waiting list for allotments passes 300 names", "2021-07-09",
         "Plot Notes", "https://plotnotes.example/2021/07/09/allotment-waiting-list/",
         "The town council\u2019s allotment waiting list now has 312 names on it, more than double the number before the pandemic.",
         "If you are on the list and would like to share a plot in the meantime, the seed swap on Saturday is a good place to ask around.",
         {"wobbly", "Recent Posts", "Rhubarb", "Proudly powered", "Beer traps", "Leave a Reply",
          "Posted in", "small places", "Derek"}},
        {"local-paper-table.html", "Council approves bridge repairs", "2004-11-02", "Valley Gazette", "",
         "By Ray Dunmore, Gazette Staff Writer",
         "Work is expected to start in April and take about four months. A detour will send traffic over the Route 9 bridge.",
         {"High School Sports", "Classifieds", "Obituaries", "Reproduction without permission"}},
        {"amp-library.html", "Library to open on Sundays for first time", "2020-01-18", "Northgate Times",
         "https://www.northgatetimes.example/news/library-sunday-opening",
         "Northgate's central library will open on Sunday afternoons from next month, the first time in its 112-year history.",
         "Opening hours on Sundays will be from 1pm to 5pm, staffed by volunteers working alongside paid librarians.",
         {"Crosswords", "Advertisement", "Share by email", "Menu", "Front page"}},
        {"cookie-clutter.html", "Swimming pool reopens with solar-heated water", "2023-06-24", "Dalesford Echo",
         "https://www.dalesfordecho.example/news/pool-reopens-solar-18834",
         "The lido has been closed for three summers",
         "Season tickets are on sale at the kiosk until the end of July.",
         {"biscuits", "Horoscopes", "Puzzles", "inbox", "Most Read", "tortoise", "Lido charity",
          "Marjorie", "Registered in England", "Share on", "Advertisement", "Home"}},
        {"latin1-vineyard.html", "Ch\u00e2teau harvest begins early as heat ripens grapes", "2019-08-21",
         "Vine & Cellar", "http://www.vineandcellar.example/news/2019/chateau-harvest-early.html",
         "Pickers at Ch\u00e2teau Lescure started work on Monday, nearly three weeks earlier than the estate\u2019s average over the past thirty years.",
         "A crate of the estate\u2019s 2015 vintage now sells for \u20ac420, or about \u00a3380. Winemaker Annegret M\u00fcller said this year\u2019s yields would be down by a fifth.",
         {"Boutique", "Tasting notes", "\u00a9"}},
        {"malformed-dock.html", "Dock workers vote to strike over night shifts", "2018-02-09", "Portside Herald", "",
         "Dock workers at the container terminal voted by a wide margin on Friday to strike over new night shift rotas.",
         "Managers say the rota change is needed to handle larger ships arriving at night.",
         {"\u00a9 2018"}},
        {"gzipped-market.html.gz", "Farmers' market moves indoors for the winter", "2022-11-05",
         "Kestrel Valley Courier", "https://kvcourier.example/2022/11/farmers-market-indoors",
         "The Saturday farmers' market will move into the old corn exchange from next week, after stallholders complained of losing trade in the rain.",
         "The market returns outdoors on the first Saturday of April.",
         {"Events", "High Street"}},
        {"no-date-column.html", "In praise of the humble bus shelter", "", "Saltmarsh Review",
         "https://saltmarshreview.example/opinion/in-praise-of-the-humble-bus-shelter",
         "Nobody photographs bus shelters. They are too plain for postcards and too ordinary for protest, yet on a wet evening they are the kindest buildings in town.",
         "Some buildings are only noticed when they are about to go. We should notice them sooner.",
         {"Nell Garside", "Letters", "reader funded"}},
        {"br-paragraphs.html", "Flood warden appointed", "", "Fen Drayton Parish News", "",
         "Posted 14/01/2016",
         "Thanks to everyone who came to the drop-in session in December.",
         {"Bin days", "Council minutes", "Parish home", "Fen Drayton Parish Council"}},
        {"inline-tags.html", "Tidal barrier closes twice in one week", "2021-12-02", "Estuary Observer",
         "https://estuaryobserver.example/2021/12/02/tidal-barrier",
         "The tidal barrier closed on Tuesday and again on Thursday, the first time it has shut twice in a week since it was built.",
         "Fish & chip shop owner Len Ruddock said the sirens woke the whole street.",
         {"&amp;", "&rsquo;", "<b>"}},
        {"microdata-courthouse.html", "Courthouse clock restored after 30 years of silence", "2017-04-30",
         "Marlow Street Journal", "https://marlowstreet.example/a/courthouse-clock",
         "The clock on the old courthouse struck noon on Saturday for the first time since 1987, watched by a crowd of several hundred.",
         "The clock must be wound by hand every eight days. A rota of twelve volunteers has signed up to climb the tower.",
         {"Heritage", "Market Square", "Idris Penhale"}},
        {"graph-jsonld-rail.html", "Rail line reopening delayed again after landslip", "2020-09-15", "The Junction",
         "https://thejunction.example/rail-line-reopening-delayed/",
         "The reopening of the Cedar Hollow branch line has been pushed back to next spring after a landslip buried a section of track near the river crossing.",
         "The transit authority said the cost of stabilising the bank had not yet been worked out.",
         {"Jobs board", "Facebook", "Transit"}},
        {"site-prefix.html", "Floods close town centre car parks", "2019-06-12", "Riverside Post",
         "https://riversidepost.example/news/floods-close-car-parks",
         "All three car parks in the town centre were closed on Wednesday as the river rose above its banks for the second time this month.",
         "The environment agency said levels were expected to peak overnight.",
         {"Traffic and travel", "Riverside Post"}},
        {"main-lists-transit.html", "What the new bus timetable means for you", "2025-01-06", "Harrowgate Citizen",
         "https://harrowgatecitizen.example/explainers/new-bus-timetable",
         "New timetables come into force on Monday across the county. Here is what changes.",
         "\u201cWe have put buses where people told us they need them,\u201d said the county\u2019s transport lead.",
         {"Harrowgate Citizen", "Explainers"}},
        {"multi-article-teasers.html", "Hospital car park charges scrapped for night staff", "2016-08-19",
         "Westmere Daily", "https://westmeredaily.example/health/car-park-charges-scrapped",
         "Nurses and porters who work night shifts at Westmere General will no longer pay to park, the hospital trust announced on Friday.",
         "The trust said it would cover the lost income of around \u00a3120,000 a year from its car park contract.",
         {"cycle bridge", "uniform swap", "Westmere Daily"}},
        {"bad-date-fallback.html", "Lighthouse keeper's cottage becomes museum", "2015-05-23", "Point Reyes Ledger",
         "https://pointreyesledger.example/lighthouse-cottage-museum",
         "The cottage beside the old lighthouse, empty since the light was automated in 1975, opened as a small museum on Saturday.",
         "Its two rooms hold the logbooks kept by four generations of keepers, along with a brass foghorn that visitors are allowed to sound once an hour.",
         {"Published", "May 23"}},
    };
    return kPages;
}

// clang-format on

TEST(Html, EachPageIsReadWithItsFields) {
    for (const Page& page : pages()) {
        SCOPED_TRACE(page.file);
        const ReadResult r = read_page(page.file);
        ASSERT_TRUE(r.article);
        const Article& a = *r.article;
        EXPECT_EQ(a.title, page.title);
        EXPECT_EQ(a.date ? a.date->ymd() : std::string(), page.date);
        EXPECT_EQ(a.source, page.source);
        EXPECT_EQ(a.url, page.url);
        std::string id = page.file;
        id = id.substr(0, id.find('.'));
        EXPECT_EQ(a.id, id);
        const std::vector<std::string> paras = paragraphs(a.body);
        ASSERT_GE(paras.size(), 2U) << a.body;
        EXPECT_EQ(paras.front(), page.first) << a.body;
        EXPECT_EQ(paras.back(), page.last) << a.body;
        // The headline is the title, never the body's first words.
        EXPECT_NE(a.body.rfind(a.title, 0), 0U) << a.body;
        for (const char* noise : page.not_in_body) {
            EXPECT_EQ(a.body.find(noise), std::string::npos) << noise << " in\n" << a.body;
        }
        for (const InputProblem& p : r.problems) {
            // Only the page with a bad date has something to say.
            EXPECT_EQ(std::string(page.file), "bad-date-fallback.html") << p.message;
        }
    }
}

TEST(Html, ListsHeadingsAndQuotesAreParagraphs) {
    const ReadResult r = read_page("main-lists-transit.html");
    ASSERT_TRUE(r.article);
    EXPECT_EQ(
        r.article->body,
        "New timetables come into force on Monday across the county. Here is what changes.\n\n"
        "Routes that run more often\n\n"
        "The 12 to the hospital will run every 15 minutes instead of every 20.\n\n"
        "The X4 express adds a late service leaving the station at 23:10.\n\n"
        "Routes that change\n\n"
        "The 7 no longer serves Beacon Road; the nearest stop is on Mill Lane.\n\n"
        "The 31 is withdrawn on Sundays.\n\n"
        "\u201cWe have put buses where people told us they need them,\u201d said the "
        "county\u2019s transport lead."
    );
}

TEST(Html, BrokenMarkupKeepsItsText) {
    const ReadResult r = read_page("malformed-dock.html");
    ASSERT_TRUE(r.article);
    const std::string& body = r.article->body;
    for (const char* text :
         {"backed a walkout, which would begin on the first Monday of March.",
          "The port authority said it was disappointed",
          "and would meet union officials next week.",
          "Terminal output fell by a quarter during the last dispute, in 2011."}) {
        EXPECT_NE(body.find(text), std::string::npos) << text << " in\n" << body;
    }
}

TEST(Html, ABadDateIsToldAndTheNextOneUsed) {
    const ReadResult r = read_page("bad-date-fallback.html");
    ASSERT_TRUE(r.article);
    ASSERT_EQ(r.problems.size(), 1U);
    EXPECT_FALSE(r.problems[0].rejected);
    EXPECT_EQ(
        r.problems[0].message,
        "bad date 'yesterday' in <meta property=\"article:published_time\">; not used"
    );
}

TEST(Html, APageWithoutTextIsNamedAndSkipped) {
    const ReadResult r = read_page("empty-shell.html");
    EXPECT_FALSE(r.article);
    ASSERT_EQ(r.problems.size(), 1U);
    EXPECT_TRUE(r.problems[0].rejected);
    EXPECT_NE(r.problems[0].where.find("empty-shell.html"), std::string::npos);
    EXPECT_NE(r.problems[0].message.find("HTML page without article text"), std::string::npos);
    EXPECT_NE(r.problems[0].message.find("loaded by a script"), std::string::npos);
}

TEST(Html, AGzippedPageIsMeasuredGunzipped) {
    // 2 KB gzipped, 1.4 KB of HTML: a limit of 1 KB refuses it.
    const ReadResult r = read_page("gzipped-market.html.gz", 1024);
    EXPECT_FALSE(r.article);
    ASSERT_EQ(r.problems.size(), 1U);
    EXPECT_TRUE(r.problems[0].rejected);
    EXPECT_NE(r.problems[0].message.find("is larger than the limit of 1 KB"), std::string::npos)
        << r.problems[0].message;
    EXPECT_NE(r.problems[0].message.find("(--max-record-size)"), std::string::npos);
}

ReadResult from_html(const std::string& html) {
    return article_from_html(html, "page.html", "page");
}

TEST(Html, InlineTagsDoNotSplitWordsOrParagraphs) {
    const ReadResult r = from_html(
        "<title>x</title><p>foo <b>bar</b> baz</p><p>un<i>believ</i>able <a href=#>end</a>.</p>"
    );
    ASSERT_TRUE(r.article);
    EXPECT_EQ(r.article->body, "foo bar baz\n\nunbelievable end.");
}

TEST(Html, BreaksAndWhiteSpace) {
    const ReadResult r = from_html(
        "<div>One\n   line,<br>two lines.<br> <br>\nNext&nbsp;one &amp; &#8220;more&#8221;"
        "</div>"
    );
    ASSERT_TRUE(r.article);
    EXPECT_EQ(r.article->body, "One line,\ntwo lines.\n\nNext\u00a0one & \u201cmore\u201d");
}

TEST(Html, TitleLessItsSiteName) {
    const auto title = [](const std::string& head) {
        const ReadResult r = from_html("<head>" + head + "</head><p>Some text here.</p>");
        return r.article ? r.article->title + " / " + r.article->source : std::string("none");
    };
    EXPECT_EQ(
        title("<title>Big storm news from the coast today - Daily Planet</title>"),
        "Big storm news from the coast today / Daily Planet"
    );
    // A long tail is the headline's own: nothing is cut.
    EXPECT_EQ(
        title("<title>Mayor says yes - and the council says no again</title>"),
        "Mayor says yes - and the council says no again / "
    );
    EXPECT_EQ(
        title("<title>The Bugle | Storm hits coast</title><meta property=og:site_name "
              "content='The Bugle'>"),
        "Storm hits coast / The Bugle"
    );
    EXPECT_EQ(
        title("<title>Storm hits coast \u2014 The Bugle Online Edition</title>"
              "<meta property=og:site_name content='The Bugle Online Edition'>"),
        "Storm hits coast / The Bugle Online Edition"
    );
}

TEST(Html, TheHeadlineIsNotRepeatedInTheBody) {
    const ReadResult r = from_html(
        "<title>Storm hits coast</title><h1>Storm <i>hits</i> coast</h1><p>Storm hits coast</p>"
        "<p>Waves reached the promenade.</p>"
    );
    ASSERT_TRUE(r.article);
    EXPECT_EQ(r.article->title, "Storm hits coast");
    EXPECT_EQ(r.article->body, "Waves reached the promenade.");
}

TEST(Html, AnyBytesParseWithoutHarm) {
    // Deep nesting, stray tags, bytes that are not text: no crash, and what
    // text there is is read.
    std::string deep;
    for (int i = 0; i < 5000; ++i) {
        deep += "<div><span>";
    }
    deep += "<p>Deep text.</p>";
    const ReadResult d = from_html(deep);
    EXPECT_FALSE(d.article);  // below the depth that is walked
    ASSERT_FALSE(d.problems.empty());
    EXPECT_NE(d.problems[0].message.find("nested more than"), std::string::npos);
    // Deeper still, the parser's time would grow with the square of the
    // depth: the page is refused before it is parsed.
    std::string deeper;
    for (int i = 0; i < 30000; ++i) {
        deeper += "<div>";
    }
    const ReadResult r = from_html(deeper + "<p>Deep text.</p>");
    EXPECT_FALSE(r.article);
    ASSERT_EQ(r.problems.size(), 1U);
    EXPECT_TRUE(r.problems[0].rejected);
    EXPECT_NE(r.problems[0].message.find("30000 elements open at once"), std::string::npos)
        << r.problems[0].message;
    // What closes itself, comments and scripts do not count.
    std::string flat = "<script>var s = '";
    for (int i = 0; i < 30000; ++i) {
        flat += "<div>";
    }
    flat += "';</script><!-- <div><div> -->";
    for (int i = 0; i < 30000; ++i) {
        flat += "<P>Para " + std::to_string(i) + "<br><img src=x.png>";
    }
    const ReadResult f = from_html(flat);
    ASSERT_TRUE(f.article);
    EXPECT_NE(f.article->body.find("Para 29999"), std::string::npos);
    const ReadResult s = from_html("</p></div></html><p>Text <b><i>here</b> and</i> <!-- x");
    ASSERT_TRUE(s.article);
    EXPECT_EQ(s.article->body, "Text here and");
    const ReadResult b = from_html(std::string("\xff\xfe<\x00p\x00>\x00", 8));
    EXPECT_FALSE(b.article);
}

TEST(Html, DeclaredCharsetsAreConverted) {
    const ReadResult r = from_html(
        "<meta charset=\"windows-1252\"><title>Caf\xe9 \x93open\x94</title><p>Na\xefve \x80"
        "5</p>"
    );
    ASSERT_TRUE(r.article);
    EXPECT_EQ(r.article->title, "Caf\u00e9 \u201copen\u201d");
    EXPECT_EQ(r.article->body, "Na\u00efve \u20ac5");
    EXPECT_TRUE(r.problems.empty());
    // Undeclared bytes that are not UTF-8 are HTML's default, windows-1252.
    const ReadResult u = from_html("<p>Caf\xe9</p>");
    ASSERT_TRUE(u.article);
    EXPECT_EQ(u.article->body, "Caf\u00e9");
    ASSERT_EQ(u.problems.size(), 1U);
    EXPECT_NE(u.problems[0].message.find("read as windows-1252"), std::string::npos);
}

TEST(Html, GunzipMeasuresPastTheLimit) {
    std::string plain(100000, 'a');
    uLongf size = compressBound(static_cast<uLong>(plain.size())) + 32;
    std::string packed(size, '\0');
    z_stream zs{};
    ASSERT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = reinterpret_cast<Bytef*>(plain.data());
    zs.avail_in = static_cast<uInt>(plain.size());
    zs.next_out = reinterpret_cast<Bytef*>(packed.data());
    zs.avail_out = static_cast<uInt>(packed.size());
    ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    packed.resize(zs.total_out);
    deflateEnd(&zs);
    std::string out;
    std::uint64_t measured = 0;
    EXPECT_EQ(gunzip(packed, out, 1000, measured), "");
    EXPECT_EQ(measured, 100000U);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(gunzip(packed, out, 200000, measured), "");
    EXPECT_EQ(out, plain);
    EXPECT_NE(gunzip(packed.substr(0, packed.size() / 2), out, 200000, measured), "");
}

}  // namespace
}  // namespace newsdex::detail
