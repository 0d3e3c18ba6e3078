"""'nrcgraph serve' over real HTTP: formats, saved queries with parameters, errors, limits."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

import nrcgraph
from nrcgraph.web.server import Limits, create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app):
    """``app`` on a free local port in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def server():
    import uvicorn

    port = free_port()
    app = create_app(nrcgraph.load(), nrcgraph.Catalogue(), Limits(timeout=0.5, max_rows=100))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


def get(url, accept=None, data=None, ctype=None):
    headers = {}
    if accept:
        headers["Accept"] = accept
    if ctype:
        headers["Content-Type"] = ctype
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read().decode("utf-8")


Q = urllib.parse.quote("SELECT ?m ?date WHERE { ?m a nrc:Meeting ; nrc:date ?date } ORDER BY ?date ?m")


@pytest.mark.parametrize(
    "accept, media, check",
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            lambda body: len(json.loads(body)["results"]["bindings"]) == 3,
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            lambda body: len(ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3,
        ),
        ("text/csv", "text/csv", lambda body: body.splitlines()[0] == "m,date" and len(body.splitlines()) == 4),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            lambda body: body.splitlines()[0] == "?m\t?date" and '"2007-12-07"^^<' in body,
        ),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv", lambda body: body.startswith("m,date")),
    ],
)
def test_select_in_each_format(server, accept, media, check):
    status, ctype, body = get(f"{server}/sparql?query={Q}", accept)
    assert status == 200 and ctype.startswith(media) and check(body)


def test_post_forms_and_construct(server):
    status, _, body = get(
        f"{server}/sparql",
        "application/sparql-results+json",
        b"ASK { person:sergey-lavrov a nrc:Minister }",
        "application/sparql-query",
    )
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    form = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { person:sergey-lavrov ?p ?o }"}).encode()
    status, ctype, body = get(f"{server}/sparql", "text/turtle", form, "application/x-www-form-urlencoded")
    assert status == 200 and ctype.startswith("text/turtle") and "Sergey Lavrov" in body
    status, ctype, body = get(
        f"{server}/sparql?query={urllib.parse.quote('DESCRIBE person:sergey-lavrov')}", "application/n-triples"
    )
    assert status == 200 and ctype.startswith("application/n-triples") and body.count(" .\n") > 3


def test_saved_queries_index_and_parameters(server):
    status, _, body = get(f"{server}/queries")
    names = [q["name"] for q in json.loads(body)["queries"]]
    assert status == 200 and names == nrcgraph.Catalogue().names()
    status, _, body = get(f"{server}/queries/statements-by-person?speaker=person:anders-fogh-rasmussen&format=json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 14
    status, _, body = get(f"{server}/queries/treaty-history.rq")
    assert status == 200 and "?_treaty_iri" in body


@pytest.mark.parametrize(
    "path, status, text",
    [
        ("/queries/nosuch", 404, "no saved query named 'nosuch'"),
        ("/queries/meetings-between?from=2007", 400, "expected xsd:date"),
        ("/queries/meetings?bogus=1", 400, "has no parameter bogus"),
        ("/sparql?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s ?p }"), 400, "SPARQL syntax error"),
        ("/sparql", 400, "give a SPARQL query"),
        ("/sparql?query=" + Q + "&format=turtle", 406, "does not fit"),
    ],
)
def test_errors_are_clear(server, path, status, text):
    code, _, body = get(server + path)
    assert code == status and text in body


def test_read_only(server):
    code, _, body = get(f"{server}/sparql", data=b"DELETE WHERE { ?s ?p ?o }", ctype="application/sparql-update")
    assert code == 403 and "read-only" in body
    code, _, _ = get(f"{server}/sparql", data=b"update=DROP+ALL", ctype="application/x-www-form-urlencoded")
    assert code == 403
    assert json.loads(get(f"{server}/health")[2])["triples"] == len(nrcgraph.load())


def test_row_limit(server):
    code, _, body = get(f"{server}/sparql?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o }')}")
    assert code == 413 and "more than the 100 rows allowed" in body


def test_time_limit():
    """A 10 ms limit and a query that compares 3.6 million pairs: it cannot finish in time on
    any machine, so the answer does not depend on how fast this one is."""
    app = create_app(nrcgraph.load(), nrcgraph.Catalogue(), Limits(timeout=0.01, max_rows=100))
    with serving(app) as base:
        slow = urllib.parse.quote(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER (STRLEN(STR(?c)) > STRLEN(STR(?f))) }"
        )
        code, _, body = get(f"{base}/sparql?query={slow}")
        assert code == 503 and "0.01 s limit" in body


