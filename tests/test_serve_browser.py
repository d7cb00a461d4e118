"""The explorer in a real browser: headless Debian Chromium driven by Playwright, as a person
uses it. Nothing is downloaded: Playwright launches /usr/bin/chromium, which .ci/run installs
with apt-get, so in CI these tests run and never skip."""

from __future__ import annotations

import os
import re

import pytest
from browser_support import CHROMIUM, launch_chromium

if not CHROMIUM.is_file():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh Chromium profile, headless, for this module's tests."""
    with playwright.sync_playwright() as driver:
        profile = tmp_path_factory.mktemp("chromium-profile")
        context = launch_chromium(driver, profile, width=1200, height=900)
        yield context
        context.close()


@pytest.fixture
def page(browser, server):
    tab = browser.new_page()
    tab.set_default_timeout(20_000)
    tab.base = server.url  # type: ignore[attr-defined]
    yield tab
    tab.close()


def test_search_pd1_lands_on_pd1_then_pembrolizumab_shows_its_keytruda_sentence(page):
    page.goto(page.base + "/")
    page.fill("#q", "pd1")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/entity/PD-1$"))
    assert page.inner_text("#entity-label").startswith("PD-1")
    page.click("a[href='/entity/pembrolizumab'] >> nth=0")
    page.wait_for_url(re.compile(r"/entity/pembrolizumab$"))
    sentence = page.locator("blockquote.sentence", has_text="Keytruda (pembrolizumab)").first
    marked = sentence.locator("mark").all_inner_texts()
    assert "Keytruda" in marked and "pembrolizumab" in marked
    background = sentence.locator("mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # drawn highlighted


def test_a_sparql_query_shows_its_rows(page):
    page.goto(page.base + "/query")
    assert "PREFIX ikg:" in page.input_value("#query")
    page.fill(
        "#query", "SELECT ?drug WHERE { ?d a ikg:Drug ; skos:prefLabel ?drug } ORDER BY ?drug"
    )
    page.click("button:has-text('Run query')")
    page.wait_for_selector("#results tbody tr")
    cells = page.locator("#results tbody tr td").all_inner_texts()
    assert "pembrolizumab" in cells and len(cells) > 10


def test_the_neighbourhood_graph_draws_nodes_and_a_click_opens_a_page(page):
    page.goto(page.base + "/neighbourhood/PD-1")
    page.wait_for_function("window.immunokgGraph && window.immunokgGraph.nodes().length > 1")
    nodes = page.evaluate("window.immunokgGraph.nodes().map(n => n.data('label'))")
    assert {"PD-1", "pembrolizumab", "nivolumab"} <= set(nodes)
    assert page.locator("#graph canvas").count() > 0
    box = page.locator("#graph").bounding_box()
    where = page.evaluate("window.immunokgGraph.$id('nivolumab').renderedPosition()")
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    page.wait_for_url(re.compile(r"/entity/nivolumab$"))


def test_the_drug_list_sorts_by_a_click_on_a_heading(page):
    page.goto(page.base + "/drugs?target=PD-1")
    first = page.locator("#answer tbody tr td:first-child").all_inner_texts()
    page.click("#answer th >> text=drug")
    page.click("#answer th >> text=drug")
    again = page.locator("#answer tbody tr td:first-child").all_inner_texts()
    assert again == sorted(first, reverse=True) and again != first
