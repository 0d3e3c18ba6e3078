"""The drafted facts as nodes, and the nodes as Turtle in the data's own conventions:
the same prefixes and IRI patterns as data/, one block per node, each with its passage,
its source, and its review status, confidence and rule."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ...rdf.namespaces import PREFIXES, shorten


@dataclass
class Node:
    """One drafted node: its IRI (prefixed), class, properties (prefixed predicate, Turtle
    object), passage, and the rule that proposed it with its confidence."""

    iri: str
    cls: str
    props: list[tuple[str, str]] = field(default_factory=list)
    passage: str | None = None
    rule: str = ""
    confidence: float = 1.0
    review: bool = True
    comment: str = ""

    def add(self, predicate: str, value: str) -> None:
        if (predicate, value) not in self.props:
            self.props.append((predicate, value))

    def values(self, predicate: str) -> list[str]:
        return [v for p, v in self.props if p == predicate]


def slug(text: str, words: int = 8) -> str:
    """A readable IRI part: lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "x"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^{datatype}'
    return f'"{escaped}"'


def date_literal(value: str) -> str:
    kind = {10: "xsd:date", 7: "xsd:gYearMonth", 4: "xsd:gYear"}[len(value)]
    return literal(value, datatype=kind)


def name(iri: str) -> str:
    """An IRI as the Turtle term the data files write: prefixed where a prefix fits."""
    short = shorten(iri)
    if short != iri and re.fullmatch(r"[A-Za-z][\w-]*:[\w.-]*[\w-]|[A-Za-z][\w-]*:", short):
        return short
    return f"<{iri}>"


def turtle(nodes: list[Node], header: str) -> str:
    """The nodes as Turtle, declaring the prefixes they use, in the order given."""
    body = []
    for node in nodes:
        lines = [f"# {node.comment}"] if node.comment else []
        lines.append(node.iri)
        statements = [f"a {node.cls}", *(f"{p} {v}" for p, v in node.props)]
        if node.passage:
            statements.append(f"nrc:passage {literal(node.passage)}")
        if node.review:
            statements += [
                "nrc:reviewStatus review:draft",
                f'nrc:confidence "{node.confidence:.2f}"^^xsd:decimal',
                f"nrc:draftRule {literal(node.rule)}",
            ]
        lines.append("    " + " ;\n    ".join(statements) + " .")
        body.append("\n".join(lines))
    text = "\n\n".join(body) + "\n"
    used = {prefix for prefix in PREFIXES if re.search(rf"(?<![\w:/#-]){re.escape(prefix)}:", text)}
    width = max((len(p) for p in used), default=0) + 1
    prefixes = "".join(
        f"@prefix {(p + ':').ljust(width)} <{PREFIXES[p]}> .\n" for p in sorted(used, key=list(PREFIXES).index)
    )
    return header + prefixes + "\n" + text
