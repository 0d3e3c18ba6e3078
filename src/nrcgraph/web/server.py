"""``nrcgraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph, with the
saved queries as named endpoints and a query page for browsers.

Built on Starlette and served by uvicorn, and safe to leave running:

- read-only, and nothing outside the graph is reached (``guard``: no SERVICE, no FROM
  of a remote graph or a local file, no update) unless ``--allow-service`` names a host;
- every query runs in a worker process that is killed at the time limit (``workers``),
  at most ``workers`` at once with a bounded queue (503 with Retry-After beyond it), and
  light queries in a lane of their own, so they never wait behind heavy ones;
- nothing but routing runs on the event loop: the triple count ``/health`` gives is kept,
  the search index is built by a worker process (and kept beside the store, so a restart
  does not build it again), and a reload of changed files and the pages' own look-ups
  and rendering run in threads;
- the row limit stops a result while it is being read, never after it was built;
- request bodies are capped; errors are short and escaped, with the right status, and
  never echo large input, local paths or a query the server wrote itself; the access log
  is one escaped line per request;
- the Host header must name the address served (no DNS rebinding), and CORS is off
  unless ``--cors`` names an origin.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import NrcgraphError, TooManyRows, UsageError
from . import guard
from .workers import Busy, Overtime, Pool, WorkerCrashed, WorkerLost

log = logging.getLogger("nrcgraph.serve")
PAGE = Path(__file__).with_name("query_page.html")
EDITOR = Path(__file__).with_name("editor.html")
STATIC = Path(__file__).with_name("static")

# Content negotiation, in one table: media type -> (format name, the result kinds it fits).
# The first entry of a kind is its default.
MEDIA_TYPES: list[tuple[str, str, tuple[str, ...]]] = [
    ("application/sparql-results+json", "json", ("rows",)),
    ("application/json", "json", ("rows",)),
    ("application/sparql-results+xml", "xml", ("rows",)),
    ("application/xml", "xml", ("rows",)),
    ("text/xml", "xml", ("rows",)),
    ("text/csv", "csv", ("rows",)),
    ("text/tab-separated-values", "tsv", ("rows",)),
    ("text/turtle", "turtle", ("graph",)),
    ("application/n-triples", "ntriples", ("graph",)),
    ("text/plain", "ntriples", ("graph",)),
    ("application/ld+json", "jsonld", ("graph",)),
]
# ?format= names, as a shortcut for the Accept header.
FORMAT_NAMES = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "jsonld": "jsonld",
}
MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
TEXT_FORMATS = ("csv", "tsv", "turtle")
MESSAGE_LIMIT = 1000  # characters of an error message sent back
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def escaped(text: str, newlines: bool = True) -> str:
    """``text`` with control characters written as escapes (``\\x00``): a message or a log
    line shows what was sent without acting on it. Line ends are kept when ``newlines``."""
    if not newlines:
        text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}", text
    )


class Limits:
    """How much one request may take, and what the server may reach."""

    def __init__(
        self,
        timeout: float = 30.0,
        max_rows: int = 10_000,
        workers: int = 2,
        queue: int = 64,
        max_body: int = 1_000_000,
        memory_mb: int | None = None,
        allow_service: tuple[str, ...] = (),
        allow_hosts: tuple[str, ...] = (),
        cors: tuple[str, ...] = (),
    ):
        self.timeout, self.max_rows, self.workers, self.queue = timeout, max_rows, workers, queue
        self.max_body, self.memory_mb = max_body, memory_mb
        self.allow_service, self.allow_hosts, self.cors = allow_service, allow_hosts, cors


@functools.lru_cache(maxsize=512)
def negotiate(accept: str, kind: str, explicit: str | None) -> str:
    """The format for a result kind ("rows" or "graph") from ?format= or the Accept header
    (q-values honoured); "" when ?format= names one that does not fit the kind."""
    fits = [(media, name) for media, name, kinds in MEDIA_TYPES if kind in kinds]
    if explicit:
        name = FORMAT_NAMES.get(explicit.lower(), "")
        return name if name in {n for _, n in fits} else ""
    choices = []
    for i, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media.strip().lower()))
    by_media = dict(fits)
    for _, _, media in sorted(choices):
        if media in by_media:
            return by_media[media]
    return fits[0][1]


class Source:
    """What the server serves: how a worker opens the graph (in a forked process, so an
    in-memory graph is shared), the graph's own named graphs, a version that changes
    when the graph does, and where its search index is kept (``index``, given the version
    of the graph served: the file, and a key that changes with the graph; None to keep
    it in memory only)."""

    def __init__(
        self,
        graph: Any,
        open_graph: Callable[[], Any] | None = None,
        version: Callable[[], object] = lambda: None,
        reload: Callable[[], Any] | None = None,
        index: Callable[[object], tuple[Path, str] | None] = lambda version: None,
    ):
        self.graph = graph
        self.open_graph = open_graph or (lambda: graph)
        self.version = version
        self.reload = reload
        self.index = index
        self._triples: tuple[Any, int] | None = None

    def triples(self) -> int:
        """The served graph's triples, counted once per graph (a pass over it: never on the
        event loop)."""
        graph = self.graph
        if self._triples is None or self._triples[0] is not graph:
            self._triples = (graph, len(graph))
        return self._triples[1]

    @classmethod
    def of(cls, graph: Any) -> Source:
        """A loaded Graph: a store on disk is reopened by each worker, and its search index
        kept beside it; anything else is shared."""
        if isinstance(graph, Source):
            return graph
        path = getattr(graph.engine, "path", None)
        if path is not None:
            from ..graph import open_store
            from .search import store_key

            folder = Path(path)
            return cls(
                graph,
                lambda: open_store(path),
                index=lambda version: (folder.parent / f"{folder.name}.search.sqlite", store_key(folder)),
            )
        return cls(graph)


def create_app(graph: Any, catalogue: Any, limits: Limits | None = None) -> Any:
    """The application for a Graph or a ``Source``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    limits = limits or Limits()
    source = Source.of(graph)
    pool = Pool(source.open_graph, limits.workers, limits.queue, limits.timeout, limits.memory_mb)
    state: dict[str, Any] = {"version": source.version(), "checked": time.monotonic(), "names": None}
    # The work a request needs besides its query (a reload, the search index, the pages'
    # look-ups in the served graph) runs here, never on the event loop.
    threads = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="nrcgraph-serve")
    tasks: set[asyncio.Future[Any]] = set()  # running in the background: kept from the collector

    async def offload(work: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(threads, work, *args)

    def background(future: Any) -> asyncio.Future[Any]:
        task = asyncio.ensure_future(future)
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    def changed() -> tuple[object, Any, int] | None:
        """In a thread: the graph read again when its files changed (version, graph, triples)."""
        version = source.version()
        if version == state["version"]:
            return None
        try:
            fresh = source.reload()  # type: ignore[misc]
        except NrcgraphError as exc:
            log.warning(
                "the graph's files changed but cannot be read; still serving the graph as it was: %s",
                escaped(str(exc), newlines=False),
            )
            return version, None, 0
        return version, fresh, len(fresh)

    async def check() -> None:
        found = await offload(changed)
        if found is None:
            return
        version, fresh, triples = found
        state["version"] = version
        if fresh is None:
            return
        source.graph = fresh
        source._triples = (fresh, triples)
        state.update(names=None, vocabulary=None, choices=None, search=None)
        pool.restart(lambda: fresh)
        search_index()  # built again, off the loop
        log.info("the graph changed: reloaded %d triples", triples)

    async def follow() -> None:
        """A changed graph (a workspace's files edited or added to): read again in a thread,
        then new workers. Checked at most once a second; the request that checks waits for
        it, so what it answers is the graph as it is now; the others go on meanwhile."""
        if source.reload is None or state.get("following") is not None:
            return
        if time.monotonic() - state["checked"] < 1.0:
            return
        state["checked"] = time.monotonic()
        following = state["following"] = background(check())
        try:
            await asyncio.shield(following)
        finally:
            state["following"] = None

    def graph_names() -> set[str]:
        if state["names"] is None:
            state["names"] = set(source.graph.engine.graphs())
        return state["names"]  # type: ignore[return-value]

    async def build_index() -> Any:
        """Read from beside the store when kept there for this graph; else written to a
        temporary file by a worker process (never by the server's own threads: building it
        is Python's work, which would hold the event loop off), read, and kept."""
        import tempfile

        from .search import SearchIndex

        where = await offload(source.index, state["version"])  # the key of the graph served
        if where is not None and where[1]:
            found = await offload(SearchIndex.read, *where)
            if found is not None:
                return found
        folder = tempfile.mkdtemp(prefix="nrcgraph-search-")
        written = os.path.join(folder, "index.sqlite")
        try:
            await pool.build_index(written, "built")
            index = await offload(SearchIndex.read, written, "built")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if index is None:
            raise NrcgraphError("the search index was built but cannot be read")
        if where is not None and where[1]:
            await offload(index.keep, *where)
        return index

    def search_index() -> asyncio.Future[Any]:
        """The search index, built (or read from beside the store) off the event loop."""
        if state.get("search") is None:
            state["search"] = background(build_index())
        return state["search"]  # type: ignore[no-any-return]

    def error(status: int, message: str, headers: dict[str, str] | None = None) -> Any:
        message = escaped(message)
        if len(message) > MESSAGE_LIMIT:
            message = message[: MESSAGE_LIMIT - 3] + "..."
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    def public(exc: NrcgraphError) -> str:
        """The message without local paths: a file is named, its folder is not."""
        text = str(exc)
        where = getattr(exc, "path", None)
        return text.replace(where, Path(where).name) if where else text

    async def body_of(request: Any) -> bytes:
        from starlette.requests import ClientDisconnect

        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_body:
            raise TooLarge()
        chunks, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limits.max_body:
                    raise TooLarge()
                chunks.append(chunk)
        except ClientDisconnect:  # the body ended before its end (or was not HTTP): nobody to answer
            raise UsageError("the request body ended early") from None
        return b"".join(chunks)

    async def form_of(request: Any) -> dict[str, str]:
        """An urlencoded form body (without Starlette's python-multipart dependency)."""
        from urllib.parse import parse_qsl

        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            return {}
        return dict(parse_qsl(decode(await body_of(request)), keep_blank_values=True))

    async def run(
        sparql: str, bindings: Any, formats: dict[str, str], lane: str | None = None
    ) -> tuple[str, str, bytes, int]:
        """Every query the server runs: checked (nesting, reach), then answered by a worker."""
        from ..rdf.sparql import check_depth

        check_depth(sparql)
        guard.check(sparql, limits.allow_service, graph_names)
        return await pool.run(sparql, bindings, formats, limits.max_rows, lane)

    def failure(exc: NrcgraphError, shown: str | None = None) -> Any:
        """The one mapping from why a query failed to its HTTP answer. ``shown`` is the query
        text the client sent or can read (a saved query's): a syntax error quotes a line of
        it, never a line of a query the server wrote or rewrote (bound values, a LIMIT)."""
        if isinstance(exc, guard.Refused):
            return error(403, str(exc))
        if isinstance(exc, Busy):
            return error(503, str(exc), {"Retry-After": "1"})
        if isinstance(exc, (WorkerCrashed, WorkerLost)):
            log.warning("a query ended its worker: %s", exc)
        if isinstance(exc, (Overtime, WorkerLost)):
            return error(503, str(exc))
        if isinstance(exc, WorkerCrashed):
            return error(400 if exc.nesting else 500, str(exc))
        if isinstance(exc, TooManyRows):
            return error(413, str(exc))
        return error(400, own_lines(public(exc), shown))

    async def answer(
        request: Any, sparql: str, bindings: Any = None, suffix: str | None = None, own: bool = False
    ) -> Any:
        """Run the query in a worker within the limits and send its result; ``own`` for a
        query the server wrote (it goes to the light lane, and an error never quotes it)."""
        await follow()
        explicit = suffix or request.query_params.get("format")
        accept = request.headers.get("accept", "")
        formats = {"rows": negotiate(accept, "rows", explicit), "graph": negotiate(accept, "graph", explicit)}
        try:
            kind, fmt, body, _ = await run(sparql, bindings, formats, "light" if own else None)
        except NrcgraphError as exc:
            return failure(exc, None if own else sparql)
        if not fmt:
            return error(406, f"format={explicit} does not fit a {'graph' if kind == 'graph' else 'result table'}")
        return Response(body, media_type=MEDIA[fmt] + ("; charset=utf-8" if fmt in TEXT_FORMATS else ""))

    read_only = "this endpoint is read-only: updates are refused"

    async def sparql(request: Any) -> Any:
        query = request.query_params.get("query")
        if request.query_params.get("update") is not None:
            return error(403, read_only)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                if ctype == "application/sparql-update":
                    return error(403, read_only)
                if ctype == "application/sparql-query":
                    query = decode(await body_of(request))
                elif ctype == "application/x-www-form-urlencoded":
                    form = await form_of(request)
                    if "update" in form:
                        return error(403, read_only)
                    query = form.get("query", query)
            except TooLarge:
                return error(413, f"the request body is larger than the {limits.max_body:,} bytes allowed")
            except UsageError as exc:
                return error(400, str(exc))
        if not query:
            if "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(PAGE.read_text(encoding="utf-8"))
            return error(400, "give a SPARQL query: ?query=... or a POST body (application/sparql-query)")
        return await answer(request, query)

    def describe(q: Any) -> dict[str, Any]:
        return {
            "name": q.name,
            "summary": q.summary,
            "description": q.description,
            "tags": q.tags,
            "form": q.form,
            "url": f"/queries/{q.name}",
            "parameters": [
                {
                    "name": p.name,
                    "type": p.kind.replace("xsd_", "xsd:"),
                    "required": p.required,
                    "default": p.default,
                    "allowed": p.allowed,
                    "description": p.description,
                }
                for p in q.parameters
            ],
        }

    def wants_html(request: Any) -> bool:
        accept = request.headers.get("accept", "")
        return "format" not in request.query_params and "text/html" in accept

    async def ask(sparql: str, bindings: Any = None, lane: str | None = None) -> dict[str, Any]:
        """A SELECT or ASK answer as SPARQL JSON, run in a worker like any other."""
        import json

        from ..errors import QueryError

        kind, _, body, _ = await run(sparql, bindings, {"rows": "json", "graph": ""}, lane)
        if kind == "graph":
            raise QueryError("this query builds a graph, not a table: view it as a graph or download it")
        # A large answer is read in a thread: a page's table can be thousands of rows.
        return dict(json.loads(body) if len(body) < 65536 else await offload(json.loads, body))

    def labels_of(iris: set[str]) -> dict[str, str]:
        """English (or any) labels of these IRIs: one bounded lookup in the server's own graph."""
        wanted = sorted(i for i in iris if i.startswith("http"))[:2000]
        if not wanted:
            return {}
        values = " ".join(f"<{i}>" for i in wanted if ">" not in i)
        rows = source.graph.query(
            "SELECT ?s ?label WHERE { VALUES ?s { " + values + " } "
            "?s rdfs:label|skos:prefLabel|foaf:name|dcterms:title ?label } ORDER BY ?s DESC(LANG(?label) = 'en')"
        ).rows
        found: dict[str, str] = {}
        for s, label in rows:
            found.setdefault(s.value, label.value)
        return found

    def iris_in(data: dict[str, Any]) -> set[str]:
        return {
            t["value"]
            for row in data.get("results", {}).get("bindings", [])
            for t in row.values()
            if t["type"] == "uri"
        }

    def choices() -> list[tuple[str, str]]:
        """Labelled entities, offered in the forms' IRI inputs."""
        if state.get("choices") is None:
            from ..rdf.namespaces import shorten

            rows = source.graph.query(
                "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { ?s rdfs:label|skos:prefLabel|foaf:name ?l FILTER(isIRI(?s)) } "
                "GROUP BY ?s ORDER BY ?label LIMIT 3000"
            ).rows
            state["choices"] = [(shorten(s.value), label.value) for s, label in rows]
        return state["choices"]  # type: ignore[no-any-return]

    async def index(request: Any) -> Any:
        search, tag = request.query_params.get("search"), request.query_params.get("tag")
        found = catalogue.search(tag=tag, text=search)
        if wants_html(request):
            from .pages import catalogue_page

            return HTMLResponse(catalogue_page(found, search or "", tag or ""))
        return JSONResponse({"queries": [describe(q) for q in found]})

    async def query_form(request: Any, query: Any, params: dict[str, str]) -> Any:
        from .pages import query_page

        await follow()
        values = {k: v for k, v in params.items() if v != ""}
        answer, problem = None, None
        offered = await offload(choices) if any(p.kind == "iri" for p in query.parameters) else []
        wanted = {p.name: offered for p in query.parameters if p.kind == "iri"}
        try:
            if query.form in ("CONSTRUCT", "DESCRIBE"):
                query.bindings(values)  # checked here; the graph view runs it
                return HTMLResponse(query_page(query, values, wanted, None, None))
            answer = await ask(query.text, query.bindings(values))
        except NrcgraphError as exc:  # shown on the page, beside the form
            problem = own_lines(public(exc), query.text)
        labels = await offload(labels_of, iris_in(answer)) if answer else {}
        return HTMLResponse(await offload(query_page, query, values, wanted, answer, problem, labels))

    async def entity(request: Any) -> Any:
        """Every IRI under the project's namespace, dereferenced: HTML, or RDF by Accept."""
        from .pages import BASE, entity_page

        await follow()
        iri = BASE + request.url.path.lstrip("/")
        if _NOT_IN_IRI.search(iri):
            return error(404, "not an IRI of this graph")
        explicit = request.query_params.get("format")
        try:
            if explicit or not wants_html(request):
                found = await ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}", lane="light")
                if not found.get("boolean"):
                    return error(404, f"<{iri}> is not in this graph")
                construct = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
                return await answer(request, construct, own=True)
            out = await ask(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}", lane="light")
            into = await ask(f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT 500", lane="light")
        except NrcgraphError as exc:
            return failure(exc)
        facts_out, facts_in = out["results"]["bindings"], into["results"]["bindings"]
        if not facts_out and not facts_in:
            return error(404, f"<{iri}> is not in this graph")
        from ..rdf.terms import Term
        from .pages import TIMELINE

        try:
            timeline = await ask(TIMELINE, {"focus": Term("uri", iri)})
        except NrcgraphError:
            timeline = None
        labels = await offload(labels_of, {iri} | iris_in(out) | iris_in(into))
        text = await offload(source_text, iri)
        source_html = ""
        if text is not None:
            from .pages import source_text_html

            drawn = await ask(
                "SELECT ?thing ?passage WHERE { ?thing prov:wasDerivedFrom ?doc ; nrc:passage ?passage }",
                {"doc": Term("uri", iri)},
            )
            passages = [(row["passage"]["value"], row["thing"]["value"]) for row in drawn["results"]["bindings"]]
            source_html = await offload(source_text_html, text, passages, request.query_params.get("focus"))
            from .pages import REVIEW_NODES, review_html

            pending = await ask(REVIEW_NODES, {"doc": Term("uri", iri)})
            source_html = review_html(pending, labels) + source_html
        return HTMLResponse(await offload(entity_page, iri, facts_out, facts_in, labels, timeline, source_html))

    def source_text(iri: str) -> str | None:
        """A source document's own text, from the file its nrc:sourceFile names (beside the data
        file that says so); None for anything else, or a file that is not there."""
        from ..rdf.formats import graph_file
        from ..rdf.namespaces import NRC
        from ..rdf.terms import Term

        for quad in source.graph.quads(Term("uri", iri), Term("uri", NRC + "sourceFile"), None):
            declaring = graph_file(quad.graph)
            if declaring is None:
                continue
            folder = declaring.parent
            path = (folder / quad.object.value).resolve()
            if folder.resolve() in path.parents and path.is_file() and path.stat().st_size < 5_000_000:
                return path.read_text(encoding="utf-8", errors="replace")
        return None

    async def search(request: Any) -> Any:
        """Full-text search (``/search?q=``), ranked, with links to the entity pages."""
        from .pages import search_page
        from .search import Unreadable

        await follow()
        text = request.query_params.get("q", "")[:200]
        try:
            found = await asyncio.wait_for(asyncio.shield(search_index()), limits.timeout)
        except TimeoutError:
            return error(503, "the search index is being built; try again shortly", {"Retry-After": "5"})
        except (NrcgraphError, sqlite3.Error) as exc:
            state["search"] = None  # tried again by the next search
            log.warning("the search index cannot be built: %s", escaped(str(exc), newlines=False))
            return error(503, "the search index is not ready; try again shortly", {"Retry-After": "5"})
        try:
            hits = await offload(found.search, text) if text else []
        except Unreadable as exc:
            return error(400, str(exc))
        if not wants_html(request):
            return JSONResponse({"query": text, "results": hits})
        return HTMLResponse(search_page(text, hits))

    async def openapi(request: Any) -> Any:
        from .. import __version__
        from .openapi import description

        return JSONResponse(description(catalogue, __version__))

    async def review(request: Any) -> Any:
        """The releases whose drafted nodes are not reviewed yet, each linked to its page:
        the release's text with the passages marked, and the nodes to review beside it."""
        from .pages import REVIEW_DOCUMENTS, review_index

        await follow()
        try:
            data = await ask(REVIEW_DOCUMENTS)
        except NrcgraphError as exc:
            return failure(exc)
        from .drafts import drafts_html, listing

        folder = getattr(source, "drafts", None)  # the workspace's drafts/ (cli/serve.py)
        if not wants_html(request):
            return JSONResponse({**data, "drafts": listing(folder)})
        return HTMLResponse(await offload(review_index, data, drafts_html(folder)))

    async def timeline_view(request: Any) -> Any:
        from .pages import TIMELINE, timeline_page

        await follow()
        try:
            data = await ask(TIMELINE)
        except NrcgraphError as exc:
            return failure(exc)
        if not wants_html(request):
            return JSONResponse(data)
        return HTMLResponse(await offload(timeline_page, data))

    async def graph_view(request: Any) -> Any:
        """A CONSTRUCT result (ad hoc, or a saved query with its parameters) in the viewer."""
        await follow()
        params = dict(request.query_params)
        text = ""
        try:
            if "saved" in params:
                saved_query = catalogue.get(params.pop("saved"))
                text, bindings = saved_query.text, saved_query.bindings(params)
            else:
                text, bindings = params.get("query", ""), None
            if not text:
                return error(400, "give ?query=CONSTRUCT ... or ?saved=NAME")
            kind, _, body, _ = await run(text, bindings, {"rows": "", "graph": "ntriples"})
        except NrcgraphError as exc:
            return failure(exc, text)
        if kind != "graph":
            return error(400, "the graph view shows CONSTRUCT and DESCRIBE results")
        from .views import graph_page

        page = await offload(graph_page, body, source.graph, params.get("title") or "nrcgraph")
        return HTMLResponse(page)

    async def saved(request: Any) -> Any:
        name = request.path_params["name"]
        stem, dot, suffix = name.rpartition(".")
        suffix = suffix if dot and suffix in FORMAT_NAMES else None  # /queries/NAME.csv, .json, .ttl, ...
        try:
            if name.endswith(".rq"):
                return PlainTextResponse(catalogue.get(name[:-3]).text, media_type="application/sparql-query")
            query = catalogue.get(stem if suffix else name)
            params = dict(request.query_params)
            if request.method == "POST":
                params.update(await form_of(request))
            if wants_html(request) and not suffix:
                return await query_form(request, query, params)
            params.pop("format", None)
            bindings = query.bindings(params)
        except TooLarge:
            return error(413, f"the request body is larger than the {limits.max_body:,} bytes allowed")
        except UsageError as exc:
            return error(404 if "no saved query" in str(exc) else 400, public(exc))
        except NrcgraphError as exc:
            return error(500, public(exc))
        return await answer(request, query.text, bindings, suffix)

    async def home(request: Any) -> Any:
        import json

        from ..rdf.namespaces import PREFIXES

        page = EDITOR.read_text(encoding="utf-8").replace("__PREFIXES__", json.dumps(PREFIXES).replace("<", "\\u003c"))
        return HTMLResponse(page)

    async def simple(request: Any) -> Any:
        return HTMLResponse(PAGE.read_text(encoding="utf-8"))

    def terms() -> dict[str, list[str]]:
        classes = source.graph.query("SELECT DISTINCT ?c WHERE { ?s a ?c FILTER(isIRI(?c)) }").rows
        properties = source.graph.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }").rows
        return {"classes": sorted(r[0].value for r in classes), "properties": sorted(r[0].value for r in properties)}

    async def vocabulary(request: Any) -> Any:
        """The graph's own classes and properties, for the editor's completion."""
        await follow()
        if state.get("vocabulary") is None:
            state["vocabulary"] = await offload(terms)
        return JSONResponse(state["vocabulary"])

    async def favicon(request: Any) -> Any:
        return Response(status_code=204)

    async def health(request: Any) -> Any:
        """From what is known: the triples counted when the graph was read (a change found
        meanwhile is counted in the background, for the next call)."""
        if source.reload is not None and state.get("following") is None:
            background(follow())
        triples = source._triples[1] if source._triples else await offload(source.triples)
        return JSONResponse({"status": "ok", "triples": triples, "workers": pool.pids(), "light": pool.light_pids()})

    routes = [
        Route("/", home),
        Route("/simple", simple),
        Route("/vocabulary", vocabulary),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", index),
        Route("/queries/{name}", saved, methods=["GET", "POST"]),
        Route("/health", health),
        Route("/favicon.ico", favicon),
        Route("/id/{rest:path}", entity),
        Route("/vocab/{rest:path}", entity),
        Route("/ontology", entity),
        Route("/timeline", timeline_view),
        Route("/review", review),
        Route("/search", search),
        Route("/openapi.json", openapi),
        Route("/graph", graph_view),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(limits.allow_hosts) or ["*"])]
    if limits.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(limits.cors), allow_methods=["GET", "POST"]))

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> Any:
        await offload(source.triples)  # counted once, off the loop, before the first request
        search_index()
        try:
            yield
        finally:
            for task in list(tasks):
                task.cancel()
            threads.shutdown(wait=False, cancel_futures=True)
            pool.close()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    return AccessLog(app)


