"""Network analysis of the projected graph: centrality, components, paths, a timeline,
and the co-attendance network of the people and groups who met."""

from __future__ import annotations

from ..errors import UsageError
from ..rdf.namespaces import XSD, expand, shorten
from ..rdf.results import Result
from ..rdf.terms import Term


def _lit(value) -> Term | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Term("literal", str(value).lower(), XSD + "boolean")
    if isinstance(value, int):
        return Term("literal", str(value), XSD + "integer")
    if isinstance(value, float):
        return Term("literal", f"{value:.6f}", XSD + "decimal")
    return Term("literal", str(value))


def _node(g, n) -> tuple:
    return Term("uri", n), _lit(g.nodes[n].get("label")), _lit(g.nodes[n].get("class"))


def centrality(g, top: int = 20) -> Result:
    """Degree and betweenness centrality (undirected view), highest betweenness first."""
    import networkx as nx

    simple = nx.Graph(g.to_undirected(as_view=True))
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    between = nx.betweenness_centrality(simple, k=min(len(simple), 500) if len(simple) > 2000 else None, seed=0)
    order = sorted(simple, key=lambda n: (-between[n], -degree[n], n))[:top]
    rows = [
        (*_node(g, n), _lit(simple.degree(n)), _lit(round(degree[n], 6)), _lit(round(between[n], 6))) for n in order
    ]
    return Result("select", ["node", "label", "class", "degree", "degreeCentrality", "betweenness"], rows, ordered=True)


def components(g) -> Result:
    """Weakly connected components, largest first, with their size and a few members."""
    import networkx as nx

    parts = sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), min(c)))
    rows = []
    for i, part in enumerate(parts, 1):
        members = sorted(part, key=lambda n: (-g.degree(n), n))[:5]
        rows.append((_lit(i), _lit(len(part)), _lit(", ".join(g.nodes[n].get("label", shorten(n)) for n in members))))
    return Result("select", ["component", "size", "members"], rows, ordered=True)


def path(g, source: str, target: str) -> Result:
    """The shortest path between two entities (ignoring direction), with the fact behind each step."""
    import networkx as nx

    a, b = expand(source), expand(target)
    for end, name in ((a, source), (b, target)):
        if end not in g:
            raise UsageError(f"{name} is not a node of the exported graph")
    try:
        steps = nx.shortest_path(g.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        raise UsageError(f"no path between {source} and {target}") from None
    rows = []
    for i, (u, v) in enumerate(zip(steps, steps[1:]), 1):
        forward = g.get_edge_data(u, v) or {}
        backward = g.get_edge_data(v, u) or {}
        data: dict = next(iter(forward.values()), {}) or next(iter(backward.values()), {})
        fact = data.get("passage") or data.get("text") or ""
        rows.append(
            (
                _lit(i),
                Term("uri", u),
                _lit(g.nodes[u].get("label")),
                _lit(data.get("label")),
                _lit("→" if forward else "←"),
                Term("uri", v),
                _lit(g.nodes[v].get("label")),
                _lit(fact),
                _lit(data.get("sources") or g.nodes[u].get("sources")),
            )
        )
    return Result(
        "select",
        ["step", "from", "fromLabel", "relation", "direction", "to", "toLabel", "fact", "sources"],
        rows,
        ordered=True,
    )


def timeline(g) -> Result:
    """Every dated node in date order; inferred dates flagged."""
    dated = sorted((d["date"], n) for n, d in g.nodes(data=True) if d.get("date"))
    rows = [(_lit(date), *_node(g, n), _lit("date" in g.nodes[n].get("inferred", "").split(", "))) for date, n in dated]
    return Result("select", ["date", "node", "label", "class", "inferredDate"], rows, ordered=True)


def co_attendance(g):
    """A graph of agents linked when they took part in the same meeting (weight: meetings)."""
    from itertools import combinations

    import networkx as nx

    meetings: dict[str, set] = {}
    for a, b, d in g.edges(data=True):
        if d.get("label") == "participatedIn":
            meetings.setdefault(b, set()).add(a)
    net = nx.Graph()
    for meeting, people in meetings.items():
        for p in people:
            net.add_node(p, **{k: v for k, v in g.nodes[p].items() if k in ("label", "class", "iri")})
        for p, q in combinations(sorted(people), 2):
            if net.has_edge(p, q):
                net[p][q]["weight"] += 1
                net[p][q]["meetings"] += " | " + g.nodes[meeting].get("label", meeting)
            else:
                net.add_edge(p, q, weight=1, meetings=g.nodes[meeting].get("label", meeting))
    return net


def co_attendance_table(g) -> Result:
    net = co_attendance(g)
    rows = sorted(
        (
            (
                Term("uri", a),
                _lit(net.nodes[a].get("label")),
                Term("uri", b),
                _lit(net.nodes[b].get("label")),
                _lit(d["weight"]),
                _lit(d["meetings"]),
            )
            for a, b, d in net.edges(data=True)
        ),
        key=lambda r: (-int(r[4].value), r[1].value, r[3].value),  # type: ignore[union-attr]
    )
    return Result("select", ["a", "aLabel", "b", "bLabel", "meetings", "which"], rows, ordered=True)
