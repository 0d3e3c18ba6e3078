"""Bulk loading RDF files into a persistent Oxigraph store, one named graph per file.

A load finishes or says so. Before it changes anything it writes a marker in the store
folder (``MARKER``: the files the store is to hold when the load is done) and removes it
only once the store is flushed and closed. A store with the marker is unfinished: reading
it is refused with one line that says how to finish it, and the next ``load`` into it
finishes it first: a store that was new, or that no longer opens, is rebuilt from scratch
from the files the marker names; into an older, sound store, the graphs of the files
being loaded are dropped and loaded again. Either way the store ends as a clean load
would have left it, never reported done when it is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..atomic import Lock, atomic_write
from ..engines.oxigraph import LOCK, MARKER, OxigraphEngine, unfinished
from ..errors import DamagedStore, NrcgraphError, UsageError
from ..graph import graph_name, rdf_files
from ..rdf import formats


def load_store(
    paths: Iterable[str | Path],
    store_path: str | Path,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
    fmt: str | None = None,
    with_bundle: bool = False,
) -> list[tuple[Path, int]]:
    """Bulk-load RDF files into the Oxigraph store at ``store_path``.

    Each file is all or nothing: it loads beside the graph it replaces and is swapped in
    only once it has parsed completely. A file already in the store is refused unless
    ``replace``. ``with_bundle`` adds the bundled graph when the store is new. A load
    that was stopped is finished first (see the module's docstring). ``progress(bytes_read)``
    is called as the files are read. Returns each file loaded with its triple count, as
    the store counts it.
    """
    folder = Path(store_path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--store {folder} is a file: name a folder")
    files = rdf_files(paths)
    wanted = [(path, formats.format_of(path, fmt)) for path in files]  # unknown types refused before any work
    if not wanted and not with_bundle and not unfinished(folder):
        raise UsageError("nothing to load: name files or folders (or drop --no-bundle)")
    lock = Lock(folder / LOCK, f"the store at {folder}").require(wait=2.0)
    try:
        stopped = _read_marker(folder)
        fresh = bool(stopped.get("fresh", True)) if stopped is not None else not _has_store(folder)
        if with_bundle and fresh:
            from .. import bundle

            wanted = [(path, formats.format_of(path)) for path in rdf_files(bundle.default_sources())] + wanted
        todo = _union(stopped.get("files", []) if stopped else [], wanted)
        if not todo:
            raise UsageError(f"nothing to load: the store at {folder} holds the bundle already; name files or folders")
        if stopped is not None and fresh:
            _empty(folder)  # rebuilt from scratch, as the load that was stopped would have made it
        _write_marker(folder, todo, fresh)  # first: from here on, a stop is seen by the next run
        try:
            engine = _open(folder, stopped is not None)
        except NrcgraphError:
            if stopped is None:  # nothing was changed
                _remove_marker(folder)
            raise
        if engine is None:  # an older store that a stopped load left unable to open: rebuilt
            _empty(folder)
            _write_marker(folder, todo, True)
            engine = OxigraphEngine.open(folder, read_only=False)
        try:
            loaded = _load_all(engine, todo, stopped is not None, replace, progress)
        except NrcgraphError:
            engine.close()
            if stopped is None:  # refused cleanly, each file all or nothing: the store is sound
                _remove_marker(folder)
            raise
        except BaseException:
            engine.close()
            raise
        engine.close()
        _remove_marker(folder)  # last: the store is complete
        return loaded
    finally:
        lock.release()


def _load_all(
    engine: OxigraphEngine,
    todo: list[tuple[Path, str]],
    finishing: bool,
    replace: bool,
    progress: Callable[[int], None] | None,
) -> list[tuple[Path, int]]:
    present = set(engine.graphs())
    if finishing:  # what a stopped load left of its files is dropped, and they load again
        names = {graph_name(p) for p, _ in todo}
        for name in sorted(present):
            if name in names or name.endswith("#loading"):
                engine.remove_graph(name)
                present.discard(name)
    loaded = []
    for path, file_format in todo:
        name = graph_name(path)
        if name in present and not replace:
            raise UsageError(f"{path} is already in the store; use --replace to load it again")
        count = engine.load_file(path, name, file_format, progress=progress, bulk=True)
        engine.flush()
        loaded.append((path, count))
    return loaded


def _union(before: list[list[str]], wanted: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """The files of a stopped load and of this one, each once (this load's format wins)."""
    merged: dict[str, tuple[Path, str]] = {}
    for path_text, file_format in before:
        path = Path(path_text)
        merged[graph_name(path)] = (path, file_format)
    for path, file_format in wanted:
        merged[graph_name(path)] = (path, file_format)
    for path, _ in merged.values():
        if not path.is_file():
            raise UsageError(
                f"the load into this store that was stopped named {path}, which is gone; "
                "delete the store folder and load again"
            )
    return list(merged.values())


def _has_store(folder: Path) -> bool:
    """Whether ``folder`` holds a store already (else it is new: missing or empty)."""
    return folder.is_dir() and any(p.name not in (MARKER, LOCK) for p in folder.iterdir())


def _open(folder: Path, stopped: bool) -> OxigraphEngine | None:
    """The store open for writing; None when a stopped load left it unable to open."""
    try:
        engine = OxigraphEngine.open(folder, read_only=False)
    except DamagedStore:
        if stopped:
            return None
        raise
    return engine


def _empty(folder: Path) -> None:
    """Everything in ``folder`` removed but the marker and the lock."""
    import shutil

    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.name in (MARKER, LOCK):
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _read_marker(folder: Path) -> dict | None:
    import json

    marker = folder / MARKER
    if not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):  # written atomically, so only someone else's edit
        return {"fresh": True, "files": []}
    return data


def _write_marker(folder: Path, todo: list[tuple[Path, str]], fresh: bool) -> None:
    import json

    text = json.dumps({"fresh": fresh, "files": [[str(p.resolve()), f] for p, f in todo]}, indent=1)
    atomic_write(folder / MARKER, text.encode("utf-8"))


def _remove_marker(folder: Path) -> None:
    (folder / MARKER).unlink(missing_ok=True)
