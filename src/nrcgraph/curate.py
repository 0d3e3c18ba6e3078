"""Adding a new file to the graph: validate first, then merge; a rejected file changes nothing.

A data file is extended by appending the new triples as a Turtle block, written to a
temporary file beside it, checked to parse and to hold every old and new triple, then
renamed over the original in one step. A store is loaded in one transaction.
"""
from __future__ import annotations

import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import bundle
from .errors import DataError, UsageError
from .validate import Report, check

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class AddResult:
    report: Report
    new_triples: int = 0
    new_nodes: dict[str, int] = field(default_factory=dict)
    target: str | None = None
    written: bool = False


def add(file: str | Path, base, to: str | Path | None = None, store: str | Path | None = None,
        dry_run: bool = False, shapes: str | Path | None = None) -> AddResult:
    """Validate ``file`` against ``base`` (a loaded Graph) and, if it conforms, merge it
    into the data file ``to`` or the Oxigraph store ``store``."""
    if not dry_run and bool(to) == bool(store):
        raise UsageError("say where to add the data: --to DATAFILE or --store PATH (or --dry-run)")
    file = Path(file)
    report = check([file], base, shapes)
    from .store import load
    new = load(file)
    new_triples = [q.triple for q in new.engine.store.quads_for_pattern(None, None, None, None)
                   if not _in(base, q.triple)]
    subjects = {t.subject for t in new_triples}
    fresh = [s for s in subjects if next(base.engine.store.quads_for_pattern(s, None, None, None), None) is None]
    classes = Counter(bundle.shorten(q.object.value) for s in fresh
                      for q in new.engine.store.quads_for_pattern(s, _iri(RDF_TYPE), None, None))
    result = AddResult(report, len(new_triples), dict(sorted(classes.items())), str(to or store))
    if not report.conforms or dry_run or not new_triples:
        return result
    if to:
        append_turtle(Path(to), new_triples, file)
    else:
        import pyoxigraph as ox
        ox.Store(str(store)).load(path=str(file), format=ox.RdfFormat.TURTLE, base_iri=file.resolve().as_uri(),
                                  to_graph=ox.NamedNode(file.resolve().as_uri()))
    result.written = True
    return result


def _iri(value):
    import pyoxigraph as ox
    return ox.NamedNode(value)


def _in(graph, triple) -> bool:
    return next(graph.engine.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None), None) is not None


def append_turtle(target: Path, triples, source: Path) -> None:
    """Append ``triples`` to the Turtle file ``target`` atomically (create it if missing)."""
    import pyoxigraph as ox

    old = target.read_bytes() if target.exists() else b""
    before = ox.Store()
    try:
        if old:
            before.load(old, format=ox.RdfFormat.TURTLE, base_iri=target.resolve().as_uri())
    except SyntaxError as exc:
        raise DataError(f"the target file does not parse, so nothing was added: {exc}", str(target)) from None
    # Blank node labels are scoped to the whole file: give the new ones labels no one has used.
    tag = uuid.uuid4().hex[:8]

    def fresh(term):
        return ox.BlankNode(f"n{tag}{term.value}") if isinstance(term, ox.BlankNode) else term

    renamed = [ox.Triple(fresh(t.subject), t.predicate, fresh(t.object)) for t in triples]
    used = {t.value for tr in renamed for t in (tr.subject, tr.predicate, tr.object) if isinstance(t, ox.NamedNode)}
    prefixes = {k: ns for k, ns in bundle.PREFIXES.items() if any(i.startswith(ns) for i in used)}
    block = ox.serialize(renamed, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    header = f"\n# Added by nrcgraph add from {source.name} on {stamp}\n".encode("utf-8")
    text = old + (b"" if not old or old.endswith(b"\n") else b"\n") + header + block
    tmp = target.with_name(f".{target.name}.{tag}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        after = ox.Store()
        after.load(path=str(tmp), format=ox.RdfFormat.TURTLE, base_iri=target.resolve().as_uri())
        added = sum(ox.Quad(t.subject, t.predicate, t.object) not in before for t in renamed)
        lost = any(q not in after for q in before.quads_for_pattern(None, None, None, None)
                   if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode))
        if lost or len(after) != len(before) + added:
            raise DataError("the merged file would not hold exactly the old and the new triples; "
                            "nothing was changed", str(target))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
