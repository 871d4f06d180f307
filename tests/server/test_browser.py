"""End to end in headless Chromium: type a question, click a citation, check the highlighted span is the quote.

Needs Debian's `chromium` and `chromium-driver` (apt-get install -y chromium chromium-driver) and selenium;
skipped with the reason when any is absent. The page talks only to the uvicorn server on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import TIZANIDINE, XSS_DOC, Live

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the dev extra)")

from selenium.webdriver.chrome.service import Service as ChromeService  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists()
                                                else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("chromium / chromedriver not installed (apt-get install -y chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="medbrief-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1000"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=ChromeService(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: WebDriver, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def ask_in_page(driver: WebDriver, live: Live, question: str) -> None:
    driver.get(live.url + "/")
    box = driver.find_element(By.ID, "question")
    box.send_keys(question)
    driver.find_element(By.ID, "ask-button").click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#brief button.cite"))


def statements_in_order(brief: dict) -> list[dict]:
    """Statements in the order the page renders them (its data-statement index)."""
    return [st for s in brief["sections"] for b in s["blocks"] for st in b["statements"]]


def click_and_read(driver: WebDriver, button: WebElement) -> list[str]:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#source-passage mark"))
    # textContent, not .text: the raw characters, whatever CSS does to whitespace
    return [m.get_attribute("textContent") for m in driver.find_elements(By.CSS_SELECTOR, "#source-passage mark")]


def expected_quotes(brief: dict, button: WebElement) -> list[str]:
    st = statements_in_order(brief)[int(button.get_attribute("data-statement"))]
    ref = int(button.get_attribute("data-ref"))
    return [s["quote"] for s in st["support"] if s["ref"] == ref]


def test_citation_highlights_the_quote_and_markup_stays_text(browser: WebDriver, live_small: Live,
                                                             tmp_path: Path) -> None:
    brief = httpx.post(live_small.url + "/ask", json={"question": TIZANIDINE}, timeout=30).json()
    ask_in_page(browser, live_small, TIZANIDINE)
    assert browser.find_element(By.CSS_SELECTOR, "#brief h2.question").text == TIZANIDINE
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#brief section.tier > h2")]
    assert titles == ["From the Guidelines", "From the FDA Drug Label", "From the Research"]
    assert browser.find_element(By.CSS_SELECTOR, "#notes h2").text == "What the corpus lacks"
    notes = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#notes li")]
    assert notes == brief["notes"]

    label_cite = browser.find_element(By.CSS_SELECTOR, "section.tier-label button.cite")
    marks = click_and_read(browser, label_cite)
    assert marks == expected_quotes(brief, label_cite)
    assert "ok" in browser.find_element(By.ID, "source-check").get_attribute("class")
    link = browser.find_element(By.ID, "source-link")
    assert link.get_attribute("href").startswith("https://dailymed.nlm.nih.gov/")

    # The guideline record holds <script>, <img onerror> and a javascript: link: all must show as text.
    xss_ref = next(r["n"] for r in brief["references"] if r["doc_id"] == XSS_DOC)
    xss_cite = browser.find_element(By.CSS_SELECTOR, f"section.tier-guideline button.cite[data-ref='{xss_ref}']")
    marks = click_and_read(browser, xss_cite)
    assert marks == expected_quotes(brief, xss_cite)
    assert any("<img src=x" in m for m in marks)
    assert "<script>" in browser.find_element(By.ID, "source-title").text
    assert browser.execute_script("return window.__xss") is None
    for region in ("#brief", "#source"):
        assert not browser.find_elements(By.CSS_SELECTOR, f"{region} script, {region} img, {region} b")
    assert not browser.find_element(By.ID, "source-link").is_displayed()  # javascript: URL never becomes a link
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    browser.save_screenshot(str(tmp_path / "small-store.png"))
    assert (tmp_path / "small-store.png").stat().st_size > 10_000


def test_phone_width_has_no_horizontal_scroll(browser: WebDriver, live_small: Live, tmp_path: Path) -> None:
    browser.set_window_size(400, 900)
    ask_in_page(browser, live_small, TIZANIDINE)
    click_and_read(browser, browser.find_element(By.CSS_SELECTOR, "button.cite"))
    width = browser.execute_script("return window.innerWidth")
    assert width <= 500
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    panel = browser.find_element(By.ID, "source").rect
    assert panel["width"] <= width  # the source opens as a sheet, not a column off-screen
    browser.save_screenshot(str(tmp_path / "phone.png"))


def test_error_is_shown_not_thrown(browser: WebDriver, live_small: Live) -> None:
    browser.get(live_small.url + "/")
    browser.find_element(By.ID, "question").send_keys("What is flibbertonib used for?")
    browser.find_element(By.ID, "ask-button").click()
    wait(browser).until(lambda d: d.find_element(By.ID, "error").is_displayed())
    assert "flibbertonib" in browser.find_element(By.ID, "error").text


@pytest.mark.data
def test_tizanidine_on_the_real_store(browser: WebDriver, live_real: Live, tmp_path: Path) -> None:
    brief = httpx.post(live_real.url + "/ask", json={"question": TIZANIDINE}, timeout=30).json()
    ask_in_page(browser, live_real, TIZANIDINE)
    buttons = browser.find_elements(By.CSS_SELECTOR, "section.tier-label button.cite")
    assert buttons
    marks = click_and_read(browser, buttons[0])
    assert marks and marks == expected_quotes(brief, buttons[0])
    highlighted = browser.find_element(By.CSS_SELECTOR, "#source-passage mark").text
    assert highlighted == marks[0].strip() or highlighted in marks[0]
    browser.save_screenshot(str(tmp_path / "tizanidine.png"))
    assert (tmp_path / "tizanidine.png").stat().st_size > 10_000
