"""Attacks on the parsers and on loading (issue 23), made on real ``nrcgraph`` processes on
every engine (Oxigraph in memory, rdflib, an Oxigraph store made by ``load``).

Every hostile file is refused with exit 1 or 2 and exactly one line on stderr naming it:
no traceback, no signal, no process over 1 GB (each runs with a 2 GB address-space
limit, and its peak resident size is read from ``wait4``), and no connection out (the
files point at a local listener that counts the connections it gets). A ``load`` killed
at random moments and run again always ends with the triples of a clean load.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Listener

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "good" / "new-meeting.ttl"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
GB = 1024**3
MARKER = "nrcgraph-loading.json"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    maxrss: int  # bytes


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * GB, 2 * GB))


def nrcgraph(*args: str, cwd: Path, timeout: float = 180) -> Run:
    """Run ``python -m nrcgraph ARGS`` in its own process, within 2 GB of address space."""
    out, err = cwd / ".stdout", cwd / ".stderr"
    with open(out, "wb") as fo, open(err, "wb") as fe:
        proc = subprocess.Popen(
            [sys.executable, "-m", "nrcgraph", *args],
            cwd=cwd,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=fo,
            stderr=fe,
            preexec_fn=_limits,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        proc.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        usage.ru_maxrss * 1024,
    )


def refused(run: Run, name: str) -> str:
    """The one line of a refusal, checked: exit 1 or 2, no signal, no traceback, < 1 GB."""
    assert run.returncode >= 0, f"killed by signal {-run.returncode}: {run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode in (1, 2), (run.returncode, run.stderr[-2000:])
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr[-3000:]
    assert name in lines[0], lines[0]
    assert run.maxrss < GB, f"peak memory {run.maxrss / GB:.2f} GB"
    return lines[0]


# --- the listener, the hostile files and a store ------------------------------------------


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()
    assert server.connections == 0, f"{server.connections} connection(s) out"


@pytest.fixture(autouse=True)
def no_connection(listener):
    before = listener.connections
    yield
    assert listener.connections == before, "a process connected out"


RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def billion_laughs() -> str:
    """The classic: ten entities, each ten of the one before (a 751-byte file, 3 GB of text)."""
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(entities)
        + f'\n]>\n<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/a">'
        "<ex:p>&a9;</ex:p></rdf:Description></rdf:RDF>\n"
    )


def xml_with(doctype: str, text: str = "x") -> str:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/a">'
        f"<ex:p>{text}</ex:p></rdf:Description></rdf:RDF>\n"
    )


def deep_objects(depth: int) -> str:
    return (
        "".join(f'{{"@id":"http://example.org/a{i}","http://example.org/p":' for i in range(depth))
        + '"x"'
        + "}" * depth
    )


def deep_arrays(depth: int) -> str:
    return '{"@id":"http://example.org/a","http://example.org/p":' + "[" * depth + '"x"' + "]" * depth + "}"


@pytest.fixture(scope="module")
def attacks(tmp_path_factory, listener):
    """The hostile files by name; the first four are tried with every command."""
    folder = tmp_path_factory.mktemp("attacks")
    url = f"http://127.0.0.1:{listener.port}"
    big = b"x" * (17 * 1024 * 1024)  # over the parsers' 16 MiB limit (rdf.formats.MAX_TOKEN)
    (folder / "ctx.jsonld").write_text('{"@context": {"p": "http://example.org/p"}}')
    files: dict[str, str | bytes] = {
        "laughs.rdf": billion_laughs(),
        "deep.jsonld": deep_objects(10_000),
        "remote-context.jsonld": f'{{"@context": "{url}/context.jsonld", "@id": "http://example.org/a", "p": "x"}}',
        "huge-literal.ttl": b'<http://example.org/a> <http://example.org/p> "' + big + b'" .\n',
        # variants
        "entity-file.rdf": xml_with('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
        "entity-http.rdf": xml_with(f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{url}/entity">]>', "&x;"),
        "parameter-entity.rdf": xml_with(f'<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>'),
        "outside-dtd.rdf": xml_with(f'<!DOCTYPE rdf:RDF SYSTEM "{url}/rdf.dtd">'),
        "deep-arrays.jsonld": deep_arrays(10_000),
        "file-context.jsonld": '{"@context": "ctx.jsonld", "@id": "http://example.org/a", "p": "x"}',
        "import-context.jsonld": f'{{"@context": {{"@import": "{url}/c.jsonld"}}, "@id": "http://example.org/a"}}',
        "scoped-context.jsonld": (
            f'{{"@context": {{"p": {{"@id": "http://example.org/p", "@context": "{url}/s.jsonld"}}}}, '
            '"@id": "http://example.org/a", "p": {"http://example.org/q": "x"}}'
        ),
        "huge-literal.jsonld": b'{"@id": "http://example.org/a", "http://example.org/p": "' + big + b'"}',
    }
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from nrcgraph import bundle
    from nrcgraph.ingest.load import load_store

    folder = tmp_path_factory.mktemp("store") / "store"
    load_store(bundle.default_sources(), folder)
    return folder


ENGINES = ("oxigraph", "rdflib", "store")
MAIN = ("laughs.rdf", "deep.jsonld", "remote-context.jsonld", "huge-literal.ttl")
VARIANTS = (
    "entity-file.rdf",
    "entity-http.rdf",
    "parameter-entity.rdf",
    "outside-dtd.rdf",
    "deep-arrays.jsonld",
    "file-context.jsonld",
    "import-context.jsonld",
    "scoped-context.jsonld",
    "huge-literal.jsonld",
)


def commands(engine: str, store: Path, path: Path, work: Path) -> dict[str, list[str]]:
    """The commands that read a file, as each engine runs them."""
    if engine == "store":
        return {
            "validate": ["--store", str(store), "validate", str(path)],
            "add": ["--store", str(store), "add", str(path), "--dry-run"],
            "load": ["load", str(path), "--store", str(store)],
        }
    flags = ["--engine", "rdflib"] if engine == "rdflib" else []
    return {
        "validate": [*flags, "validate", str(path)],
        "add": [*flags, "add", str(path), "--dry-run"],
        "stats": [*flags, "--data", str(path), "stats"],
        "export": [*flags, "--data", str(path), "export", "-f", "graphml", "-o", str(work / "out.graphml")],
    }


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", MAIN)
def test_every_command_refuses_a_hostile_file(attacks, store, tmp_path, engine, name):
    for command, args in commands(engine, store, attacks / name, tmp_path).items():
        line = refused(nrcgraph(*args, cwd=tmp_path), name)
        assert line.startswith("Error: "), (command, line)
    assert not (tmp_path / "out.graphml").exists(), "an export of a bad file wrote something"
    assert not (store / MARKER).exists()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", VARIANTS)
def test_hostile_variants_are_refused(attacks, store, tmp_path, engine, name):
    args = commands(engine, store, attacks / name, tmp_path)["load" if engine == "store" else "stats"]
    refused(nrcgraph(*args, cwd=tmp_path), name)


def test_the_same_words_on_every_engine(attacks, tmp_path):
    for name in (*MAIN, *VARIANTS):
        lines = {
            refused(nrcgraph(*flags, "--data", str(attacks / name), "stats", cwd=tmp_path), name)
            for flags in ([], ["--engine", "rdflib"])
        }
        assert len(lines) == 1, lines


def test_files_within_the_limits_still_load(tmp_path):
    (tmp_path / "deep.jsonld").write_text(deep_objects(99))
    (tmp_path / "plain.rdf").write_text(xml_with("<!DOCTYPE rdf:RDF [<!ELEMENT rdf:RDF ANY>]>"))
    for name, triples in (("deep.jsonld", 99), ("plain.rdf", 1)):
        for flags in ([], ["--engine", "rdflib"]):
            run = nrcgraph(*flags, "--data", str(tmp_path / name), "stats", "-f", "csv", cwd=tmp_path)
            assert run.returncode == 0 and not run.stderr, run.stderr
            assert f"{name},{triples}" in run.stdout


# --- the same answer on every engine ------------------------------------------------------

BAD_DATE = (
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    '<https://w3id.org/nrcgraph/id/meeting/x> <https://w3id.org/nrcgraph/ontology#date> "2007-13-45"^^xsd:date .\n'
)


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "-f", "csv"],
        ["sparql", "SELECT ?d WHERE { ?m ?p ?d }", "-f", "csv"],
        ["export", "-f", "nodelink", "-o", "out.json"],
    ],
)
def test_an_ill_formed_literal_answers_alike(tmp_path, args):
    """Parsers keep an ill-formed literal as it is (validation reports it): both engines
    answer the same, and rdflib's warning and traceback never reach the user."""
    bad = tmp_path / "baddate.ttl"
    bad.write_text(BAD_DATE)
    answers = []
    for flags in ([], ["--engine", "rdflib"]):
        run = nrcgraph(*flags, "--data", str(bad), *args, cwd=tmp_path)
        assert "Traceback" not in run.stderr and "Failed to convert" not in run.stderr, run.stderr
        written = (tmp_path / "out.json").read_text() if (tmp_path / "out.json").exists() else ""
        answers.append((run.returncode, run.stdout, run.stderr, written))
        (tmp_path / "out.json").unlink(missing_ok=True)
    assert answers[0] == answers[1]


