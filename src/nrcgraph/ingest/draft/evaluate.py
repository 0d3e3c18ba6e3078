"""How good a draft is: its facts, by kind, against the curated facts of the same
release (the data file for a seed release, or an expected-facts file for a test
release), as precision and recall per kind and overall.

A fact is compared by what it says, not by its IRI: a meeting by its forum and date,
a participant by the meeting's date and the agent, a statement by its speaker and its
words (case, spacing and closing punctuation aside), a decision by its kind and what it
is about, and so on. The same queries read the curated graph and the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...graph import Graph
from ...rdf.namespaces import shorten
from ...rdf.terms import Term

# The seed releases: each data file of the bundle and the source text it was drawn from.
SEEDS = {
    "2012-04-19-nrc-ministers-closer-cooperation.ttl": "000_666908876cafa106.txt",
    "2007-12-07-nrc-foreign-ministers-meet.ttl": "004_df9e6ed3ebf9d62f.txt",
}
KINDS = (
    "meetings",
    "dates",
    "places",
    "participants",
    "chairs",
    "holdings",
    "statements",
    "mentions",
    "decisions",
    "topics",
)
QUERIES = {
    "meetings": "SELECT ?forum ?date WHERE { ?m a nrc:Meeting ; prov:wasDerivedFrom ?doc . "
    "OPTIONAL { ?m nrc:forum ?forum } OPTIONAL { ?m nrc:date ?date } }",
    "dates": "SELECT ?class ?date WHERE { ?x prov:wasDerivedFrom ?doc ; nrc:date ?date ; a ?class . "
    "FILTER (?class IN (nrc:Meeting, nrc:TreatyEvent, nrc:Contribution)) }",
    "places": "SELECT ?date ?place WHERE { ?m a nrc:Meeting ; prov:wasDerivedFrom ?doc ; nrc:place ?place . "
    "OPTIONAL { ?m nrc:date ?date } }",
    "participants": "SELECT ?date ?agent WHERE { ?m a nrc:Meeting ; prov:wasDerivedFrom ?doc ; "
    "nrc:participation/nrc:participant ?agent . OPTIONAL { ?m nrc:date ?date } }",
    "chairs": "SELECT ?date ?chair WHERE { ?m a nrc:Meeting ; prov:wasDerivedFrom ?doc ; nrc:chair ?chair . "
    "OPTIONAL { ?m nrc:date ?date } }",
    "holdings": "SELECT ?holder ?post WHERE { ?h a nrc:PostHolding ; prov:wasDerivedFrom ?doc ; "
    "nrc:holder ?holder ; nrc:post ?post }",
    "statements": "SELECT ?speaker ?text WHERE { ?s a nrc:Statement ; prov:wasDerivedFrom ?doc ; "
    "nrc:speaker ?speaker ; nrc:text ?text }",
    "mentions": "SELECT DISTINCT ?x WHERE { ?n prov:wasDerivedFrom ?doc ; ?p ?x . ?x a/rdfs:subClassOf* ?c . "
    "FILTER (?c IN (nrc:CooperationActivity, nrc:LegalInstrument)) }",
    "decisions": "SELECT ?kind ?about WHERE { ?d a nrc:Decision ; prov:wasDerivedFrom ?doc ; "
    "nrc:positionKind ?kind ; nrc:about ?about }",
    "topics": "SELECT ?date ?topic WHERE { ?m a nrc:Meeting ; prov:wasDerivedFrom ?doc ; nrc:discussed ?topic . "
    "?topic a nrc:Topic . OPTIONAL { ?m nrc:date ?date } }",
}


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().strip(".,;:").lower()


def facts(graph: Graph, doc: str) -> dict[str, set[tuple[str, ...]]]:
    """The facts of one release, by kind, from a graph holding its nodes."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for kind, query in QUERIES.items():
        result = graph.query(query, {"doc": Term("uri", doc)})
        out[kind] = {
            tuple(
                _norm(t.value) if kind == "statements" and t.kind == "literal" else shorten(t.value) if t else ""
                for t in row
            )
            for row in result.rows
        }
    return out


def expected_facts(data: dict[str, list[list[str]]]) -> dict[str, set[tuple[str, ...]]]:
    """Expected facts written by hand (an expected-facts JSON file), in the same form."""
    out: dict[str, set[tuple[str, ...]]] = {kind: set() for kind in KINDS}
    for kind, rows in data.items():
        if kind in out:
            out[kind] = {
                tuple(_norm(v) if kind == "statements" and i == 1 else v for i, v in enumerate(row)) for row in rows
            }
    return out


@dataclass
class Score:
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    def add(self, expected: dict[str, set[tuple[str, ...]]], found: dict[str, set[tuple[str, ...]]]) -> None:
        for kind in KINDS:
            e, f = expected.get(kind, set()), found.get(kind, set())
            self.tp[kind] = self.tp.get(kind, 0) + len(e & f)
            self.fp[kind] = self.fp.get(kind, 0) + len(f - e)
            self.fn[kind] = self.fn.get(kind, 0) + len(e - f)

    def precision(self, kind: str | None = None) -> float:
        tp = self.tp.get(kind, 0) if kind else sum(self.tp.values())
        fp = self.fp.get(kind, 0) if kind else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, kind: str | None = None) -> float:
        tp = self.tp.get(kind, 0) if kind else sum(self.tp.values())
        fn = self.fn.get(kind, 0) if kind else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0

    def table(self) -> str:
        lines = ["| kind | expected | drafted | right | precision | recall |", "|---|---|---|---|---|---|"]
        for kind in [*KINDS, None]:
            tp = self.tp.get(kind, 0) if kind else sum(self.tp.values())
            fp = self.fp.get(kind, 0) if kind else sum(self.fp.values())
            fn = self.fn.get(kind, 0) if kind else sum(self.fn.values())
            label = kind or "**overall**"
            lines.append(
                f"| {label} | {tp + fn} | {tp + fp} | {tp} | {self.precision(kind):.2f} | {self.recall(kind):.2f} |"
            )
        return "\n".join(lines)
