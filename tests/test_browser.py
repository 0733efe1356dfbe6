"""Every report page opens in headless Chromium from file:// with nothing broken or leaking.

The example pages (``notebooks/example-data/``: three seeds, one with a pasted bibliography,
one unresolved, a title holding ``<script>``) are rendered into one folder as the workflow lays
them out, then opened one by one. A page fails on any console message of level SEVERE (a
script error, a resource that did not load), an image that did not decode, an alert (a script
smuggled in through outside text), or a request for anything but ``file:`` and ``data:`` URLs.
The browser cannot resolve any host name, so a page that needs the network also shows up as
an error. A full-page screenshot of each page is saved under ``test-artifacts/browser/``.

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

#: The pages as the workflow writes them: file name -> (notebook, parameters).
PAGES = {
    "index.html": ("index", {}),
    "overview.html": ("overview", {}),
    "example_seed.html": ("seed_report", {}),
    **{
        f"{seed}.html": (
            "seed_report",
            {"seed_id": seed, "tables_dir": f"example-data/interim/{seed}", "bibliography": False},
        )
        for seed in ("example_seed_b", "example_unresolved")
    },
}


#: A folder of rendered pages to check instead of the example pages (optional).
REPORTS_DIR = os.environ.get("SEEDSCOPE_REPORTS_DIR")
NAMES = sorted(p.name for p in Path(REPORTS_DIR).glob("*.html")) if REPORTS_DIR else list(PAGES)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if REPORTS_DIR:
        return Path(REPORTS_DIR).resolve()
    folder = tmp_path_factory.mktemp("site")
    for name, (notebook, parameters) in PAGES.items():
        render_report(NOTEBOOKS / f"{notebook}.ipynb", parameters, folder / name)
    return folder


@pytest.fixture(scope="module")
def browser():
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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
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


@pytest.mark.parametrize("name", NAMES)
def test_page_opens_offline_without_errors(site, browser, name):
    from selenium.common.exceptions import NoAlertPresentException

    browser.get_log("browser"), browser.get_log("performance")  # start clean
    page = site / name
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.title, "the page has a title"

    try:
        alert = browser.switch_to.alert.text
    except NoAlertPresentException:
        alert = None
    assert alert is None, f"a script ran and raised an alert: {alert!r}"

    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, "
        "i.alt.slice(0, 80)])"
    )
    broken = [alt for loaded, alt in images if not loaded]
    assert not broken, f"images that did not load: {broken}"

    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"console errors: {errors}"

    outside = [
        url for url in requested_urls(browser) if urlparse(url).scheme not in ("file", "data")
    ]
    assert not outside, f"requests leaving the page: {outside}"

    scripts = browser.execute_script("return document.scripts.length")
    assert scripts == 0, "a page needs no script"
    screenshot(browser, ARTIFACTS / name.replace(".html", ".png"))


@pytest.mark.skipif(bool(REPORTS_DIR), reason="checks the example pages")
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
                assert (site / unquote(href)).is_file(), f"{name} links to missing {href}"
    seed = (site / "example_seed.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('example')&lt;/script&gt;" in seed
