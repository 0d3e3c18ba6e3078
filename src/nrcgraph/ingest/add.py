"""Adding a new file to the graph: validate it against exactly the graph it goes into,
then merge it; a rejected file changes nothing.

A data file is extended by appending the new triples as a Turtle block: the merged text
is checked to parse and to hold every old and new triple, then written atomically
(``atomic.atomic_write``). Into a store, the file is loaded in one step as a named graph.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..errors import DataError, UsageError
from ..graph import Graph, graph_name, load
from ..rdf import formats
from ..rdf.namespaces import NRC, RDF_TYPE, shorten
from ..rdf.terms import Term, Triple, iri
from ..validation.findings import Report
from ..validation.shacl import check


@dataclass
class AddResult:
    report: Report
    new_triples: int = 0
    new_nodes: dict[str, int] = field(default_factory=dict)
    target: str | None = None
    written: bool = False
    refused: str | None = None  # why a conforming file was not added (drafts not reviewed)
    sources_copied: list[str] = field(default_factory=list)


def add(
    file: str | Path,
    base: Graph,
    to: str | Path | None = None,
    dry_run: bool = False,
    shapes: Any = None,
    fmt: str | None = None,
    accept_drafts: bool = False,
) -> AddResult:
    """Validate ``file`` against ``base`` and, if it conforms, merge what is new into the
    Turtle file ``to``, or (without ``to``) into ``base``'s own store. A file with drafted
    nodes not yet reviewed (``nrcgraph draft``) is refused unless ``accept_drafts``. The
    source texts the file's documents name (nrc:sourceFile) are copied beside ``to``."""
    file = Path(file)
    if to is None and not dry_run and not base.engine.writable:
        raise UsageError(f"the {base.engine.name} engine cannot take new data; name a data file with --to")
    new = load(file, fmt=fmt)
    report = check([file], base, shapes, fmt=fmt, new=new)  # the file parsed once, for both
    fresh_triples = [t for t in new.triples() if not base.contains(*t)]
    subjects = {t[0] for t in fresh_triples}
    unseen = [s for s in subjects if not base.contains(s)]
    classes = Counter(shorten(q.object.value) for s in unseen for q in new.quads(s, iri(RDF_TYPE), None))
    target = str(to) if to else (str(getattr(base.engine, "path", None) or "the graph"))
    result = AddResult(report, len(fresh_triples), dict(sorted(classes.items())), target)
    pending = [f for f in report.findings if f.component == "ReviewPending"]
    if pending and not accept_drafts:
        first = pending[0]
        result.refused = (
            f"{len(pending)} drafted node{'s are' if len(pending) != 1 else ' is'} not reviewed yet "
            f"(first: {first.file}:{first.line} {shorten(first.focus)}): review them and set "
            "nrc:reviewStatus review:reviewed, or add with --accept-drafts"
        )
    if not report.conforms or dry_run or not fresh_triples or result.refused:
        return result
    if to:
        append_turtle(Path(to), fresh_triples, file)
        result.sources_copied = copy_sources(new, file, Path(to).parent)
    else:
        base.engine.load_file(file, graph_name(file), formats.format_of(file, fmt))
        flush = getattr(base.engine, "flush", None)
        if flush:
            flush()
    result.written = True
    return result


def copy_sources(new: Graph, file: Path, folder: Path) -> list[str]:
    """Copy the source texts the new documents name (relative to ``file``) into ``folder``,
    where the data file will name them; a text already there is kept."""
    copied = []
    for quad in new.quads(None, iri(NRC + "sourceFile"), None):
        relative = Path(quad.object.value)
        if relative.is_absolute() or ".." in relative.parts:
            continue
        source, target = file.parent / relative, folder / relative
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, source.read_bytes())
            copied.append(str(target))
    return copied


def add_to_store(
    file: str | Path,
    store: str | Path,
    dry_run: bool = False,
    shapes: Any = None,
    fmt: str | None = None,
    accept_drafts: bool = False,
) -> AddResult:
    """``add`` into the Oxigraph store at ``store``, validated against that store."""
    from ..graph import open_store

    base = open_store(store, read_only=dry_run)
    try:
        return add(file, base, dry_run=dry_run, shapes=shapes, fmt=fmt, accept_drafts=accept_drafts)
    finally:
        base.close()


def append_turtle(target: Path, triples: list[Triple], source: Path) -> None:
    """Append ``triples`` to the Turtle file ``target`` atomically (create it if missing)."""
    if target.is_dir():
        raise UsageError(f"--to {target} is a folder: name a Turtle file")
    if not target.parent.is_dir():
        raise UsageError(f"--to {target}: the folder {target.parent} does not exist")
    if target.exists() and formats.format_of(target) != "turtle":
        raise UsageError(f"--to {target}: new triples are appended as Turtle; name a .ttl file")
    old = target.read_bytes() if target.exists() else b""
    base_iri = target.resolve().as_uri()
    before = set(formats.parse_triples(old, "turtle", base_iri, str(target))) if old else set()
    # Blank node labels are scoped to the whole file: give the new ones labels no one has used.
    tag = uuid.uuid4().hex[:8]

    def fresh(term: Term) -> Term:
        return Term("bnode", f"n{tag}{term.value}") if term.kind == "bnode" else term

    renamed = [(fresh(s), p, fresh(o)) for s, p, o in triples]
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    header = f"\n# Added by nrcgraph add from {source.name} on {stamp}\n".encode()
    text = old + (b"" if not old or old.endswith(b"\n") else b"\n") + header + formats.to_turtle(renamed)
    after = set(formats.parse_triples(text, "turtle", base_iri, str(target)))
    ground_before = {t for t in before if not any(x.kind == "bnode" for x in t)}
    if not ground_before <= after or len(after) != len(before) + len(set(renamed) - before):
        raise DataError(
            "the merged file would not hold exactly the old and the new triples; nothing was changed", str(target)
        )
    atomic_write(target, text)
