"""Full-text search over the graph: labels, alternative labels, names, titles, passages and
statement texts, in an SQLite FTS5 index (ranked by BM25, labels weighted above text).

The server has the index built by a worker process when it starts, and again when the
graph changes, and reads it into memory. Where the graph has a place on disk (a store, a
workspace's ``.nrcgraph/``) the index is kept there too, in one SQLite file with the key
of the graph it was built from (the store's files, the workspace's sources: names, sizes
and times), so a restart reads it instead of building it; a key that differs, a file that
cannot be read or a folder that cannot be written only means building it again.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

from ..atomic import _alive
from ..errors import UsageError
from ..rdf.namespaces import DCTERMS, FOAF, NRC, RDFS, SKOS

LABELS = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", FOAF + "name", DCTERMS + "title")
TEXTS = (NRC + "passage", NRC + "text", NRC + "description", SKOS + "definition", NRC + "quote")
_ROWS = """
SELECT ?s ?p ?v WHERE {
  VALUES ?p { %s }
  ?s ?p ?v FILTER (isIRI(?s) && isLiteral(?v))
}"""
_KINDS = """
SELECT ?s (SAMPLE(?label) AS ?kind) WHERE {
  ?s a ?c . ?c rdfs:label ?label FILTER (STRSTARTS(STR(?c), "https://w3id.org/nrcgraph/ontology#"))
} GROUP BY ?s"""


VERSION = "1"  # of the index's layout: a kept index of another layout is built again
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Unreadable(UsageError):
    """Search text the index cannot read (HTTP 400)."""


def store_key(folder: Path) -> str:
    """A key that changes when an Oxigraph store's content does: the names, sizes and times
    of its data files (not its LOG files, which an open for reading may write)."""
    digest = hashlib.sha256(VERSION.encode())
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return ""
    for entry in entries:
        if entry.name.startswith(("LOG", "LOCK")) or not entry.is_file():
            continue
        st = entry.stat()
        digest.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def files_key(sources: Any) -> str:
    """A key that changes when any of the graph's files does (``Workspace.fingerprint``)."""
    return hashlib.sha256(repr((VERSION, tuple(sources))).encode()).hexdigest()


class SearchIndex:
    def __init__(self, graph: Any = None, db: sqlite3.Connection | None = None):
        if db is not None:
            self.db = db
            self.size = int(db.execute("SELECT count(*) FROM entity").fetchone()[0])
            return
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE entity USING fts5(iri UNINDEXED, kind UNINDEXED, label, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        labels: dict[str, list[str]] = {}
        texts: dict[str, list[str]] = {}
        predicates = " ".join(f"<{p}>" for p in LABELS + TEXTS)
        for s, p, v in graph.query(_ROWS % predicates).rows:
            (labels if p.value in LABELS else texts).setdefault(s.value, []).append(v.value)
        kinds = {row[0].value: row[1].value for row in graph.query(_KINDS).rows if row[1] is not None}
        self.db.executemany(
            "INSERT INTO entity (iri, kind, label, text) VALUES (?, ?, ?, ?)",
            [
                (
                    iri,
                    kinds.get(iri, ""),
                    " | ".join(dict.fromkeys(labels.get(iri, []))),
                    " … ".join(texts.get(iri, [])),
                )
                for iri in set(labels) | set(texts)
            ],
        )
        self.db.commit()  # a transaction left open would hold off the copy kept on disk
        self.size = len(set(labels) | set(texts))

    @classmethod
    def kept(cls, graph: Any, where: tuple[Path, str] | None = None) -> SearchIndex:
        """The index of ``graph``: read from ``where`` (the file, the graph's key) when it was
        kept there for the same key, else built, and kept there when the folder allows."""
        if where is None or not where[1]:
            return cls(graph)
        path, key = where
        found = cls.read(path, key)
        if found is not None:
            return found
        index = cls(graph)
        index.keep(path, key)
        return index

    @classmethod
    def read(cls, path: str | Path, key: str) -> SearchIndex | None:
        """The index kept in ``path`` for ``key``, copied into memory; None when there is none."""
        path = Path(path)
        if not path.is_file():
            return None
        try:
            kept = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            try:
                row = kept.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
                if not row or row[0] != key:
                    return None
                db = sqlite3.connect(":memory:", check_same_thread=False)
                kept.backup(db)
            finally:
                kept.close()
            return cls(db=db)
        except sqlite3.Error:
            return None

    def write(self, path: str | Path, key: str) -> None:
        """Written whole to ``path`` (a new file) with its key."""
        out = sqlite3.connect(path)
        try:
            self.db.backup(out)
            out.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            out.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (key,))
            out.commit()
        finally:
            out.close()

    def keep(self, path: Path, key: str) -> None:
        """Written whole to a file beside ``path``, then renamed over it; nothing when the
        folder is read-only (the index then lives in memory only)."""
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            path.parent.mkdir(exist_ok=True)
            for left in path.parent.glob(f".{path.name}.*.partial"):  # by a server that was killed
                pid = left.name.rsplit(".", 2)[-2]
                if pid.isdigit() and not _alive(int(pid)):
                    left.unlink(missing_ok=True)
            self.write(partial, key)
            os.replace(partial, path)
        except (OSError, sqlite3.Error):
            try:
                partial.unlink(missing_ok=True)
            except OSError:
                pass

    def search(self, text: str, limit: int = 50) -> list[dict[str, str]]:
        """The best matches for ``text``: every word must match (the last as a prefix).
        Quotes separate words; Unreadable for a control character (a NUL, say), or words
        SQLite cannot read even so."""
        control = _CONTROL.search(text)
        if control:
            raise Unreadable(f"the search text has a control character (\\x{ord(control.group(0)):02x}): give words")
        words = [w for w in text.replace('"', " ").split() if w]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'
        try:
            rows = self.db.execute(
                "SELECT iri, kind, label, snippet(entity, 3, char(2), char(3), ' … ', 16) FROM entity "
                "WHERE entity MATCH ? ORDER BY bm25(entity, 0, 0, 10.0, 1.0) LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.Error as exc:
            raise Unreadable(f"the search text cannot be read as words ({exc})") from None
        return [
            {"iri": r[0], "kind": r[1], "label": r[2].split(" | ")[0] if r[2] else r[0], "snippet": r[3]} for r in rows
        ]
