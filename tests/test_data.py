"""The seed graph: it conforms, and every fact is traceable to the exact source words."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import ask

from nrcgraph import bundle
from nrcgraph.validation.shacl import validate

DOCS = """
PREFIX nrc: <https://w3id.org/nrcgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?file ?sha WHERE {
  ?doc a/rdfs:subClassOf* nrc:SourceDocument ; nrc:sourceFile ?file ; nrc:sha256 ?sha
}
"""


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def source_texts(graph):
    return {doc: (bundle.data_dir() / file).read_text(encoding="utf-8") for doc, file, _ in ask(graph, DOCS)}


def test_bundled_data_conforms_to_the_shapes():
    report = validate()
    assert report.conforms, [str(f) for f in report.findings if f.severity == "Violation"]
    # The only advice left: entities whose Wikidata item is not yet linked.
    assert {f.path for f in report.findings} == {"http://www.w3.org/2004/02/skos/core#exactMatch"}


def test_source_files_match_their_digests(graph):
    rows = ask(graph, DOCS)
    assert len(rows) == 2
    for _, file, sha in rows:
        assert hashlib.sha256((bundle.data_dir() / file).read_bytes()).hexdigest() == sha


@pytest.mark.parametrize("prop", ["nrc:passage", "nrc:text", "nrc:evidence"])
def test_quoted_words_are_verbatim_in_their_source(graph, source_texts, prop):
    rows = ask(
        graph,
        f"""
        PREFIX nrc: <https://w3id.org/nrcgraph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?node ?words ?doc WHERE {{ ?node {prop} ?words ; prov:wasDerivedFrom ?doc }}""",
    )
    assert rows
    missing = [(node, words) for node, words, doc in rows if normalise(words) not in normalise(source_texts[doc])]
    assert missing == []


def test_every_described_node_names_its_source(graph):
    orphans = ask(
        graph,
        """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX nrc: <https://w3id.org/nrcgraph/ontology#>
        SELECT DISTINCT ?s WHERE {
          ?s a ?c . FILTER (STRSTARTS(STR(?s), "https://w3id.org/nrcgraph/id/"))
          FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?doc }
          FILTER NOT EXISTS { ?s nrc:sourceFile ?file }  # a source document is its own source
          # A review's record and its reviewer come from the review, not from a text.
          FILTER NOT EXISTS { ?s a nrc:ReviewDecision }
          FILTER NOT EXISTS { ?decision a nrc:ReviewDecision ; prov:wasAssociatedWith ?s }
        }""",
    )
    assert orphans == set()


def test_every_data_file_is_one_source_or_reference_data():
    """The reference data, and one file per source document, named by its date: the two
    seeds (texts kept in sources/) and the record (texts read at their addresses; each
    file's document is checked in tests/test_record.py)."""
    names = sorted(p.name for p in bundle.data_dir().glob("*.ttl"))
    assert "reference.ttl" in names
    assert {"2007-12-07-nrc-foreign-ministers-meet.ttl", "2012-04-19-nrc-ministers-closer-cooperation.ttl"} <= set(
        names
    )
    dated = [n for n in names if n != "reference.ttl"]
    assert all(re.fullmatch(r"(?:19|20)\d\d-\d\d-\d\d-[a-z0-9-]+\.ttl", n) for n in dated), dated


def test_no_blank_nodes_in_the_data_but_evidence_spans(graph):
    """Things a query names have IRIs; only an evidence span and its selector are blank."""
    assert (
        ask(
            graph,
            "ASK { GRAPH ?g { ?s ?p ?o } FILTER (isBlank(?s) && CONTAINS(STR(?g), '/data/')) "
            "FILTER NOT EXISTS { ?x nrc:evidenceSpan ?s } FILTER NOT EXISTS { ?e oa:hasSelector ?s } }",
        )
        is False
    )


def test_inferred_values_are_marked(graph):
    inferred = ask(
        graph,
        """
        PREFIX nrc: <https://w3id.org/nrcgraph/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?o WHERE { ?i a nrc:Inference ; rdf:subject ?s ; rdf:predicate nrc:date ; rdf:object ?o }""",
    )
    short = {(bundle.shorten(s), o) for s, o in inferred}
    assert ("meeting:nrc-foreign-ministers-2007-12-07", "2007-12-07") in short
    assert ("treatyevent:founding-act-signature", "1997") in short
    assert ("activity:tmd-exercise-germany-2012", "2012-03") in short
    assert ("treatyevent:cfe-suspension-decree-2007", "2007-11-30") in short
    # A date the text states in full is not marked inferred.
    assert not any(s.endswith("nrc-foreign-ministers-2012-04-19") for s, _ in inferred)
