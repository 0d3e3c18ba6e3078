"""What a served query may reach: nothing outside the graph unless the operator says so.

A query that names a remote service (``SERVICE``), a graph to fetch (``FROM`` or
``FROM NAMED`` an IRI that is not one of the graph's own named graphs), or an update
(``LOAD``, ``INSERT``, ...) is refused before any engine sees it, unless its host is in
``--allow-service``. Read from the query's own text, with strings and comments blanked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache
from urllib.parse import urlsplit

from ..errors import UsageError
from ..rdf.namespaces import PREFIXES
from ..rdf.sparql import code_only


class Refused(UsageError):
    """The query reaches outside the served graph, or writes (HTTP 403)."""


_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_REACH = re.compile(r"\b(SERVICE|FROM)\b", re.IGNORECASE)
_UPDATE = re.compile(r"(?<![?$:\w])(LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.IGNORECASE)
_UPDATE_NEXT = re.compile(r"\s*(DATA\b|WHERE\b|SILENT\b|GRAPH\b|ALL\b|DEFAULT\b|NAMED\b|<|\{)", re.IGNORECASE)
_TOKEN = re.compile(
    r"\s*(?:SILENT\s+|NAMED\s+)?(<[^>]*>|[?$][A-Za-z_]\w*|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*)", re.IGNORECASE
)


def check(
    sparql: str, allowed_hosts: Collection[str] = (), graph_names: Callable[[], Collection[str]] = lambda: ()
) -> None:
    """Raise ``Refused`` when the query reaches outside the graph or writes."""
    if _reaches(sparql):
        _check(sparql, allowed_hosts, graph_names)


@lru_cache(maxsize=256)
def _reaches(sparql: str) -> bool:
    """Whether the query names SERVICE, FROM or an update keyword at all (rarely: cached)."""
    code = code_only(sparql)
    return bool(_REACH.search(code) or _UPDATE.search(code))


def _check(sparql: str, allowed_hosts: Collection[str], graph_names: Callable[[], Collection[str]]) -> None:
    code = code_only(sparql)
    for update in _UPDATE.finditer(code):
        if _UPDATE_NEXT.match(sparql, update.end()):
            raise Refused(f"this endpoint is read-only: {update.group(1).upper()} is refused")
    prefixes = {**PREFIXES, **{m.group(1) or "": m.group(2) for m in _PREFIX.finditer(sparql)}}
    own: Collection[str] | None = None
    for match in _REACH.finditer(code):
        keyword = match.group(1).upper()
        token = _TOKEN.match(sparql, match.end())
        if token is None:
            continue
        target = token.group(1)
        if target.startswith(("?", "$")):
            raise Refused(f"{keyword} with a variable is refused: it could reach any address")
        iri = target[1:-1] if target.startswith("<") else _expand(target, prefixes)
        host = urlsplit(iri).hostname or ""
        if host and host in allowed_hosts:
            continue
        if keyword == "FROM":
            own = set(graph_names()) if own is None else own
            if iri in own:
                continue
        what = "a service" if keyword == "SERVICE" else "a graph from outside"
        raise Refused(
            f"{keyword} <{_short(iri)}> is refused: this server does not fetch {what}"
            + (f" (allow its host with --allow-service {host})" if host else "")
        )


def _expand(name: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = name.partition(":")
    return prefixes.get(prefix, name + "#unknown-prefix") + local if prefix in prefixes else name


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
