"""The ``Engine`` protocol: what every store of triples offers the rest of nrcgraph.

Four implementations: Oxigraph in memory and on disk, rdflib, and a remote SPARQL 1.1
endpoint. Everything outside ``engines/`` reads and writes through these methods and
plain ``Term`` values, never through a store object. An engine that cannot do something
raises ``Unsupported`` at once, with one line that says what and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import TooManyRows, UsageError
from ..rdf.results import Result
from ..rdf.terms import Quad, Term, Triple


class Unsupported(UsageError):
    """The engine in use cannot do what was asked (exit 2)."""

    def __init__(self, engine: str, what: str, instead: str = ""):
        super().__init__(f"the {engine} engine cannot {what}" + (f"; {instead}" if instead else ""))


@runtime_checkable
class Engine(Protocol):
    name: str
    #: Whether files and triples can be added (a remote endpoint is read-only here).
    writable: bool

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, max_rows: int | None = None) -> Result:
        """Run SPARQL with ``bindings`` (variable name -> term) bound as values. With
        ``max_rows``, raise ``TooManyRows`` as soon as the answer passes that size."""
        ...

    def quads(
        self, subject: Term | None = None, predicate: Term | None = None, object: Term | None = None
    ) -> Iterator[Quad]:
        """The quads matching a pattern (None matches anything), over every graph."""
        ...

    def triples(self) -> Iterator[Triple]:
        """Every triple of the union graph once."""
        ...

    def graphs(self) -> list[str]:
        """The names of the named graphs (one per loaded file)."""
        ...

    def __len__(self) -> int: ...

    def load_file(self, path: Path, graph: str, fmt: str, counted: bool = True) -> int:
        """Parse ``path`` (format name from ``rdf.formats``) into the named graph ``graph``;
        all or nothing. Returns the number of triples in that graph afterwards (-1 when
        not ``counted``, where counting costs a pass over the graph)."""
        ...

    def add(self, triples: Iterable[Triple], graph: str) -> None:
        """Add triples to the named graph ``graph``."""
        ...

    def close(self) -> None: ...


def check_size(result: Result, max_rows: int | None) -> Result:
    """For engines that build the whole answer anyway: refuse it when it is too large."""
    if max_rows is not None and len(result) > max_rows:
        raise TooManyRows(max_rows)
    return result
