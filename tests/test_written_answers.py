"""A SELECT answer written by Oxigraph (the command's CSV) is byte for byte the CSV that
``render`` writes from the converted rows, whatever the values hold."""

from __future__ import annotations

import pytest

import nrcgraph
from nrcgraph.engines.oxigraph import OxigraphEngine
from nrcgraph.graph import Graph
from nrcgraph.rdf.render import render, unix_lines, wanted_formats
from nrcgraph.rdf.terms import iri, literal

CSV = wanted_formats(None, False)  # what a piped command asks for: rows in CSV, a graph in Turtle

TRICKY = [
    "plain",
    "a, with a comma",
    'a "quoted" word',
    "two\nlines",
    "carriage\rreturn",
    "windows\r\nline",
    " leading space",
    "",
    "ünïcödé — ✓",
    '"',
    '""\r\n""',
]


@pytest.fixture(scope="module")
def tricky() -> Graph:
    engine = OxigraphEngine()
    p = iri("http://example.org/p")
    triples = [(iri(f"http://example.org/s{i}"), p, literal(value)) for i, value in enumerate(TRICKY)]
    triples.append((iri("http://example.org/s-lang"), p, literal("bonjour", lang="fr")))
    triples.append((iri("http://example.org/s-int"), p, literal("42", "http://www.w3.org/2001/XMLSchema#integer")))
    engine.add(triples, "http://example.org/g")
    engine.update("INSERT DATA { GRAPH <http://example.org/g> { _:b <http://example.org/p> <http://example.org/o> } }")
    return Graph(engine)


def both(graph: Graph, sparql: str, bindings=None) -> tuple[str, str]:
    written = graph.query_as(sparql, bindings, CSV)
    assert isinstance(written, str), "Oxigraph writes a SELECT answer itself"
    return written, render(graph.query(sparql, bindings), "csv")


def test_tricky_values_are_written_alike(tricky):
    written, rendered = both(tricky, "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s")
    assert written == rendered
    assert written.count("\n") > len(TRICKY)  # the values with line breaks are inside quotes
    assert '"windows\r\nline"' in written, "a CRLF inside a value is kept"
    assert "\r\n" not in written.replace('"windows\r\nline"', "").replace('""""\r\n""""', "")
    assert "_:" in written, "a blank node is written as _:label"


def test_every_saved_query_on_the_bundle_is_written_alike():
    graph = nrcgraph.load()
    kinds = []
    for saved in nrcgraph.Catalogue():
        answer = graph.query_as(saved.text, saved.bindings(), CSV)
        result = graph.query(saved.text, saved.bindings())
        kinds.append(result.kind)
        if result.kind == "ask":
            assert not isinstance(answer, str), saved.name  # true or false: render writes it
            continue
        assert isinstance(answer, str), f"{saved.name}: rows in CSV and graphs in Turtle are written by Oxigraph"
        assert answer == render(result, "csv" if result.kind == "select" else "turtle"), saved.name
    assert kinds.count("select") >= 20 and kinds.count("graph") >= 2


def test_a_graph_is_written_in_turtle_with_only_the_prefixes_it_uses():
    graph = nrcgraph.load()
    text = graph.query_as("CONSTRUCT WHERE { person:sergey-lavrov ?p ?o }", None, CSV)
    assert isinstance(text, str) and "@prefix person:" in text and "@prefix treaty:" not in text
    assert not isinstance(
        graph.query_as("CONSTRUCT WHERE { ?s a nrc:Meeting }", None, wanted_formats("csv", False)), str
    )


def test_other_formats_and_answers_come_back_as_results(tricky):
    assert not isinstance(tricky.query_as("SELECT * WHERE { ?s ?p ?o }", None, wanted_formats("json", False)), str)
    assert tricky.query_as("ASK { ?s ?p ?o }", None, CSV).boolean is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b\r\nc,d\r\n", "a,b\nc,d\n"),
        ('"x\r\ny",z\r\n', '"x\r\ny",z\n'),
        ('"say ""hi""\r\n",z\r\n', '"say ""hi""\r\n",z\n'),
        ("", ""),
    ],
)
def test_unix_lines_changes_only_the_line_ends(text, expected):
    assert unix_lines(text) == expected


def test_every_triple_of_the_union_comes_once_whichever_files_state_it(tmp_path):
    """triples() and triple_values() read graph by graph, largest first, instead of a
    SELECT DISTINCT: a triple stated in two files still comes once, and none is lost."""
    big, small = tmp_path / "big.ttl", tmp_path / "small.ttl"
    big.write_text(
        "@prefix ex: <http://example.org/> .\n"
        + "".join(f"ex:s{i} ex:p {i} .\n" for i in range(50))
        + 'ex:shared ex:p "both" .\n_:b ex:p ex:o .\n'
    )
    small.write_text('@prefix ex: <http://example.org/> .\nex:shared ex:p "both" .\nex:only ex:p "small" .\n')
    graph = nrcgraph.load(small, big)
    triples = list(graph.triples())
    values = list(graph.triple_values())
    assert len(triples) == len(set(triples)) == len(values) == 53
    expected = {tuple(row) for row in graph.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }").rows}
    assert set(triples) == expected
    assert ("http://example.org/only", "http://example.org/p", "literal", "small", None) in values
    assert sum(1 for v in values if v[0] == "http://example.org/shared") == 1
    assert [v[2:] for v in values if v[1] == "http://example.org/p" and v[3] == "http://example.org/o"] == [
        ("uri", "http://example.org/o", None)
    ]


def test_the_wanted_formats_are_renders_defaults():
    assert wanted_formats(None, False) == {"rows": "csv", "graph": "turtle"}
    assert wanted_formats(None, True) == {"rows": "table", "graph": "turtle"}
    assert wanted_formats("json", True) == {"rows": "json", "graph": "json"}