def test_an_ill_formed_literal_is_a_finding_on_every_engine(tmp_path):
    bad = tmp_path / "baddate.ttl"
    bad.write_text(BAD_DATE)
    for flags in ([], ["--engine", "rdflib"]):
        run = nrcgraph(*flags, "validate", str(bad), cwd=tmp_path)
        assert run.returncode == 1 and "IllFormedLiteral" in run.stdout, (run.stdout, run.stderr)
        assert "Traceback" not in run.stderr and not run.stderr.strip(), run.stderr


# --- loads that finish or say so -----------------------------------------------------------


def count(store: Path, cwd: Path) -> int:
    run = nrcgraph(
        "--store", str(store), "sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv", cwd=cwd
    )
    assert run.returncode == 0, run.stderr
    return int(run.stdout.split()[-1])


def test_a_killed_load_run_again_ends_as_a_clean_load(tmp_path):
    made = nrcgraph("generate", "--triples", "60000", "-o", str(tmp_path / "gen"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    gen = str(tmp_path / "gen")
    clean = tmp_path / "clean"
    started = time.monotonic()
    assert nrcgraph("load", gen, "--store", str(clean), cwd=tmp_path).returncode == 0
    took = time.monotonic() - started
    expected = count(clean, tmp_path)
    stopped_seen = 0
    for attempt in range(20):
        store = tmp_path / f"s{attempt}"
        args = [sys.executable, "-m", "nrcgraph", "load", gen, "--store", str(store)]
        proc = subprocess.Popen(args, cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.1, took))
        proc.kill()  # SIGKILL: no clean-up of any kind
        finished = proc.wait() == 0
        if (store / MARKER).exists():
            stopped_seen += 1
            if stopped_seen <= 3:  # a reader is told, in one line, how to finish it
                says = refused(nrcgraph("--store", str(store), "stats", cwd=tmp_path), str(store))
                assert "nrcgraph load" in says and "not finished" in says
        again = nrcgraph("load", gen, "--store", str(store), cwd=tmp_path)
        assert again.returncode >= 0 and "Traceback" not in again.stderr, again.stderr
        if again.returncode == 0:
            assert f"{expected:,} triples loaded" in again.stderr.splitlines()[-1], again.stderr
        else:  # the first run had finished: this one is refused as a repeat, in one line
            assert finished or not (store / MARKER).exists()
            refused(again, "already in the store")
        assert not (store / MARKER).exists()
        assert count(store, tmp_path) == expected, f"attempt {attempt}"


def test_a_store_that_cannot_be_read_says_so_in_one_line(tmp_path, store):
    import shutil

    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken"
    shutil.copytree(store, broken)
    for manifest in broken.glob("MANIFEST-*"):
        manifest.write_bytes(b"not a manifest")
    for folder in (empty, broken):
        for args in (["stats"], ["query", "meetings", "-f", "csv"], ["add", str(GOOD), "--dry-run"]):
            says = refused(nrcgraph("--store", str(folder), *args, cwd=tmp_path), str(folder))
            assert "nrcgraph load" in says
