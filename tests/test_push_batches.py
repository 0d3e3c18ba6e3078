"""How 'push' cuts the graph into batches: blank-node closures whole, the same batches for
the same data on every run, and a different plan when the data changes."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

import nrcgraph
from nrcgraph.ingest.push import batches
from nrcgraph.rdf.terms import Term

TURTLE = """
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:c ex:q [ ex:r [ ex:s "deep" ] ; ex:t "x" ] .
ex:d ex:q [ ex:r "other" ] .
ex:e ex:p ex:f .
"""


def graph_of(text, tmp_path, name="g.ttl"):
    path = tmp_path / name
    path.write_text(text)
    return nrcgraph.load(path)


def test_blank_node_closures_travel_in_one_batch(tmp_path):
    parts = batches(graph_of(TURTLE, tmp_path).triples(), size=1)
    for body in parts:
        labels = {
            t.value
            for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            for t in (t.subject, t.object)
            if isinstance(t, ox.BlankNode)
        }
        for other in parts:
            if other is not body:
                assert not labels & {
                    t.value
                    for t in ox.parse(other, format=ox.RdfFormat.N_TRIPLES)
                    for t in (t.subject, t.object)
                    if isinstance(t, ox.BlankNode)
                }
    sizes = sorted(body.count(b"\n") for body in parts)
    assert sizes == [1, 1, 2, 4]  # two ground triples, a closure of two, a closure of four


def test_the_same_data_gives_the_same_batches_on_every_load(tmp_path):
    first = batches(graph_of(TURTLE, tmp_path, "a.ttl").triples(), size=3)
    second = batches(graph_of(TURTLE, tmp_path, "b.ttl").triples(), size=3)
    assert first == second


def test_changed_data_changes_the_plan(tmp_path):
    before = batches(graph_of(TURTLE, tmp_path, "a.ttl").triples(), size=3)
    after = batches(graph_of(TURTLE.replace('"deep"', '"deeper"'), tmp_path, "b.ttl").triples(), size=3)
    digest = [hashlib.sha256(b).hexdigest() for b in before]
    assert [hashlib.sha256(b).hexdigest() for b in after] != digest


def test_every_triple_is_sent_once(tmp_path):
    graph = nrcgraph.load()
    parts = batches(graph.triples(), size=500)
    assert sum(body.count(b"\n") for body in parts) == len(list(graph.triples()))
    assert all(body.count(b"\n") <= 500 for body in parts)


def test_push_refuses_a_bad_url_before_reading_anything():
    from nrcgraph.ingest.push import push

    try:
        push(nrcgraph.load(), "ftp://example.org/", None)
    except nrcgraph.UsageError as exc:
        assert "http(s) URL" in str(exc)
    else:
        raise AssertionError("a non-HTTP URL was accepted")


def test_terms_for_batches_escape_literals():
    line = " ".join(t.n3() for t in (Term("uri", "urn:a"), Term("uri", "urn:b"), Term("literal", 'say "hi"\n')))
    assert line == '<urn:a> <urn:b> "say \\"hi\\"\\n"'
