"""Every report page opens in headless Chromium from file://, with JavaScript on and off.

The example pages (``notebooks/example-data/``: three seeds, one with a pasted bibliography,
one unresolved, a title holding ``<script>``) are rendered into one folder as the workflow lays
them out, one of them with a status banner holding a long URL, then opened one by one in two
browsers: one running the pages' script, one with JavaScript turned off. A page fails on any
console message of level SEVERE (a script error, a resource that did not load or that the
page's Content-Security-Policy refused), an image that did not decode, an alert (a script
smuggled in through outside text), or a request for anything but ``file:`` and ``data:``
URLs. The browser cannot resolve any host name, so a page that needs the network also shows up
as an error. With JavaScript off, every row of every list is in the page and the filter boxes
are hidden; with it on, a list sorts by a click on a header and filters as the reader types.
Every link of every navigation bar is followed. Full-page screenshots of each page, with
JavaScript on and off, are saved under ``test-artifacts/browser/``.

To check pages the workflow wrote instead of the example pages:
``SEEDSCOPE_REPORTS_DIR=results/reports python -m pytest tests/test_browser.py``.

Skipped, with the reason, only when Chromium or chromedriver is not installed
(``apt-get install chromium chromium-driver``; ``.ci/run`` installs them).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from seedscope.report.render import render_report

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EXAMPLE = NOTEBOOKS / "example-data"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or not CHROMEDRIVER.exists(),
    reason="headless Chromium is not installed (apt-get install chromium chromium-driver)",
)

#: A message as a network error gives it: one long URL without spaces.
LONG_URL = "https://api.openalex.org/works?filter=cites:W9100000002" + "%7CW9000000001" * 30

#: The pages as the workflow writes them: file name -> (notebook, parameters).
PAGES = {
    "index.html": ("index", {}),
    "overview.html": ("overview", {}),
    "example_seed.html": ("seed_report", {}),
    "example_seed_b.html": (
        "seed_report",
        {"seed_id": "example_seed_b", "tables_dir": "<copy>", "bibliography": False},
    ),
    "example_unresolved.html": (
        "seed_report",
        {
            "seed_id": "example_unresolved",
            "tables_dir": "example-data/interim/example_unresolved",
            "bibliography": False,
        },
    ),
}

#: A folder of rendered pages to check instead of the example pages (optional).
REPORTS_DIR = os.environ.get("SEEDSCOPE_REPORTS_DIR")
NAMES = sorted(p.name for p in Path(REPORTS_DIR).glob("*.html")) if REPORTS_DIR else list(PAGES)
examples_only = pytest.mark.skipif(bool(REPORTS_DIR), reason="checks the example pages")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if REPORTS_DIR:
        return Path(REPORTS_DIR).resolve()
    folder = tmp_path_factory.mktemp("site")
    # example_seed_b's data with a status banner: requests that failed, one a long URL
    tables = tmp_path_factory.mktemp("tables") / "example_seed_b"
    shutil.copytree(EXAMPLE / "interim" / "example_seed_b", tables)
    (tables / "status.json").write_text(
        json.dumps(
            {"unreachable": ["example_seed_b"], "messages": [f"example_seed_b: {LONG_URL}"]}
        ),
        encoding="utf-8",
    )
    for name, (notebook, parameters) in PAGES.items():
        if parameters.get("tables_dir") == "<copy>":
            parameters = {**parameters, "tables_dir": str(tables)}
        render_report(NOTEBOOKS / f"{notebook}.ipynb", parameters, folder / name)
    return folder


def chrome(javascript: bool):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no host name resolves: offline
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
    ):
        options.add_argument(argument)
    if not javascript:  # the page's scripts do not run; the test's own still do
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="module", params=[True, False], ids=["js-on", "js-off"])
def browser(request):
    driver = chrome(request.param)
    driver.javascript = request.param
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for since the last call (from the DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def screenshot(driver, path: Path) -> None:
    """A full-page PNG (the whole scroll height, not just the window)."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


