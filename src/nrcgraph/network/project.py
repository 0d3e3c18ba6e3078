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

from collections import defaultdict
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


def to_networkx(graph, collapse: bool = True, keep_sources: bool = False, filters: Filters | None = None):
    """Project a loaded Graph onto a networkx MultiDiGraph (see the module docstring)."""
    import networkx as nx

    types: defaultdict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    literals: defaultdict[str, defaultdict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links = []
    parents = defaultdict(set)
    inferred_s, inferred_p = {}, {}
    for s, p, o in graph.triples():
        sv, pv = s.value, p.value
        if pv == RDF_TYPE:
            if o.value.startswith(NRC):
                types[sv].add(o.value)
        elif pv == SUBCLASS:
            parents[sv].add(o.value)
        elif o.kind == "literal":
            if pv in LABELS and (sv not in labels or o.lang == "en"):
                labels[sv] = o.value
            literals[sv][pv].append(o.value)
            if pv == RDF_SUBJECT:
                inferred_s[sv] = o.value
        else:
            links.append((sv, pv, o.value))
            if pv == RDF_SUBJECT:
                inferred_s[sv] = o.value
            elif pv == RDF_PREDICATE:
                inferred_p[sv] = o.value

    ancestors = _ancestors(parents)
    classes = {}
    for node, cs in types.items():
        every = set().union(*(ancestors.get(c, set()) | {c} for c in cs))
        if every & HIDDEN_CLASSES or (not keep_sources and SOURCE_CLASS in every):
            continue
        specific = [c for c in cs if not any(c in ancestors.get(other, ()) for other in cs if other != c)]
        classes[node] = (sorted(specific)[0], every)

    inferred = defaultdict(set)
    for statement, subject in inferred_s.items():
        if statement in inferred_p:
            inferred[subject].add(local(inferred_p[statement]))

    def attrs_of(node):
        out = {"iri": node, "label": labels.get(node, shorten(node)), "class": local(classes[node][0])}
        for p, values in literals[node].items():
            if p not in LABELS:
                out[local(p)] = " | ".join(values)
        for p in DATES:
            if p in literals[node]:
                out["date"] = literals[node][p][0]
                break
        if inferred.get(node):
            out["inferred"] = ", ".join(sorted(inferred[node]))
        return out

    g = nx.MultiDiGraph()
    for node in classes:
        g.add_node(node, **attrs_of(node))
    sources = defaultdict(list)
    outgoing = defaultdict(list)
    incoming = defaultdict(list)
    _fold_status(g, links, literals, labels, types)
    for s, p, o in links:
        if o in classes and s in classes:
            incoming[o].append(("^" + p, s))
        if s not in classes:
            continue
        if p == DERIVED and o not in classes:
            sources[s].append(labels.get(o, shorten(o)))
        elif o in classes:
            outgoing[s].append((p, o))
        else:  # a coded value, an external link: an attribute
            key = local(p)
            value = labels.get(o, shorten(o))
            g.nodes[s][key] = f"{g.nodes[s][key]} | {value}" if key in g.nodes[s] else value
    for node, docs in sources.items():
        g.nodes[node]["sources"] = " | ".join(sorted(set(docs)))

    collapsed = set()
    if collapse:
        for node, (cls, every) in classes.items():
            rule = next((COLLAPSE[c] for c in COLLAPSE if c in every), None)
            if rule is None:
                continue
            frm, to, label = rule
            targets = defaultdict(list)
            for p, o in outgoing[node] + incoming[node]:
                targets[p].append(o)
            if not targets[frm] or not targets[to]:
                continue
            if label.startswith("http"):
                kind = [v for k, v in g.nodes[node].items() if k == local(label)]
                label = kind[0] if kind else local(label)
            details = {k: v for k, v in g.nodes[node].items() if k not in ("label", "class")}
            details["via"] = details.pop("iri")
            details["viaClass"] = local(cls)
            for p, os_ in targets.items():
                if p not in (frm, to) and not p.startswith("^"):
                    details[local(p)] = " | ".join(labels.get(o, shorten(o)) for o in os_)
            for a in targets[frm]:
                for b in targets[to]:
                    g.add_edge(a, b, key=f"{label}:{node}", label=label, **details)
            collapsed.add(node)
        g.remove_nodes_from(collapsed)
    for s, pairs in outgoing.items():
        if s in collapsed:
            continue
        for p, o in pairs:
            if o not in collapsed:
                g.add_edge(s, o, key=local(p), label=local(p), property=p)
    ancestors_by_node = {n: {local(c) for c in classes[n][1]} for n in g}
    return apply_filters(g, filters, ancestors_by_node) if filters else g


def _fold_status(g, links, literals, labels, types) -> None:
    """Give each node with a status history its latest status (by when it took effect, else
    when it was attested) as attributes."""
    changes: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in links:
        if STATUS_CHANGE in types.get(s, ()) and p in (NRC + "statusOf", NRC + "status"):
            changes[s][p] = o
    latest: dict[str, tuple[str, str]] = {}
    for change, found in changes.items():
        subject, status = found.get(NRC + "statusOf"), found.get(NRC + "status")
        if subject is None or status is None or subject not in g:
            continue
        when = (literals[change].get(NRC + "date") or literals[change].get(NRC + "attestedOn") or [""])[0]
        if subject not in latest or when > latest[subject][0]:
            latest[subject] = (when, labels.get(status, shorten(status)))
    for subject, (when, status) in latest.items():
        g.nodes[subject]["status"] = status
        if when:
            g.nodes[subject]["statusDate"] = when


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
