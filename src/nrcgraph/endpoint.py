"""Working with an existing SPARQL 1.1 server: querying it as an engine, and loading data
into it through the SPARQL 1.1 Graph Store Protocol.

Only the standard library is used (urllib), so any endpoint that speaks the protocols
works: Virtuoso, Fuseki, GraphDB, QLever, or ``nrcgraph serve``.
"""
from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from . import bundle
from .errors import NrcgraphError, QueryError, UsageError
from .results import Result, Term
from .sparql import form

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


class _AuthHandler(urllib.request.HTTPDigestAuthHandler):
    """Answers a Digest challenge (Virtuoso) or a Basic one (Fuseki, GraphDB): urllib's two
    handlers side by side fail, the Basic one raising on a Digest challenge."""

    def __init__(self, manager):
        super().__init__(manager)
        self.basic = urllib.request.HTTPBasicAuthHandler(manager)

    def http_error_401(self, req, fp, code, msg, headers):
        if (headers.get("www-authenticate") or "").split(" ", 1)[0].lower() == "basic":
            self.basic.parent = self.parent
            return self.basic.http_error_401(req, fp, code, msg, headers)
        return super().http_error_401(req, fp, code, msg, headers)


def opener(url: str, user: str | None = None, password: str | None = None):
    """A urllib opener that answers Basic and Digest authentication challenges from ``url``'s server."""
    if not user:
        return urllib.request.build_opener()
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    parts = urllib.parse.urlsplit(url)
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", user, password or "")
    return urllib.request.build_opener(_AuthHandler(manager))


def with_prefixes(sparql: str) -> str:
    """The query with the bundle's prefixes declared where it uses but does not declare them."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(sparql)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in bundle.PREFIXES.items()
             if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", sparql)]
    return "\n".join(lines + [sparql]) if lines else sparql


class EndpointEngine:
    """A remote SPARQL endpoint behaving like a local engine."""

    name = "endpoint"

    def __init__(self, url: str, user: str | None = None, password: str | None = None, timeout: float = 300,
                 graphs: list[str] | None = None):
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--endpoint takes an http(s) URL, not {url!r}")
        self.url, self.timeout = url, timeout
        # The graphs whose merge is the query's default graph; none: the server's default
        # (on Virtuoso, every graph, its own system graphs included).
        self.graphs = list(graphs or [])
        self.http = opener(url, user, password)

    def _post(self, sparql: str, accept: str) -> bytes:
        body = urllib.parse.urlencode([("query", sparql)] + [("default-graph-uri", g) for g in self.graphs]).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self.http.open(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            raise QueryError(f"{self.url} answered {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise QueryError(f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}") from None

    def query(self, sparql: str, prefixes: dict[str, str] | None = None) -> Result:
        from .sparql import is_ordered
        text = with_prefixes(sparql)
        if form(text) in ("CONSTRUCT", "DESCRIBE"):
            return Result("graph", triples=list(_parse_ntriples(self._post(text, "application/n-triples, text/plain;q=0.5"))))
        raw = self._post(text, "application/sparql-results+json")
        try:
            result = Result.from_srj(json.loads(raw))
        except (ValueError, KeyError) as exc:
            raise QueryError(f"{self.url} did not answer with SPARQL JSON results: {exc}") from None
        result.ordered = is_ordered(sparql)
        return result

    def query_bound(self, sparql: str, bindings: dict[str, Term]) -> Result:
        """Run with values bound by BIND; if the server cannot compile that form, by VALUES."""
        from .sparql import bind_values
        try:
            return self.query(bind_values(sparql, bindings, "bind"))
        except QueryError as exc:
            if " answered 4" not in str(exc) and " answered 5" not in str(exc):
                raise
            return self.query(bind_values(sparql, bindings, "values"))

    def triples(self, page: int = 10_000):
        """Every triple, in pages (servers cap result sizes)."""
        offset = 0
        while True:
            rows = self.query(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}").rows
            yield from (tuple(r) for r in rows)
            if len(rows) < page:
                return
            offset += page

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return int(rows[0][0].value) if rows else 0


def _parse_ntriples(data: bytes):
    import pyoxigraph as ox
    try:
        triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))

    def conv(t):
        if isinstance(t, ox.NamedNode):
            return Term("uri", t.value)
        if isinstance(t, ox.BlankNode):
            return Term("bnode", t.value)
        dt = t.datatype.value
        return Term("literal", t.value, None if t.language or dt.endswith("#string") or dt.endswith("#langString") else dt,
                    t.language)
    for t in triples:
        yield conv(t.subject), conv(t.predicate), conv(t.object)


def connect(url: str, user: str | None = None, password: str | None = None, graphs: list[str] | None = None):
    """A Graph whose queries run on the endpoint at ``url``, over ``graphs`` if given."""
    from .store import Graph
    return Graph(EndpointEngine(url, user, password, graphs=graphs))


# --- pushing data through the Graph Store Protocol ------------------------------------------

def push(graph, store_url: str, target_graph: str | None = None, user: str | None = None,
         password: str | None = None, batch: int = 10_000, state_dir: str | Path = ".", resume: bool = True,
         progress=None) -> dict:
    """POST the graph's triples to a Graph Store Protocol endpoint in N-Triples batches.

    Each batch done is recorded in a state file (named by the endpoint, the target graph
    and a digest of the data), so a push that stops can be run again and continues where
    it stopped. ``progress(triples_sent)`` is called after each batch.
    """
    http = opener(store_url, user, password)
    store = graph.engine.store
    quads = store.quads_for_pattern(None, None, None, None)
    batches, current = [], []
    for quad in quads:
        current.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
        if len(current) == batch:
            batches.append("".join(current))
            current = []
    if current:
        batches.append("".join(current))
    fingerprint = hashlib.sha256("".join(b[:200] + str(len(b)) for b in batches).encode()).hexdigest()[:16]
    key = hashlib.sha256(f"{store_url} {target_graph}".encode()).hexdigest()[:12]
    state_file = Path(state_dir) / f".nrcgraph-push-{key}.json"
    done: set[int] = set()
    if resume and state_file.exists():
        state = json.loads(state_file.read_text())
        if state.get("fingerprint") == fingerprint:
            done = set(state.get("done", []))
    target = store_url + ("&" if "?" in store_url else "?") + (
        "graph=" + urllib.parse.quote(target_graph, safe="") if target_graph else "default")
    sent = skipped = 0
    for i, body in enumerate(batches):
        count = body.count("\n")
        if i in done:
            skipped += 1
        else:
            request = urllib.request.Request(target, data=body.encode("utf-8"), method="POST",
                                             headers={"Content-Type": "application/n-triples"})
            try:
                with http.open(request, timeout=300) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()[:300]
                raise NrcgraphError(f"{store_url} refused batch {i + 1} of {len(batches)}: {exc.code} {exc.reason} "
                                    f"{detail}; run the same push again to resume") from None
            except (urllib.error.URLError, OSError) as exc:
                raise NrcgraphError(f"cannot reach {store_url}: {getattr(exc, 'reason', exc)}; "
                                    "run the same push again to resume") from None
            done.add(i)
            state_file.write_text(json.dumps({"fingerprint": fingerprint, "done": sorted(done)}))
        sent += count
        if progress:
            progress(count)
    state_file.unlink(missing_ok=True)
    return {"batches": len(batches), "triples": sent, "skipped": skipped}
