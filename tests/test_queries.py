"""The saved-query catalogue: headers, parameters, golden answers, engine agreement."""

from __future__ import annotations

import json

import pytest
from golden_cases import cases, golden_path, to_golden
from hypothesis import given, settings
from hypothesis import strategies as st

import nrcgraph
from nrcgraph.catalogue import parse_header
from nrcgraph.errors import UsageError
from nrcgraph.rdf.results import Result
from nrcgraph.rdf.terms import Term

NAMES = nrcgraph.Catalogue().names()
CASES = list(cases(NAMES))


def test_catalogue_has_at_least_twenty_queries():
    assert len(NAMES) >= 20


def test_catalogue_uses_select_ask_and_construct(catalogue):
    assert {q.form for q in catalogue} >= {"SELECT", "ASK", "CONSTRUCT"}


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(catalogue, name):
    query = catalogue.get(name)
    assert query.summary, f"{name}.rq has no '#+ summary:'"
    assert query.description, f"{name}.rq has no '#+ description:'"
    assert query.tags, f"{name}.rq has no '#+ tags:'"
    documented = {
        k for item in query.header.get("parameters", []) for k in (item if isinstance(item, dict) else {item: 0})
    }
    actual = {p.name for p in query.parameters}
    assert documented == actual, f"{name}.rq: parameters used {sorted(actual)} but documented {sorted(documented)}"
    for key in ("defaults", "enumerate"):
        for item in query.header.get(key, []):
            assert set(item) <= actual, f"{name}.rq: '{key}' names an unknown parameter"


@pytest.mark.parametrize("name, params", CASES, ids=[golden_path(n, p).stem for n, p in CASES])
def test_golden_result(graph, catalogue, name, params):
    query = catalogue.get(name)
    result = query.run(graph, params)
    expected_text = golden_path(name, params).read_text(encoding="utf-8")
    expected = json.loads(expected_text)
    if result.kind == "graph":
        assert json.loads(to_golden(result)) == expected
    else:
        pinned = Result.from_srj(expected)
        pinned.ordered = result.ordered
        assert result.comparable() == pinned.comparable()


@pytest.mark.parametrize("name, params", CASES, ids=[golden_path(n, p).stem for n, p in CASES])
def test_engines_agree(graph, rdflib_graph, catalogue, name, params):
    query = catalogue.get(name)
    assert query.run(graph, params).comparable() == query.run(rdflib_graph, params).comparable()


@pytest.mark.parametrize("name", NAMES)
def test_every_query_answers_on_the_bundle(graph, catalogue, name):
    result = catalogue.get(name).run(graph)
    if result.kind == "ask":
        assert result.boolean is True
    else:
        assert len(result) > 0


def test_a_header_lacking_summary_fails_the_check(tmp_path):
    (tmp_path / "bare.rq").write_text("SELECT ?s WHERE { ?s ?p ?_o_iri }\n")
    query = nrcgraph.Catalogue(tmp_path).get("bare")
    assert query.summary == "" and [p.name for p in query.parameters] == ["o"]
    assert query.header == {}


def test_header_parser_subset():
    header = parse_header("""#+ summary: One line
#+ description: First part
#+   and its continuation.
#+ tags:
#+   - a
#+   - b
#+ defaults:
#+   - person: person:sergey-lavrov
#+ enumerate:
#+   - kind:
#+     - meetingkind:summit
#+     - meetingkind:nrc-ministerial
SELECT * WHERE { ?s ?p ?o }
""")
    assert header == {
        "summary": "One line",
        "description": "First part and its continuation.",
        "tags": ["a", "b"],
        "defaults": [{"person": "person:sergey-lavrov"}],
        "enumerate": [{"kind": ["meetingkind:summit", "meetingkind:nrc-ministerial"]}],
    }


def test_parameter_typing_by_suffix(tmp_path):
    (tmp_path / "typed.rq").write_text(
        "SELECT * WHERE { ?s ?p ?_a_iri, ?_b_integer, ?_c_xsd_date, ?_d, ?__e_xsd_gYear }\n"
    )
    params = {p.name: p for p in nrcgraph.Catalogue(tmp_path).get("typed").parameters}
    assert {n: (p.kind, p.required) for n, p in params.items()} == {
        "a": ("iri", True),
        "b": ("integer", True),
        "c": ("xsd_date", True),
        "d": ("string", True),
        "e": ("xsd_gYear", False),
    }
    assert params["a"].to_term("person:x") == Term("uri", "https://w3id.org/nrcgraph/id/person/x")
    assert params["b"].to_term("42") == Term("literal", "42", "http://www.w3.org/2001/XMLSchema#integer")
    with pytest.raises(ValueError):
        params["b"].to_term("forty")


def test_missing_required_parameter(tmp_path):
    (tmp_path / "need.rq").write_text("#+ summary: s\nSELECT * WHERE { ?s ?p ?_o_iri }\n")
    with pytest.raises(UsageError, match="needs parameter 'o'"):
        nrcgraph.Catalogue(tmp_path).get("need").bindings({})


def test_python_api_runs_a_saved_query():
    result = nrcgraph.run_query(nrcgraph.load(), "extended-programmes")
    assert [r["extendedInto"] for r in result.dicts()] == ["2008"]


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40))
def test_string_values_are_bound_not_pasted(graph, rdflib_graph, text):
    """Any string, quotes and braces included, comes back unchanged: it is a value, not code."""
    sparql = "SELECT ?x WHERE { BIND(?v AS ?x) }"
    for g in (graph, rdflib_graph):
        rows = g.query(sparql, {"v": Term("literal", text)}).rows
        assert [r[0].value for r in rows] == [text]


def test_values_block_sits_in_the_where_group():
    from nrcgraph.rdf.sparql import bind_values

    text = bind_values('CONSTRUCT { ?s ?p "{ }" } WHERE { ?s ?p ?_o }', {"_o": Term("literal", 'a"b')})
    assert text == 'CONSTRUCT { ?s ?p "{ }" } WHERE { BIND("a\\"b" AS ?_o)  ?s ?p ?_o }'


def test_catalogue_page_is_current(run):
    """docs/queries.md is generated; regenerate it with `nrcgraph queries --markdown > docs/queries.md`."""
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "queries.md"
    assert page.read_text(encoding="utf-8") == run("queries", "--markdown").output
