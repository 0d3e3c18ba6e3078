"""Scale: the generator, the persistent store, and the benchmark runner at a small size."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import nrcgraph
from nrcgraph.errors import DataError, UsageError
from nrcgraph.graph import open_store
from nrcgraph.ingest.generate import write_file
from nrcgraph.ingest.load import load_store
from nrcgraph.validation.shacl import validate

ROOT = Path(__file__).resolve().parent.parent


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_generator_is_deterministic(tmp_path):
    a, b, c = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "c.ttl"
    assert write_file(a, 5_000, seed=7) == write_file(b, 5_000, seed=7)
    write_file(c, 5_000, seed=8)
    assert digest(a) == digest(b) != digest(c)


@pytest.mark.parametrize("size", [1_000, 20_000])
def test_generator_hits_the_size_it_says(tmp_path, size):
    path = tmp_path / "g.ttl"
    written = write_file(path, size, seed=1)
    assert size * 0.95 <= written <= size
    assert len(nrcgraph.load(path)) == written


def test_generated_data_conforms_and_has_the_real_mix(tmp_path):
    path = tmp_path / "g.ttl"
    write_file(path, 3_000, seed=2)
    report = validate(path)
    assert report.conforms, [str(f) for f in report.findings if f.severity == "Violation"][:5]
    counts = {
        row[0].value.rsplit("#", 1)[-1]
        for row in nrcgraph.load(path).query("SELECT DISTINCT ?c WHERE { ?s a ?c }").rows
    }
    assert counts >= {
        "Meeting",
        "Participation",
        "Statement",
        "Position",
        "Decision",
        "Treaty",
        "TreatyEvent",
        "Programme",
        "Person",
        "PressRelease",
    }


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    data = folder / "generated.ttl"
    write_file(data, 3_000, seed=4)
    from nrcgraph import bundle

    load_store([*bundle.default_sources(), data], folder / "store")
    return data, folder / "store"


def test_store_answers_like_the_in_memory_graph(stored, catalogue):
    data, store = stored
    memory, disk = nrcgraph.load(data, with_bundle=True), open_store(store)
    assert len(memory) == len(disk)
    for query in catalogue:
        assert query.run(disk).comparable() == query.run(memory).comparable(), query.name
    assert disk.stats().per_file == memory.stats().per_file


def test_store_rejects_a_bad_file_and_keeps_what_it_had(stored, tmp_path):
    _, store = stored
    before = len(open_store(store))
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "x ;\n')
    with pytest.raises(DataError, match="bad.ttl:3"):
        load_store([bad], store)
    assert len(open_store(store)) == before


def test_store_refuses_a_file_twice_unless_replaced(stored, tmp_path):
    data, store = stored
    with pytest.raises(UsageError, match="already in the store"):
        load_store([data], store)
    before = len(open_store(store))
    load_store([data], store, replace=True)
    assert len(open_store(store)) == before


def test_read_commands_take_a_store(run, stored, tmp_path):
    _, store = stored
    s = str(store)
    assert run("--store", s, "query", "meetings", "-f", "csv").output.count("\n") > 50
    assert run("--store", s, "sparql", "ASK { ?m a nrc:Meeting }").output == "true\n"
    assert "triples" in run("--store", s, "stats", "-f", "csv").output
    assert run("--store", s, "export", "-f", "graphml", "-o", str(tmp_path / "g.graphml")).exit_code == 0
    assert run("--store", s, "validate", str(ROOT / "tests" / "good" / "new-meeting.ttl")).exit_code == 0
    assert run("--store", str(tmp_path / "none"), "query", "meetings").exit_code == 2


def test_cli_generate_and_load(run, tmp_path):
    result = run("generate", "--triples", "2000", "--seed", "5", "-o", str(tmp_path / "gen"))
    assert result.exit_code == 0 and (tmp_path / "gen" / "generated-5.ttl").exists()
    loaded = run("load", str(tmp_path / "gen"), "--store", str(tmp_path / "store"))
    assert loaded.exit_code == 0, loaded.output
    count = run(
        "--store", str(tmp_path / "store"), "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "json"
    )
    assert int(count.output.split(":")[1].split("}")[0]) > 2000


def test_benchmark_runner_at_a_small_size(tmp_path):
    out = tmp_path / "performance.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1000", "--budget", "60", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "| load s |" in text and "| peak RSS MB (load + queries) |" in text
    assert "| peak RSS MB (export) |" in text and "| validation s (1,000-triple file) |" in text
    rows = [
        line for line in text.splitlines() if line.startswith("| ") and line.endswith(" |") and line.count("|") == 6
    ]
    query_rows = [r for r in rows if r.split("|")[5].strip() in ("yes", "NO", "yes (rdflib timed out)")]
    assert len(query_rows) == len(nrcgraph.Catalogue().names())
    assert all(r.split("|")[5].strip() == "yes" for r in query_rows)
