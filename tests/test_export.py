"""Exports for visualization, the HTML viewer in a real browser, and the network analytics."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import nrcgraph
from nrcgraph.network.files import FORMATS, write
from nrcgraph.network.project import Filters, from_construct, to_networkx

LAVROV = "https://w3id.org/nrcgraph/id/person/sergey-lavrov"
M07 = "https://w3id.org/nrcgraph/id/meeting/nrc-foreign-ministers-2007-12-07"


@pytest.fixture(scope="module")
def net(graph):
    return to_networkx(graph)


def test_projection_nodes_are_entities_with_scalar_attributes(net):
    assert net.number_of_nodes() == 74
    assert all(d["class"] and d["label"] for _, d in net.nodes(data=True))
    meeting = net.nodes[M07]
    assert meeting["date"] == "2007-12-07" and meeting["inferred"] == "date"
    assert meeting["meetingKind"] == "NRC ministerial meeting"  # a coded value: an attribute, not a node
    assert meeting["sources"] == "NATO-Russia foreign ministers meet"
    assert all(isinstance(v, str) for _, d in net.nodes(data=True) for v in d.values())


def test_nary_facts_collapse_into_edges(net, graph):
    participations = [(a, b) for a, b, d in net.edges(data=True) if d["label"] == "participatedIn"]
    assert len(participations) == 8 and (LAVROV, M07) in participations
    said = [d for a, b, d in net.edges(data=True) if a == LAVROV and d["label"] == "spokeAt"]
    assert len(said) == 1 and said[0]["text"].startswith("The 12th of December")
    kept = to_networkx(graph, collapse=False)
    assert kept.number_of_nodes() == 74 + 8 + 18 + 26 + 3 + 1 + 1
    assert {d["class"] for _, d in kept.nodes(data=True)} >= {"Participation", "Statement", "Position", "Decision"}


def test_sources_can_be_nodes(graph):
    g = to_networkx(graph, keep_sources=True)
    assert sum(d["class"] == "PressRelease" for _, d in g.nodes(data=True)) == 2


@pytest.mark.parametrize(
    "filters, check",
    [
        (
            Filters(classes=("Meeting",)),
            lambda g: {d["class"] for _, d in g.nodes(data=True)} == {"Meeting"} and len(g) == 5,
        ),
        (
            Filters(classes=("Agent",)),
            lambda g: (
                {d["class"] for _, d in g.nodes(data=True)}
                == {"Person", "Minister", "Organisation", "State", "Group"}  # a post is not an agent
            ),
        ),
        (
            Filters(properties=("participatedIn",)),
            lambda g: {d["label"] for *_, d in g.edges(data=True)} == {"participatedIn"},
        ),
        (Filters(around="person:sergey-lavrov", radius=1), lambda g: LAVROV in g and len(g) == 9),
        (
            Filters(since="2012", until="2012"),
            lambda g: M07 not in g and all(d.get("date", "2012")[:4] == "2012" for _, d in g.nodes(data=True)),
        ),
    ],
)
def test_filters(graph, filters, check):
    assert check(to_networkx(graph, filters=filters))


def test_construct_query_as_input(graph, catalogue):
    saved = catalogue.get("treaty-graph")
    g = to_networkx(from_construct(graph, saved.text, saved.bindings()))
    assert "https://w3id.org/nrcgraph/id/treaty/cfe" in g and len(g) < 20


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_round_trip(net, tmp_path, fmt):
    path = write(net, fmt, tmp_path / f"g.{fmt}")[0]
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    assert back.nodes[LAVROV]["label"] == "Sergey Lavrov"


def test_cytoscape_json_structure(net, tmp_path):
    data = json.loads(write(net, "cytoscape", tmp_path / "g.json")[0].read_text())
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert len(ids) == 74 and all(n["data"]["colour"].startswith("#") for n in data["elements"]["nodes"])
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in data["elements"]["edges"])
    assert len(data["elements"]["edges"]) == net.number_of_edges()


def test_node_link_round_trip(net, tmp_path):
    data = json.loads(write(net, "nodelink", tmp_path / "g.json")[0].read_text())
    back = nx.node_link_graph(data, edges="links")
    assert back.number_of_nodes() == 74 and back.number_of_edges() == net.number_of_edges()


def test_csv_lists(net, tmp_path):
    nodes, edges = write(net, "csv", tmp_path / "tables")
    node_rows = list(csv.DictReader(nodes.open()))
    edge_rows = list(csv.DictReader(edges.open()))
    assert len(node_rows) == 74 and len(edge_rows) == net.number_of_edges()
    assert {r["source"] for r in edge_rows} <= {r["id"] for r in node_rows}


def test_dot_and_graphviz_images(net, tmp_path):
    dot = write(net, "dot", tmp_path / "g.dot")[0].read_text()
    assert dot.startswith("digraph") and dot.count(" -> ") == net.number_of_edges()
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    svg = ET.parse(write(net, "svg", tmp_path / "g.svg")[0]).getroot()
    assert svg.tag.endswith("svg")
    assert write(net, "png", tmp_path / "g.png")[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_images_without_graphviz_are_a_clear_error(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no 'dot' on this PATH
    result = run("export", "-f", "svg", "-o", str(tmp_path / "g.svg"))
    assert result.exit_code == 2 and "needs Graphviz" in result.output
    assert not (tmp_path / "g.svg").exists()


def test_html_is_self_contained(net, tmp_path):
    text = write(net, "html", tmp_path / "g.html")[0].read_text()
    assert "<script src" not in text and "<link" not in text and "@import" not in text
    assert '"label":"Sergey Lavrov"' in text


def test_cli_offers_every_export_format():
    from nrcgraph.cli.common import EXPORT_FORMATS
    from nrcgraph.interchange import FORMATS as INTERCHANGE

    assert EXPORT_FORMATS == FORMATS + INTERCHANGE


def test_every_format_from_the_cli(run, tmp_path):
    for fmt in FORMATS:
        if fmt in ("svg", "png") and shutil.which("dot") is None:
            continue
        out = tmp_path / (fmt if fmt == "csv" else f"g.{fmt}")
        result = run("export", "-f", fmt, "-o", str(out), "--class", "Agent", "--class", "Meeting")
        assert result.exit_code == 0, result.output
        assert out.exists()


# --- analytics ------------------------------------------------------------------------


def test_centrality(net):
    from nrcgraph.network.analyze import centrality

    rows = centrality(net, top=3).dicts()
    assert rows[0]["label"] == "NATO" and len(rows) == 3
    assert rows[0]["betweenness"] >= rows[1]["betweenness"] >= rows[2]["betweenness"]


def test_components(net):
    from nrcgraph.network.analyze import components

    assert [r["size"] for r in components(net).dicts()] == [74]


def test_shortest_path_with_facts(net):
    from nrcgraph.network.analyze import path

    rows = path(net, "person:sergey-lavrov", "treaty:cfe").dicts()
    assert len(rows) == 2 and rows[0]["from"] == LAVROV and rows[-1]["to"].endswith("/treaty/cfe")
    assert rows[0]["fact"] and rows[0]["sources"]


def test_timeline(net):
    from nrcgraph.network.analyze import timeline

    rows = timeline(net).dicts()
    assert rows[0]["date"] == "1997" and rows[0]["inferredDate"] is True
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_co_attendance(net):
    from nrcgraph.network.analyze import co_attendance

    g = co_attendance(net)
    assert g[LAVROV]["https://w3id.org/nrcgraph/id/group/nato-foreign-ministers"]["weight"] == 2
    assert g.number_of_edges() == 6


def test_analyze_cli(run):
    result = run("analyze", "path", "person:sergey-lavrov", "state:germany", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.output)
    missing = run("analyze", "path", "person:nobody", "state:germany")
    assert missing.exit_code == 2 and "not a node" in missing.output


# --- the viewer in a real browser -------------------------------------------------------

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def open_viewer(driver, path: Path, timeout: float = 60):
    import time

    driver.get(path.as_uri())
    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.execute_script("return !!(window.nrcViewer && window.nrcViewer.ready)"):
            return
        time.sleep(0.1)
    raise AssertionError("the viewer did not finish its layout")


def non_background_pixels(driver) -> int:
    return driver.execute_script("""
        const c = document.getElementById('canvas'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i+1] < 240 || d[i+2] < 240) n++;
        return n;""")


OVERLAPS = """
    const b = nrcViewer.labels; let n = 0;
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++)
      if (b[i][0] < b[j][2] && b[j][0] < b[i][2] && b[i][1] < b[j][3] && b[j][1] < b[i][3]) n++;
    return [b.length, n];"""


def test_viewer_draws_the_graph(browser, net, tmp_path):
    page = write(net, "html", tmp_path / "viewer.html")[0]
    open_viewer(browser, page)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert browser.execute_script("return [nrcViewer.nodes, nrcViewer.drawnNodes, nrcViewer.drawnEdges]") == [
        74,
        74,
        net.number_of_edges(),
    ]
    assert non_background_pixels(browser) > 5000
    labels, overlapping = browser.execute_script(OVERLAPS)
    assert labels >= 20 and overlapping == 0  # labels where they fit, none over another
    png = browser.get_screenshot_as_png()
    assert len(png) > 20_000
    # Click-to-inspect: the details name the source document.
    browser.execute_script(f"nrcViewer.select('{LAVROV}')")
    details = browser.find_element("id", "details").text
    assert "Sergey Lavrov" in details and "sources" in details and "NATO-Russia foreign ministers meet" in details
    # Search and the time filter.
    box = browser.find_element("id", "search")
    box.send_keys("lavrov")
    assert browser.execute_script("return nrcViewer.matches") == 1
    assert browser.execute_script("return nrcViewer.setTime(2012, 2012)") < 73


def test_viewer_is_usable_at_5000_nodes(browser, tmp_path):
    from nrcgraph.ingest.generate import write_file

    data = tmp_path / "big.ttl"
    write_file(data, 36_000, seed=2)
    big = to_networkx(nrcgraph.load(data), collapse=False)
    assert big.number_of_nodes() >= 5000
    page = write(big, "html", tmp_path / "big.html")[0]
    open_viewer(browser, page, timeout=120)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert browser.execute_script("return nrcViewer.drawnNodes") == big.number_of_nodes()
    assert non_background_pixels(browser) > 50_000
    labels, overlapping = browser.execute_script(OVERLAPS)
    assert labels >= 10 and overlapping == 0


def edges_of(g) -> list:
    return sorted((a, b, k, tuple(sorted(d.items()))) for a, b, k, d in g.edges(keys=True, data=True))


@pytest.mark.parametrize("keep_nary", [False, True])
def test_streamed_graphml_is_the_networkx_projection(graph, tmp_path, keep_nary):
    """`export -f graphml` with no filter streams the projection without networkx: read
    back, it is the networkx projection, node for node and edge for edge, attributes too."""
    from nrcgraph.network.files import stream_graphml

    path = tmp_path / "streamed.graphml"
    nodes, edges = stream_graphml(graph, path, collapse=not keep_nary)
    expected = to_networkx(graph, collapse=not keep_nary)
    back = nx.read_graphml(path, force_multigraph=True)
    assert (nodes, edges) == (expected.number_of_nodes(), expected.number_of_edges())
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert edges_of(back) == edges_of(expected)


def test_graphml_with_a_filter_still_filters(run, tmp_path):
    out = tmp_path / "agents.graphml"
    done = run("export", "-f", "graphml", "-o", str(out), "--class", "Agent")
    assert done.exit_code == 0
    classes = {d["class"] for _, d in nx.read_graphml(out).nodes(data=True)}
    assert {"Person", "State"} <= classes and not classes & {"Meeting", "Treaty", "Programme"}
