"""Saved-query parameters: ``?_name`` (required) or ``?__name`` (optional) variables, typed
by suffix (``_iri``, ``_integer``, ``_decimal``, ``_boolean``, ``_xsd_TYPE``; none: a
string), checked against their type before they are bound as RDF terms."""

from __future__ import annotations

import re

from ..rdf.literals import LEXICAL, real
from ..rdf.namespaces import PREFIXES, XSD, expand, undeclared_prefix
from ..rdf.terms import Term

VARIABLE = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9_]*)")
KIND_SUFFIX = re.compile(r"_(iri|integer|decimal|boolean|xsd_[A-Za-z]+)$")
_SHAPES = {
    "integer": LEXICAL[XSD + "integer"],
    "decimal": LEXICAL[XSD + "decimal"],
    "boolean": re.compile(r"^(true|false)$"),
    **{f"xsd_{name}": LEXICAL[XSD + name] for name in ("date", "gYear", "gYearMonth", "dateTime")},
}
EXAMPLES = {
    "iri": "person:sergey-lavrov or https://...",
    "integer": "42",
    "decimal": "2.5",
    "boolean": "true",
    "xsd_date": "2007-12-07",
    "xsd_gYear": "2008",
    "xsd_gYearMonth": "2008-01",
    "xsd_dateTime": "2008-01-01T09:30:00",
    "string": "text",
}
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def _real_date(match: re.Match[str], kind: str) -> bool:
    """Whether the parts of a matched date are a real calendar date and time."""
    return real(match, XSD + kind[4:])


class Parameter:
    """One parameter: its name, the variable it binds, its type, and what the header says."""

    def __init__(
        self,
        name: str,
        variable: str,
        kind: str,
        required: bool,
        description: str = "",
        default: str | None = None,
        allowed: list[str] | None = None,
    ):
        self.name, self.variable, self.required = name, variable, required
        self.kind = kind  # iri, integer, decimal, boolean, xsd_TYPE or string
        self.description, self.default, self.allowed = description, default, allowed

    def __repr__(self) -> str:
        return f"Parameter({self.describe()})"

    def describe(self) -> str:
        need = "required" if self.required else "optional"
        extra = f", default {self.default}" if self.default is not None else ""
        if self.allowed:
            extra += f", one of {', '.join(self.allowed)}"
        return f"{self.name} ({self.kind.replace('xsd_', 'xsd:')}, {need}{extra})"

    def to_term(self, value: str) -> Term:
        """The value as an RDF term; ValueError says what is wrong with it."""
        if self.allowed and value not in self.allowed and expand(value) not in map(expand, self.allowed):
            raise ValueError(f"must be one of {', '.join(self.allowed)}")
        if self.kind == "iri":
            text = value.strip()
            prefix = undeclared_prefix(text)
            if prefix is not None:
                raise ValueError(f"unknown prefix '{prefix}:' (known: {', '.join(sorted(PREFIXES))})")
            iri = expand(text)
            if not _IRI.match(iri):
                raise ValueError(f"expected an IRI such as {EXAMPLES['iri']}")
            return Term("uri", iri)
        if self.kind == "string":
            return Term("literal", value)
        shape = _SHAPES.get(self.kind)
        if shape is not None:
            match = shape.match(value)
            expected = f"expected {self.kind.replace('xsd_', 'xsd:')} such as {EXAMPLES.get(self.kind, '...')}"
            if not match:
                raise ValueError(expected)
            if self.kind.startswith("xsd_") and self.kind != "xsd_gYear" and not _real_date(match, self.kind):
                raise ValueError(f"a month, day or time out of range; {expected}")
        datatype = XSD + (self.kind[4:] if self.kind.startswith("xsd_") else self.kind)
        return Term("literal", value, datatype)