class TooLarge(Exception):
    """A request body past the cap."""


# What cannot stand in an IRI between < and > (and so is no entity of this graph).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_QUOTED = re.compile(r"\n    (.*)\n    ( *\^)$")


def own_lines(message: str, shown: str | None) -> str:
    """A syntax error's message, quoting its line of the query only when that line is one the
    client sent or can read (``shown``); never a line of a query the server wrote or rewrote."""
    quoted = _QUOTED.search(message)
    if quoted and (shown is None or quoted.group(1) not in shown.splitlines()):
        return message[: quoted.start()]
    return message


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the request body is not UTF-8 text") from None


class AccessLog:
    """One line per request: client, method, path, status, milliseconds, with every control
    character escaped (a path of ``%0a`` or ``%00`` cannot start a line or end the file). An
    error the application did not answer is one line too, never a traceback. Plain ASGI:
    the BaseHTTPMiddleware way costs a quarter of the throughput."""

    def __init__(self, app: Any):
        self.app = app
        self.state = getattr(app, "state", None)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [0]

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        failed = ""
        try:
            await self.app(scope, receive, sending)
        except Exception as exc:  # answered 500 by Starlette already, when it still could
            failed = f" ({type(exc).__name__}: {str(exc)[:200]})"
            status[0] = status[0] or 500
        if log.isEnabledFor(logging.INFO) or failed:
            client = scope.get("client") or ("-",)
            query = scope.get("query_string", b"").decode("latin-1")
            raw = scope.get("raw_path")
            path = raw.decode("latin-1") if raw else scope["path"]
            line = escaped(f"{client[0]} {scope['method']} {path}{f'?{query[:200]}' if query else ''}", False)
            (log.error if failed else log.info)(
                "%s %d %.1f ms%s", line, status[0], (time.perf_counter() - start) * 1000, escaped(failed, False)
            )


def local_hosts(host: str) -> tuple[str, ...]:
    """The Host header values a server bound to ``host`` answers to ("*" for a wildcard bind)."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ("127.0.0.1", "localhost", "::1", "[::1]")
    if host in ("0.0.0.0", "::", ""):
        return ()
    return (host,)


def serve(graph: Any, catalogue: Any, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None) -> None:
    import uvicorn

    limits = limits or Limits()
    if not limits.allow_hosts:
        limits.allow_hosts = local_hosts(host)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    source = Source.of(graph)
    triples = source.triples()  # counted before the server starts, and kept
    app = create_app(source, catalogue, limits)
    log.info(
        "serving %d triples on http://%s:%d/ (SPARQL at /sparql, saved queries at /queries); "
        "%d workers, %g s and %d rows per query",
        triples,
        host,
        port,
        limits.workers,
        limits.timeout,
        limits.max_rows,
    )
    if not limits.allow_hosts:
        log.warning("listening on every address: name the host names clients use with --allow-host")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


__all__ = ["create_app", "serve", "Limits", "Source", "negotiate"]
