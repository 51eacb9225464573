#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The search page in a real browser (Debian's chromium, driven by Selenium
through chromium-driver), against the real newsdex-serve on an ephemeral
port: type a query, click a facet and a timeline bar, page, open an article,
go Back, and check what the page shows at each step; then articles whose
text holds HTML and script are shown as text, and the page on a phone.
Screenshots go to SCREENSHOTS for a person to look at.

usage: test_page.py NEWSDEX_INDEX NEWSDEX_SERVE SOURCE_DIR SCREENSHOTS
"""
import json
import os
import re
import queue
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

INDEX_BIN, SERVE_BIN, SOURCE_DIR, SHOTS = sys.argv[1:5]
WAIT = 10  # seconds any one step may take before the test fails

# Wire copy over seven months of 1987, naming oil producers, from two
# sources; two articles share one body (one folded copy, "+1 similar").
COUNTRIES = ["Saudi Arabia", "Kuwait", "Venezuela", "Nigeria", "Indonesia"]
PORTS = ["Riyadh", "Kuwait City", "Caracas", "Lagos", "Jakarta"]


def wire_articles():
    articles = []
    for i in range(34):
        month = 3 + i % 7
        country = COUNTRIES[i % len(COUNTRIES)]
        articles.append({
            "id": f"oil-{i:02d}",
            "title": f"{country.upper()} OIL OUTPUT {'RISES' if i % 2 else 'FALLS'}",
            "date": f"1987-{month:02d}-{1 + i % 27:02d}",
            "source": "Reuters" if i % 3 else "Petroleum Wire",
            "url": f"https://wire.example/1987/oil-{i:02d}",
            "body": (f"{PORTS[i % len(PORTS)].upper()}, {i + 1} barrels - {country} said its crude oil output\n"
                     f"changed by {i * 1000 + 500} barrels a day in the month, oil industry\n"
                     f"sources said.\n    Officials of {country} gave no reason.\n Reuter"),
        })
    copy = dict(articles[5], id="oil-copy", title=articles[5]["title"] + " (REPEAT)")
    articles.append(copy)
    articles.append({
        "id": "xss",
        "title": "Quotes \"double\" & 'single' <script>alert(1)</script>",
        "date": "1987-05-05",
        "source": "Fuzz <b>Wire</b>",
        "url": "javascript:alert(2)",
        "body": ("A <script>alert(1)</script> tag, an <img src=x onerror=\"window.__xss=1\"> image\n"
                 "and a <em>marker</em> of its own & an ampersand, \"quoted\" oil."),
    })
    return articles


def start_server(db, log_lines, *options):
    """Starts newsdex-serve on a free port (--listen 127.0.0.1:0) and
    returns it with its address, read from the line it prints."""
    proc = subprocess.Popen([SERVE_BIN, "--db", str(db), "--listen", "127.0.0.1:0", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    found = queue.Queue()

    def read():
        for line in proc.stdout:
            log_lines.append(line)
            m = re.search(r"listening on (http://\S+)", line)
            if m:
                found.put(m.group(1).rstrip("/"))
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        base = found.get(timeout=WAIT)
    except queue.Empty:
        base = None
    if base is None:
        proc.kill()
        proc.wait()
        raise AssertionError("newsdex-serve did not say where it listens:\n" + "".join(log_lines))
    with urllib.request.urlopen(base + "/healthz", timeout=WAIT) as r:
        check(r.status == 200, f"/healthz answered {r.status}")
    return proc, base


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Page:
    def __init__(self, driver, base):
        self.d = driver
        self.base = base
        self.shot_count = 0

    def wait(self, what, condition):
        try:
            return WebDriverWait(self.d, WAIT, poll_frequency=0.05).until(lambda d: condition())
        except TimeoutException:
            self.shot("failed")
            raise AssertionError(f"timed out waiting for {what}; page says: {self.text('main')!r}")

    def settled(self):
        """Waits until the page has shown its latest request."""
        self.wait("the page to show the answer",
                  lambda: self.d.find_element(By.ID, "results").get_attribute("aria-busy") == "false")

    def shot(self, name):
        self.shot_count += 1
        self.d.save_screenshot(os.path.join(SHOTS, f"{self.shot_count:02d}-{name}.png"))

    def all(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def one(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.one(css).text

    def total(self):
        """The matching articles the status line counts (each copy too)."""
        m = re.search(r"([\d,]+) articles?\)?$", self.text("#status"))
        assert m, f"no total in the status line: {self.text('#status')!r}"
        return int(m.group(1).replace(",", ""))

    def stories(self):
        """The folded list's length the status line says ("N stories (M articles)"), else the total."""
        m = re.search(r"([\d,]+) stor(?:y|ies) \(", self.text("#status"))
        return int(m.group(1).replace(",", "")) if m else self.total()

    def texts(self, css):
        """The text of each element CSS selects (one round trip)."""
        return self.d.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css)

    def attrs(self, css, name):
        return self.d.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
            css, name)

    def hit_ids(self):
        return self.attrs(".hit", "data-id")

    def params(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.d.current_url).query))

    def no_alert(self):
        try:
            alert = self.d.switch_to.alert
            text = alert.text
            alert.dismiss()
            raise AssertionError(f"the page ran script from an article: an alert said {text!r}")
        except NoAlertPresentException:
            pass
        assert self.d.execute_script("return window.__xss === undefined"), "an onerror handler ran"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def search_steps(p):
    d = p.d
    d.get(p.base + "/")
    p.settled()
    # '/' goes to the box; Enter searches.
    p.one("body").send_keys("/")
    check(d.switch_to.active_element.get_attribute("id") == "q", "'/' did not focus the search box")
    d.switch_to.active_element.send_keys("oil", Keys.ENTER)
    p.settled()
    check(p.params().get("q") == "oil", f"the URL does not hold the query: {d.current_url}")
    all_oil = p.total()
    check(all_oil == 36, f"'oil' should find 36 articles, found {all_oil}")
    check(p.stories() == 35, f"'oil' should list 35 stories after folding one copy: {p.text('#status')!r}")
    check(len(p.hit_ids()) == 10, f"a page holds 10 hits, shown {len(p.hit_ids())}")
    first = p.one(".hit")
    check(first.find_element(By.CSS_SELECTOR, ".title").text, "a hit without a title")
    check(first.find_elements(By.CSS_SELECTOR, ".snippet mark"), "the snippet does not mark the match")
    marks = {m.lower() for m in p.texts(".snippet mark")}
    check(marks == {"oil"}, f"snippets mark other words than the query's: {marks}")
    check(p.all(".hit .meta time") and p.all(".hit .meta .source") and p.all(".hit .meta a.url"),
          "hits lack a date, a source or a link")
    p.shot("search")

    # A facet narrows to its exact count, and widens again on a second click.
    kuwait = p.one('.facet[data-field="country"][data-value="Kuwait"]')
    count = int(kuwait.find_element(By.CSS_SELECTOR, ".count").text)
    kuwait.click()
    p.settled()
    check(p.one("#q").get_attribute("value") == 'oil country:"Kuwait"',
          f"the facet did not add its filter: {p.one('#q').get_attribute('value')!r}")
    check(p.total() == count, f"the Kuwait facet said {count}, the filtered search found {p.total()}")
    check(count < all_oil, "the facet did not narrow the results")
    check(all("KUWAIT" in t for t in p.texts(".hit .title")), "a hit without Kuwait after the filter")
    pressed = p.one('.facet[data-field="country"][data-value="Kuwait"]')
    check(pressed.get_attribute("aria-pressed") == "true", "the chosen facet is not shown pressed")
    p.shot("facet")
    pressed.click()
    p.settled()
    check(p.total() == all_oil and p.params().get("q") == "oil", "a second click did not remove the filter")

    # A timeline bar narrows to its month.
    bars = p.attrs(".timeline .bar", "data-period")
    check(bars == [f"1987-{m:02d}" for m in range(3, 10)],
          f"the timeline should have a bar per month, March to September 1987: {bars}")
    april = p.one('.bar[data-period="1987-04"]')
    bar_count = int(re.search(r": (\d+) article", april.get_attribute("aria-label")).group(1))
    april.click()
    p.settled()
    check(p.params().get("q") == "oil date:1987-04", f"the bar did not narrow the dates: {d.current_url}")
    check(p.total() == bar_count, f"the April bar said {bar_count}, the search found {p.total()}")
    dates = p.attrs(".hit time", "datetime")
    check(dates and all(x.startswith("1987-04") for x in dates), f"hits outside April 1987: {dates}")
    p.shot("timeline")
    d.back()
    p.settled()
    check(p.params().get("q") == "oil" and p.total() == all_oil, "Back did not undo the timeline bar")

    # Sort by date, newest first.
    Select(p.one("#sort")).select_by_value("-date")
    p.settled()
    dates = p.attrs(".hit time", "datetime")
    check(dates == sorted(dates, reverse=True) and dates[0].startswith("1987-09"),
          f"newest first is not in date order: {dates}")
    Select(p.one("#sort")).select_by_value("relevance")
    p.settled()

    # Paging.
    page1 = p.hit_ids()
    p.one('.pager a[rel="next"]').click()
    p.settled()
    page2 = p.hit_ids()
    check(p.params().get("page") == "2", f"the URL does not hold the page: {d.current_url}")
    check(p.text("#status").startswith("11–20 of"), f"page 2 status: {p.text('#status')!r}")
    check(p.one(".hits").get_attribute("start") == "11", "page 2 does not number from 11")
    check(len(page2) == 10 and not set(page1) & set(page2), "page 2 repeats hits of page 1")
    p.shot("page2")

    # An article, the query's words marked; Back returns to page 2.
    title = p.one(".hit .title")
    title_text = title.text
    title.click()
    p.settled()
    check(p.params().get("article") == page2[0], f"the URL does not hold the article: {d.current_url}")
    check(p.text("#article-title") == title_text, "the article view shows another title")
    words = {m.lower() for m in p.texts(".article .text mark")}
    check(words == {"oil"}, f"the article does not mark the query's words: {words}")
    check(d.switch_to.active_element.get_attribute("id") == "article-title", "focus is not on the article")
    p.shot("article")
    d.back()
    p.settled()
    check(p.params() == {"q": "oil", "page": "2"}, f"Back did not restore the state: {d.current_url}")
    check(p.hit_ids() == page2, "Back did not show page 2's hits again")
    check(p.one("#q").get_attribute("value") == "oil", "Back did not restore the query in the box")
    # And a bookmarked URL shows the same.
    d.get(p.base + "/?q=oil&page=2")
    p.settled()
    check(p.hit_ids() == page2, "the page's URL does not show the same hits when loaded afresh")

    # A bad query: the error next to the box, with its column.
    box = p.one("#q")
    box.clear()
    box.send_keys('oil "crude', Keys.ENTER)
    p.settled()
    error = p.one("#error")
    check(error.is_displayed() and "column 5" in error.text.lower(), f"bad query error: {error.text!r}")
    check(box.get_attribute("aria-invalid") == "true", "the box is not marked invalid")
    p.shot("bad-query")

    # A wire story run twice: one hit, "+1 similar".
    box.clear()
    box.send_keys("saudi oil", Keys.ENTER)
    p.settled()
    similar = p.texts(".similar")
    check(similar == ["+1 similar"], f"the folded copy should show as '+1 similar' once: {similar}")
    check(p.total() == 8 and p.stories() == 7 and "oil-copy" not in p.hit_ids() and "oil-05" in p.hit_ids(),
          f"the copy is not folded into its original: {p.hit_ids()}")
    check(not p.one("#error").is_displayed(), "the error stayed after a good query")


