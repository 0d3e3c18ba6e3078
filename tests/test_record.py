"""The NRC record as a whole: the bundle with every curated document, not only the seeds the
other tests pin. Its size, its provenance, its evidence by position (no text copied), each
triple stated once, conformance to the shapes, and every saved query answering alike on
both engines. Real processes, without the test suite's seed-only setting."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import nrcgraph
from nrcgraph import bundle
from nrcgraph.catalogue import Catalogue
from nrcgraph.graph import rdf_files

ENV = {k: v for k, v in os.environ.items() if k != "NRCGRAPH_BUNDLE_DATA"}
DATA = bundle.data_dir()
RECORD = sorted(p for p in DATA.glob("2*.ttl") if "foaf:page" in p.read_text(encoding="utf-8"))


def nrcgraph_run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nrcgraph", *args], capture_output=True, text=True, env=ENV, timeout=300
    )


@pytest.fixture(scope="module")
def record():
    return nrcgraph.load(bundle.ontology_dir() / "nrc.ttl", bundle.ontology_dir() / "vocab", DATA)


def test_the_record_holds_forty_documents_and_thirty_five_dated_nrc_meetings(record):
    docs = record.query(
        "SELECT DISTINCT ?d WHERE { ?d foaf:page ?a ; dcterms:publisher ?p ; dcterms:issued ?i ; "
        "dcterms:title ?t ; nrc:sha256 ?h }"
    ).rows
    assert len(docs) >= 40 and len(RECORD) >= 40
    meetings = record.query(
        "SELECT DISTINCT ?m WHERE { ?m a nrc:Meeting ; nrc:forum organisation:nrc ; nrc:date ?d "
        "FILTER (STRLEN(STR(?d)) = 10) }"
    ).rows
    assert len(meetings) >= 35


def test_every_record_file_is_one_document_whose_facts_point_to_it():
    for path in RECORD:
        graph = nrcgraph.load(path)
        docs = graph.query("SELECT ?d WHERE { ?d foaf:page ?a ; nrc:sha256 ?h }").rows
        assert len(docs) == 1, path.name
        orphans = graph.query(
            "SELECT ?x WHERE { ?x nrc:evidenceSpan ?e . FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?d } }"
        ).rows
        assert not orphans, (path.name, orphans[:3])


def test_no_text_of_the_record_is_copied():
    """Passages, quoted words and evidence are given by position, never as words; what a
    statement said is described in the project's words."""
    for path in RECORD:
        graph = nrcgraph.load(path)
        copied = graph.query("SELECT ?x ?p WHERE { VALUES ?p { nrc:passage nrc:text nrc:evidence } ?x ?p ?words }").rows
        assert not copied, (path.name, copied[:3])
        unplaced = graph.query(
            "SELECT ?x WHERE { { ?x a nrc:Meeting } UNION { ?x a nrc:Statement } UNION { ?x a nrc:Position } "
            "UNION { ?x a nrc:Decision } UNION { ?x a nrc:PostHolding } UNION { ?x a nrc:StatusChange } "
            "FILTER NOT EXISTS { ?x nrc:evidenceSpan ?e } ?x prov:wasDerivedFrom ?doc . ?doc foaf:page ?a }"
        ).rows
        assert not unplaced, (path.name, unplaced[:3])


def test_each_triple_is_stated_once_across_the_bundle():
    """The in-memory engine answers over the union of the files' graphs and counts a triple
    once per file that states it: the bundle states each once."""
    from rdflib import BNode, Graph

    seen: Counter = Counter()
    for path in rdf_files([bundle.ontology_dir() / "nrc.ttl", bundle.ontology_dir() / "vocab", DATA]):
        graph = Graph().parse(path)
        seen.update(t for t in set(graph) if not any(isinstance(x, BNode) for x in t))
    repeated = [t for t, n in seen.items() if n > 1]
    assert not repeated, repeated[:5]


def test_the_whole_record_conforms_to_the_shapes():
    done = nrcgraph_run("validate", *map(str, sorted(DATA.glob("*.ttl"))), "--severity", "violation")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 violations" in done.stdout


@pytest.mark.parametrize("name", sorted(q.name for q in Catalogue()))
def test_every_saved_query_answers_alike_on_both_engines(name):
    saved = Catalogue().get(name)
    fmt = "ntriples" if saved.form in ("CONSTRUCT", "DESCRIBE") else "csv"
    answers = []
    for engine in ("oxigraph", "rdflib"):
        done = nrcgraph_run("--engine", engine, "query", name, "--format", fmt)
        assert done.returncode == 0, (engine, done.stderr)
        answers.append(sorted(done.stdout.splitlines()))
    assert answers[0] == answers[1]
    assert len(answers[0]) >= 1


def test_the_register_lists_the_record_by_year_and_level():
    done = nrcgraph_run("query", "nrc-register", "--format", "csv")
    rows = done.stdout.splitlines()[1:]
    years = {row.split(",", 1)[0] for row in rows}
    assert {"2002", "2007", "2010", "2016", "2022"} <= years
    gaps = nrcgraph_run("query", "years-without-meeting", "--format", "csv").stdout.splitlines()[1:]
    assert "2015,0" in gaps and "2002,0" not in gaps


def test_the_record_paths_are_the_bundle_files():
    assert all(isinstance(p, Path) and p.parent == DATA for p in RECORD)
