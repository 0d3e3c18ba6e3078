"""What the graph already has, recognised in a draft: a drafted meeting with the same
forum and date as one of the graph's is drafted as that meeting (its IRI, with the new
facts attached; its participations and status changes the graph already records are
the graph's nodes too), and a new person or place whose name is a close variant of one
the graph knows links to the existing node. Each match keeps its node in the draft,
marked by a rule starting with "merge:", for the reviewer to confirm or undo."""

from __future__ import annotations

import re
from typing import Any

from ...rdf.namespaces import NRC, expand, shorten
from ...rdf.terms import Term
from .nodes import Node, name

SAME_MEETING = """
SELECT ?m WHERE { ?m a nrc:Meeting ; nrc:forum ?forum ; nrc:date ?date FILTER (STR(?date) = ?day) } ORDER BY ?m
"""
SAME_PARTICIPATION = "SELECT ?p WHERE { ?m nrc:participation ?p . ?p nrc:participant ?agent } ORDER BY ?p LIMIT 1"
SAME_STATUS = "SELECT ?c WHERE { ?c nrc:statusOf ?m ; nrc:status ?status } ORDER BY ?c LIMIT 1"
SAME_INFERENCE = "SELECT ?i WHERE { ?i a nrc:Inference ; rdf:subject ?s ; rdf:predicate ?p } ORDER BY ?i LIMIT 1"
LABELS = ("rdfs:label", "skos:prefLabel")


def recognise(builder: object) -> None:
    """Rename the builder's nodes that the graph already holds to the graph's IRIs."""
    nodes: list[Node] = builder.nodes  # type: ignore[attr-defined]
    graph = builder.graph  # type: ignore[attr-defined]
    for node in [n for n in nodes if n.cls == "nrc:Meeting"]:
        forum, day = _value(node, "nrc:forum"), _value(node, "nrc:date")
        if not forum or not day:
            continue
        rows = graph.query(SAME_MEETING, {"forum": Term("uri", expand(forum)), "day": Term("literal", _text(day))}).rows
        found = [r[0].value for r in rows if r[0] is not None]
        if not found or expand(node.iri) in found:
            continue
        existing = found[0]
        _mark(node, f"the graph's {shorten(existing)} has the same forum and date")
        node.props = [(p, v) for p, v in node.props if p not in LABELS]
        _rename(nodes, node.iri, name(existing))
        _attach(nodes, graph, existing)
    for node in nodes:  # drafted again: a node the graph holds with the same links
        base = re.sub(r"-\d+$", "", node.iri)
        if base != node.iri and _same(graph, node, base) and not any(n.iri == base for n in nodes):
            _mark(node, f"the graph holds {shorten(expand(base))} with the same class and links")
            _rename(nodes, node.iri, base)
    for node in [n for n in nodes if n.cls == "nrc:Inference"]:  # the graph's mark of the same triple
        subject, predicate = _value(node, "rdf:subject"), _value(node, "rdf:predicate")
        if subject and predicate and not node.iri.startswith("<"):
            rows = graph.query(
                SAME_INFERENCE, {"s": Term("uri", expand(subject)), "p": Term("uri", expand(predicate))}
            ).rows
            if rows and rows[0][0] is not None and name(rows[0][0].value) != node.iri:
                _mark(node, f"the graph marks the same triple as {shorten(rows[0][0].value)}")
                _rename(nodes, node.iri, name(rows[0][0].value))
    entries = getattr(builder.dictionary, "entries", [])  # type: ignore[attr-defined]
    for node in list(getattr(builder, "new_entities", {}).values()):
        kind = {"nrc:Person": "person", "nrc:Place": "place"}.get(node.cls)
        label = _text(_value(node, "rdfs:label") or "")
        match = _variant(label, kind, entries) if kind and label else None
        if match is None:
            continue
        _mark(node, f"'{label}' is a close variant of the graph's '{match.name}' ({shorten(match.iri)})")
        node.confidence = min(node.confidence, 0.7)
        node.props = [(p, v) for p, v in node.props if p not in LABELS]
        _rename(nodes, node.iri, name(match.iri))


