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
    """Where a page's screenshot goes: a temporary folder, or the folder named by
    NRCGRAPH_SCREENSHOTS (docs/screenshots refreshes the README's pictures)."""
    import os
    import tempfile
    from pathlib import Path

    folder = Path(os.environ.get("NRCGRAPH_SCREENSHOTS") or Path(tempfile.gettempdir()) / "nrcgraph-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"
