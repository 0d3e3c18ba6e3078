"""Engine-neutral query results.

Both engines' answers are turned into these plain values so that output
formatting, tests and comparisons never depend on which engine ran the query.
"""

from __future__ import annotations

from collections import Counter

from .terms import Term

Row = tuple  # of Term | None, one per column


class Result:
    """The answer to a query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    A plain class, not a dataclass: importing dataclasses costs a cold saved query ~7 ms.
    """

    __slots__ = ("kind", "columns", "rows", "boolean", "triples", "ordered")

    def __init__(
        self,
        kind: str,
        columns: list[str] | None = None,
        rows: list[Row] | None = None,
        boolean: bool | None = None,
        triples: list[tuple[Term, Term, Term]] | None = None,
        ordered: bool = False,
    ):
        self.kind = kind  # "select", "ask" or "graph"
        self.columns = columns if columns is not None else []
        self.rows = rows if rows is not None else []
        self.boolean = boolean
        self.triples = triples if triples is not None else []
        self.ordered = ordered

    def __repr__(self) -> str:
        return f"Result({self.kind!r}, {len(self)} {'triples' if self.kind == 'graph' else 'rows'})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.triples)
        return len(self.rows)

    def dicts(self) -> list[dict]:
        """Rows as ``{column: python value}``, unbound columns left out."""
        return [{c: t.python() for c, t in zip(self.columns, row) if t is not None} for row in self.rows]

    def to_srj(self) -> dict:
        """The W3C SPARQL 1.1 Query Results JSON document."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {
            "head": {"vars": list(self.columns)},
            "results": {
                "bindings": [{c: t.to_json() for c, t in zip(self.columns, row) if t is not None} for row in self.rows]
            },
        }

    @classmethod
    def from_srj(cls, data: dict) -> Result:
        if "boolean" in data:
            return cls("ask", boolean=bool(data["boolean"]))
        columns = list(data["head"]["vars"])
        rows = [tuple(Term.from_json(b[c]) if c in b else None for c in columns) for b in data["results"]["bindings"]]
        return cls("select", columns, rows)

    def comparable(self):
        """A value equal for equal answers: a multiset of rows, or the row list when ordered.

        Blank node labels are engine-specific, so they compare as equal.
        """

        def norm(t):
            if t is None:
                return None
            if t.kind == "bnode":
                return ("bnode",)
            return tuple(t)

        if self.kind == "ask":
            return ("ask", self.boolean)
        if self.kind == "graph":
            return ("graph", Counter(tuple(norm(t) for t in tr) for tr in self.triples))
        rows = [tuple(norm(t) for t in row) for row in self.rows]
        return ("select", tuple(self.columns), rows if self.ordered else Counter(rows))


def serialize(result: Result, fmt: str) -> bytes:
    """The result in a W3C format, written by pyoxigraph: ``json``, ``xml``, ``csv`` or
    ``tsv`` for solutions and booleans; ``turtle`` or ``ntriples`` for graphs."""
    import json

    import pyoxigraph as ox

    from .terms import to_oxigraph

    if result.kind == "graph":
        triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in result.triples]
        rdf_format = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[fmt]
        return bytes(ox.serialize(triples, format=rdf_format) or b"")
    results_format = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[fmt]
    if fmt == "json":
        return json.dumps(result.to_srj(), ensure_ascii=False).encode("utf-8")
    parsed = ox.parse_query_results(json.dumps(result.to_srj()), format=ox.QueryResultsFormat.JSON)
    return bytes(parsed.serialize(format=results_format) or b"")
