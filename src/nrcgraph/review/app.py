"""The review page: a small Starlette application bound to 127.0.0.1, for one person.

It writes (the draft file, and the graph through add), so every request must come to the
Host it was started on, and every request but the static files must carry the run's
secret token: in the page's address (``?token=``) for pages, in the ``X-Review-Token``
header for the writes the page's script sends. One route table; pages are Jinja2
templates with escaping on; the script and style are served from the package.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

from ..errors import NrcgraphError
from . import Review

HERE = Path(__file__).parent
TOKEN_HEADER = "x-review-token"


def templates() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
    )


class Guard:
    """Plain ASGI: refuses a request to another Host (403) and one without the token (403)."""

    def __init__(self, app: Any, token: str, hosts: set[str]):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if host not in self.hosts:
            await _refuse(send, "this page answers only on the address it was started on")
            return
        if not scope["path"].startswith("/static/"):
            from urllib.parse import parse_qs

            given = (
                headers.get(TOKEN_HEADER) or (parse_qs(scope.get("query_string", b"").decode()).get("token") or [""])[0]
            )
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                await _refuse(send, "this review's token is missing or wrong: open the address nrcgraph review printed")
                return
            origin = headers.get("origin")
            if scope["method"] != "GET" and origin is not None and origin.split("//", 1)[-1] not in self.hosts:
                await _refuse(send, "a write from another site")
                return
        await self.app(scope, receive, send)


async def _refuse(send: Any, message: str) -> None:
    body = f"403 Forbidden: {message}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def hosts_for(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}"}


def create_app(review: Review, token: str | None = None, port: int = 8765) -> tuple[Any, str]:
    """The ASGI application and its token."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from .cards import build_cards, search_entities

    token = token or secrets.token_urlsafe(24)
    env = templates()

    def render(template: str, status: int = 200, **values: Any) -> Any:
        values.setdefault("reviewer", review.reviewer)
        return HTMLResponse(env.get_template(template).render(token=token, **values), status_code=status)

    def error(exc: Exception, status: int = 400) -> Any:
        return JSONResponse({"ok": False, "error": str(exc)}, status_code=status)

    def number(request: Any) -> int:
        return int(request.path_params["index"])

    async def index(request: Any) -> Any:
        if len(review.paths) == 1:
            return RedirectResponse(f"/draft/0?token={token}", status_code=303)
        drafts = []
        for i, path in enumerate(review.paths):
            draft = review.open(i)
            drafts.append(
                {"index": i, "name": path.name, "pending": len(draft.pending()), "nodes": len(draft.drafted())}
            )
        return render("index.html", drafts=drafts)

    async def page(request: Any) -> Any:
        try:
            index = number(request)
            draft = review.open(index)
            cards = build_cards(draft, review.base, review.findings(index))
        except NrcgraphError as exc:
            return render("error.html", status=404, message=str(exc))
        text = draft.source_text()
        passages = sorted({c.passage for c in cards if c.passage and c.passage in text}, key=text.find)
        report = review.reports.get(index)
        return render(
            "draft.html",
            name=review.paths[index].name,
            index=index,
            cards=cards,
            pieces=marked(text, [c for c in cards if c.passage]),
            passages=passages,
            pending=sum(c.status == "pending" for c in cards),
            violations=report.count("Violation") if report else 0,
            can_add=review.adder is not None,
            many=len(review.paths) > 1,
        )

    async def decide(request: Any) -> Any:
        try:
            body = await request.json()
        except ValueError:
            return error(ValueError("the request is not JSON"))
        if not isinstance(body, dict):
            return error(ValueError("the request is not a JSON object"))
        try:
            outcome = review.decide(number(request), body)
        except NrcgraphError as exc:
            return error(exc)
        except KeyError as exc:
            return error(ValueError(f"missing field {exc}"))
        findings = review.findings(number(request)).get(outcome.node, [])
        return JSONResponse(
            {"ok": True, "action": outcome.action, "description": outcome.description, "findings": findings}
        )

    async def add(request: Any) -> Any:
        try:
            result = review.add(number(request))
        except NrcgraphError as exc:
            return error(exc)
        problems = [str(f) for f in result.report.findings if f.severity == "Violation"]
        return JSONResponse(
            {
                "ok": bool(result.written)
                or (result.report.conforms and not result.refused and not result.new_triples),
                "written": bool(result.written),
                "target": result.target,
                "new_triples": result.new_triples,
                "new_nodes": result.new_nodes,
                "refused": result.refused,
                "violations": problems[:50],
            }
        )

    async def search(request: Any) -> Any:
        return JSONResponse({"results": search_entities(review.base, request.query_params.get("q", "")[:100])})

    routes = [
        Route("/", index),
        Route("/draft/{index:int}", page),
        Route("/draft/{index:int}/decide", decide, methods=["POST"]),
        Route("/draft/{index:int}/add", add, methods=["POST"]),
        Route("/search", search),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    return Guard(app, token, hosts_for(port)), token


def marked(text: str, cards: list[Any]) -> list[dict[str, Any]]:
    """The text cut into pieces, each passage a piece naming the nodes it backs."""
    spans: dict[tuple[int, int], list[str]] = {}
    for card in cards:
        start = text.find(card.passage)
        if start >= 0:
            spans.setdefault((start, start + len(card.passage)), []).append(card.iri)
    pieces: list[dict[str, Any]] = []
    at = 0
    for (start, end), nodes in sorted(spans.items()):
        if start < at:  # overlapping passages: the later one joins the earlier mark
            pieces[-1]["nodes"] += nodes
            continue
        if start > at:
            pieces.append({"text": text[at:start], "nodes": []})
        pieces.append({"text": text[start:end], "nodes": list(nodes)})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "nodes": []})
    return pieces


def run(review: Review, port: int = 0, open_browser: bool = True, announce: Any = print) -> None:
    """Serve the review on 127.0.0.1 until interrupted; print (and open) its address."""
    import socket

    import uvicorn

    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    app, token = create_app(review, port=port)
    url = f"http://127.0.0.1:{port}/?token={token}"
    announce(url)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
