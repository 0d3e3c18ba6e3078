"""'nrcgraph serve' is safe to leave running: it reaches nothing outside the graph, stops
queries at their limits (and really stops them), bounds its queue, request bodies and
the hosts it answers, and never crashes on a query."""

from __future__ import annotations

import concurrent.futures
import os
import time
import urllib.parse

import pytest
from test_serve import get, serving

import nrcgraph
from nrcgraph.web.server import Limits, create_app

PRODUCT3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def q(text: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(text)


@pytest.fixture(scope="module")
def graph():
    return nrcgraph.load()


@pytest.fixture(scope="module")
def guarded(graph):
    app = create_app(
        graph,
        nrcgraph.Catalogue(),
        Limits(timeout=1.0, max_rows=100, workers=2, queue=1, max_body=10_000, allow_hosts=("127.0.0.1", "localhost")),
    )
    with serving(app) as base:
        yield base, app


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_service_is_refused_unless_its_host_is_allowed(graph, guarded):
    base, _ = guarded
    target = base + "/sparql"
    code, _, body = get(base + q(f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} LIMIT 1"))
    assert code == 403 and "SERVICE" in body and "--allow-service 127.0.0.1" in body
    code, _, body = get(base + q("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }"))
    assert code == 403 and "variable" in body
    allowed = create_app(graph, nrcgraph.Catalogue(), Limits(allow_service=("127.0.0.1",)))
    with serving(allowed) as other:
        code, _, body = get(other + q(f"SELECT ?s WHERE {{ SERVICE <{target}> {{ ?s a nrc:Meeting }} }}"))
        assert code == 200 and "meeting" in body


def test_from_a_local_file_or_remote_graph_is_refused_on_every_engine(tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'hidden' .\n")
    for engine in ("oxigraph", "rdflib"):
        app = create_app(nrcgraph.load(engine_name=engine), nrcgraph.Catalogue(), Limits())
        with serving(app) as base:
            code, _, body = get(base + q(f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"))
            assert code == 403 and "hidden" not in body
            code, _, _ = get(base + q("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }"))
            assert code == 403


def test_from_one_of_the_graphs_own_files_is_allowed(graph, guarded):
    base, _ = guarded
    own = next(g for g in graph.engine.graphs() if g.endswith("reference.ttl"))
    code, _, _ = get(base + q(f"SELECT (COUNT(*) AS ?n) FROM <{own}> WHERE {{ ?s ?p ?o }}"))
    assert code == 200


def test_updates_are_refused(guarded):
    base, _ = guarded
    code, _, body = get(base + q("LOAD <http://example.org/data.ttl>"))
    assert code == 403 and "read-only" in body


def test_the_time_limit_stops_the_work(guarded):
    """Within a second of the 503 no worker computes: the one that ran over is gone."""
    base, app = guarded
    pool = app.app.state.pool
    before = set(pool.pids())
    start = time.monotonic()
    code, _, body = get(base + q(PRODUCT3))
    took = time.monotonic() - start
    assert code == 503 and "stopped" in body and took < 5
    gone = [pid for pid in before if not alive(pid)]
    assert len(gone) == 1  # the worker that ran over was killed, and replaced
    assert len(pool.pids()) == 2
    used = {pid: cpu_seconds(pid) for pid in pool.pids()}
    time.sleep(1.0)
    assert all(cpu_seconds(pid) - seconds < 0.1 for pid, seconds in used.items()), "a worker is still busy"
    code, _, _ = get(base + q("ASK { ?s ?p ?o }"))
    assert code == 200  # and the server answers the next query


def test_concurrency_is_bounded_with_retry_after(guarded):
    base, _ = guarded
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: get(base + q(PRODUCT3)), range(6)))
    codes = [a[0] for a in answers]
    assert all(c == 503 for c in codes)
    busy = [a for a in answers if "busy" in a[2]]
    assert len(busy) >= 3  # two workers, one waiting place: the other three are told to come back


def test_the_row_limit_stops_a_result_as_it_is_read(guarded):
    base, _ = guarded
    start = time.monotonic()
    code, _, body = get(base + q("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
    assert code == 413 and "100 rows" in body
    assert time.monotonic() - start < 1.0  # 6.9 billion rows: never built, only the first 101 read


def test_request_bodies_are_capped_and_never_echoed(guarded):
    base, _ = guarded
    big = b"SELECT * WHERE { ?s ?p '" + b"x" * 50_000 + b"' }"
    code, _, body = get(base + "/sparql", data=big, ctype="application/sparql-query")
    assert code == 413 and len(body) < 200
    code, _, body = get(
        base + "/sparql", data="SELECT * WHERE { ?s ?p 'caf\xe9' }".encode("latin-1"), ctype="application/sparql-query"
    )
    assert code == 400 and "not UTF-8" in body


def test_long_bad_queries_are_not_echoed_whole(guarded):
    base, _ = guarded
    bad = "SELECT * WHERE { ?s ?p " + "?o " * 2000 + "<"
    code, _, body = get(base + "/sparql", data=bad.encode(), ctype="application/sparql-query")
    assert code == 400 and len(body) <= 1001


def test_deep_nesting_is_refused_and_the_server_lives(guarded):
    base, _ = guarded
    code, _, body = get(
        base + "/sparql", data=("SELECT * WHERE " + "{" * 3000 + "}" * 3000).encode(), ctype="application/sparql-query"
    )
    assert code == 400 and "nests more than" in body
    assert get(base + "/health")[0] == 200


def test_only_the_served_host_names_are_answered(guarded):
    import http.client

    base, _ = guarded
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", "/health", headers={"Host": "evil.example"})
    assert connection.getresponse().status == 400


def test_cors_is_off_unless_asked_for(graph, guarded):
    import http.client

    base, _ = guarded
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", "/health", headers={"Origin": "http://other.example"})
    assert connection.getresponse().getheader("access-control-allow-origin") is None
    with serving(create_app(graph, nrcgraph.Catalogue(), Limits(cors=("http://other.example",)))) as other:
        parts = urllib.parse.urlsplit(other)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", "/health", headers={"Origin": "http://other.example"})
        assert connection.getresponse().getheader("access-control-allow-origin") == "http://other.example"


def test_a_worker_over_its_memory_limit_ends_with_a_503(graph):
    app = create_app(graph, nrcgraph.Catalogue(), Limits(timeout=20, workers=1, memory_mb=300))
    with serving(app) as base:
        hungry = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
        code, _, body = get(base + q(hungry))
        assert code == 503 and "memory" in body
        assert get(base + q("ASK { ?s ?p ?o }"))[0] == 200


def test_a_query_error_keeps_its_worker(guarded):
    """Only work that must stop costs a worker: a bad query or a large answer does not."""
    base, app = guarded
    pool = app.app.state.pool
    before = sorted(pool.pids())
    assert get(base + q("SELECT ?s WHERE { ?s ?p }"))[0] == 400
    assert get(base + q("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"))[0] == 413
    assert sorted(pool.pids()) == before
