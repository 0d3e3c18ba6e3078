"""Sending the graph to a SPARQL server through the SPARQL 1.1 Graph Store Protocol.

The triples are sorted and cut into batches of N-Triples; a blank node's triples (its
whole closure) always travel in one batch, with labels derived from their content, so
the same data gives the same batches on every run. The first batch is PUT (replacing
whatever the target graph held, so nothing stale stays), the rest are POSTed. Each
batch's SHA-256 is recorded, atomically, in a state file once the server has taken it:
running the same push again after an interruption skips the batches already sent, and a
push of changed data starts over.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from ..atomic import atomic_write
from ..engines.endpoint import check_url, opener, send
from ..errors import NrcgraphError
from ..rdf.terms import Term, Triple


def batches(triples: Iterable[Triple], size: int) -> list[bytes]:
    """N-Triples batches of about ``size`` triples, each blank-node closure whole."""
    ground: list[str] = []
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    with_blanks: list[Triple] = []
    for triple in triples:
        blanks = [t.value for t in triple if t.kind == "bnode"]
        if not blanks:
            ground.append(" ".join(t.n3() for t in triple) + " .\n")
            continue
        with_blanks.append(triple)
        for other in blanks[1:]:
            parent[find(other)] = find(blanks[0])
    closures: dict[str, list[Triple]] = defaultdict(list)
    for triple in with_blanks:
        closures[find(next(t.value for t in triple if t.kind == "bnode"))].append(triple)
    units = [[line] for line in sorted(ground)] + sorted((_canonical(c) for c in closures.values()), key=lambda u: u[0])
    out: list[bytes] = []
    current: list[str] = []
    for unit in units:
        if current and len(current) + len(unit) > size:
            out.append("".join(current).encode("utf-8"))
            current = []
        current.extend(unit)
    if current:
        out.append("".join(current).encode("utf-8"))
    return out


def _canonical(closure: list[Triple]) -> list[str]:
    """The closure's lines with blank nodes relabelled from the content, so they are stable."""

    def shape(t: Term) -> str:
        return "_:x" if t.kind == "bnode" else t.n3()

    ordered = sorted(closure, key=lambda tr: " ".join(shape(t) for t in tr))
    digest = hashlib.sha256("".join(" ".join(shape(t) for t in tr) for tr in ordered).encode()).hexdigest()[:12]
    labels: dict[str, str] = {}
    lines = []
    for triple in ordered:
        parts = []
        for t in triple:
            if t.kind == "bnode":
                parts.append("_:b" + digest + "x" + labels.setdefault(t.value, str(len(labels))))
            else:
                parts.append(t.n3())
        lines.append(" ".join(parts) + " .\n")
    return lines


def push(
    graph,
    store_url: str,
    target_graph: str | None = None,
    user: str | None = None,  # type: ignore[no-untyped-def]
    password: str | None = None,
    batch: int = 10_000,
    state_dir: str | Path = ".",
    resume: bool = True,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Send the graph's triples to a Graph Store Protocol endpoint; see the module docstring.
    ``progress(triples)`` is called after each batch."""
    check_url(store_url)
    http = opener(store_url, user, password)
    parts = batches(graph.triples(), batch)
    hashes = [hashlib.sha256(b).hexdigest() for b in parts]
    plan = hashlib.sha256("".join(hashes).encode()).hexdigest()
    key = hashlib.sha256(f"{store_url} {target_graph}".encode()).hexdigest()[:12]
    state_file = Path(state_dir) / f".nrcgraph-push-{key}.json"
    done: set[str] = set()
    if resume and state_file.exists():
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
            if isinstance(state, dict) and state.get("plan") == plan and isinstance(state.get("done"), list):
                done = {str(h) for h in state["done"]}
        except (OSError, ValueError, UnicodeDecodeError):
            done = set()  # a damaged record: start over, replacing the target graph
    sent = skipped = 0
    for i, (body, digest) in enumerate(zip(parts, hashes)):
        count = body.count(b"\n")
        if digest in done:
            skipped += 1
        else:
            try:
                send(store_url, target_graph, body, "PUT" if i == 0 else "POST", http)
            except NrcgraphError as exc:
                raise NrcgraphError(
                    f"batch {i + 1} of {len(parts)}: {exc}; run the same push again to resume"
                ) from None
            done.add(digest)
            atomic_write(state_file, json.dumps({"plan": plan, "done": sorted(done)}).encode("utf-8"))
        sent += count
        if progress:
            progress(count)
    state_file.unlink(missing_ok=True)
    return {"batches": len(parts), "triples": sent, "skipped": skipped}
