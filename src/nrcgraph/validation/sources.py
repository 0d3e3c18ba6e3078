"""Checks against the source texts themselves, where they are at hand: that a source
file still has the SHA-256 the graph records, and that every passage, quotation and
piece of evidence a new node gives occurs word for word in a source it cites.

A source document's ``nrc:sourceFile`` is relative to the folder of the file that
declares it (data/ for the bundle and a workspace). Whitespace differences (line
breaks, double spaces) do not count; every other character does.
"""

from __future__ import annotations

import hashlib
import re

from ..graph import Graph
from ..rdf.formats import graph_file
from ..rdf.namespaces import NRC, PROV, shorten
from ..rdf.terms import iri
from .findings import Finding

WORDS = (NRC + "passage", NRC + "text", NRC + "evidence")
DERIVED = PROV + "wasDerivedFrom"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_sources(new: Graph, base: Graph) -> list[Finding]:
    """Findings about the source texts of the documents the new nodes cite or declare."""
    graphs = (new, base)
    cited: dict[str, set[str]] = {}
    for quad in new.quads(None, iri(DERIVED), None):
        if quad.object.kind == "uri":  # a literal here is the shapes' finding, not a source
            cited.setdefault(quad.subject.value, set()).add(quad.object.value)
    docs = {d for ds in cited.values() for d in ds}
    docs |= {q.subject.value for q in new.quads(None, iri(NRC + "sourceFile"), None)}
    texts: dict[str, str] = {}
    out: list[Finding] = []
    for doc in sorted(docs):
        declared = next((q for g in graphs for q in g.quads(iri(doc), iri(NRC + "sourceFile"), None)), None)
        if declared is None:
            continue
        folder = graph_file(declared.graph)
        path = folder.parent / declared.object.value if folder else None
        if path is None or not path.is_file():
            out.append(
                Finding(
                    "Info",
                    doc,
                    NRC + "sourceFile",
                    declared.object.value,
                    f"the source text {declared.object.value} is not at hand: passages not checked against it",
                    "nrcgraph:SourceNotAtHand",
                    "SourceNotAtHand",
                )
            )
            continue
        data = path.read_bytes()
        recorded = next((q.object.value for g in graphs for q in g.quads(iri(doc), iri(NRC + "sha256"), None)), None)
        digest = hashlib.sha256(data).hexdigest()
        if recorded is not None and recorded != digest:
            out.append(
                Finding(
                    "Violation",
                    doc,
                    NRC + "sha256",
                    recorded,
                    f"{declared.object.value} has SHA-256 {digest[:12]}..., not the {recorded[:12]}... the graph "
                    "records: the text changed since its facts were drawn",
                    "nrcgraph:SourceChanged",
                    "SourceChanged",
                )
            )
        texts[doc] = normalise(data.decode("utf-8", errors="replace"))
    for node, sources in cited.items():
        known = [texts[d] for d in sources if d in texts]
        if not known:
            continue
        for prop in WORDS:
            for quad in new.quads(iri(node), iri(prop), None):
                words = quad.object.value
                if not any(normalise(words) in text for text in known):
                    names = ", ".join(shorten(d) for d in sorted(sources) if d in texts)
                    out.append(
                        Finding(
                            "Violation",
                            node,
                            prop,
                            words,
                            f"{shorten(prop)} does not occur word for word in the text of {names}",
                            "nrcgraph:PassageNotInSource",
                            "PassageNotInSource",
                        )
                    )
    return out
