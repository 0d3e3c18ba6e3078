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
from pathlib import Path

from ..graph import Graph
from ..rdf.formats import graph_file
from ..rdf.namespaces import NRC, PROV, shorten
from ..rdf.terms import iri
from .findings import Finding

WORDS = (NRC + "passage", NRC + "text", NRC + "evidence")
DERIVED = PROV + "wasDerivedFrom"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_changed(doc: str, recorded: str | None, which: str) -> Finding:
    """A document's text is not the one its facts were drawn from: ``which`` says which
    text, and how it differs, before "the graph records"."""
    return Finding(
        "Violation",
        doc,
        NRC + "sha256",
        recorded,
        f"{which} the graph records: the text changed since its facts were drawn",
        "nrcgraph:SourceChanged",
        "SourceChanged",
    )


def check_sources(new: Graph, base: Graph, text_folder: Path | None = None) -> list[Finding]:
    """Findings about the source texts of the documents the new nodes cite or declare;
    evidence spans are checked against texts kept in the project and, for documents read
    at a public address, against the texts in ``text_folder`` where it is given."""
    graphs = (new, base)
    cited: dict[str, set[str]] = {}
    for quad in new.quads(None, iri(DERIVED), None):
        if quad.object.kind == "uri":  # a literal here is the shapes' finding, not a source
            cited.setdefault(quad.subject.value, set()).add(quad.object.value)
    docs = {d for ds in cited.values() for d in ds}
    docs |= {q.subject.value for q in new.quads(None, iri(NRC + "sourceFile"), None)}
    texts: dict[str, str] = {}
    raw: dict[str, str] = {}
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
                source_changed(
                    doc, recorded, f"{declared.object.value} has SHA-256 {digest[:12]}..., not the {recorded[:12]}..."
                )
            )
        raw[doc] = data.decode("utf-8", errors="replace")
        texts[doc] = normalise(raw[doc])
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
    return out + check_spans(new, graphs, raw, text_folder) + check_empty(new)


_FACTS = """ASK {
  ?doc nrc:sha256 ?digest .
  ?x prov:wasDerivedFrom ?doc .
  FILTER NOT EXISTS { ?x a nrc:Inference }
}"""


def check_empty(new: Graph) -> list[Finding]:
    """A file (a draft, say) that holds a source document and no fact drawn from it is
    empty: nothing to review or add, and not a success."""
    docs = [q.subject.value for q in new.quads(None, iri(NRC + "sha256"), None)]
    if not docs or new.query(_FACTS).boolean:
        return []
    return [
        Finding(
            "Violation",
            docs[0],
            None,
            None,
            "the file is empty: it holds the source document and no fact drawn from it (no meeting, "
            "statement, position or other node); draft found nothing to propose",
            "nrcgraph:EmptyDraft",
            "EmptyDraft",
        )
    ]


_SPANS = """SELECT ?node ?doc ?start ?end ?sha WHERE {
  ?node nrc:evidenceSpan ?e .
  ?e oa:hasSource ?doc ; oa:hasSelector ?s ; nrc:spanSha256 ?sha .
  ?s oa:start ?start ; oa:end ?end .
}"""


def check_spans(new: Graph, graphs: tuple[Graph, ...], kept: dict[str, str], folder: Path | None) -> list[Finding]:
    """Each evidence span of the new nodes against its document's text, where the text is
    at hand: the text must still be the one the document records, and the span's words
    must have the SHA-256 the span records."""
    rows = new.query(_SPANS).rows
    if not rows:
        return []
    by_digest: dict[str, Path] = {}
    by_name: dict[str, Path] = {}
    if folder is not None:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                by_digest[hashlib.sha256(path.read_bytes()).hexdigest()] = path
                by_name[path.stem] = path
    out: list[Finding] = []
    texts: dict[str, str | None] = dict(kept)
    for row in rows:
        node, doc, start, end, sha = (t.value if t else "" for t in row)
        if doc not in texts:
            texts[doc] = None
            recorded = next(
                (q.object.value for g in graphs for q in g.quads(iri(doc), iri(NRC + "sha256"), None)), None
            )
            found = by_digest.get(recorded or "")
            if found is not None:
                texts[doc] = found.read_text(encoding="utf-8")
            elif folder is not None:
                local = doc.rstrip("/").rsplit("/", 1)[-1]
                changed = by_name.get(local)
                if changed is not None:
                    out.append(source_changed(doc, recorded, f"{changed.name} has another SHA-256 than the one"))
                else:
                    out.append(
                        Finding(
                            "Info",
                            doc,
                            NRC + "sha256",
                            None,
                            f"no text in {folder.name}/ has this document's SHA-256: its spans are not checked",
                            "nrcgraph:SourceNotAtHand",
                            "SourceNotAtHand",
                        )
                    )
        text = texts[doc]
        if text is None:
            continue
        first, last = int(start), int(end)
        words = text[first:last] if 0 <= first < last <= len(text) else None
        if words is None or hashlib.sha256(words.encode("utf-8")).hexdigest() != sha:
            out.append(
                Finding(
                    "Violation",
                    node,
                    NRC + "evidenceSpan",
                    f"{start}-{end}",
                    f"the span {start}-{end} of {shorten(doc)} "
                    + ("lies outside the text" if words is None else f"reads {words[:50]!r}, not the words it records"),
                    "nrcgraph:SpanMismatch",
                    "SpanMismatch",
                )
            )
    return out
