"""The graph as a network: a networkx projection with filters, and the files Gephi,
yEd, Cytoscape, Graphviz and a browser open.

Entities (IRIs typed with an nrc: class) become nodes; links between entities become
edges labelled with their property; literals and coded values (SKOS concepts other
than topics) become node attributes. Provenance becomes attributes too: each node's
``sources`` and the properties whose values were ``inferred``. N-ary facts
(participations, statements, positions, post holdings, contributions) can be
collapsed into direct edges carrying their details, or kept as nodes. Status changes
are folded into their subject: the latest becomes its ``status`` and ``statusDate``.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from ..errors import UsageError
from ..rdf.namespaces import DCTERMS, FOAF, NRC, PROV, RDF, RDF_TYPE, RDFS_LABEL, RDFS_SUBCLASSOF, SKOS, expand, shorten

RDF_SUBJECT = RDF + "subject"
RDF_PREDICATE = RDF + "predicate"
SUBCLASS = RDFS_SUBCLASSOF
DERIVED = PROV + "wasDerivedFrom"
LABELS = (RDFS_LABEL, SKOS + "prefLabel", FOAF + "name", DCTERMS + "title")
DATES = (NRC + "date", NRC + "attestedOn", NRC + "asOf", DCTERMS + "issued", NRC + "startDate")
STATUS_CHANGE = NRC + "StatusChange"
HIDDEN_CLASSES = {NRC + "Inference", STATUS_CHANGE}
SOURCE_CLASS = NRC + "SourceDocument"
# N-ary classes collapsed into an edge: (property to the edge's source, property to its
# target, the edge label, or the property whose value's label is the edge label). A
# property written ^p is followed backwards: the meeting lists its participations.
COLLAPSE = {
    NRC + "Participation": (NRC + "participant", "^" + NRC + "participation", "participatedIn"),
    NRC + "TreatyParticipation": (NRC + "party", NRC + "treaty", "partyTo"),
    NRC + "Statement": (NRC + "speaker", NRC + "statedAt", "spokeAt"),
    NRC + "Position": (NRC + "heldBy", NRC + "about", NRC + "positionKind"),
    NRC + "PostHolding": (NRC + "holder", NRC + "post", "holds"),
    NRC + "Contribution": (NRC + "contributor", NRC + "contributesTo", "contributedTo"),
}


@lru_cache(maxsize=65536)
def local(iri: str) -> str:
    short = shorten(iri)
    return short.split(":", 1)[1] if short.startswith("nrc:") else short


@dataclass
class Filters:
    classes: tuple[str, ...] = ()  # class names (local, e.g. "Meeting"); subclasses included
    properties: tuple[str, ...] = ()  # edge labels to keep
    around: str | None = None  # an IRI or prefix:name
    radius: int = 1
    since: str | None = None  # a date, year-month or year
    until: str | None = None

    @property
    def active(self) -> bool:
        """Whether any filter was asked for (``radius`` alone is not one: it needs ``around``)."""
        return bool(self.classes or self.properties or self.around or self.since or self.until)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The projection makes millions of tuples, lists and dicts and no reference cycles;
    the cyclic collector, set off by every 700 new containers, took a third of its time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_networkx(graph, collapse: bool = True, keep_sources: bool = False, filters: Filters | None = None):
    """Project a loaded Graph onto a networkx MultiDiGraph (see the module docstring)."""
    import networkx as nx

    with gc_paused():
        nodes, edges, classes = parts(graph, collapse, keep_sources)
        # networkx copies each attribute dict it is given: hand them over one by one, each
        # dropped as it is taken, so the two copies never all live at once.
        g = nx.MultiDiGraph()
        g.add_nodes_from(_drain(nodes))
        g.add_edges_from(edges)
    if not (filters and filters.active):
        return g  # the projection is the answer: a filtered copy would double the peak memory
    return apply_filters(g, filters, {n: {local(c) for c in classes[n][1]} for n in g})


def parts(graph, collapse: bool = True, keep_sources: bool = False) -> tuple[list, Iterator, dict]:
    """The projection unassembled: its nodes as (node, attributes), its edges as a stream of
    (source, target, key, attributes) made as they are read (read the nodes first), and
    each node's (most specific class, every class). Run it with the collector paused."""

    # Kept lean, as the whole graph passes through them: a node's types in a list (most
    # have one; a set costs four times the memory), its literals and the links as flat
    # lists (property, value, property, value, ...; subject, property, object, ...).
    types: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    literals: dict[str, list[str]] = {}
    links: list[str] = []
    parents = defaultdict(set)
    inferred_s, inferred_p = {}, {}
    for sv, pv, okind, ov, olang in graph.triple_values():
        if pv == RDF_TYPE:
            if ov.startswith(NRC):
                known = types.get(sv)
                if known is None:
                    types[sv] = [ov]
                elif ov not in known:
                    known.append(ov)
        elif pv == SUBCLASS:
            parents[sv].add(ov)
        elif okind == "literal":
            if pv in LABELS and (sv not in labels or olang == "en"):
                labels[sv] = ov
            values = literals.get(sv)
            if values is None:
                literals[sv] = [pv, ov]
            else:
                values += (pv, ov)
            if pv == RDF_SUBJECT:
                inferred_s[sv] = ov
        else:
            links += (sv, pv, ov)
            if pv == RDF_SUBJECT:
                inferred_s[sv] = ov
            elif pv == RDF_PREDICATE:
                inferred_p[sv] = ov

    def name(iri: str) -> str:  # the label, else the short name (only worked out when needed)
        return labels[iri] if iri in labels else shorten(iri)

    ancestors = _ancestors(parents)
    classes = {}
    kinds: dict[frozenset[str], tuple[str, set[str]] | None] = {}  # a few dozen type sets among many nodes
    for node, cs in types.items():
        type_set = frozenset(cs)
        if type_set not in kinds:
            every = set().union(*(ancestors.get(c, set()) | {c} for c in cs))
            specific = [c for c in cs if not any(c in ancestors.get(other, ()) for other in cs if other != c)]
            shown = not (every & HIDDEN_CLASSES or (not keep_sources and SOURCE_CLASS in every))
            kinds[type_set] = (sorted(specific)[0], every) if shown else None
        kind = kinds[type_set]
        if kind is not None:
            classes[node] = kind

    inferred = defaultdict(set)
    for statement, subject in inferred_s.items():
        if statement in inferred_p:
            inferred[subject].add(local(inferred_p[statement]))

    def attrs_of(node):
        # label and class are filled in for the nodes that stay nodes (an n-ary fact made
        # an edge does not show them), keeping their place first
        out = {"iri": node, "label": None, "class": None}
        flat = literals.get(node)
        if flat:
            by_property = _grouped(flat) if len(flat) > 2 else {flat[0]: [flat[1]]}
            for p, values in by_property.items():
                if p not in LABELS:
                    out[local(p)] = " | ".join(values)
            for p in DATES:
                if p in by_property:
                    out["date"] = by_property[p][0]
                    break
        if node in inferred:
            out["inferred"] = ", ".join(sorted(inferred[node]))
        return out

    # Attributes gathered in plain dicts and handed to networkx once: its node views cost
    # a Python call per access.
    attrs = {node: attrs_of(node) for node in classes}
    sources = defaultdict(list)
    outgoing = defaultdict(list)
    incoming = defaultdict(list)
    _fold_status(attrs, links, literals, labels, types)
    literals.clear()  # all in the attributes now; the peak memory comes later
    types.clear()
    # Only the n-ary facts to collapse need their incoming links, under one "^p" string per property.
    collapsible = {node: None for node, (_, every) in classes.items() if collapse and not every.isdisjoint(COLLAPSE)}
    backwards: dict[str, str] = {}
    for s, p, o in _triples(links):
        if o in collapsible and s in classes:
            incoming[o].append((backwards.get(p) or backwards.setdefault(p, "^" + p), s))
        if s not in classes:
            continue
        if p == DERIVED and o not in classes:
            sources[s].append(name(o))
        elif o in classes:
            outgoing[s].append((p, o))
        else:  # a coded value, an external link: an attribute
            key = local(p)
            value = name(o)
            node_attrs = attrs[s]
            node_attrs[key] = f"{node_attrs[key]} | {value}" if key in node_attrs else value
    for node, docs in sources.items():
        attrs[node]["sources"] = " | ".join(sorted(set(docs)))
    links.clear()

    # N-ary facts collapsed into edges: first which ones (an edge between two of them
    # goes with them), then the edges, made one at a time as networkx takes them.
    rules = {}
    rule_of: dict[int, tuple[str, str, str] | None] = {}  # by class set: nodes of one kind share it
    for node in collapsible:
        every = classes[node][1]
        if id(every) not in rule_of:
            rule_of[id(every)] = next((COLLAPSE[c] for c in COLLAPSE if c in every), None)
        rule = rule_of[id(every)]
        if rule is not None:
            links_of = {p for p, _ in outgoing.get(node, ())} | {p for p, _ in incoming.get(node, ())}
            if rule[0] in links_of and rule[1] in links_of:
                rules[node] = rule
    collapsed = set(rules)

    def edges() -> Iterator[tuple[str, str, str, dict]]:
        for node, (frm, to, label) in rules.items():
            cls = classes[node][0]
            targets = defaultdict(list)
            for p, o in outgoing.pop(node, []) + incoming.pop(node, []):
                targets[p].append(o)
            node_attrs = attrs.pop(node)
            if label.startswith("http"):
                label = node_attrs.get(local(label), local(label))
            details = {k: v for k, v in node_attrs.items() if k not in ("label", "class")}
            details["via"] = details.pop("iri")
            details["viaClass"] = local(cls)
            for p, os_ in targets.items():
                if p not in (frm, to) and not p.startswith("^"):
                    details[local(p)] = " | ".join(name(o) for o in os_)
            for a in targets[frm]:
                for b in targets[to]:
                    if a not in collapsed and b not in collapsed:
                        yield a, b, f"{label}:{node}", {"label": label, **details}
        for s, pairs in outgoing.items():
            if s in collapsed:
                continue
            for p, o in pairs:
                if o not in collapsed:
                    yield s, o, local(p), {"label": local(p), "property": p}

    nodes = []
    for node in list(attrs):
        if node not in collapsed:
            node_attrs = attrs.pop(node)
            node_attrs["label"], node_attrs["class"] = name(node), local(classes[node][0])
            nodes.append((node, node_attrs))
    return nodes, edges(), classes


