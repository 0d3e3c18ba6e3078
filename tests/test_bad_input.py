"""Bad input, on every engine: every command answers a bad file, value or query with exit
1 or 2 and a message that names what is wrong (the file, and the line where there is
one), never a traceback, and changes nothing.

The engines: Oxigraph in memory (the bundle), rdflib, an Oxigraph store on disk, and a
remote SPARQL endpoint (a real ``nrcgraph serve`` in its own process).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import served

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good" / "new-meeting.ttl"
ENGINES = ("oxigraph", "rdflib", "store", "endpoint")


@pytest.fixture(scope="session")
def inputs(tmp_path_factory):
    """The bad files, made once."""
    folder = tmp_path_factory.mktemp("bad-inputs")
    files = {
        "syntax": ("@prefix nrc: <https://w3id.org/nrcgraph/ontology#> .\n\n<urn:a> nrc:date .\n", 3),
        "not-utf8": (b'<urn:a> <urn:b> "caf\xe9" .\n', None),
        "huge-literal": (b'<urn:a> <urn:b> "' + b"x" * (17 * 1024 * 1024) + b'" .\n', None),
    }
    made = {}
    for name, (content, line) in files.items():
        path = folder / f"{name}.ttl"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        made[name] = (path, line)
    odd = folder / "meeting.weird"
    odd.write_bytes(GOOD.read_bytes())
    made["unknown-extension"] = (odd, None)
    queries = folder / "queries"
    queries.mkdir()
    (queries / "at-time.rq").write_text(
        "#+ summary: A dateTime parameter\nSELECT ?t WHERE { BIND(?_t_xsd_dateTime AS ?t) }\n"
    )
    (queries / "latin1.rq").write_bytes(b"#+ summary: caf\xe9\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    # The header is read when it matters: here, for the parameter's default.
    (queries / "bad-header.rq").write_text("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?__o } LIMIT 1\n")
    made["queries"] = (queries, None)
    malformed = folder / "malformed-ontology.ttl"
    malformed.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<urn:o> a owl:Ontology ;\n")
    made["malformed-ontology"] = (malformed, 3)
    return made


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    from nrcgraph import bundle
    from nrcgraph.ingest.load import load_store

    folder = tmp_path_factory.mktemp("store") / "store"
    load_store(bundle.default_sources(), folder)
    return folder


@pytest.fixture(scope="session")
def endpoint():
    with served() as base:
        yield base + "/sparql"


@pytest.fixture(params=ENGINES)
def engine(request, store, endpoint):
    return {
        "oxigraph": [],
        "rdflib": ["--engine", "rdflib"],
        "store": ["--store", str(store)],
        "endpoint": ["--endpoint", endpoint],
    }[request.param]


def fingerprint(*paths: Path) -> dict:
    """The bytes of files; the content (every quad) of stores, whose own files change on opening."""
    import nrcgraph

    out = {}
    for root in paths:
        if root.is_dir():
            graph = nrcgraph.open_store(root)
            try:
                lines = sorted(" ".join(t.n3() for t in q.triple) + f" {q.graph}" for q in graph.quads())
            finally:
                graph.close()
            out[str(root)] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        elif root.is_file():
            out[str(root)] = hashlib.sha256(root.read_bytes()).hexdigest()
    return out


def refused(result, *names: str, codes=(1, 2)) -> str:
    """The checks every case shares; returns the error line."""
    output = result.output
    assert result.exit_code in codes, output
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("Error")]
    assert errors, output
    for name in names:
        assert name in errors[0], errors[0]
    return errors[0]


# --- query values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        (["query", "meetings-between", "-p", "from=2010-13-45"], "out of range"),
        (["query", "meetings-between", "-p", "from=2010-02-30"], "out of range"),
        (["query", "treaty-history", "-p", "treaty=foo:bar"], "unknown prefix 'foo:'"),
        (["query", "no-such-query"], "no saved query"),
        (["query", "meetings", "-p", "nope=1"], "no parameter nope"),
    ],
)
def test_bad_query_values(run, engine, args, says):
    assert says in refused(run(*engine, *args), codes=(2,))


def test_bad_datetime_value(run, engine, inputs):
    queries, _ = inputs["queries"]
    line = refused(
        run(*engine, "--queries-dir", str(queries), "query", "at-time", "-p", "t=2008-01-01T25:99:99"), codes=(2,)
    )
    assert "out of range" in line
    ok = run(*engine, "--queries-dir", str(queries), "query", "at-time", "-p", "t=2008-01-01T09:30:00", "-f", "csv")
    assert ok.exit_code == 0 and "2008-01-01T09:30:00" in ok.output


@pytest.mark.parametrize("name, says", [("latin1", "not UTF-8"), ("bad-header", "not valid YAML")])
def test_a_broken_query_file_is_named_and_hides_nothing_else(run, engine, inputs, name, says):
    queries, _ = inputs["queries"]
    assert says in refused(run(*engine, "--queries-dir", str(queries), "query", name), f"{name}.rq")
    listed = run(*engine, "--queries-dir", str(queries), "queries", "-f", "csv")
    assert listed.exit_code == 0 and "at-time" in listed.output
    assert f"{name}.rq" in listed.output  # the warning names the file


# --- queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, says",
    [
        ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, "nests more than"),
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nests more than"),
        ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error"),
    ],
)
def test_bad_sparql(run, engine, text, says):
    assert says in refused(run(*engine, "sparql", text), codes=(1,))


def test_deep_nesting_never_crashes_the_process(tmp_path):
    """In a real process: the engine would overflow its stack (a segfault) without the limit."""
    query = tmp_path / "deep.rq"
    query.write_text("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000)
    done = subprocess.run(
        [sys.executable, "-m", "nrcgraph", "sparql", "-q", str(query)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and "nests more than" in done.stderr


def test_query_file_that_is_not_utf8(run, engine, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b'SELECT * WHERE { ?s ?p "caf\xe9" }')
    refused(run(*engine, "sparql", "-q", str(bad)), "bad.rq", codes=(2,))


# --- validate and add ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, says",
    [
        ("syntax", "syntax error"),
        ("not-utf8", "not UTF-8"),
        ("huge-literal", "16 MiB"),
        ("unknown-extension", "unknown RDF file type"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "add"])
def test_bad_data_files(run, engine, inputs, tmp_path, command, name, says):
    path, line = inputs[name]
    target = tmp_path / "target.ttl"
    target.write_bytes(GOOD.read_bytes())
    extra = ["--to", str(target)] if command == "add" and "--store" not in engine else []
    before = fingerprint(target, *(Path(engine[1]),) if "--store" in engine else ())
    error = refused(run(*engine, command, str(path), *extra), path.name, codes=(2,))
    assert says in error
    if line:
        assert f"{path.name}:{line}" in error
    assert fingerprint(target, *(Path(engine[1]),) if "--store" in engine else ()) == before


@pytest.mark.parametrize("where", ["missing-folder", "existing-folder"])
def test_add_to_a_bad_target(run, engine, tmp_path, where):
    target = tmp_path / "nowhere" / "x.ttl" if where == "missing-folder" else tmp_path
    if "--store" in engine:  # a store is the target: --to beside it is refused before anything
        refused(run(*engine, "add", str(GOOD), "--to", str(target)), "--to", codes=(2,))
        assert not (tmp_path / "nowhere").exists()
        return
    refused(run(*engine, "add", str(GOOD), "--to", str(target)), str(target))
    assert not (tmp_path / "nowhere").exists()


def test_add_to_a_store_with_a_target_file_is_a_usage_error(run, store, tmp_path):
    refused(run("--store", str(store), "add", str(GOOD), "--to", str(tmp_path / "x.ttl")), "--to", codes=(2,))


def test_two_adds_into_one_store_at_once(store, tmp_path):
    """The loser gets a clear message, not the database's lock error."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                f"import time, pyoxigraph; s = pyoxigraph.Store({str(store)!r}); print('held', flush=True); time.sleep(30)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        done = subprocess.run(
            [sys.executable, "-m", "nrcgraph", "add", str(GOOD), "--store", str(store)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2 and "in use by another nrcgraph" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        holder.kill()
        holder.wait()


# --- export and analyze --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, says",
    [
        (["export", "-f", "graphml", "-o", "{tmp}"], "is a folder"),
        (["export", "-f", "graphml", "-o", "{tmp}/g.graphml", "--since", "20x2"], "is not a date"),
        (["export", "-f", "graphml", "-o", "{tmp}/g.graphml", "--until", "2012-02-30"], "is not a date"),
        (["export", "-f", "graphml", "-o", "{tmp}/g.graphml", "--around", "foo:bar"], "unknown prefix"),
        (["analyze", "timeline", "--since", "20x2"], "is not a date"),
        (["analyze", "path", "person:nobody", "treaty:cfe"], "person:nobody"),
    ],
)
def test_bad_network_options(run, engine, tmp_path, args, says):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert says in refused(run(*engine, *args))
    assert not (tmp_path / "g.graphml").exists()


