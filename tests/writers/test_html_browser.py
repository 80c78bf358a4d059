"""The HTML brief in a real headless browser (Debian's chromium + chromedriver, driven by selenium):
the facts tables, the scoreboard and its sorting work with no console error, no network request
and the strict CSP. Skipped, saying why, where no browser is installed (.ci/run installs one)."""
from __future__ import annotations

import json
import shutil

import pytest

from zonesum.pipeline import run
from zonesum.writers import write

from articles import DATA

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="no chromium/chromedriver: apt-get install -y chromium chromium-driver")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # the installed browser: selenium never fetches one
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _visual_order(driver, selector: str) -> list[str]:
    rows = driver.find_elements("css selector", selector)
    return [r.text.split("\n")[0] for r in sorted(rows, key=lambda r: r.location["y"])]


def test_html_brief_in_a_browser_facts_scoreboard_sorting_no_errors_no_network(browser, tmp_path):
    result = run(DATA / "facts-four-zones-scoreboard.txt", "offline", offline=True)
    page = next(p for p in write(result, tmp_path, formats=["html"]))
    browser.get_log("performance")  # start clean
    browser.get(page.as_uri())
    assert browser.find_elements("css selector", "table.facts")
    assert "擂台 · Scoreboard" in browser.find_element("css selector", ".scoreboard").text
    assert browser.find_elements("css selector", ".changes svg rect")
    rows = ".scoreboard tbody tr"
    assert _visual_order(browser, rows)[0] == "江州经济技术开发区"  # article order
    browser.find_element("css selector", "label[for$='sort-a0']").click()  # GDP, smallest first
    assert _visual_order(browser, rows)[:3] == ["江州滨江新区", "江州高新区", "江州经济技术开发区"]
    browser.find_element("css selector", "label[for$='sort-d1']").click()  # investment, largest first
    assert _visual_order(browser, rows)[0] == "江州经济技术开发区"
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    assert [u for u in _requests(browser) if u != page.as_uri()] == []
