"""Counts that describe a loaded graph: triples, classes, instances, files."""

from __future__ import annotations

from dataclasses import dataclass

from .rdf.formats import shown
from .rdf.namespaces import XSD_INTEGER
from .rdf.results import Result

_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?instances) ?class
"""
_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_TOTALS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
WHERE { ?s ?p ?o }
"""


@dataclass
class Stats:
    triples: int
    subjects: int
    properties: int
    classes: int
    per_class: list[tuple[str, int]]
    per_file: list[tuple[str, int]]

    def tables(self) -> dict[str, Result]:
        """The figures as three result tables, ready for any output format."""
        from .rdf.terms import Term

        def num(n):
            return Term("literal", str(n), XSD_INTEGER)

        summary = Result(
            "select",
            ["measure", "value"],
            [
                (Term("literal", k), num(v))
                for k, v in (
                    ("triples", self.triples),
                    ("subjects", self.subjects),
                    ("properties", self.properties),
                    ("classes", self.classes),
                    ("files", len(self.per_file)),
                )
            ],
        )
        classes = Result(
            "select", ["class", "instances"], [(Term("uri", c), num(n)) for c, n in self.per_class], ordered=True
        )
        files = Result(
            "select", ["file", "triples"], [(Term("literal", f), num(n)) for f, n in self.per_file], ordered=True
        )
        return {"summary": summary, "classes": classes, "files": files}


def stats(graph) -> Stats:
    totals = graph.query(_TOTALS).rows[0]
    per_class = [(row[0].value, int(row[1].value)) for row in graph.query(_PER_CLASS).rows]
    per_file = sorted((shown(row[0].value), int(row[1].value)) for row in graph.query(_PER_GRAPH).rows)
    return Stats(int(totals[0].value), int(totals[1].value), int(totals[2].value), len(per_class), per_class, per_file)
