"""``nrcgraph serve``: a read-only SPARQL 1.1 Protocol endpoint over a loaded graph, with
the saved queries as named endpoints and a query page for browsers.

Built on Starlette (routing, content negotiation) and served by uvicorn. Queries run in
worker threads with a time limit and a row limit; a query past its time gets a 503 at
once (the engine cannot interrupt it, so it finishes in the background).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from ..errors import NrcgraphError, UsageError
from ..rdf.results import Result
from ..rdf.results import serialize as write_results

log = logging.getLogger("nrcgraph.serve")
PAGE = Path(__file__).with_name("query_page.html")

SELECT_TYPES = {
    "application/sparql-results+json": "srj",
    "application/json": "srj",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples", "text/plain": "ntriples"}
MEDIA = {
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}


class Limits:
    def __init__(self, timeout: float = 30.0, max_rows: int = 10_000):
        self.timeout, self.max_rows = timeout, max_rows


def negotiate(accept: str, kind: str, explicit: str | None) -> str:
    """The output format for a result kind from ?format= or the Accept header (q-values honoured)."""
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    if explicit:
        wanted = {
            "json": "srj",
            "srj": "srj",
            "xml": "xml",
            "csv": "csv",
            "tsv": "tsv",
            "turtle": "turtle",
            "ttl": "turtle",
            "nt": "ntriples",
            "ntriples": "ntriples",
        }.get(explicit)
        if wanted is None or wanted not in table.values():
            raise UsageError(f"format={explicit} does not fit a {'graph' if kind == 'graph' else 'result table'}")
        return wanted
    choices = []
    for i, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media.strip().lower()))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
    return "turtle" if kind == "graph" else "srj"


def serialize(result: Result, fmt: str) -> bytes:
    return write_results(result, "json" if fmt == "srj" else fmt)


async def form_of(request) -> dict[str, str]:
    """An urlencoded form body (without Starlette's python-multipart dependency)."""
    from urllib.parse import parse_qsl

    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return {}
    return dict(parse_qsl(decode(await request.body()), keep_blank_values=True))


def decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the request body is not UTF-8 text") from None


def create_app(graph, catalogue, limits: Limits | None = None):
    """The application; ``graph`` is a Graph, or a function that returns the current one
    (a workspace's, which follows changes to its files without a restart)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    current = graph if callable(graph) else (lambda: graph)

    def error(status: int, message: str):
        return PlainTextResponse(message + "\n", status_code=status)

    def public(exc: NrcgraphError) -> str:
        """The message without local paths: a file is named, its folder is not."""
        text = str(exc)
        where = getattr(exc, "path", None)
        return text.replace(where, Path(where).name) if where else text

    async def answer(request, run):
        """Run ``run()`` in a worker thread within the limits and format its result."""
        try:
            result = await asyncio.wait_for(run_in_threadpool(run), timeout=limits.timeout)
        except TimeoutError:
            return error(503, f"the query took longer than the {limits.timeout:g} s limit")
        except UsageError as exc:
            return error(400, public(exc))
        except NrcgraphError as exc:
            return error(400, public(exc))
        if len(result) > limits.max_rows:
            return error(
                413,
                f"the result has {len(result):,} rows, more than the {limits.max_rows:,} allowed: "
                "add a LIMIT or narrow the query",
            )
        try:
            fmt = negotiate(request.headers.get("accept", ""), result.kind, request.query_params.get("format"))
        except UsageError as exc:
            return error(406, str(exc))
        return Response(
            serialize(result, fmt),
            media_type=MEDIA[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv", "turtle") else ""),
        )

    async def sparql(request):
        query = request.query_params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return error(403, "this endpoint is read-only: updates are refused")
            if ctype == "application/sparql-query":
                try:
                    query = decode(await request.body())
                except UsageError as exc:
                    return error(400, str(exc))
            elif ctype == "application/x-www-form-urlencoded":
                try:
                    form = await form_of(request)
                except UsageError as exc:
                    return error(400, str(exc))
                if "update" in form:
                    return error(403, "this endpoint is read-only: updates are refused")
                query = form.get("query", query)
        if request.query_params.get("update") is not None:
            return error(403, "this endpoint is read-only: updates are refused")
        if not query:
            if "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(PAGE.read_text(encoding="utf-8"))
            return error(400, "give a SPARQL query: ?query=... or a POST body (application/sparql-query)")
        return await answer(request, lambda: current().query(query))

    def describe(q):
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

    async def index(request):
        found = catalogue.search(tag=request.query_params.get("tag"), text=request.query_params.get("search"))
        return JSONResponse({"queries": [describe(q) for q in found]})

    async def saved(request):
        name = request.path_params["name"]
        if name.endswith(".rq"):
            try:
                return PlainTextResponse(catalogue.get(name[:-3]).text, media_type="application/sparql-query")
            except UsageError as exc:
                return error(404, public(exc))
            except NrcgraphError as exc:
                return error(500, public(exc))
        try:
            query = catalogue.get(name)
        except UsageError as exc:
            return error(404, public(exc))
        except NrcgraphError as exc:
            return error(500, public(exc))
        params = dict(request.query_params)
        if request.method == "POST":
            try:
                params.update(await form_of(request))
            except UsageError as exc:
                return error(400, str(exc))
        params.pop("format", None)
        return await answer(request, lambda: query.run(current(), params))

    async def home(request):
        return HTMLResponse(PAGE.read_text(encoding="utf-8"))

    async def health(request):
        return JSONResponse({"status": "ok", "triples": len(current())})

    class AccessLog(BaseHTTPMiddleware):
        async def dispatch(self, request, call_next):
            start = time.perf_counter()
            response = await call_next(request)
            log.info(
                "%s %s %s %d %.1f ms",
                request.client.host if request.client else "-",
                request.method,
                request.url.path + (f"?{request.url.query}" if request.url.query else ""),
                response.status_code,
                (time.perf_counter() - start) * 1000,
            )
            return response

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", index),
        Route("/queries/{name}", saved, methods=["GET", "POST"]),
        Route("/health", health),
    ]
    return Starlette(routes=routes, middleware=[Middleware(AccessLog)])


def serve(graph, catalogue, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None) -> None:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    triples = len(graph() if callable(graph) else graph)
    log.info("serving %d triples on http://%s:%d/ (SPARQL at /sparql, saved queries at /queries)", triples, host, port)
    uvicorn.run(create_app(graph, catalogue, limits), host=host, port=port, log_level="warning", access_log=False)


__all__ = ["create_app", "serve", "Limits", "negotiate"]