def open_page(driver, page: Path) -> None:
    """Load ``page`` with clean logs, and check nothing went wrong while it loaded."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get_log("browser"), driver.get_log("performance")  # start clean
    driver.get(page.as_uri())
    # get() waits for the load event, but a page opened again at once (the same file at another
    # window width) can still report "loading" for a moment on a busy machine
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    try:
        alert = driver.switch_to.alert.text
    except NoAlertPresentException:
        alert = None
    assert alert is None, f"a script ran and raised an alert: {alert!r}"


def problems(driver) -> list[str]:
    """Console errors and requests leaving the page since the page was opened."""
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    urls = requested_urls(driver)
    outside = [url for url in urls if urlparse(url).scheme not in ("file", "data")]
    return [f"console error: {e}" for e in errors] + [f"request: {url}" for url in outside]


def list_state(driver) -> list[dict]:
    """Each list (``.ss-list``): its filter box's state, its rows, how many are displayed."""
    return driver.execute_script(
        """return Array.from(document.querySelectorAll('.ss-list')).map(list => {
             const rows = Array.from(list.querySelector('tbody').rows);
             const open = !list.closest('details') || list.closest('details').open;
             return {filter_hidden: list.querySelector('.ss-filter').hidden,
                     rows: rows.length, open: open,
                     displayed: rows.filter(r => r.getClientRects().length > 0).length};
           });"""
    )


@pytest.mark.parametrize("name", NAMES)
def test_page_opens_offline_without_errors(site, browser, name):
    open_page(browser, site / name)
    assert browser.title, "the page has a title"
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, "
        "i.alt.slice(0, 80)])"
    )
    broken = [alt for loaded, alt in images if not loaded]
    assert not broken, f"images that did not load: {broken}"
    sources = browser.execute_script("return Array.from(document.scripts).map(s => s.src)")
    assert sources == [""], "one inline script, loaded from nowhere"
    # every row of every list is in the page; the filter box only where the script runs
    for state in list_state(browser):
        assert state["filter_hidden"] is (not browser.javascript), state
        if state["open"]:
            assert state["displayed"] == state["rows"], state
    # nothing wider than the page: long URLs wrap, tables fit (or scroll inside themselves)
    wide = browser.execute_script(
        "const main = document.querySelector('main').getBoundingClientRect();"
        "return Array.from(document.querySelectorAll('main *'))"
        ".filter(e => e.getClientRects().length && !e.closest('.ss-table-wrap'))"
        ".filter(e => e.getBoundingClientRect().right > main.right + 1)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5);"
    )
    assert not wide, f"elements running past the page's edge: {wide}"
    assert not problems(browser)
    mode = "js-on" if browser.javascript else "js-off"
    screenshot(browser, ARTIFACTS / f"{name.removesuffix('.html')}-{mode}.png")


def nav_links(driver) -> list[tuple[str, str]]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('nav.ss-nav a'))"
        ".map(a => [a.getAttribute('href'), a.textContent]);"
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_navigation_link_leads_to_a_page_with_the_same_bar(site, browser, name):
    open_page(browser, site / name)
    bar = nav_links(browser)
    hrefs = [href for href, _ in bar]
    assert hrefs[0] == "index.html" and name in hrefs, bar
    if not REPORTS_DIR:
        assert sorted(hrefs) == sorted(NAMES)  # each page, once
    for href, _ in bar:
        target = site / unquote(href)
        assert target.is_file(), f"{name} links to missing {href}"
        open_page(browser, target)
        assert nav_links(browser) == bar, f"{href} has another navigation bar than {name}"
        current = browser.execute_script(
            "return Array.from(document.querySelectorAll('nav.ss-nav [aria-current=page]'))"
            ".map(e => e.getAttribute('href') || e.textContent);"
        )
        assert current[0] == href
        assert not problems(browser)


