"""A workspace: where a user's graph lives.

``nrcgraph init DIR`` makes one::

    DIR/nrcgraph.toml     the settings (below)
    DIR/data/             the user's RDF files, one per source: the record
    DIR/queries/          saved queries (they hide bundled ones of the same name)
    DIR/shapes/           extra SHACL shapes, checked beside the bundled ones
    DIR/.nrcgraph/        derived, never the only copy: the Oxigraph store built from
                          the bundle and data/, its manifest, and the locks

Commands run inside DIR (or below it), or given ``--workspace DIR`` or the environment
variable ``NRCGRAPH_WORKSPACE``, use it without flags. Before a command reads the store,
every source file is compared with the manifest (size and time, then SHA-256) and what
changed is reloaded, each file all or nothing; so whatever edits the files, the next
command sees them. Readers share the store; a writer (``add``) holds it alone, and a
reader that finds it held reads the files into memory instead. A running ``serve`` reads
the files, not the store, and follows their ``fingerprint``.

A workspace this process cannot write (a read-only file system, another user's folder)
still answers reads: from the store, when it is up to date and can be opened for reading,
else from the files in memory. Only writing commands refuse, in one line (``Unwritable``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import bundle
from .atomic import Lock, Unwritable, atomic_write
from .errors import DataError, UsageError
from .graph import Graph, graph_name, load, rdf_files
from .rdf import formats

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any

CONFIG = "nrcgraph.toml"
ENV = "NRCGRAPH_WORKSPACE"
STATE = ".nrcgraph"
# Where drafts wait for review (nrcgraph draft -o drafts/; nrcgraph review drafts/); not part of the graph.
DRAFTS = "drafts"
TEMPLATE = """\
# An nrcgraph workspace. The files in data/ are the record; .nrcgraph/ is derived from
# them (and from the bundled graph when bundle = true) and can be deleted at any time.
[workspace]
# Include the bundled ontology, vocabularies and NRC data.
bundle = true
# Folders (or files) of RDF data, relative to this file.
data = ["data"]
# Saved queries; they hide bundled queries of the same name.
queries = "queries"
# Extra SHACL shapes, checked beside the bundled ones.
shapes = "shapes"
"""


class Workspace:
    """A workspace folder and its settings (see the module docstring)."""

    def __init__(
        self,
        root: Path,
        bundle: bool = True,
        data: tuple[str, ...] = ("data",),
        queries: str = "queries",
        shapes: str = "shapes",
    ):
        self.root, self.bundle, self.data, self.queries, self.shapes = root, bundle, data, queries, shapes

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    # --- finding and making ------------------------------------------------------

    @classmethod
    def find(cls, start: str | Path | None = None) -> Workspace | None:
        """The workspace holding ``start`` (default: the current folder), searched upward."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG).is_file():
                return cls.open(folder)
        return None

    @classmethod
    def locate(cls, explicit: str | Path | None = None) -> Workspace | None:
        """``--workspace``, else ``$NRCGRAPH_WORKSPACE``, else the folders upward from here."""
        named = explicit or os.environ.get(ENV)
        if named:
            return cls.open(named)
        return cls.find()

    @classmethod
    def open(cls, folder: str | Path) -> Workspace:
        root = Path(folder).resolve()
        import tomllib

        config = root / CONFIG
        if not config.is_file():
            raise UsageError(
                f"{folder} is not an nrcgraph workspace (no {CONFIG}; make one with: nrcgraph init {folder})"
            )
        try:
            settings = tomllib.loads(config.read_text(encoding="utf-8")).get("workspace", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"not valid TOML: {exc}", str(config)) from None
        data = settings.get("data", ["data"])
        return cls(
            root,
            bool(settings.get("bundle", True)),
            tuple([data] if isinstance(data, str) else data),
            str(settings.get("queries", "queries")),
            str(settings.get("shapes", "shapes")),
        )

    @classmethod
    def init(cls, folder: str | Path, with_bundle: bool = True) -> Workspace:
        root = Path(folder)
        if (root / CONFIG).exists():
            raise UsageError(f"{root} is already an nrcgraph workspace")
        if root.is_file():
            raise UsageError(f"{root} is a file: name a folder")
        for sub in ("data", "queries", "shapes", DRAFTS):
            (root / sub).mkdir(parents=True, exist_ok=True)
        text = TEMPLATE if with_bundle else TEMPLATE.replace("bundle = true", "bundle = false")
        atomic_write(root / CONFIG, text.encode("utf-8"))
        ignore = root / ".gitignore"
        if not ignore.exists():
            atomic_write(ignore, f"{STATE}/\n".encode())
        workspace = cls.open(root)
        workspace.sync()
        return workspace

    # --- what it holds -------------------------------------------------------------

    @property
    def state(self) -> Path:
        return self.root / STATE

    @property
    def store_path(self) -> Path:
        return self.state / "store"

    @property
    def drafts_dir(self) -> Path:
        """Where drafts wait for review: drafts/ in the workspace, not part of its graph."""
        return self.root / DRAFTS

    @property
    def data_dir(self) -> Path:
        return self.root / self.data[0]

    def sources(self) -> list[Path]:
        """Every RDF file of the graph: the bundle's (when included) and the workspace's."""
        paths: list[str | Path] = [*(bundle.default_sources() if self.bundle else [])]
        paths += [self.root / d for d in self.data if (self.root / d).exists()]
        return rdf_files(paths)

    def query_dirs(self) -> list[Path]:
        mine = self.root / self.queries
        return [p for p in (mine, bundle.queries_dir()) if p.is_dir()]

    def shape_files(self) -> list[Path]:
        mine = self.root / self.shapes
        return [bundle.shapes_file(), *(rdf_files([mine]) if mine.is_dir() else [])]

    def default_target(self, source: Path) -> Path:
        """Where ``add`` puts a file's triples: data/NAME.ttl, one file per source."""
        return self.data_dir / f"{source.stem}.ttl"

    # --- the store -----------------------------------------------------------------

    def _manifest(self) -> dict[str, dict[str, Any]]:
        import json

        try:
            data = json.loads((self.state / "manifest.json").read_text(encoding="utf-8"))
            return dict(data.get("files", {})) if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_manifest(self, files: dict[str, dict[str, Any]]) -> None:
        import json

        atomic_write(self.state / "manifest.json", json.dumps({"version": 1, "files": files}, indent=1).encode())

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """The sources as (path, size, time): it changes when any of them does."""
        found = []
        for path in self.sources():
            st = path.stat()
            found.append((str(path), st.st_size, st.st_mtime_ns))
        return tuple(found)

    def stale(self, sources: list[Path] | None = None) -> bool:
        """Whether any source file differs from what the store was built from (by size and time)."""
        manifest = self._manifest()
        current = {graph_name(p): p for p in (self.sources() if sources is None else sources)}
        if set(current) != set(manifest) or not self.store_path.is_dir():
            return True
        return any(not _unchanged(manifest[name], path.stat()) for name, path in current.items())

    def store_lock(self) -> Lock:
        return Lock(self.state / "store.lock", f"the workspace store in {self.root}")

    def write_lock(self) -> Lock:
        return Lock(self.state / "write.lock", f"the workspace {self.root}")

    def sync(self, engine: Any = None, progress: Callable[[Path], None] | None = None) -> list[Path]:
        """Bring the store up to date with the files; returns the files reloaded.

        Takes the store alone for the time it needs unless ``engine`` (the store, already
        held by this process) is given.
        """
        if engine is None:
            lock = self.store_lock().require(wait=10.0)
            try:
                from .engines.oxigraph import OxigraphEngine

                self.state.mkdir(exist_ok=True)
                engine = OxigraphEngine.open(self.store_path, read_only=False)
                try:
                    return self.sync(engine, progress)
                finally:
                    engine.close()
            finally:
                lock.release()
        manifest = self._manifest()
        current = {graph_name(p): p for p in self.sources()}
        changed: list[Path] = []
        try:
            for name in sorted(set(manifest) - set(current)):
                engine.remove_graph(name)
                del manifest[name]
            for name, path in current.items():
                st = path.stat()
                seen = manifest.get(name)
                if seen and _unchanged(seen, st):
                    continue
                digest = _sha256(path)
                if seen and seen.get("sha256") == digest and name in engine.graphs():
                    manifest[name] = {**seen, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
                    continue
                big = st.st_size > 16 * 1024 * 1024
                count = engine.load_file(path, name, formats.format_of(path), bulk=big)
                manifest[name] = {
                    "path": str(path),
                    "size": st.st_size,
                    "mtime_ns": st.st_mtime_ns,
                    "sha256": digest,
                    "triples": count,
                }
                changed.append(path)
                if progress:
                    progress(path)
        finally:
            engine.flush()
            self._save_manifest(manifest)
        return changed

    def holds(self, path: Path) -> bool:
        """Whether ``path`` lies in one of the workspace's data folders."""
        resolved = path.resolve()
        return any(resolved.is_relative_to((self.root / d).resolve()) for d in self.data)

    def add(
        self,
        file: str | Path,
        to: str | Path | None = None,
        dry_run: bool = False,
        shapes: Any = None,
        fmt: str | None = None,
        accept_drafts: bool = False,
    ) -> Any:
        """Validate ``file`` against the workspace's graph and merge what is new into
        data/NAME.ttl (or ``to``); the store follows. One writer at a time."""
        from .ingest.add import add as add_file

        source = Path(file)
        target = Path(to) if to else self.default_target(source)
        with self.write_lock().require(wait=2.0):
            if self.holds(target):
                base, lock = self.writable_graph()
            else:  # a file outside the workspace: checked beside it, never loaded into its store
                base, lock = load(*self.sources(), *([target] if target.is_file() else [])), None
            try:
                result = add_file(
                    source,
                    base,
                    to=None if dry_run else target,
                    dry_run=dry_run,
                    shapes=self.shape_files() if shapes is None else shapes,
                    fmt=fmt,
                    accept_drafts=accept_drafts,
                )
                if lock is not None and result.written:
                    self.sync(base.engine)
                return result
            finally:
                base.close()
                if lock is not None:
                    lock.release()

    def graph(self, engine_name: str = "oxigraph") -> Graph:
        """The workspace's graph for reading: the store, brought up to date, shared with
        other readers. When another process holds the store (a running serve), or another
        engine is asked for, the files are read into memory instead."""
        if engine_name != "oxigraph":
            return load(*self.sources(), engine_name=engine_name)
        from .engines.oxigraph import OxigraphEngine

        try:
            self.state.mkdir(exist_ok=True)
        except OSError:  # a read-only workspace: the lock says so below
            pass
        sources = self.sources()
        lock = self.store_lock()
        try:
            if not lock.acquire(shared=True, wait=0.5):
                return load(*sources)
            if self.stale(sources):
                lock.release()
                self.sync()
                if not lock.acquire(shared=True, wait=0.5):
                    return load(*sources)
        except Unwritable:  # a store that cannot be brought up to date here: the files
            lock.release()
            return load(*sources)
        try:
            engine = OxigraphEngine.open(self.store_path, read_only=True)
        except UsageError:
            lock.release()
            return load(*sources)
        graph = Graph(engine, sources)
        graph._lock = lock  # held while the graph is in use
        return graph

    def writable_graph(self) -> tuple[Graph, Lock | None]:
        """The store held alone and up to date, for a writer; or, when other processes hold
        it (long readers), the files in memory: the next reader brings the store up to date."""
        from .engines.oxigraph import OxigraphEngine

        lock = self.store_lock()
        if not lock.acquire(shared=False, wait=2.0):
            return load(*self.sources()), None
        engine = OxigraphEngine.open(self.store_path, read_only=False)
        self.sync(engine)
        return Graph(engine, self.sources()), lock


def _unchanged(seen: dict[str, Any], st: os.stat_result) -> bool:
    """Whether a file's size and time are those the manifest recorded for it."""
    return bool(seen.get("size") == st.st_size and seen.get("mtime_ns") == st.st_mtime_ns)


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