def _grouped(flat) -> dict[str, list[str]]:
    """``[p, v, p, v, ...]`` as ``{p: [v, ...]}``, in the order the properties come."""
    out: dict[str, list[str]] = {}
    for i in range(0, len(flat), 2):
        p = flat[i]
        if p in out:
            out[p].append(flat[i + 1])
        else:
            out[p] = [flat[i + 1]]
    return out


def _triples(flat: list[str]) -> Iterator[tuple[str, str, str]]:
    """``[s, p, o, s, p, o, ...]`` three by three."""
    items = iter(flat)
    return zip(items, items, items)


def _drain(items: list) -> Iterator:
    """The items in order, each removed from the list as it is yielded."""
    items.reverse()
    while items:
        yield items.pop()


def _fold_status(attrs, links, literals, labels, types) -> None:
    """Give each node with a status history its latest status (by when it took effect, else
    when it was attested) as attributes."""
    changes: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in _triples(links):
        if STATUS_CHANGE in types.get(s, ()) and p in (NRC + "statusOf", NRC + "status"):
            changes[s][p] = o
    latest: dict[str, tuple[str, str]] = {}
    for change, found in changes.items():
        subject, status = found.get(NRC + "statusOf"), found.get(NRC + "status")
        if subject is None or status is None or subject not in attrs:
            continue
        values = _grouped(literals.get(change, ()))
        when = (values.get(NRC + "date") or values.get(NRC + "attestedOn") or [""])[0]
        if subject not in latest or when > latest[subject][0]:
            latest[subject] = (when, labels[status] if status in labels else shorten(status))
    for subject, (when, status) in latest.items():
        attrs[subject]["status"] = status
        if when:
            attrs[subject]["statusDate"] = when


