"""Query rows as plain strings, grouped by a key column: what the writers build records from."""

from __future__ import annotations

from collections import defaultdict

from ..graph import Graph


def rows(graph: Graph, sparql: str) -> list[dict[str, str]]:
    """SELECT rows as {column: lexical value}, unbound columns left out. The bundle's
    prefixes need no declaring: every engine knows them."""
    result = graph.query(sparql)
    return [{c: t.value for c, t in zip(result.columns, row) if t is not None} for row in result.rows]


def by(found: list[dict[str, str]], key: str) -> dict[str, list[dict[str, str]]]:
    """Rows grouped by the value of ``key``, in the order given."""
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in found:
        out[row[key]].append(row)
    return out


def grouped(graph: Graph, sparql: str, key: str) -> dict[str, list[dict[str, str]]]:
    """A query's rows grouped by the value of ``key``."""
    return by(rows(graph, sparql), key)


def values(group: list[dict[str, str]], column: str) -> list[str]:
    """The distinct values of ``column`` in a group, in order."""
    seen: dict[str, None] = {}
    for row in group:
        if column in row:
            seen.setdefault(row[column], None)
    return list(seen)


def first(group: list[dict[str, str]], column: str) -> str | None:
    found = values(group, column)
    return found[0] if found else None


# Each subject's latest status change, by when it took effect, else when it was attested
# (the rule of the saved query current-status).
CURRENT_STATUS = """
SELECT ?subject ?status WHERE {
  {
    SELECT ?subject (MAX(STR(COALESCE(?changed, ?attested))) AS ?latest)
    WHERE { ?anyChange nrc:statusOf ?subject ; nrc:attestedOn ?attested . OPTIONAL { ?anyChange nrc:date ?changed } }
    GROUP BY ?subject
  }
  ?change nrc:statusOf ?subject ; nrc:status ?status ; nrc:attestedOn ?asOf .
  OPTIONAL { ?change nrc:date ?effective }
  FILTER (STR(COALESCE(?effective, ?asOf)) = ?latest)
}
"""


def current_statuses(graph: Graph) -> dict[str, str]:
    """Subject IRI -> the status IRI of its latest status change."""
    return {row["subject"]: row["status"] for row in rows(graph, CURRENT_STATUS)}
