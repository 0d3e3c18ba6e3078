"""The web pages in a real browser (Debian's chromium, driven by selenium): the YASGUI
editor runs a query against the server and loads nothing from anywhere else."""

from __future__ import annotations

import time

import pytest
from test_export import browser  # noqa: F401  (the shared headless Chromium)
from test_serve import serving

import nrcgraph
from nrcgraph.web.server import Limits, create_app


@pytest.fixture(scope="module")
def site():
    with serving(create_app(nrcgraph.load(), nrcgraph.Catalogue(), Limits())) as base:
        yield base


@pytest.fixture(autouse=True)
def fresh_log(browser):  # noqa: F811
    browser.get_log("browser")  # each test sees only the console messages of its own pages


def wait_for(driver, script, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def test_the_editor_runs_a_query_and_shows_rows(browser, site):  # noqa: F811
    browser.get(site + "/")
    browser.execute_script("localStorage.clear()")  # YASGUI keeps tabs between visits: start afresh
    browser.get(site + "/")
    wait_for(browser, "return window.nrcgraphEditor && document.querySelector('.CodeMirror') !== null")
    browser.execute_script("window.nrcgraphEditor.getTab().getYasqe().query()")
    cells = wait_for(browser, "const t = document.querySelectorAll('.yasr td'); return t.length ? t.length : 0")
    assert cells > 5
    text = browser.execute_script("return document.querySelector('.yasr').innerText")
    assert "2007-12-07" in text and "2012-04-19" in text
    completers = browser.execute_script("return Yasgui.Yasqe.defaults.autocompleters")
    assert {"graph-prefixes", "graph-classes", "graph-properties"} <= set(completers)
    assert not {"prefixes", "class", "property"} & set(completers)  # the remote look-ups are off
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(site) for url in resources), resources
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    browser.save_screenshot(str(site_screenshot("editor")))


def test_the_examples_open_saved_queries(browser, site):  # noqa: F811
    browser.get(site + "/")
    wait_for(browser, "return document.querySelectorAll('#examples a').length")
    browser.execute_script(
        "[...document.querySelectorAll('#examples a')].find(a => a.textContent == 'treaty-history').click()"
    )
    query = wait_for(
        browser,
        "const t = window.nrcgraphEditor.getTab(); return t.getQuery().includes('?_treaty_iri') ? t.getQuery() : ''",
    )
    assert "#+" not in query


def site_screenshot(name: str):
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder / f"{name}.png"


def test_a_saved_query_is_a_form_whose_rows_link_to_entity_pages(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/queries/statements-by-person")
    field = browser.find_element(By.ID, "p-speaker")
    assert field.get_attribute("list") == "l-speaker"  # entities of the graph offered
    browser.execute_script("arguments[0].value = 'person:anders-fogh-rasmussen'", field)
    browser.find_element(By.CSS_SELECTOR, "form:not(.find) button").click()
    wait_for(
        browser, "return location.search.includes('anders-fogh') && document.querySelectorAll('table tr').length > 1"
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "table tr")
    assert len(rows) == 15  # a header and the 14 statements
    assert "speaker=person%3Aanders-fogh-rasmussen" in browser.current_url
    assert "Ten years ago we created" in browser.page_source
    link = browser.find_element(By.CSS_SELECTOR, "table a[href^='/id/statement/']")
    browser.save_screenshot(str(site_screenshot("query-form")))
    link.click()
    wait_for(browser, "return location.pathname.startsWith('/id/statement/')")
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_an_entity_page_quotes_its_passage(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/id/meeting/nrc-foreign-ministers-2012-04-19")
    assert "NRC foreign ministers" in browser.find_element(By.TAG_NAME, "h1").text
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "blockquote .passage")]
    source = (nrcgraph.bundle.data_dir() / "sources").glob("*.txt")
    texts = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in source)
    assert quotes and all(" ".join(q.split()) in texts for q in quotes)  # word for word from the release
    schema = browser.execute_script(
        "return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)"
    )
    assert schema["@id"].endswith("/id/meeting/nrc-foreign-ministers-2012-04-19")
    browser.save_screenshot(str(site_screenshot("entity")))
    # The passage, shown in the release's own text.
    browser.find_element(By.LINK_TEXT, "in the source").click()
    wait_for(browser, "return location.pathname.startsWith('/id/document/')")
    focus = browser.find_element(By.ID, "focus")
    assert " ".join(focus.text.split()) == " ".join(quotes[0].split())
    assert len(browser.find_elements(By.CSS_SELECTOR, ".source mark")) >= 10  # the passages that do not overlap
    browser.execute_script("document.getElementById('focus').scrollIntoView({block: 'center'})")
    browser.save_screenshot(str(site_screenshot("source")))


def test_the_catalogue_page_searches(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/queries?search=treaty")
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table td:first-child a")]
    assert "treaty-history" in names and "meetings" not in names


def test_search_finds_an_entity(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/queries")
    box = browser.find_element(By.CSS_SELECTOR, "header input[name=q]")
    box.send_keys("lavrov\n")
    wait_for(browser, "return location.pathname === '/search' && document.querySelectorAll('ol li').length")
    first = browser.find_element(By.CSS_SELECTOR, "ol li a")
    assert first.text == "Sergey Lavrov"  # the label match ranks above passages that mention him
    browser.save_screenshot(str(site_screenshot("search")))
    first.click()
    wait_for(browser, "return location.pathname === '/id/person/sergey-lavrov'")
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert "Timeline" in headings and "Neighbourhood" in headings
    assert browser.find_elements(By.CSS_SELECTOR, "svg circle")


def test_the_timeline_and_the_graph_view(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(site + "/timeline")
    years = [h.text for h in browser.find_elements(By.TAG_NAME, "h3")]
    assert years == sorted(years) and "2007" in years and "2012" in years
    assert "(date inferred)" in browser.page_source
    browser.save_screenshot(str(site_screenshot("timeline")))
    browser.get(site + "/graph?saved=co-attendance")
    wait_for(browser, "return window.nrcViewer && window.nrcViewer.ready", timeout=60)
    assert browser.execute_script("return nrcViewer.drawnNodes") > 3
    labels = browser.execute_script("return nrcViewer.labels")
    assert labels and not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
    )
    browser.save_screenshot(str(site_screenshot("graph")))