def _attach(nodes: list[Node], graph: object, meeting: str) -> None:
    """The drafted participations and status changes of a recognised meeting that the graph
    already records become the graph's nodes."""
    m = Term("uri", meeting)
    for node in nodes:
        if node.cls == "nrc:Participation" and any(v == name(meeting) for v in _pointing(nodes, node)):
            agent = _value(node, "nrc:participant")
            if agent:
                rows = graph.query(SAME_PARTICIPATION, {"m": m, "agent": Term("uri", expand(agent))}).rows  # type: ignore[attr-defined]
                if rows and rows[0][0] is not None:
                    _mark(node, f"the graph records this participation as {shorten(rows[0][0].value)}")
                    _rename(nodes, node.iri, name(rows[0][0].value))
        elif node.cls == "nrc:StatusChange" and _value(node, "nrc:statusOf") == name(meeting):
            status = _value(node, "nrc:status")
            if status:
                rows = graph.query(SAME_STATUS, {"m": m, "status": Term("uri", expand(status))}).rows  # type: ignore[attr-defined]
                if rows and rows[0][0] is not None:
                    _mark(node, f"the graph records this status as {shorten(rows[0][0].value)}")
                    _rename(nodes, node.iri, name(rows[0][0].value))


def _same(graph: object, node: Node, iri: str) -> bool:
    """Whether the graph's ``iri`` has the node's class and every link the node has."""
    s = Term("uri", expand(iri))
    if not graph.contains(s, Term("uri", expand("rdf:type")), Term("uri", expand(node.cls))):  # type: ignore[attr-defined]
        return False
    for p, v in node.props:
        if v.startswith('"') or p == "prov:wasDerivedFrom":
            continue
        if not graph.contains(s, Term("uri", expand(p)), Term("uri", expand(v))):  # type: ignore[attr-defined]
            return False
    return True


def _pointing(nodes: list[Node], target: Node) -> list[str]:
    """The subjects of the draft's nodes that link to ``target``."""
    return [n.iri for n in nodes if any(v == target.iri for _, v in n.props)]


def _variant(label: str, kind: str, entries: list) -> Any:
    """The graph's entity of ``kind`` whose name is a close variant of ``label``."""
    from rapidfuzz import fuzz

    words = re.findall(r"\w+", label.lower())
    best, score = None, 0.0
    for entry in entries:
        if entry.kind != kind or len(entry.name) < 4:
            continue
        other = re.findall(r"\w+", entry.name.lower())
        if kind == "person":
            if len(words) < 2 or len(other) < 2 or words[-1] != other[-1]:
                continue  # a person is the same only with the same surname
            s = fuzz.ratio(" ".join(words[:-1]), " ".join(other[:-1]))
            if s < 60 and not (words[0][0] == other[0][0] and len(words[0]) <= 2):
                continue
            s = max(s, 80)
        else:
            s = fuzz.ratio(" ".join(words), " ".join(other))
            if s < 88:
                continue
        if s > score:
            best, score = entry, s
    return best


def _mark(node: Node, why: str) -> None:
    if not node.rule.startswith("merge:"):
        node.rule = f"merge: {why}; {node.rule}" if node.rule else f"merge: {why}"


def _rename(nodes: list[Node], old: str, new: str) -> None:
    for node in nodes:
        if node.iri == old:
            node.iri = new
        node.props = [(p, new if v == old else v) for p, v in node.props]


def _value(node: Node, predicate: str) -> str | None:
    values = node.values(predicate)
    return values[0] if values else None


def _text(turtle_literal: str) -> str:
    """A literal's text from its Turtle form ("15 March"@en, "2013-03-15"^^xsd:date)."""
    match = re.match(r'^"((?:[^"\\]|\\.)*)"', turtle_literal)
    return match.group(1).replace('\\"', '"').replace("\\\\", "\\") if match else turtle_literal


__all__ = ["recognise", "NRC"]
