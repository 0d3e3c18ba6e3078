"""Full-text search over the graph: labels, alternative labels, names, titles, passages and
statement texts, in an SQLite FTS5 index (ranked by BM25, labels weighted above text).

The index is built from the served graph when first searched and rebuilt when the graph
changes; it lives in memory beside the server's graph.
"""

from __future__ import annotations

import sqlite3
from typing import Any

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


class SearchIndex:
    def __init__(self, graph: Any):
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
        self.size = len(set(labels) | set(texts))

    def search(self, text: str, limit: int = 50) -> list[dict[str, str]]:
        """The best matches for ``text``: every word must match (the last as a prefix)."""
        words = [w for w in text.replace('"', " ").split() if w]
        if not words:
            return []
        match = " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'
        rows = self.db.execute(
            "SELECT iri, kind, label, snippet(entity, 3, char(2), char(3), ' … ', 16) FROM entity "
            "WHERE entity MATCH ? ORDER BY bm25(entity, 0, 0, 10.0, 1.0) LIMIT ?",
            (match, limit),
        ).fetchall()
        return [
            {"iri": r[0], "kind": r[1], "label": r[2].split(" | ")[0] if r[2] else r[0], "snippet": r[3]} for r in rows
        ]
