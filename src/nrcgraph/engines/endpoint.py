"""A remote SPARQL 1.1 server as an engine: queries through the SPARQL 1.1 Protocol,
data sent through the SPARQL 1.1 Graph Store Protocol.

Only the standard library is used (urllib), so any server that speaks the protocols
works: Virtuoso, Fuseki, GraphDB, QLever, or ``nrcgraph serve``.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import NrcgraphError, QueryError, UsageError
from ..rdf.namespaces import PREFIXES
from ..rdf.results import Result
from ..rdf.sparql import bind_values, form, is_ordered
from ..rdf.terms import Quad, Term, Triple, oxigraph_converter
from .base import Unsupported, check_size

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


class _AuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Answers a Digest challenge (Virtuoso) or a Basic one (Fuseki, GraphDB): urllib's two
    handlers side by side fail, the Basic one raising on a Digest challenge."""

    def __init__(self, manager: Any):
        super().__init__(manager)
        self.basic = urllib.request.HTTPBasicAuthHandler(manager)

    def http_error_401(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        if (headers.get("www-authenticate") or "").split(" ", 1)[0].lower() == "basic":
            self.basic.parent = self.parent
            return self.basic.http_error_401(req, fp, code, msg, headers)
        return super().http_error_401(req, fp, code, msg, headers)


def opener(url: str, user: str | None = None, password: str | None = None) -> urllib.request.OpenerDirector:
    """A urllib opener that answers Basic and Digest authentication challenges from ``url``'s server."""
    if not user:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    parts = urllib.parse.urlsplit(url)
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "")
    return urllib.request.build_opener(_AuthHandler(manager))


def check_url(url: str, option: str = "--endpoint") -> None:
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"{option} takes an http(s) URL, not {url!r}")


def with_prefixes(sparql: str) -> str:
    """The query with the bundle's prefixes declared where it uses but does not declare them."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    lines = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in PREFIXES.items()
        if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", sparql)
    ]
    return "\n".join([*lines, sparql]) if lines else sparql


class EndpointEngine:
    """A remote SPARQL endpoint behaving like a local, read-only engine."""

    name = "endpoint"
    writable = False

    def __init__(
        self,
        url: str,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 300,
        graphs: list[str] | None = None,
    ):
        check_url(url)
        self.url, self.timeout = url, timeout
        # The graphs whose merge is the query's default graph; none: the server's default
        # (on Virtuoso, every graph, its own system graphs included).
        self.default_graphs = list(graphs or [])
        self.http = opener(url, user, password)

    def _post(self, sparql: str, accept: str) -> bytes:
        fields = [("query", sparql)] + [("default-graph-uri", g) for g in self.default_graphs]
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with self.http.open(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            raise QueryError(f"{self.url} answered {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise QueryError(f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}") from None

    def _query_text(self, sparql: str) -> Result:
        text = with_prefixes(sparql)
        if form(text) in ("CONSTRUCT", "DESCRIBE"):
            raw = self._post(text, "application/n-triples, text/plain;q=0.5")
            return Result("graph", triples=list(_parse_ntriples(raw, self.url)))
        raw = self._post(text, "application/sparql-results+json")
        try:
            result = Result.from_srj(json.loads(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise QueryError(f"{self.url} did not answer with SPARQL JSON results: {exc}") from None
        result.ordered = is_ordered(sparql)
        return result

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None, max_rows: int | None = None) -> Result:
        return check_size(self._bound(sparql, bindings), max_rows)

    def _bound(self, sparql: str, bindings: Mapping[str, Term] | None) -> Result:
        """Values are bound by BIND; if the server cannot compile that form, by VALUES."""
        if not bindings:
            return self._query_text(sparql)
        try:
            return self._query_text(bind_values(sparql, dict(bindings), "bind"))
        except QueryError as exc:
            if " answered 4" not in str(exc) and " answered 5" not in str(exc):
                raise
            return self._query_text(bind_values(sparql, dict(bindings), "values"))

    def quads(
        self, subject: Term | None = None, predicate: Term | None = None, object: Term | None = None
    ) -> Iterator[Quad]:
        given = (subject, predicate, object)
        names = [f"?{v}" for t, v in zip(given, "spo") if t is None]
        pattern = " ".join(t.n3() if t is not None else f"?{v}" for t, v in zip(given, "spo"))
        sparql = f"SELECT {' '.join(names)} WHERE {{ {pattern} }}" if names else f"ASK {{ {pattern} }}"
        result = self.query(sparql)
        if not names:
            if result.boolean:
                yield Quad(*given, None)  # type: ignore[misc,arg-type]
            return
        for row in result.rows:
            values = iter(row)
            s, p, o = (t if t is not None else next(values) for t in given)
            yield Quad(s, p, o, None)  # type: ignore[arg-type]

    def triples(self, page: int = 10_000) -> Iterator[Triple]:
        """Every triple, in pages (servers cap result sizes)."""
        offset = 0
        while True:
            rows = self.query(
                f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}"
            ).rows
            yield from (tuple(r) for r in rows)  # type: ignore[misc]
            if len(rows) < page:
                return
            offset += page

    def graphs(self) -> list[str]:
        return list(self.default_graphs)

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return int(rows[0][0].value) if rows and rows[0][0] is not None else 0

    def load_file(self, path: Path, graph: str, fmt: str, counted: bool = True) -> int:
        raise Unsupported(
            "endpoint", f"load {path}: a remote server is read-only here", "send data to it with 'nrcgraph push'"
        )

    def add(self, triples: Iterable[Triple], graph: str) -> None:
        raise Unsupported(
            "endpoint", "add triples: a remote server is read-only here", "send data to it with 'nrcgraph push'"
        )

    def close(self) -> None:
        pass


def _parse_ntriples(data: bytes, url: str) -> Iterator[Triple]:
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        try:
            triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise QueryError(f"{url} did not answer with N-Triples or Turtle: {exc}") from None
    conv = oxigraph_converter()
    for t in triples:
        yield conv(t.subject), conv(t.predicate), conv(t.object)  # type: ignore[misc]


def send(store_url: str, target_graph: str | None, body: bytes, method: str, http: Any) -> None:
    """One Graph Store Protocol request: PUT replaces the graph, POST adds to it."""
    target = (
        store_url
        + ("&" if "?" in store_url else "?")
        + ("graph=" + urllib.parse.quote(target_graph, safe="") if target_graph else "default")
    )
    request = urllib.request.Request(
        target, data=body, method=method, headers={"Content-Type": "application/n-triples"}
    )
    try:
        for attempt in range(3):
            try:
                with http.open(request, timeout=300) as response:
                    response.read()
                break
            except (ConnectionResetError, urllib.error.URLError) as exc:
                # A server that answers an authentication challenge before reading a large body
                # resets the connection while it is still being sent; nothing was taken: again.
                reset = isinstance(exc, ConnectionResetError) or isinstance(
                    getattr(exc, "reason", None), ConnectionResetError
                )
                if not reset or attempt == 2 or isinstance(exc, urllib.error.HTTPError):
                    raise
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:300]
        raise NrcgraphError(f"{store_url} refused the request: {exc.code} {exc.reason} {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise NrcgraphError(f"cannot reach {store_url}: {getattr(exc, 'reason', exc)}") from None
