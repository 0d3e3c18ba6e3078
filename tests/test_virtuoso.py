"""Integration with a real SPARQL server: Debian's Virtuoso, started on local ports with its
own database folder. The seed graph and a generated 100k-triple graph are pushed through
the Graph Store Protocol, every saved query runs there, and the answers must equal the
embedded engine's. The server is stopped afterwards."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from golden_cases import cases
from virtuoso_server import Virtuoso

import nrcgraph
from nrcgraph.graph import connect
from nrcgraph.ingest.generate import write_file
from nrcgraph.ingest.push import push
from nrcgraph.rdf.sparql import code_only

GOOD = Path(__file__).resolve().parent / "good" / "new-meeting.ttl"

pytestmark = pytest.mark.skipif(
    shutil.which("virtuoso-t") is None, reason="Debian's virtuoso-opensource is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh server holding the seed graph, compared with the embedded engine at once:
    Virtuoso's transitive-path bug (below) also shows on the seed graph once the database
    holds other graphs, whatever order the tests run in."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    graph = nrcgraph.load()
    server.seed_report = push(
        graph,
        server.graph_store,
        "urn:nrcgraph:seed",
        server.user,
        server.password,
        state_dir=tmp_path_factory.mktemp("state"),
    )
    server.seed_remote_size = len(connect(server.sparql, graphs=["urn:nrcgraph:seed"]))
    server.seed_differences = compare_all(connect(server.sparql, graphs=["urn:nrcgraph:seed"]), graph)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def seeded(virtuoso):
    graph = nrcgraph.load()
    assert virtuoso.seed_report["triples"] == len(graph)
    return graph


# Virtuoso 7.2.5 (Debian 12) loses rows of queries with a transitive property path
# (amendedVersionOf*, skos:broader*) once the graph is large enough for its planner to
# reorder them: it answers them exactly on the seed graph, and on the 100k graph it can
# give a subset of the right answer. Those are checked as a subset there, so a wrong
# extra row still fails; every other query must be identical.
TRANSITIVE = re.compile(r"[\w>)]\s*[*+]\s*[?<\w(]")


def transitive(query) -> bool:
    return bool(TRANSITIVE.search(code_only(query.text)))


def subset(theirs, ours) -> bool:
    if theirs.kind == "ask":
        return ours.boolean or not theirs.boolean
    if theirs.kind == "graph":
        return set(theirs.triples) <= set(ours.triples)
    return set(map(tuple, theirs.rows)) <= set(map(tuple, ours.rows))


def compare_all(remote, local, large=False):
    catalogue = nrcgraph.Catalogue()
    differ = []
    for name, params in cases(catalogue.names()):
        query = catalogue.get(name)
        theirs, ours = query.run(remote, params), query.run(local, params)
        if theirs.comparable() == ours.comparable():
            continue
        if large and transitive(query) and subset(theirs, ours):
            continue
        differ.append((name, params))
    return differ


def test_every_saved_query_answers_the_same_on_virtuoso(virtuoso, seeded):
    assert virtuoso.seed_remote_size == len(seeded)
    assert virtuoso.seed_differences == []


def test_cli_runs_saved_queries_against_the_endpoint(run, virtuoso, seeded):
    result = run(
        "--endpoint",
        virtuoso.sparql,
        "--endpoint-graph",
        "urn:nrcgraph:seed",
        "query",
        "extended-programmes",
        "-f",
        "csv",
    )
    assert result.exit_code == 0 and "nrc-counter-narcotics-training" in result.output
    assert "triples" in run("--endpoint", virtuoso.sparql, "stats", "-f", "csv").output
    bad = run("--endpoint", virtuoso.sparql, "sparql", "SELECT ?s WHERE { ?s ?p }")
    assert bad.exit_code == 1 and "answered 400" in bad.output


def test_a_generated_100k_graph_answers_the_same(virtuoso, seeded, tmp_path):
    data = tmp_path / "generated.ttl"
    write_file(data, 100_000, seed=11)
    generated = nrcgraph.load(data)
    push(
        generated,
        virtuoso.graph_store,
        "urn:nrcgraph:generated",
        virtuoso.user,
        virtuoso.password,
        batch=20_000,
        state_dir=tmp_path,
    )
    local = nrcgraph.load(data, with_bundle=True)
    remote = connect(virtuoso.sparql, graphs=["urn:nrcgraph:seed", "urn:nrcgraph:generated"])
    assert len(remote) == len(local)
    assert compare_all(remote, local, large=True) == []


def test_an_interrupted_push_resumes(virtuoso, tmp_path):
    graph = nrcgraph.load()
    sent = []

    def stop_after_two(count):
        sent.append(count)
        if len(sent) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        push(
            graph,
            virtuoso.graph_store,
            "urn:nrcgraph:resume",
            virtuoso.user,
            virtuoso.password,
            batch=500,
            state_dir=tmp_path,
            progress=stop_after_two,
        )
    report = push(
        graph,
        virtuoso.graph_store,
        "urn:nrcgraph:resume",
        virtuoso.user,
        virtuoso.password,
        batch=500,
        state_dir=tmp_path,
    )
    # Batches of 500 triples, blank-node closures kept whole: the first two are skipped.
    assert report["skipped"] == 2 and report["batches"] == -(-len(graph) // 500)
    count = (
        connect(virtuoso.sparql)
        .query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:nrcgraph:resume> { ?s ?p ?o } }")
        .rows[0][0]
        .value
    )
    assert int(count) == len(graph)


def test_the_transitive_check_finds_the_path_queries():
    catalogue = nrcgraph.Catalogue()
    found = {q.name for q in catalogue if transitive(q)}
    assert {"treaty-history", "actors-by-topic", "meetings-about-treaty", "are-connected"} <= found
    assert "meetings" not in found and "statements" not in found


def test_wrong_password_is_a_clear_error(virtuoso, tmp_path):
    with pytest.raises(nrcgraph.NrcgraphError, match="401"):
        push(nrcgraph.load(), virtuoso.graph_store, "urn:nrcgraph:x", "dba", "wrong", state_dir=tmp_path)


def test_pushing_changed_data_replaces_the_graph(virtuoso, tmp_path):
    """The first batch is PUT: nothing of an earlier push of other data stays on the server."""
    target = "urn:nrcgraph:replace"
    full = nrcgraph.load()
    push(full, virtuoso.graph_store, target, virtuoso.user, virtuoso.password, batch=500, state_dir=tmp_path)
    smaller = nrcgraph.load(GOOD)
    push(smaller, virtuoso.graph_store, target, virtuoso.user, virtuoso.password, batch=500, state_dir=tmp_path)
    remote = connect(virtuoso.sparql).query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
    assert int(remote.rows[0][0].value) == len(smaller)


def test_a_damaged_state_file_means_starting_over(virtuoso, tmp_path):
    import hashlib

    target = "urn:nrcgraph:damaged"
    key = hashlib.sha256(f"{virtuoso.graph_store} {target}".encode()).hexdigest()[:12]
    (tmp_path / f".nrcgraph-push-{key}.json").write_text("{not json")
    graph = nrcgraph.load()
    report = push(graph, virtuoso.graph_store, target, virtuoso.user, virtuoso.password, batch=500, state_dir=tmp_path)
    assert report["skipped"] == 0 and report["triples"] == len(graph)
