"""Migrate Turtle files written for an older ontology to the current one, by the SPARQL
Update files in ontology/migrations/ (0.2.0.ru: ontology 0.1.0 to 0.2.0).

The files are migrated together, in memory, beside the ontology and vocabularies (the
update reads class hierarchies and schemes), and each is written back only when the
update changed it; the original is kept as FILE.bak. The rewritten file is Oxigraph's Turtle:
comments and the hand-made layout are not kept, which is why the original stays.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import bundle
from ..atomic import atomic_write
from ..engines.oxigraph import OxigraphEngine
from ..errors import UsageError
from ..graph import rdf_files
from ..rdf import formats
from ..rdf.namespaces import PROV, RDF_TYPE
from ..rdf.terms import Term, Triple

DERIVED = PROV + "wasDerivedFrom"


class Migrated:
    """What migrating one file did."""

    def __init__(self, path: Path, removed: int, added: int, written: bool):
        self.path, self.removed, self.added, self.written = path, removed, added, written

    def __str__(self) -> str:
        if not self.removed and not self.added:
            return f"{self.path}: already current"
        done = "migrated" if self.written else "would migrate (dry run)"
        return f"{self.path}: {done}: {self.removed} triples removed, {self.added} added"


def migrations_dir() -> Path:
    return bundle.ontology_dir() / "migrations"


def latest_migration() -> Path:
    found = sorted(migrations_dir().glob("*.ru"), key=lambda p: tuple(int(n) for n in p.stem.split(".")))
    if not found:
        raise UsageError(f"no migrations in {migrations_dir()}")
    return found[-1]


def _read(path: Path) -> list[Triple]:
    fmt = formats.format_of(path)
    return formats.parse_triples(path.read_bytes(), fmt, path.resolve().as_uri(), str(path))


def migrate_files(
    paths: list[str | Path], migration: str | Path | None = None, dry_run: bool = False
) -> list[Migrated]:
    """Apply ``migration`` (default: the latest) to the Turtle files at ``paths``, together,
    so that a link across files (a post holding here, its post there) is migrated too.

    A triple the update keeps stays in its file; a new one goes to the file that
    describes its subject, or, for a new node (a status change, a territory), the file
    describing the node it is about."""
    files = [Path(p) for p in paths]
    for path in files:
        if formats.format_of(path) != "turtle":
            raise UsageError(f"{path}: only Turtle files are migrated in place; convert it first")
    update = Path(migration or latest_migration()).read_text(encoding="utf-8")
    context = {t for f in rdf_files([bundle.ontology_dir()]) for t in _read(f)}
    before = {path: _read(path) for path in files}
    engine = OxigraphEngine()
    engine.add(context, None)
    for triples in before.values():
        engine.add(triples, None)
    engine.update(update)
    after = [t for t in engine.triples() if t not in context]
    placed = _place(after, before)
    out = []
    for path in files:
        old, new = set(before[path]), set(placed[path])
        removed, added = len(old - new), len(new - old)
        written = False
        if (removed or added) and not dry_run:
            shutil.copy2(path, path.with_name(path.name + ".bak"))
            ordered = sorted(new, key=lambda t: (t[0].kind, t[0].value, t[1].value != RDF_TYPE, t[1].value, t[2].value))
            atomic_write(path, formats.to_turtle(ordered))
            written = True
        out.append(Migrated(path, removed, added, written))
    return out


def _place(after: list[Triple], before: dict[Path, list[Triple]]) -> dict[Path, list[Triple]]:
    """Which file each triple of the migrated graph belongs in."""
    home: dict[Triple, Path] = {}
    described: dict[Term, Path] = {}
    for path, triples in before.items():
        for triple in triples:
            home.setdefault(triple, path)
            if triple[1].value == RDF_TYPE or triple[0] not in described:
                described[triple[0]] = described.get(triple[0], path) if triple[1].value != RDF_TYPE else path
    # Links between nodes, leaving out rdf:type and prov:wasDerivedFrom: a class, or the
    # source document every node cites, is not what a node is about.
    neighbours: dict[Term, list[Term]] = {}
    for s, p, o in after:
        if p.value not in (RDF_TYPE, DERIVED) and o.kind != "literal":
            neighbours.setdefault(s, []).append(o)
            neighbours.setdefault(o, []).append(s)

    def owner(node: Term) -> Path | None:
        """The file describing the node, else the nearest described node's, breadth first."""
        queue, seen = [node], {node}
        while queue:
            current = queue.pop(0)
            if current in described:
                return described[current]
            for n in neighbours.get(current, []):
                if n not in seen:
                    seen.add(n)
                    queue.append(n)
        return None

    first = next(iter(before))
    placed: dict[Path, list[Triple]] = {path: [] for path in before}
    for triple in after:
        placed[home.get(triple) or owner(triple[0]) or first].append(triple)
    return placed
