"""rdflib as an engine: slower, kept so tests can show that both engines give the same
answer to every saved query (and because pyshacl validates rdflib graphs)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import DataError, QueryError
from ..rdf import formats
from ..rdf.namespaces import PREFIXES
from ..rdf.prescan import prescan
from ..rdf.results import Result
from ..rdf.sparql import bind_values, is_ordered, syntax_error
from ..rdf.terms import Quad, Term, Triple, from_rdflib, to_rdflib
from .base import check_size

# rdflib logs a warning with a traceback for every ill-formed literal it meets (a date
# "2007-13-45"); Oxigraph keeps such literals silently, validation reports them as
# findings (IllFormedLiteral), and a user never sees a library's traceback.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


class RdflibEngine:
    name = "rdflib"
    writable = True

    def __init__(self) -> None:
        from rdflib import Dataset

        _contain_rdflib()
        self.dataset = Dataset(default_union=True)

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None) -> Any:
        from pyparsing import ParseException

        text = bind_values(sparql, dict(bindings)) if bindings else sparql
        try:
            return self.dataset.query(text, initNs=PREFIXES)
        except ParseException as exc:
            raise syntax_error(text, f"error at {exc.lineno}:{exc.col}: {exc.msg}") from None
        except RecursionError:
            raise QueryError("query failed: it nests too deeply for the rdflib engine") from None
        except _Unreachable:
            raise
        except Exception as exc:  # rdflib's evaluator raises many unrelated types
            raise QueryError(f"query failed: {exc}") from None

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, max_rows: int | None = None) -> Result:
        return check_size(self._answer(sparql, bindings), max_rows)

    def _answer(self, sparql: str, bindings: Mapping[str, Term] | None) -> Result:
        answer = self._run(sparql, bindings)
        conv = from_rdflib
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            columns = [str(v) for v in answer.vars]
            rows = [tuple(conv(r[i]) for i in range(len(columns))) for r in answer]
            return Result("select", columns, rows, ordered=is_ordered(sparql))
        return Result("graph", triples=[tuple(conv(x) for x in t) for t in answer])  # type: ignore[misc]

    def quads(
        self, subject: Term | None = None, predicate: Term | None = None, object: Term | None = None
    ) -> Iterator[Quad]:
        pattern = tuple(None if t is None else to_rdflib(t) for t in (subject, predicate, object))
        for s, p, o, g in self.dataset.quads((*pattern, None)):  # type: ignore[arg-type]
            name = getattr(g, "identifier", g)
            yield Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), None if name is None else str(name))  # type: ignore[arg-type]

    def triples(self) -> Iterator[Triple]:
        for s, p, o in set(self.dataset.triples((None, None, None))):
            yield from_rdflib(s), from_rdflib(p), from_rdflib(o)  # type: ignore[misc]

    def graphs(self) -> list[str]:
        from rdflib import URIRef

        return sorted(
            str(g.identifier)
            for g in self.dataset.graphs()
            if isinstance(g.identifier, URIRef) and len(g) and not str(g.identifier).startswith("urn:x-rdflib")
        )

    def __len__(self) -> int:
        return len(self.dataset)

    def load_file(self, path: Path, graph: str, fmt: str, counted: bool = True) -> int:
        from rdflib import Dataset, URIRef

        staging = Dataset()
        target = staging if fmt in formats.QUAD_FORMATS else staging.graph(URIRef(graph))
        parse_rdflib(target, path, fmt)
        for quad in staging.quads((None, None, None, None)):
            s, p, o, g = quad
            name = URIRef(graph) if fmt not in formats.QUAD_FORMATS else getattr(g, "identifier", g)
            self.dataset.graph(name).add((s, p, o))
        return len(self.dataset.graph(URIRef(graph)))

    def add(self, triples: Iterable[Triple], graph: str) -> None:
        from rdflib import URIRef

        target = self.dataset.graph(URIRef(graph))
        for s, p, o in triples:
            target.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))

    def close(self) -> None:
        pass


class _Unreachable(QueryError):
    pass


def _no_service(ctx: Any, part: Any) -> Any:
    """rdflib's evaluator would send a SERVICE pattern over HTTP: refused here."""
    if getattr(part, "name", None) == "ServiceGraphPattern":
        raise _Unreachable("SERVICE is refused: the rdflib engine never reaches outside the graph")
    raise NotImplementedError  # every other pattern: rdflib's own evaluation


def _contain_rdflib() -> None:
    """Turn off what rdflib would fetch from outside: FROM graphs loaded from their IRIs
    (files or URLs) and SERVICE calls. The query check refuses both first; this is the
    second line, in case a query reaches the engine some other way."""
    import rdflib.plugins.sparql as sparql_plugin

    sparql_plugin.SPARQL_LOAD_GRAPHS = False
    sparql_plugin.CUSTOM_EVALS["nrcgraph-no-service"] = _no_service


def parse_rdflib(target: Any, path: Path, fmt: str | None = None) -> None:
    """Parse ``path`` into an rdflib graph or dataset; bad input becomes a DataError."""
    fmt = formats.format_of(path, fmt)
    prescan(path, fmt)  # before any parser sees it: XML entities, JSON-LD depth and contexts
    if fmt == "jsonld":
        _no_remote_contexts()
    data = path.read_bytes()
    skipped = len(formats.BOM) if data.startswith(formats.BOM) else 0
    data = data[skipped:]
    try:
        data.decode("utf-8")  # read once: checked here, parsed below
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start + skipped})", str(path)) from None
    try:
        target.parse(data=data, format=formats.rdflib_format(fmt), publicID=path.resolve().as_uri())
    except RecursionError:
        raise DataError("the file nests too deeply to parse", str(path)) from None
    except Exception as exc:  # rdflib's parsers raise many unrelated types for bad input
        # rdflib's Turtle errors count the newlines before the fault (0-based); others name a line.
        lines, line = getattr(exc, "lines", None), getattr(exc, "line", None)
        line = lines + 1 if isinstance(lines, int) else line if isinstance(line, int) else None
        raise formats.parse_error(path, f"syntax error: {exc}", line, None) from None
    if len(data) > formats.MAX_TOKEN:
        _check_token_sizes(target, path)


def _check_token_sizes(target: Any, path: Path) -> None:
    """Refuse a literal or IRI over the parsers' limit, as Oxigraph does, so both engines
    take the same files (rdflib itself has no limit)."""
    limit = formats.MAX_TOKEN
    quads = getattr(target, "quads", None)  # a Dataset; a Graph has triples only
    for statement in quads((None, None, None, None)) if quads else target.triples((None, None, None)):
        for term in statement[:3]:
            if len(term) > limit // 4 and len(str(term).encode("utf-8")) > limit:
                raise formats.too_large(path)


def _no_remote_contexts() -> None:
    """Take from rdflib's JSON-LD parser the means to fetch a context: the prescan refuses
    files that name one, and should one slip through, nothing is fetched either."""
    from rdflib.plugins.shared.jsonld import context

    def refuse(source: Any, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"the JSON-LD context '{source}' is a document to fetch, which nrcgraph never does")

    context.source_to_json = refuse  # type: ignore[assignment]
