"""A loaded graph: the files it came from and the engine that answers for them.

Each file goes into a named graph of its own (its file IRI), so statistics and
provenance can say which file a triple came from; queries see the union.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from . import bundle
from .errors import UsageError
from .rdf import formats
from .rdf.namespaces import expand
from .rdf.reach import check as check_reach
from .rdf.reach import check_depth
from .rdf.results import Result
from .rdf.terms import Quad, Term, Triple

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any

    from .engines.base import Engine
    from .stats import Stats

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"


def _terms(bindings: Mapping[str, Term | str] | None) -> dict[str, Term]:
    return {k.lstrip("?$"): v if isinstance(v, Term) else to_term(v) for k, v in (bindings or {}).items()}


def rdf_files(paths: Iterable[str | Path]) -> list[Path]:
    """The RDF files named by ``paths``: files as given, folders searched recursively
    (hidden files and folders left out)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in formats.EXTENSIONS
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return found


def graph_name(path: Path) -> str:
    return path.resolve().as_uri()


class Graph:
    """A graph and the engine that holds it (see ``engines``)."""

    def __init__(self, engine: Engine, files: list[Path] | None = None):
        self.engine = engine
        self.files = files if files is not None else []
        self._lock: Any = None  # a workspace lock held while the graph is in use
        #: Hosts a query may reach by SERVICE or FROM (``--allow-service``); none by default.
        self.allow_service: frozenset[str] = frozenset()

    def check(self, sparql: str) -> None:
        """Refuse a query that nests too deeply, writes, or reaches outside the graph (a
        SERVICE, or a FROM graph that is not one of this graph's own) before the engine
        parses it. A remote endpoint's FROM names its own graphs, so only SERVICE counts there."""
        check_depth(sparql)
        check_reach(sparql, self.allow_service, self.engine.graphs, check_from=self.engine.name != "endpoint")

    def __repr__(self) -> str:
        return f"Graph({self.engine.name}, {len(self.files)} files)"

    def query(
        self, sparql: str, bindings: Mapping[str, Term | str] | None = None, max_rows: int | None = None
    ) -> Result:
        """Run SPARQL; ``bindings`` maps variable names (without ``?``) to values.

        A value given as a plain string is bound as an IRI if it looks like one
        (``https://...`` or a known ``prefix:name``) and as a string literal otherwise.
        """
        self.check(sparql)
        return self.engine.query(sparql, _terms(bindings), max_rows)

    def query_as(
        self, sparql: str, bindings: Mapping[str, Term | str] | None, wanted: Mapping[str, str]
    ) -> Result | str:
        """The answer already written where the engine writes the format ``wanted`` for its
        kind (``wanted["rows"]`` for SELECT, ``wanted["graph"]`` for CONSTRUCT; see
        ``render.wanted_formats``) exactly as ``render`` would (Oxigraph: CSV, Turtle), else
        the Result to render: a large answer is then never converted into Python values
        only to be written out again."""
        self.check(sparql)
        written = getattr(self.engine, "query_as", None)
        if written is None:
            return self.engine.query(sparql, _terms(bindings))
        return written(sparql, _terms(bindings), wanted)  # type: ignore[no-any-return]

    def quads(self, s: Term | None = None, p: Term | None = None, o: Term | None = None) -> Iterator[Quad]:
        return self.engine.quads(s, p, o)

    def contains(self, s: Term | None = None, p: Term | None = None, o: Term | None = None) -> bool:
        return next(self.engine.quads(s, p, o), None) is not None

    def triples(self) -> Iterator[Triple]:
        """Every triple of the union graph, as Term triples (duplicates across files once)."""
        return self.engine.triples()

    def triple_values(self) -> Iterator[tuple[str, str, str, str, str | None]]:
        """Every triple once as plain strings (subject, predicate, object kind, object
        value, object language), for passes over the whole graph; the engine's own where
        it has one (Oxigraph: no Term is made)."""
        fast = getattr(self.engine, "triple_values", None)
        if fast is not None:
            return fast()  # type: ignore[no-any-return]
        return ((s.value, p.value, o.kind, o.value, o.lang) for s, p, o in self.engine.triples())

    def __len__(self) -> int:
        return len(self.engine)

    def add_file(self, path: str | Path, fmt: str | None = None, counted: bool = True) -> int:
        """Load a file into its own graph; returns its triples (-1 when not ``counted``)."""
        path = Path(path)
        count = self.engine.load_file(path, graph_name(path), formats.format_of(path, fmt), counted)
        self.files.append(path)
        return count

    def with_file(self, path: str | Path) -> Graph:
        """This graph and one more file: the file is loaded beside it when the engine takes
        new data, otherwise into a second, in-memory graph read together with this one."""
        if self.engine.writable and not getattr(self.engine, "path", None):
            self.add_file(path)
            return self
        from .engines.union import UnionEngine

        extra = load(path)
        union = Graph(UnionEngine([self.engine, extra.engine]), [*self.files, Path(path)])
        union.allow_service = self.allow_service
        return union

    def close(self) -> None:
        """Let go of the engine (a store on disk can then be opened by others)."""
        self.engine.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def stats(self) -> Stats:
        from .stats import stats

        return stats(self)


def to_term(value: str) -> Term:
    expanded = expand(value)
    if expanded != value or value.startswith(("http://", "https://", "urn:", "file:")):
        return Term("uri", expanded)
    return Term("literal", value)


def new_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """A new, empty in-memory engine by name."""
    if name == "oxigraph":
        from .engines.oxigraph import OxigraphEngine

        return OxigraphEngine()
    if name == "rdflib":
        from .engines.rdflib_engine import RdflibEngine

        return RdflibEngine()
    raise UsageError(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")


def load(
    *paths: str | Path,
    with_bundle: bool = False,
    engine_name: str = DEFAULT_ENGINE,
    progress: Callable[[Path], None] | None = None,
    fmt: str | None = None,
) -> Graph:
    """Load RDF files and folders into a new in-memory graph.

    With no paths, the bundled ontology and data; ``with_bundle=True`` adds the
    bundle to the paths given.

    >>> import nrcgraph
    >>> g = nrcgraph.load()
    >>> g.query("ASK { ?m a nrc:Meeting }").boolean
    True
    """
    sources: list[str | Path] = list(paths)
    if not sources or with_bundle:
        sources = [*bundle.default_sources(), *sources]
    graph = Graph(new_engine(engine_name))
    for path in rdf_files(sources):
        graph.add_file(path, fmt if path in map(Path, paths) else None, counted=False)
        if progress:
            progress(path)
    return graph


def open_store(path: str | Path, read_only: bool = True) -> Graph:
    """A Graph over an Oxigraph store on disk (made by ``nrcgraph load``).

    Read-only by default, so several readers can share a store.
    """
    from .engines.oxigraph import OxigraphEngine

    folder = Path(path)
    if not folder.is_dir():
        raise UsageError(f"no store at {folder} (make one with: nrcgraph load FILES --store {folder})")
    from .engines.oxigraph import check_finished

    check_finished(folder)
    engine = OxigraphEngine.open(folder, read_only=read_only)
    return Graph(engine, [_path_of(g) for g in engine.graphs()])


def _path_of(name: str) -> Path:
    from .rdf.formats import graph_file

    return graph_file(name) or Path(name)


def connect(url: str, user: str | None = None, password: str | None = None, graphs: list[str] | None = None) -> Graph:
    """A Graph whose queries run on the SPARQL endpoint at ``url``, over ``graphs`` if given."""
    from .engines.endpoint import EndpointEngine

    return Graph(EndpointEngine(url, user, password, graphs=graphs))
