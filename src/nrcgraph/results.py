"""Engine-neutral query results.

Both engines' answers are turned into these plain values so that output
formatting, tests and comparisons never depend on which engine ran the query.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Term(NamedTuple):
    """An RDF term as the SPARQL JSON results format describes it."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def to_json(self) -> dict:
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD_STRING:
            out["datatype"] = self.datatype
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Term":
        kind = "literal" if data["type"] == "typed-literal" else data["type"]
        return cls(kind, data["value"], data.get("datatype"), data.get("xml:lang"))

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                       for c in self.value)
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def python(self):
        """A Python value for JSON output: numbers and booleans as such."""
        if self.kind != "literal" or not self.datatype:
            return self.value
        local = self.datatype[len(XSD):] if self.datatype.startswith(XSD) else ""
        try:
            if local in ("integer", "int", "long", "short", "nonNegativeInteger",
                         "positiveInteger", "nonPositiveInteger", "negativeInteger"):
                return int(self.value)
            if local in ("decimal", "double", "float"):
                return float(self.value)
        except ValueError:
            return self.value
        if local == "boolean":
            return self.value in ("true", "1")
        return self.value


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}

Row = tuple  # of Term | None, one per column


@dataclass
class Result:
    """The answer to a query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # "select", "ask" or "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    ordered: bool = False

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.triples)
        return len(self.rows)

    def dicts(self) -> list[dict]:
        """Rows as ``{column: python value}``, unbound columns left out."""
        return [{c: t.python() for c, t in zip(self.columns, row) if t is not None}
                for row in self.rows]

    def to_srj(self) -> dict:
        """The W3C SPARQL 1.1 Query Results JSON document."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {
            "head": {"vars": list(self.columns)},
            "results": {"bindings": [
                {c: t.to_json() for c, t in zip(self.columns, row) if t is not None}
                for row in self.rows]},
        }

    @classmethod
    def from_srj(cls, data: dict) -> "Result":
        if "boolean" in data:
            return cls("ask", boolean=bool(data["boolean"]))
        columns = list(data["head"]["vars"])
        rows = [tuple(Term.from_json(b[c]) if c in b else None for c in columns)
                for b in data["results"]["bindings"]]
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