def _ancestors(parents: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}

    def walk(c, seen):
        if c in out:
            return out[c]
        found = set()
        for p in parents.get(c, ()):
            if p not in seen:
                found |= {p} | walk(p, seen | {p})
        out[c] = found
        return found

    for c in list(parents):
        walk(c, {c})
    return out


def _period(value: str) -> tuple[str, str]:
    """The first and last day a full or partial date stands for, as sortable strings."""
    value = value[:10]
    if len(value) == 4:
        return value + "-01-01", value + "-12-31"
    if len(value) == 7:
        return value + "-01", value + "-31"
    return value, value


def apply_filters(g, filters: Filters, ancestors_by_node=None):
    import networkx as nx

    keep = set(g)
    if filters.classes:
        wanted = set(filters.classes)
        keep = {n for n in keep if (ancestors_by_node or {}).get(n, {g.nodes[n].get("class")}) & wanted}
    if filters.since or filters.until:
        lo = _period(filters.since)[0] if filters.since else "0000"
        hi = _period(filters.until)[1] if filters.until else "9999"

        def inside(attrs):
            date = attrs.get("date")
            if not date:
                return True
            start, end = _period(date)
            return end >= lo and start <= hi

        keep = {n for n in keep if inside(g.nodes[n])}
    sub = g.subgraph(keep).copy()
    if filters.since or filters.until:
        sub.remove_edges_from([(a, b, k) for a, b, k, d in sub.edges(keys=True, data=True) if not inside(d)])
    if filters.properties:
        wanted = set(filters.properties)
        sub.remove_edges_from(
            [(a, b, k) for a, b, k, d in sub.edges(keys=True, data=True) if d.get("label") not in wanted]
        )
    if filters.around:
        center = expand(filters.around)
        if center not in sub:
            raise UsageError(f"--around {filters.around}: no such node in the exported graph")
        near = nx.ego_graph(sub.to_undirected(as_view=True), center, radius=filters.radius)
        sub = sub.subgraph(near.nodes).copy()
    return sub


def from_construct(graph, sparql: str, bindings=None):
    """A new Graph holding what a CONSTRUCT query gives, plus the class hierarchy."""
    from ..graph import Graph, new_engine

    result = graph.query(sparql, bindings)
    if result.kind != "graph":
        raise UsageError("the export input must be a CONSTRUCT or DESCRIBE query")
    out = Graph(new_engine())
    out.engine.add(result.triples, "urn:nrcgraph:construct")
    out.engine.add(graph.query(f"CONSTRUCT WHERE {{ ?a <{SUBCLASS}> ?b }}").triples, "urn:nrcgraph:construct")
    return out
