"""The graph viewer for a CONSTRUCT result: the export's self-contained HTML viewer, drawn
from the result's triples and the served graph's class hierarchy."""

from __future__ import annotations

from typing import Any

from ..graph import Graph, new_engine
from ..rdf import formats
from ..rdf.namespaces import RDFS_LABEL


def graph_page(ntriples: bytes, served: Any, title: str = "nrcgraph") -> str:
    from ..network.files import colours
    from ..network.project import SUBCLASS, to_networkx
    from ..network.viewer import html

    triples = formats.parse_triples(ntriples, "ntriples", "urn:nrcgraph:result", "the result")
    graph = Graph(new_engine())
    graph.engine.add(triples, "urn:nrcgraph:result")
    graph.engine.add(served.query(f"CONSTRUCT WHERE {{ ?a <{SUBCLASS}> ?b }}").triples, "urn:nrcgraph:result")
    # The result's entities keep their classes (a CONSTRUCT need not state them) and labels.
    iris = sorted(
        {t.value for triple in triples for t in (triple[0], triple[2]) if t.kind == "uri" and ">" not in t.value}
    )
    for start in range(0, len(iris), 500):
        values = " ".join(f"<{i}>" for i in iris[start : start + 500])
        described = served.query(
            f"CONSTRUCT {{ ?s a ?c ; <{RDFS_LABEL}> ?l }} WHERE {{ VALUES ?s {{ {values} }} "
            f"?s a ?c OPTIONAL {{ ?s <{RDFS_LABEL}> ?l }} }}"
        )
        graph.engine.add(described.triples, "urn:nrcgraph:result")
    network = to_networkx(graph)
    return html(network, colours(network), title)