def xss_steps(p):
    d = p.d
    d.get(p.base + "/?q=" + urllib.parse.quote("ampersand"))
    p.settled()
    p.no_alert()
    hit = p.one('.hit[data-id="xss"]')
    title = hit.find_element(By.CSS_SELECTOR, ".title").text
    check(title == "Quotes \"double\" & 'single' <script>alert(1)</script>", f"the title is not shown as text: {title!r}")
    check("Fuzz <b>Wire</b>" in hit.text, f"the source is not shown as text: {hit.text!r}")
    check(not hit.find_elements(By.CSS_SELECTOR, "script, img, b, .url"), "article text became HTML or a link")
    check(hit.find_element(By.CSS_SELECTOR, ".address").text == "javascript:alert(2)",
          "a javascript: URL is not shown as text")
    check(not p.all('a[href^="javascript"]'), "a javascript: URL became a link")
    snippet = hit.find_element(By.CSS_SELECTOR, ".snippet").text
    check("<script>alert(1)</script>" in snippet and "&" in snippet, f"the snippet is not shown as text: {snippet!r}")
    p.shot("xss-results")
    hit.find_element(By.CSS_SELECTOR, ".title").click()
    p.settled()
    p.no_alert()
    text = p.text(".article .text")
    check('<img src=x onerror="window.__xss=1">' in text and "<script>alert(1)</script>" in text,
          f"the article is not shown as text: {text!r}")
    check(not p.all(".article script, .article img"), "the article's text became HTML")
    check(p.d.execute_script("return document.scripts.length") == 1, "a script element was added")
    p.shot("xss-article")