def test_query_page(server):
    code, ctype, body = get(server + "/", "text/html")
    assert code == 200 and ctype.startswith("text/html") and 'fetch("/queries")' in body
    import re

    # Works offline: every script and style sheet comes from this server, vendored in the package.
    assert re.findall(r'(?:src|href)="(/static/[^"]+)"', body) == [
        "/static/yasgui/yasgui.min.css",
        "/static/yasgui/yasgui.min.js",
    ]
    assert not re.search(r"fetch\(\s*[\"'`]https?:", body)  # no fetch from another site
    for asset in ("/static/yasgui/yasgui.min.js", "/static/yasgui/LICENSE"):
        assert get(server + asset)[0] == 200
    code, _, body = get(server + "/vocabulary")
    vocabulary = json.loads(body)
    assert "https://w3id.org/nrcgraph/ontology#Meeting" in vocabulary["classes"]
    assert "https://w3id.org/nrcgraph/ontology#date" in vocabulary["properties"]


def test_a_broken_query_file_is_reported_without_local_paths(tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "fine.rq").write_text("#+ summary: Fine\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    (folder / "latin1.rq").write_bytes(b"#+ summary: caf\xe9\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    app = create_app(nrcgraph.load(), nrcgraph.Catalogue(folder), Limits())
    with serving(app) as base:
        status, _, body = get(f"{base}/queries")
        assert status == 200 and [q["name"] for q in json.loads(body)["queries"]] == ["fine"]
        status, _, body = get(f"{base}/queries/latin1")
        assert status == 500 and "latin1.rq" in body and str(tmp_path) not in body
        status, _, body = get(f"{base}/queries/nosuch")
        assert status == 404 and str(folder) not in body


def test_search_json_and_ranking(server):
    code, _, body = get(f"{server}/search?q=counter-narc")
    hits = json.loads(body)["results"]
    assert code == 200 and hits[0]["label"].startswith("NRC counter-narcotics training")
    code, _, body = get(f"{server}/search?q=" + urllib.parse.quote('"unbalanced ( quotes'))
    assert code == 200  # search syntax in the words is taken as words


def test_entity_pages_negotiate(server):
    for accept, media in (
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
    ):
        code, ctype, body = get(f"{server}/id/person/sergey-lavrov", accept)
        assert code == 200 and ctype.startswith(media) and "sergey-lavrov" in body
    code, ctype, body = get(f"{server}/id/person/sergey-lavrov", "text/html")
    assert code == 200 and ctype.startswith("text/html") and "Sergey Lavrov" in body
    assert get(f"{server}/id/person/nobody", "text/html")[0] == 404
    assert get(f"{server}/ontology", "text/html")[0] == 200


def test_the_query_api_has_an_openapi_description(server):
    code, _, body = get(f"{server}/openapi.json")
    spec = json.loads(body)
    assert code == 200 and spec["openapi"].startswith("3.")
    operation = spec["paths"]["/queries/statements-by-person"]["get"]
    assert operation["summary"] == nrcgraph.Catalogue().get("statements-by-person").summary
    assert [p["name"] for p in operation["parameters"]] == ["speaker", "format"]
    speaker = operation["parameters"][0]
    assert speaker["required"] is False and speaker["schema"]["default"] == "person:sergey-lavrov"  # it has a default
    dated = spec["paths"]["/queries/meetings-between"]["get"]["parameters"][0]
    assert dated["schema"] == {"type": "string", "format": "date", "default": "2000-01-01"}


@pytest.mark.parametrize("name", nrcgraph.Catalogue().names())
def test_every_saved_query_has_a_page(server, name):
    code, ctype, body = get(f"{server}/queries/{name}", "text/html")
    assert code == 200 and ctype.startswith("text/html") and f"<h1>{name}</h1>" in body
    if nrcgraph.Catalogue().get(name).form == "CONSTRUCT":
        assert f"/graph?saved={name}" in body
        code, ctype, _ = get(f"{server}/graph?saved={name}")
        assert code == 200 and ctype.startswith("text/html")
    else:
        assert "<table>" in body or "Answer:" in body


def test_a_suffix_chooses_the_format(server):
    for suffix, media in (
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
    ):
        code, ctype, _ = get(f"{server}/queries/meetings.{suffix}", "text/html")
        assert code == 200 and ctype.startswith(media)
    code, ctype, body = get(f"{server}/queries/co-attendance.ttl")
    assert code == 200 and ctype.startswith("text/turtle") and "coAttended" in body


def test_data_cannot_script_the_pages(tmp_path):
    """A javascript: IRI or markup in a literal, added by anyone, stays text on every page."""
    evil = tmp_path / "evil.ttl"
    evil.write_text(
        '<https://w3id.org/nrcgraph/id/person/mallory> <http://www.w3.org/2000/01/rdf-schema#label> "<script>x()</script> [b]" ;\n'
        "  <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(1)> .\n"
    )
    with serving(create_app(nrcgraph.load(evil, with_bundle=True), nrcgraph.Catalogue(), Limits())) as base:
        for path in ("/id/person/mallory", "/search?q=script"):
            code, _, body = get(base + path, "text/html")
            assert code == 200 and "<script>x()" not in body and 'href="javascript:' not in body
        assert "&lt;script&gt;" in get(base + "/search?q=script", "text/html")[2]