def rows_of(driver, list_index: int) -> list[dict]:
    """The displayed rows of a list, in order: each cell's text and sort value."""
    return driver.execute_script(
        "const list = document.querySelectorAll('.ss-list')[arguments[0]];"
        "return Array.from(list.querySelector('tbody').rows)"
        ".filter(r => r.getClientRects().length > 0)"
        ".map(r => Array.from(r.cells).map(c => c.getAttribute('data-sort') ?? c.textContent));",
        list_index,
    )


@examples_only
def test_a_list_sorts_by_any_column_and_filters_as_the_reader_types(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = chrome(javascript=True)
    try:
        open_page(driver, site / "example_seed.html")
        lists = driver.find_elements(By.CSS_SELECTOR, ".ss-list")
        index = next(i for i, e in enumerate(lists) if "All 22 references" in e.text)
        table = lists[index]
        headers = [th.text.strip(" ▲▼") for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert headers[:6] == ["Title", "Year", "Journal", "Citations", "FWCI", "Open access"]
        before = rows_of(driver, index)
        assert len(before) == 22
        citations = [float(row[3]) for row in before]
        assert citations == sorted(citations, reverse=True)  # as the HTML holds them

        def sort_by(header: str) -> list[list[str]]:
            th = table.find_elements(By.CSS_SELECTOR, "thead th")[headers.index(header)]
            driver.execute_script("arguments[0].scrollIntoView()", th)
            th.click()
            return rows_of(driver, index)

        years = [float(row[1]) for row in sort_by("Year")]
        assert years == sorted(years) and len(set(years)) > 1
        years = [float(row[1]) for row in sort_by("Year")]  # a second click reverses
        assert years == sorted(years, reverse=True)
        titles = [row[0].lower() for row in sort_by("Title")]
        assert titles == sorted(titles) and len(titles) == 22
        journals = [row[2].lower() for row in sort_by("Journal")]
        assert journals == sorted(journals)
        fwci = [float(row[4]) for row in sort_by("FWCI")]
        assert fwci == sorted(fwci)
        aria = [th.get_attribute("aria-sort") for th in table.find_elements(By.CSS_SELECTOR, "th")]
        assert aria.count("ascending") == 1 and "descending" not in aria

        box = table.find_element(By.CSS_SELECTOR, ".ss-filter input")
        box.send_keys("cohort")
        kept = rows_of(driver, index)
        expected = [row for row in before if "cohort" in " ".join(row).lower()]
        assert 0 < len(kept) == len(expected) < 22
        assert all("cohort" in row[0].lower() for row in kept)
        shown = table.find_element(By.CSS_SELECTOR, ".ss-count").text
        assert shown == f"{len(kept)} of 22 rows shown"
        box.send_keys(" journal of example")  # every word must be in the row
        both = rows_of(driver, index)
        assert all("journal of example" in row[2].lower() for row in both)
        assert len(both) < len(kept) or all("journal of example" in r[2].lower() for r in kept)
        box.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        assert (
            len(rows_of(driver, index)) == 22
            and not table.find_element(By.CSS_SELECTOR, ".ss-count").text
        )
        assert not problems(driver)
    finally:
        driver.quit()


@examples_only
def test_tables_fit_and_headers_are_not_cramped(site):
    """The index's seed table shows its last column; the side-by-side headers stay short."""
    driver = chrome(javascript=True)
    try:
        for name in ("index.html", "overview.html"):
            open_page(driver, site / name)
            clipped = driver.execute_script(
                "const table = document.querySelector('table.ss-table');"
                "const wrap = table.closest('.ss-table-wrap');"
                "return [wrap.scrollWidth, wrap.clientWidth];"
            )
            assert clipped[0] <= clipped[1], f"{name}: the seeds table is wider than the page"
        # overview: no header of the seeds table takes more than two lines
        lines = driver.execute_script(
            "const table = document.querySelector('table.ss-table');"
            "return Array.from(table.tHead.rows[0].cells).map(th => {"
            "  const range = document.createRange(); range.selectNodeContents(th);"
            "  const rects = Array.from(range.getClientRects());"
            "  const tops = new Set(rects.map(r => Math.round(r.top)));"
            "  return [th.textContent, tops.size]; });"
        )
        cramped = [(text, n) for text, n in lines if n > 2]
        assert not cramped, f"headers wrapped onto more than two lines: {cramped}"
        # the long URL of example_seed_b's banner wraps inside the banner
        open_page(driver, site / "example_seed_b.html")
        banner = driver.execute_script(
            "const b = document.querySelector('.ss-warning');"
            "return [b.scrollWidth, b.clientWidth, b.textContent.includes(arguments[0])];",
            LONG_URL,
        )
        assert banner == [banner[1], banner[1], True], banner
    finally:
        driver.quit()


#: Each table's caption and, for a list of works (its first header "Title"), whether the
#: table is wider than its box (so the reader scrolls sideways to see its last columns).
TABLE_FIT = """return Array.from(document.querySelectorAll('.ss-table-wrap')).map(wrap => {
  const table = wrap.querySelector('table'); const caption = table.caption;
  const box = wrap.getBoundingClientRect();
  const shown = caption ? caption.getBoundingClientRect() : null;
  return {caption: caption ? caption.textContent.slice(0, 50) : null,
          length: caption ? caption.textContent.length : 0,
          works: table.tHead.rows[0].cells[0].textContent.startsWith('Title'),
          scrolls: wrap.scrollWidth > wrap.clientWidth,
          inside: !shown || (shown.left >= box.left - 1 && shown.right <= box.right + 1),
          lines: shown ? Math.round(shown.height / parseFloat(getComputedStyle(caption).lineHeight))
                       : 0};
});"""


@examples_only
def test_lists_of_works_fit_and_captions_wrap_within_the_visible_width(site):
    """At common window widths every list of works fits the page's column (its last column,
    the OpenAlex link, in view); in a window too narrow for a table, the table scrolls in its
    box while its caption stays within the visible width, a long one on several lines."""
    driver = chrome(javascript=True)
    try:
        for name in ("overview.html", "example_seed.html"):
            for width in (1300, 800):
                driver.set_window_size(width, 900)
                open_page(driver, site / name)
                tables = driver.execute_script(TABLE_FIT)
                assert any(t["works"] for t in tables), name
                wide = [t["caption"] for t in tables if t["works"] and t["scrolls"]]
                assert not wide, f"{name} at {width} px: lists wider than the page: {wide}"
                cut = [t["caption"] for t in tables if not t["inside"]]
                assert not cut, f"{name} at {width} px: captions running out of view: {cut}"
            driver.set_window_size(420, 900)
            open_page(driver, site / name)
            tables = driver.execute_script(TABLE_FIT)
            scrolling = [t for t in tables if t["scrolls"] and t["caption"]]
            assert scrolling, f"{name}: at 420 px some captioned table must scroll"
            assert all(table["inside"] for table in scrolling), (name, scrolling)
            longest = max(scrolling, key=lambda table: table["length"])
            assert longest["lines"] >= 2, (name, longest)  # it wraps rather than running on
    finally:
        driver.quit()


@examples_only
def test_the_example_pages_have_what_the_browser_must_show(site):
    """Images are embedded and every link to another page reaches a rendered file."""
    for name in PAGES:
        page = (site / name).read_text(encoding="utf-8")
        assert re.search(r'<img [^>]*src="data:image/png;base64,', page) or name in (
            "index.html",
            "example_unresolved.html",
        )
        for href in re.findall(r'<a href="([^"]+)"', page):
            if not urlparse(href).scheme and not href.startswith("#"):
                target = site / unquote(urlparse(href).path)
                assert target.is_file(), f"{name} links to missing {href}"
                anchor = urlparse(href).fragment
                assert not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8"), href
    seed = (site / "example_seed.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('example')&lt;/script&gt;" in seed
