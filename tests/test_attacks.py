"""Attacks on what a query may reach, as a careful tester makes them, on every engine.

Each query below tries to make nrcgraph connect to a local listener (which counts the
connections it gets) or read a local file, by hiding its target from a naive check:
comments, line breaks, escapes, prefixes, BASE, SILENT, NAMED. Every one must be refused
in one line, with exit 2 from the command line and 403 from the server, and the listener
must see no connection. Real processes throughout: the ``nrcgraph`` command, a real
store made by ``nrcgraph load``, a real ``nrcgraph serve``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import Listener

SECRET = "nrcgraph-attack-secret-line"


@pytest.fixture(scope="module")
def listener():
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text(f'<urn:x:s> <urn:x:p> "{SECRET}" .\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store") / "store"
    subprocess.run([sys.executable, "-m", "nrcgraph", "load", "--store", str(folder)], check=True, capture_output=True)
    return folder


def attacks(port: int, secret: str) -> list[str]:
    """Queries that try to reach the listener or read ``secret``, each hiding it differently."""
    target = f"http://127.0.0.1:{port}/x"
    escaped = "".join(f"\\u{ord(c):04X}" for c in "SERVICE")
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE #x\n<{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT#x\n<{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service\tsilent\n#a\n#b\n<{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {escaped} <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <\\u0068ttp://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE e:x {{ ?s ?p ?o }} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <x> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { BIND(<http://127.0.0.1:1/> AS ?svc) SERVICE ?svc { ?s ?p ?o } }",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM#c\n<{secret}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED#c\n<{secret}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} # tail\nLIMIT 1 SERVICE <{target}> {{ }}",
        f"LOAD <{target}>",
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "PREFIX : <urn:x:>\nDELETE WHERE { ?s ?p ?o }",
    ]


ENGINES = {
    "oxigraph": [],
    "rdflib": ["--engine", "rdflib"],
}


def nrcgraph(*args: str, **kw):
    return subprocess.run([sys.executable, "-m", "nrcgraph", *args], capture_output=True, text=True, timeout=120, **kw)


def assert_refused(proc, what: str) -> None:
    assert proc.returncode in (1, 2), f"{what}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, what
    assert len(proc.stderr.strip().splitlines()) == 1, f"{what}: {proc.stderr!r}"
    assert SECRET not in proc.stdout, what


@pytest.mark.parametrize("engine", [*ENGINES, "store"])
def test_the_command_line_refuses_every_attack_and_reaches_nothing(engine, listener, secret_file, store, tmp_path):
    before = listener.connections
    options = ["--store", str(store)] if engine == "store" else ENGINES[engine]
    for query in attacks(listener.port, secret_file.as_uri()):
        proc = nrcgraph(*options, "sparql", query)
        assert_refused(proc, f"{engine}: {query!r}")
        assert proc.returncode == 2, query
    time.sleep(0.3)
    assert listener.connections == before, f"{engine}: {listener.connections - before} connections out"


def test_a_refusal_says_which_target_and_how_to_allow_it(listener):
    proc = nrcgraph("sparql", f"SELECT * WHERE {{ SERVICE #x\n<http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}")
    assert f"SERVICE <http://127.0.0.1:{listener.port}/x> is refused" in proc.stderr
    assert "--allow-service 127.0.0.1" in proc.stderr


def test_allow_service_lets_the_named_host_through_and_no_other(listener):
    before = listener.connections
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
    allowed = nrcgraph("--allow-service", "127.0.0.1", "sparql", query, "--format", "csv")
    assert allowed.returncode == 0, allowed.stderr
    time.sleep(0.3)
    assert listener.connections > before  # the operator's choice: it did connect
    other = nrcgraph("--allow-service", "example.org", "sparql", query)
    assert other.returncode == 2


def test_the_graph_own_named_graphs_may_be_named_in_from():
    from nrcgraph import bundle

    data = bundle.data_dir() / "2007-12-07-nrc-foreign-ministers-meet.ttl"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{data.resolve().as_uri()}> WHERE {{ ?s ?p ?o }}"
    for options in ENGINES.values():
        proc = nrcgraph(*options, "sparql", query, "--format", "csv")
        assert proc.returncode == 0, proc.stderr
        assert int(proc.stdout.splitlines()[1]) > 100


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { FILTER(" + "!" * 50_000 + "true) }",
        "SELECT * WHERE { FILTER(" + "- " * 5_000 + "1) }",
        "SELECT * WHERE " + "{" * 3_000 + "}" * 3_000,
        "SELECT * WHERE { FILTER(" + "(" * 3_000 + "1" + ")" * 3_000 + ") }",
        "SELECT * WHERE { ?s " + "!(" * 2_000 + "<urn:p>" + ")" * 2_000 + " ?o }",
    ],
    ids=["not", "minus", "braces", "parentheses", "paths"],
)
@pytest.mark.parametrize("engine", [*ENGINES, "store"])
def test_deep_nesting_is_refused_before_any_engine_parses_it(query, engine, store):
    options = ["--store", str(store)] if engine == "store" else ENGINES[engine]
    proc = nrcgraph(*options, "sparql", query)
    assert proc.returncode == 1, proc.stderr
    assert "nests more than 40 levels" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_strings_and_comments_that_mention_service_are_not_refused():
    query = (
        'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/> FROM <file:///etc/passwd>" AS ?x) }'
        " # SERVICE <http://127.0.0.1:1/>\n"
    )
    proc = nrcgraph("sparql", query, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "SERVICE <http://127.0.0.1:1/>" in proc.stdout


def test_the_tokens_cover_the_query_exactly():
    from nrcgraph.rdf.reach import tokens

    query = "PREFIX e: <http://x/> SELECT ?a WHERE { ?a e:p\\.q 'it''s' . FILTER(?a != -1.5e3) } # c"
    kinds = [kind for kind, _ in tokens(query)]
    assert "pname" in kinds and "string" in kinds and "iri" in kinds and "other" not in kinds


def served(engine_options, port):
    return subprocess.Popen(
        [sys.executable, "-m", "nrcgraph", *engine_options, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_server_refuses_every_attack_and_reaches_nothing(engine, listener, secret_file):
    port = free_port()
    server = served(ENGINES[engine], port)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                assert server.poll() is None and time.time() < deadline, "the server did not start"
                time.sleep(0.2)
        before = listener.connections
        for query in attacks(listener.port, secret_file.as_uri()):
            request = urllib.request.Request(
                base + "/sparql",
                data=urllib.parse.urlencode({"query": query}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(request, timeout=30).read()
            body = caught.value.read().decode()
            assert caught.value.code in (400, 403), (query, caught.value.code, body)
            assert SECRET not in body and "Traceback" not in body
        time.sleep(0.3)
        assert listener.connections == before, f"{listener.connections - before} connections out"
    finally:
        server.terminate()
        server.wait(timeout=10)
