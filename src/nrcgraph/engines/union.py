"""Two or more engines read as one graph (read-only): a data file checked beside a store
or a remote endpoint without loading it into either."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..rdf.results import Result
from ..rdf.terms import Quad, Term, Triple
from .base import Engine, Unsupported


class UnionEngine:
    name = "union"
    writable = False

    def __init__(self, parts: list[Engine]):
        self.parts = parts

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, max_rows: int | None = None) -> Result:
        raise Unsupported("union", "answer SPARQL over separate engines", "load the files into one graph")

    def quads(
        self, subject: Term | None = None, predicate: Term | None = None, object: Term | None = None
    ) -> Iterator[Quad]:
        for part in self.parts:
            yield from part.quads(subject, predicate, object)

    def triples(self) -> Iterator[Triple]:
        seen: set[Triple] = set()
        for part in self.parts:
            for triple in part.triples():
                if triple not in seen:
                    seen.add(triple)
                    yield triple

    def graphs(self) -> list[str]:
        return sorted({g for part in self.parts for g in part.graphs()})

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)

    def load_file(self, path: Path, graph: str, fmt: str, counted: bool = True) -> int:
        raise Unsupported("union", f"load {path}")

    def add(self, triples: Iterable[Triple], graph: str) -> None:
        raise Unsupported("union", "add triples")

    def close(self) -> None:
        for part in self.parts:
            part.close()
