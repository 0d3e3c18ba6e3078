"""The server's fast path: Oxigraph writes a SELECT answer itself, asked for one row more
than the limit, and the rows written are counted. It must give what the general path
(convert, count, write) gives, for every saved query and every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from golden_cases import cases

import nrcgraph
from nrcgraph.errors import TooManyRows
from nrcgraph.rdf.results import serialize
from nrcgraph.rdf.sparql import capped

CATALOGUE = nrcgraph.Catalogue()
CASES = [(name, params) for name, params in cases(CATALOGUE.names()) if CATALOGUE.get(name).form == "SELECT"]


def rows_of(body: bytes, fmt: str) -> list:
    if fmt == "json":
        return sorted(json.dumps(b, sort_keys=True) for b in json.loads(body)["results"]["bindings"])
    if fmt == "csv":
        return sorted(map(tuple, list(csv.reader(io.StringIO(body.decode())))[1:]))
    if fmt == "tsv":
        return sorted(body.decode().splitlines()[1:])
    return sorted(body.decode().split("<result>")[1:])


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("name, params", CASES, ids=[f"{n}-{'-'.join(p)}" for n, p in CASES])
def test_the_fast_path_gives_the_general_answer(graph, name, params, fmt):
    saved = CATALOGUE.get(name)
    bindings = saved.bindings(params)
    written = graph.engine.serialize_capped(saved.text, bindings, {"rows": fmt}, 10_000)
    assert written is not None
    kind, got_fmt, body, rows = written
    general = graph.query(saved.text, bindings)
    assert (kind, got_fmt, rows) == ("select", fmt, len(general.rows))
    assert rows_of(body, fmt) == rows_of(serialize(general, fmt), fmt)


def test_the_limit_is_kept_while_writing(graph):
    big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    with pytest.raises(TooManyRows):
        graph.engine.serialize_capped(big, None, {"rows": "csv"}, 100)
    exactly = graph.engine.serialize_capped("SELECT * WHERE { ?s ?p ?o } LIMIT 100", None, {"rows": "tsv"}, 100)
    assert exactly is not None and exactly[3] == 100


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 11"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", "SELECT * WHERE { ?s ?p ?o } LIMIT 5"),
        (
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 500 OFFSET 2",
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 11 OFFSET 2",
        ),
        ("SELECT * WHERE { ?s ?p ?o } # LIMIT 3", "SELECT * WHERE { ?s ?p ?o } # LIMIT 3\nLIMIT 11"),
        (
            "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 900 } }",
            "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 900 } }\nLIMIT 11",
        ),
        ("SELECT * WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }", None),
        ("ASK { ?s ?p ?o }", None),
        ("CONSTRUCT WHERE { ?s ?p ?o }", None),
    ],
)
def test_capping_a_query(query, expected):
    assert capped(query, 11) == expected
