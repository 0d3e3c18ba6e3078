"""Writing a projected network to files: GraphML, GEXF, Cytoscape.js JSON, node-link JSON,
Graphviz DOT (and SVG/PNG through Graphviz), CSV node and edge lists, and the HTML viewer."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..atomic import atomic_write, atomic_write_text
from ..errors import UsageError
from .graphviz import render as render_graphviz

FORMATS = ("graphml", "gexf", "cytoscape", "nodelink", "dot", "csv", "html", "svg", "png")
# Colour-blind-friendly palette (Okabe-Ito, then Tableau), assigned to classes by name.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#999999",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#76B7B2",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#1B9E77",
    "#7570B3",
]


def colours(g) -> dict[str, str]:
    names = sorted({d.get("class", "") for _, d in g.nodes(data=True)})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def _scalar(g):
    """A copy whose attributes are all strings, numbers or booleans (GraphML and GEXF need it)."""
    h = g.copy()
    for _, d in h.nodes(data=True):
        for k in [k for k, v in d.items() if v is None]:
            del d[k]
    for *_, d in h.edges(data=True):
        for k in [k for k, v in d.items() if v is None]:
            del d[k]
    return h


def _atomic(path: Path, write: Callable[[TextIO], None]) -> Path:
    """Write text through ``atomic_write`` (the folder is made if missing)."""
    if path.is_dir():
        raise UsageError(f"-o {path} is a folder: name a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write_text(path, write)


def to_dot(g) -> str:
    palette = colours(g)

    def q(text):
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = [
        "digraph nrcgraph {",
        '  graph [overlap=false, splines=true, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8, color="#666666"];',
    ]
    for node, d in g.nodes(data=True):
        lines.append(
            f"  {q(node)} [label={q(d.get('label', node))}, fillcolor={q(palette.get(d.get('class', ''), '#dddddd'))}, "
            f"tooltip={q(d.get('class', ''))}];"
        )
    for a, b, d in g.edges(data=True):
        lines.append(f"  {q(a)} -> {q(b)} [label={q(d.get('label', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _text(v: str) -> str:
    """xml.sax.saxutils.escape, inlined: chained replaces cost a fifth of its calls (and of a
    translation table) on values that rarely hold a special character."""
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(v: str) -> str:
    """An attribute value for double quotes (what xml.sax.saxutils.quoteattr escapes)."""
    return (
        v.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "long" if isinstance(value, int) else "double" if isinstance(value, float) else "string"


def _keys(items) -> dict[str, str]:
    """Each attribute name with the GraphML type of its first value."""
    found: dict[str, str] = {}
    for d in items:
        for k, v in d.items():
            if k not in found and v is not None:
                found[k] = _kind(v)
    return found


def write_graphml(g, out: TextIO) -> None:
    """A networkx graph as GraphML."""
    write_graphml_parts(list(g.nodes(data=True)), g.edges(keys=True, data=True), out)


def write_graphml_parts(nodes: list, edges, out: TextIO) -> int:
    """Nodes ``(node, attributes)`` and a stream of edges ``(source, target, key,
    attributes)`` as GraphML, written as they come: the edges go to a temporary file while
    their attribute names are gathered for the header, so no graph is held in memory
    (networkx's writer builds the whole XML tree first). Returns the number of edges."""
    import shutil
    import tempfile

    node_keys = _keys(d for _, d in nodes)
    node_ids = {k: f"n{i}" for i, k in enumerate(node_keys)}
    edge_keys: dict[str, str] = {}
    edge_ids: dict[str, str] = {}
    text, attr = _text, _attr

    def data(d: dict, ids: dict[str, str]) -> str:
        return "".join(
            f'<data key="{ids[k]}">{text(v if type(v) is str else str(v).lower() if isinstance(v, bool) else str(v))}</data>'
            for k, v in d.items()
            if v is not None
        )

    count = 0
    escaped: dict[str, str] = {}  # the node ids edges repeat, escaped once each
    with tempfile.TemporaryFile("w+", encoding="utf-8") as held:
        for a, b, key, d in edges:
            for k, v in d.items():
                if k not in edge_keys and v is not None:
                    edge_keys[k], edge_ids[k] = _kind(v), f"e{len(edge_ids)}"
            source = escaped.get(a) or escaped.setdefault(a, attr(str(a)))
            target = escaped.get(b) or escaped.setdefault(b, attr(str(b)))
            held.write(
                f'    <edge source="{source}" target="{target}" id="{attr(str(key))}">{data(d, edge_ids)}</edge>\n'
            )
            count += 1
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for scope, keys, ids in (("node", node_keys, node_ids), ("edge", edge_keys, edge_ids)):
            for k, t in keys.items():
                out.write(f'  <key id="{ids[k]}" for="{scope}" attr.name="{attr(k)}" attr.type="{t}"/>\n')
        out.write('  <graph edgedefault="directed">\n')
        for n, d in nodes:
            out.write(f'    <node id="{attr(str(n))}">{data(d, node_ids)}</node>\n')
        held.seek(0)
        shutil.copyfileobj(held, out, 1 << 20)
        out.write("  </graph>\n</graphml>\n")
    return count


def stream_graphml(graph, out: str | Path, collapse: bool = True, keep_sources: bool = False) -> tuple[int, int]:
    """The projection of ``graph`` written to ``out`` as GraphML without assembling it as a
    networkx graph (half the memory at a million triples); returns (nodes, edges)."""
    from .project import gc_paused, parts

    out = Path(out)
    counts = [0, 0]

    def write(fh: TextIO) -> None:
        with gc_paused():
            nodes, edges, _ = parts(graph, collapse, keep_sources)
            counts[:] = [len(nodes), write_graphml_parts(nodes, edges, fh)]

    _atomic(out, write)
    return counts[0], counts[1]


def cytoscape(g) -> dict:
    palette = colours(g)
    nodes = [
        {"data": {"id": n, **{k: v for k, v in d.items()}, "colour": palette.get(d.get("class", ""), "#999999")}}
        for n, d in g.nodes(data=True)
    ]
    edges = [{"data": {"id": f"e{i}", "source": a, "target": b, **d}} for i, (a, b, d) in enumerate(g.edges(data=True))]
    return {"elements": {"nodes": nodes, "edges": edges}}


def write(g, fmt: str, out: str | Path, title: str = "nrcgraph") -> list[Path]:
    """Write ``g`` as ``fmt`` to ``out`` (a folder for csv); returns the files written."""
    import networkx as nx

    out = Path(out)
    if fmt != "csv":
        if out.is_dir():
            raise UsageError(f"-o {out} is a folder: name a file")
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        return [_atomic(out, lambda p: write_graphml(g, p))]
    if fmt == "gexf":
        return [atomic_write(out, lambda fh: nx.write_gexf(_scalar(g), fh))]
    if fmt in ("cytoscape", "nodelink"):
        data = cytoscape(g) if fmt == "cytoscape" else nx.node_link_data(g, edges="links")
        return [_atomic(out, lambda fh: json.dump(data, fh, ensure_ascii=False))]
    if fmt == "dot":
        return [_atomic(out, lambda fh: print(to_dot(g), file=fh, end=""))]
    if fmt in ("svg", "png"):
        image = render_graphviz(to_dot(g), fmt)
        return [atomic_write(out, image)]
    if fmt == "csv":
        return write_csv(g, out)
    if fmt == "html":
        from .viewer import html

        text = html(g, colours(g), title)
        return [_atomic(out, lambda fh: print(text, file=fh, end=""))]
    raise UsageError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")


def write_csv(g, folder: Path) -> list[Path]:
    if folder.suffix:
        raise UsageError(f"--format csv writes nodes.csv and edges.csv into a folder; {folder} looks like a file")
    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d} - {"iri", "label", "class"})
    edge_keys = sorted({k for *_, d in g.edges(data=True) for k in d} - {"label"})

    if folder.is_file():
        raise UsageError(f"--format csv writes nodes.csv and edges.csv into a folder; {folder} is a file")

    def nodes(fh: TextIO) -> None:
        w = csv.writer(fh)
        w.writerow(["id", "label", "class", *node_keys])
        w.writerows(
            [
                [n, d.get("label", ""), d.get("class", ""), *(d.get(k, "") for k in node_keys)]
                for n, d in g.nodes(data=True)
            ]
        )

    def edges(fh: TextIO) -> None:
        w = csv.writer(fh)
        w.writerow(["source", "target", "label", *edge_keys])
        w.writerows([[a, b, d.get("label", ""), *(d.get(k, "") for k in edge_keys)] for a, b, d in g.edges(data=True)])

    return [_atomic(folder / "nodes.csv", nodes), _atomic(folder / "edges.csv", edges)]
