"""SHACL validation of data against the shapes, with findings people can read.

pyshacl validates rdflib graphs, so this module pays for rdflib and pyshacl;
querying does not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import bundle

SH = "http://www.w3.org/ns/shacl#"
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation, Warning or Info
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str  # the source shape: an IRI, or a blank node's Turtle
    component: str  # the SHACL constraint component, e.g. MinCountConstraintComponent

    def __str__(self) -> str:
        where = bundle.shorten(self.focus)
        if self.path:
            where += f" {bundle.shorten(self.path)}"
        value = f" (value: {bundle.shorten(self.value)})" if self.value else ""
        return f"{self.severity}: {where}{value}: {self.message} [{self.component}]"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation (warnings and infos are advice)."""
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


def load_rdflib(paths: Iterable[str | Path]):
    """One rdflib graph of the RDF files and folders in ``paths``."""
    from rdflib import Graph
    from .engine import parse_rdflib
    from .store import rdf_files

    graph = Graph()
    for path in rdf_files(paths):
        parse_rdflib(graph, path)
    return graph


def validate_graph(data, shapes=None, focus_nodes: list[str] | None = None) -> Report:
    """Validate an rdflib graph (ontology and vocabularies included) against shapes.

    With ``focus_nodes``, only those nodes are checked (against every shape that targets them).
    """
    import pyshacl
    from rdflib import Graph

    if shapes is None:
        shapes = Graph().parse(str(bundle.shapes_file()))
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                    focus_nodes=list(focus_nodes) if focus_nodes else None)
    return Report(sorted(_findings(results, shapes), key=lambda f: (SEVERITIES.index(f.severity), f.focus, f.path or "", f.message)))


def validate(*paths: str | Path, with_bundle: bool = True, shapes: str | Path | None = None) -> Report:
    """Validate RDF files (with the bundled ontology, vocabularies and data by default)."""
    from rdflib import Graph

    sources = (bundle.default_sources() if with_bundle else []) + list(paths)
    shapes_graph = Graph().parse(str(shapes or bundle.shapes_file()))
    return validate_graph(load_rdflib(sources), shapes_graph)


def _findings(results, shapes_graph):
    from rdflib import BNode, Namespace

    sh = Namespace(SH)
    for result in results.subjects(sh.resultSeverity, None):
        def one(prop, r=result):
            return results.value(r, prop)
        shape = one(sh.sourceShape)
        message = one(sh.resultMessage) or shapes_graph.value(shape, sh.message) or ""
        path = one(sh.resultPath)
        value = one(sh.value)
        yield Finding(
            severity=str(one(sh.resultSeverity)).rsplit("#", 1)[-1],
            focus=str(one(sh.focusNode)),
            path=None if path is None or isinstance(path, BNode) else str(path),
            value=None if value is None else str(value),
            message=str(message),
            shape=shape.n3() if isinstance(shape, BNode) else str(shape),
            component=str(one(sh.sourceConstraintComponent)).rsplit("#", 1)[-1],
        )