def phone_steps(p):
    d = p.d
    d.set_window_size(390, 844)
    d.get(p.base + "/?q=oil")
    p.settled()
    width = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(width[0] <= width[1], f"the page is wider than a phone's screen: {width}")
    check(p.one(".hit").size["width"] <= width[1], "hits wider than the screen")
    p.shot("phone")


def token_steps(p):
    """A server started with --token: the page asks for it, once."""
    d = p.d
    d.set_window_size(1280, 900)
    d.get(p.base + "/?q=oil")
    p.settled()
    box = p.one("#token")
    check("asks for a token" in p.text(".token"), f"no token form: {p.text('main')!r}")
    box.send_keys("not-the-token", Keys.ENTER)
    p.settled()
    check("did not accept" in p.text(".token"), f"a wrong token was not refused: {p.text('main')!r}")
    p.one("#token").send_keys(TOKEN, Keys.ENTER)
    p.settled()
    check(p.total() == 36, f"the token did not open the archive: {p.text('main')!r}")
    p.one('.pager a[rel="next"]').click()
    p.settled()
    check(len(p.hit_ids()) == 10, "the token was not kept for the next request")
    p.shot("token")


TOKEN = "page-test-token-1987"


def main():
    os.makedirs(SHOTS, exist_ok=True)
    for old in Path(SHOTS).glob("*.png"):
        old.unlink()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newsdex-page-") as tmp:
        tmp = Path(tmp)
        wire = tmp / "wire.jsonl"
        wire.write_text("".join(json.dumps(a) + "\n" for a in wire_articles()), encoding="utf-8")
        subprocess.run([INDEX_BIN, "--db", str(tmp / "db"), str(Path(SOURCE_DIR) / "corpus"), str(wire)],
                       check=True, stdout=subprocess.DEVNULL)
        log = []
        server, base = start_server(tmp / "db", log)
        driver = None
        try:
            driver = browser(tmp / "profile")
            page = Page(driver, base)
            search_steps(page)
            xss_steps(page)
            phone_steps(page)
            server.terminate()
            server.wait(timeout=WAIT)
            server, base = start_server(tmp / "db", log, "--token", TOKEN)
            with_token = Page(driver, base)
            with_token.shot_count = page.shot_count
            token_steps(with_token)
        except BaseException:
            print("newsdex-serve's log (its end):\n" + "".join(log[-40:]))
            raise
        finally:
            if driver:
                driver.quit()
            server.terminate()
            server.wait(timeout=WAIT)
    print(f"browser test passed in {time.monotonic() - started:.1f} s; screenshots in {SHOTS}")


if __name__ == "__main__":
    main()
