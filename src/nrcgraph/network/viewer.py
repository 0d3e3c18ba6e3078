"""The self-contained HTML viewer: one file, no network, the data inlined as JSON."""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = Path(__file__).with_name("viewer.html")


def data(g, palette: dict[str, str]) -> dict:
    index = {n: i for i, n in enumerate(g)}
    nodes = [
        {
            "id": n,
            "label": d.get("label", n),
            "cls": d.get("class", ""),
            "date": d.get("date", ""),
            "attrs": {k: v for k, v in d.items() if k not in ("label", "class")},
        }
        for n, d in g.nodes(data=True)
    ]
    edges = [
        [index[a], index[b], d.get("label", ""), {k: v for k, v in d.items() if k != "label"}]
        for a, b, d in g.edges(data=True)
    ]
    return {"nodes": nodes, "edges": edges, "colours": palette}


def html(g, palette: dict[str, str], title: str = "nrcgraph") -> str:
    payload = json.dumps(data(g, palette), ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")  # no "<" in the script: it can neither end it nor open a comment
    safe_title = title.replace("&", "&amp;").replace("<", "&lt;")
    return TEMPLATE.read_text(encoding="utf-8").replace("__TITLE__", safe_title).replace("__DATA__", payload)
