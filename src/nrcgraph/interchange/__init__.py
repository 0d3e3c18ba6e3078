"""The graph in the interchange formats of the field, for tools that do not read RDF:
PLOVER event records (JSON Lines), schema.org JSON-LD, and Wikidata-ready statements
(QuickStatements). Each reads the graph through SPARQL, so it works on every engine,
and writes what the format can carry, saying what it had to leave out."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..graph import Graph
from .written import Written

FORMATS = ("plover", "jsonld", "wikidata")
EXTENSIONS = {"plover": ".jsonl", "jsonld": ".jsonld", "wikidata": ".qs.txt"}


def write(graph: Graph, fmt: str, out: TextIO) -> Written:
    """Write ``graph`` in ``fmt`` (one of FORMATS) to the text stream ``out``."""
    if fmt == "plover":
        from .plover import write_plover

        return write_plover(graph, out)
    if fmt == "jsonld":
        from .schemaorg import write_schemaorg

        return write_schemaorg(graph, out)
    if fmt == "wikidata":
        from .wikidata import write_quickstatements

        return write_quickstatements(graph, out)
    from ..errors import UsageError

    raise UsageError(f"unknown interchange format {fmt!r} (known: {', '.join(FORMATS)})")


def write_file(graph: Graph, fmt: str, path: str | Path) -> Written:
    """Write to ``path`` atomically: a failed export leaves no half-written file."""
    from ..atomic import atomic_write_text

    written: list[Written] = []
    atomic_write_text(path, lambda out: written.append(write(graph, fmt, out)))
    return written[0]
