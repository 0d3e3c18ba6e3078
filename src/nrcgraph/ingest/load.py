"""Bulk loading RDF files into a persistent Oxigraph store, one named graph per file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..engines.oxigraph import OxigraphEngine
from ..errors import UsageError
from ..graph import graph_name, rdf_files
from ..rdf import formats


def load_store(
    paths: Iterable[str | Path],
    store_path: str | Path,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
    fmt: str | None = None,
) -> list[tuple[Path, int]]:
    """Bulk-load RDF files into the Oxigraph store at ``store_path``.

    Each file is all or nothing: it loads beside the graph it replaces and is swapped in
    only once it has parsed completely. A file already in the store is refused unless
    ``replace``. ``progress(bytes_read)`` is called as the files are read. Returns each
    file with its triple count, as the store counts it.
    """
    files = rdf_files(paths)
    checked = [(path, formats.format_of(path, fmt)) for path in files]  # unknown types refused before any work
    engine = OxigraphEngine.open(store_path, read_only=False)
    try:
        present = set(engine.graphs())
        loaded = []
        for path, file_format in checked:
            name = graph_name(path)
            if name in present and not replace:
                raise UsageError(f"{path} is already in the store; use --replace to load it again")
            count = engine.load_file(path, name, file_format, progress=progress, bulk=True)
            engine.flush()
            loaded.append((path, count))
        return loaded
    finally:
        engine.close()
