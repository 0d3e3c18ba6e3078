"""RDF terms as plain values, and the small typed conversions to and from the engines'
own term objects (pyoxigraph and rdflib), in the manner of oxrdflib.

Every engine answers in these values, so formatting, tests and comparisons never
depend on which engine ran a query.
"""

from __future__ import annotations

from collections import namedtuple

from .namespaces import RDF_LANGSTRING, XSD, XSD_STRING

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    import rdflib

    class _Term(NamedTuple):
        kind: str  # "uri", "literal" or "bnode"
        value: str
        datatype: str | None = None
        lang: str | None = None

    class _Quad(NamedTuple):
        subject: Term
        predicate: Term
        object: Term
        graph: str | None = None

else:  # the same named tuples, made without typing
    _Term = namedtuple("Term", ["kind", "value", "datatype", "lang"], defaults=(None, None))
    _Quad = namedtuple("Quad", ["subject", "predicate", "object", "graph"], defaults=(None,))


class Term(_Term):
    """An RDF term as the SPARQL JSON results format describes it: ``kind`` ("uri",
    "literal" or "bnode"), ``value``, ``datatype`` and ``lang``."""

    __slots__ = ()

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
    def from_json(cls, data: dict) -> Term:
        kind = "literal" if data["type"] == "typed-literal" else data["type"]
        return cls(kind, data["value"], data.get("datatype"), data.get("xml:lang"))

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = "".join(
            _ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in self.value
        )
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def python(self):
        """A Python value for JSON output: numbers and booleans as such."""
        if self.kind != "literal" or not self.datatype:
            return self.value
        local = self.datatype[len(XSD) :] if self.datatype.startswith(XSD) else ""
        try:
            if local in (
                "integer",
                "int",
                "long",
                "short",
                "nonNegativeInteger",
                "positiveInteger",
                "nonPositiveInteger",
                "negativeInteger",
            ):
                return int(self.value)
            if local in ("decimal", "double", "float"):
                return float(self.value)
        except ValueError:
            return self.value
        if local == "boolean":
            return self.value in ("true", "1")
        return self.value


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


Triple = tuple[Term, Term, Term]


class Quad(_Quad):
    """A triple and the named graph holding it (``graph``; None: the default graph)."""

    __slots__ = ()

    @property
    def triple(self) -> Triple:
        return (self.subject, self.predicate, self.object)


def iri(value: str) -> Term:
    return Term("uri", value)


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    return Term("literal", value, None if datatype in (XSD_STRING, RDF_LANGSTRING) else datatype, lang)


# --- pyoxigraph ------------------------------------------------------------------------


def to_oxigraph(term: Term) -> Any:
    """The pyoxigraph term for a Term."""
    import pyoxigraph as ox

    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def oxigraph_converter(literals: bool = True) -> Any:
    """A converter from pyoxigraph terms for one result: it dispatches on the exact type and
    makes one Term per distinct term (big results repeat the same IRIs and dates many times;
    the engine's terms hash in Rust, so a repeat costs a lookup, not three attribute reads).

    ``literals=False`` keeps only IRIs: a stream of every triple repeats few literals, and
    keeping them all would hold the whole graph's text twice."""
    import pyoxigraph as ox

    named, blank, lit = ox.NamedNode, ox.BlankNode, ox.Literal
    made: dict[Any, Term] = {}
    plain = (XSD_STRING, RDF_LANGSTRING)
    new = tuple.__new__  # Term's own __new__ is Python code; this is the same tuple, made in C

    def literal_term(t: Any) -> Term:
        lang = t.language
        dt = t.datatype.value
        return new(Term, ("literal", t.value, None if lang or dt in plain else dt, lang))

    def convert(t: Any) -> Term | None:
        if t is None:
            return None
        if not literals and type(t) is lit:
            return literal_term(t)
        term = made.get(t)
        if term is None:
            cls = type(t)
            if cls is named:
                term = new(Term, ("uri", t.value, None, None))
            elif cls is lit:
                term = literal_term(t)
            elif cls is blank:
                term = new(Term, ("bnode", t.value, None, None))
            else:
                raise TypeError(f"unsupported term: {t!r}")
            made[t] = term
        return term

    return convert


# --- rdflib ------------------------------------------------------------------------------


def to_rdflib(term: Term) -> rdflib.term.Node:
    """The rdflib term for a Term, with literals as rdflib's own parser makes them."""
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.lang:
        return Literal(term.value, lang=term.lang)
    if term.datatype:
        return Literal(term.value, datatype=URIRef(term.datatype))
    return Literal(term.value)


def from_rdflib(t: Any) -> Term | None:
    """The Term for an rdflib term (None stays None: an unbound variable)."""
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        dt = str(t.datatype) if t.datatype else None
        return Term("literal", str(t), None if t.language or dt in (XSD_STRING, RDF_LANGSTRING) else dt, t.language)
    raise TypeError(f"unsupported term: {t!r}")