# --- load, push, ontology-docs -------------------------------------------------------------


def test_load_refuses_a_bad_file_and_keeps_the_store(run, inputs, tmp_path):
    store = tmp_path / "s"
    assert run("load", "--store", str(store)).exit_code == 0
    import nrcgraph

    before = len(nrcgraph.open_store(store))
    for name in ("syntax", "huge-literal", "not-utf8"):
        path, _ = inputs[name]
        refused(run("load", str(path), "--store", str(store)), path.name)
        assert len(nrcgraph.open_store(store)) == before


@pytest.mark.parametrize(
    "engine_args, says",
    [
        (["--engine", "rdflib"], "no persistent store"),
        (["--endpoint", "http://127.0.0.1:9/sparql"], "push"),
    ],
)
def test_load_on_engines_without_a_store(run, tmp_path, engine_args, says):
    assert says in refused(run(*engine_args, "load", str(GOOD), "--store", str(tmp_path / "s")), codes=(2,))
    assert not (tmp_path / "s").exists()


def test_push_to_bad_addresses(run, engine):
    refused(run(*engine, "push", "--endpoint", "ftp://example.org/data"), "http(s) URL", codes=(2,))
    refused(run(*engine, "push", "--endpoint", "http://127.0.0.1:9/data", "--batch", "100000"), "cannot reach")


def test_ontology_docs_of_a_malformed_ontology(run, inputs, tmp_path):
    path, line = inputs["malformed-ontology"]
    out = tmp_path / "docs"
    refused(run("ontology-docs", "--ontology", str(path), "-o", str(out), "--no-svg"), path.name)
    assert not out.exists()


def test_a_remote_endpoint_refuses_writes_at_once(run, endpoint):
    refused(run("--endpoint", endpoint, "add", str(GOOD)), "endpoint", codes=(2,))
