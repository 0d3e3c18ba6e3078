"""The drafts waiting in a workspace's drafts/ folder, for serve's /review page: each
file with how many of its nodes are still to decide, read-only, and how to review it
(``nrcgraph review``, which writes, runs on its own page)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..rdf.namespaces import NRC, VOCAB


def listing(folder: Path | None) -> list[dict[str, Any]]:
    """Every draft (.ttl) of ``folder``: its name, nodes to decide and decisions made."""
    if folder is None or not folder.is_dir():
        return []
    import rdflib

    out = []
    for path in sorted(p for p in folder.rglob("*.ttl") if "sources" not in p.relative_to(folder).parts):
        g = rdflib.Graph()
        try:
            g.parse(path, format="turtle")
        except Exception:  # noqa: BLE001  (a broken draft is listed, not fatal)
            out.append({"file": str(path.relative_to(folder)), "pending": None, "decided": 0, "error": True})
            continue
        status = rdflib.URIRef(NRC + "reviewStatus")
        pending = len(set(g.subjects(status, rdflib.URIRef(VOCAB + "review/draft"))))
        decided = len(set(g.subjects(rdflib.RDF.type, rdflib.URIRef(NRC + "ReviewDecision"))))
        out.append({"file": str(path.relative_to(folder)), "pending": pending, "decided": decided, "error": False})
    return out


def drafts_html(folder: Path | None) -> str:
    drafts = listing(folder)
    if folder is None:
        return ""
    e = html.escape
    if not drafts:
        items = f'<p class="muted">No draft in {e(folder.name)}/: make one with <code>nrcgraph draft RELEASE -o {e(folder.name)}/</code>.</p>'
    else:
        items = (
            "<ul>"
            + "".join(
                f"<li><code>{e(folder.name)}/{e(d['file'])}</code>: "
                + (
                    "not readable Turtle"
                    if d["error"]
                    else f"{d['pending']} nodes to decide, {d['decided']} decisions made"
                )
                + "</li>"
                for d in drafts
            )
            + "</ul>"
        )
    return (
        f"<h2>Drafts in the workspace's {e(folder.name)}/ folder</h2>{items}"
        f"<p>To review one (accept, reject, edit, merge; each decision recorded), run "
        f"<code>nrcgraph review {e(folder.name)}/FILE.ttl</code> in the workspace: it opens its own page. "
        "This page only reads.</p>"
    )
