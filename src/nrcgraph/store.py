"""Loading Turtle files into a queryable graph.

Each file goes into a named graph of its own (its file IRI), so statistics and
provenance can say which file a triple came from; queries see the union.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import bundle, engine
from .errors import UsageError
from .results import Result, Term
from .sparql import bind_values


def rdf_files(paths: Iterable[str | Path]) -> list[Path]:
    """The RDF files named by ``paths``: files as given, folders searched recursively."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in engine.FORMATS
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return found


def graph_name(path: Path) -> str:
    return path.resolve().as_uri()


@dataclass
class Graph:
    """A loaded graph: the files it came from and the engine that answers queries."""

    engine: object
    files: list[Path] = field(default_factory=list)

    def query(self, sparql: str, bindings: dict[str, Term | str] | None = None) -> Result:
        """Run SPARQL; ``bindings`` maps variable names (without ``?``) to values.

        A value given as a plain string is bound as an IRI if it looks like one
        (``https://...`` or a known ``prefix:name``) and as a string literal otherwise.
        """
        terms = {k.lstrip("?$"): v if isinstance(v, Term) else to_term(v) for k, v in (bindings or {}).items()}
        if terms and hasattr(self.engine, "query_bound"):
            return self.engine.query_bound(sparql, terms)
        return self.engine.query(bind_values(sparql, terms), bundle.PREFIXES)

    def __len__(self) -> int:
        return len(self.engine)

    def triples(self):
        """Every triple of the union graph, as Term triples (duplicates across files once)."""
        return self.engine.triples()

    def add_file(self, path: str | Path) -> None:
        path = Path(path)
        self.engine.load_file(path, graph_name(path))
        self.files.append(path)

    def stats(self):
        from .stats import stats
        return stats(self)


def to_term(value: str) -> Term:
    expanded = bundle.expand(value)
    if expanded != value or value.startswith(("http://", "https://", "urn:", "file:")):
        return Term("uri", expanded)
    return Term("literal", value)


def load(*paths: str | Path, with_bundle: bool = False, engine_name: str = engine.DEFAULT_ENGINE,
         progress=None) -> Graph:
    """Load RDF files and folders into a new graph.

    With no paths, the bundled ontology and data; ``with_bundle=True`` adds the
    bundle to the paths given.

    >>> import nrcgraph
    >>> g = nrcgraph.load()
    >>> g.query("ASK { ?m a nrc:Meeting }").boolean
    True
    """
    sources: list[str | Path] = list(paths)
    if not sources or with_bundle:
        sources = bundle.default_sources() + sources
    files = rdf_files(sources)
    graph = Graph(engine.create(engine_name))
    for path in files:
        graph.add_file(path)
        if progress:
            progress(path)
    return graph


# --- persistent stores -------------------------------------------------------------

def open_store(path: str | Path, read_only: bool = True) -> Graph:
    """A Graph over an Oxigraph store on disk (made by ``load_store``).

    Read-only by default, so several readers can share a store.
    """
    import pyoxigraph as ox
    folder = Path(path)
    if not folder.is_dir():
        raise UsageError(f"no store at {folder} (make one with: nrcgraph load FILES --store {folder})")
    eng = engine.OxigraphEngine.__new__(engine.OxigraphEngine)
    eng.ox = ox
    try:
        eng.store = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as exc:
        raise UsageError(f"cannot open the store at {folder}: {exc}") from None
    return Graph(eng, [Path(g.value) for g in eng.store.named_graphs()])


class _Counting:
    """A binary file that reports how many bytes have been read (for a progress bar)."""

    def __init__(self, fh, progress):
        self.fh, self.progress = fh, progress

    def read(self, size=-1):
        data = self.fh.read(size)
        self.progress(len(data))
        return data

    def readinto(self, buffer):
        n = self.fh.readinto(buffer)
        self.progress(n or 0)
        return n


def load_store(paths, store_path: str | Path, replace: bool = False, progress=None) -> list[tuple[Path, int]]:
    """Bulk-load RDF files into the Oxigraph store at ``store_path``, one named graph per file.

    A file that fails to parse leaves the store as it was (its partial graph is removed).
    A file already in the store is refused unless ``replace``; then the new version is
    loaded beside the old one and swapped in only once it has loaded completely.
    ``progress(bytes_read)`` is called as the files are read.
    """
    import pyoxigraph as ox
    files = rdf_files(paths)
    store = ox.Store(str(store_path))
    loaded = []
    for path in files:
        name = ox.NamedNode(graph_name(path))
        exists = store.contains_named_graph(name)
        if exists and not replace:
            raise UsageError(f"{path} is already in the store; use --replace to load it again")
        target = ox.NamedNode(name.value + "#loading") if exists else name
        fmt = getattr(ox.RdfFormat, engine.OxigraphEngine._OX_FORMATS[engine.format_of(path)])
        try:
            with open(path, "rb") as fh:
                source = _Counting(fh, progress) if progress else fh
                store.bulk_load(input=source, format=fmt, base_iri=path.resolve().as_uri(), to_graph=target)
        except SyntaxError as exc:
            store.remove_graph(target)
            message = str(exc.args[0]) if exc.args else str(exc)
            raise engine.parse_error(path, f"syntax error: {message}; nothing of it was loaded",
                                     exc.lineno, exc.offset) from None
        if exists:
            store.update(f"MOVE <{target.value}> TO <{name.value}>")
        store.flush()
        loaded.append((path, sum(1 for _ in store.quads_for_pattern(None, None, None, name))))
    return loaded
