"""SHACL validation of data against the shapes, full or incremental, with findings
people can act on (the file and line of each node).

Incremental validation checks only the nodes a new file describes, against a small
graph cut from the merged data: those nodes' triples, the triples of every node they
point to (their types, schemes and the triples an inference names), and the class
hierarchy. For the shapes this project writes (simple paths, one hop), that gives
exactly the findings a full validation of the merged graph gives about those nodes;
tests/test_validate.py proves it on every bad input of the corpus.

pyshacl validates rdflib graphs, so this module pays for rdflib and pyshacl;
querying does not.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from . import bundle

SH = "http://www.w3.org/ns/shacl#"
RDFS_SUBCLASSOF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SEVERITIES = ("Violation", "Warning", "Info")

# rdflib logs a traceback for every ill-formed literal it meets (a date "2008-13-01");
# the findings report those better, and a user should never see a traceback.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
# A new file that changes these changes which nodes the shapes target: validate everything.
_SCHEMA_PREDICATES = (RDFS_SUBCLASSOF, "http://www.w3.org/2000/01/rdf-schema#subPropertyOf")


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation, Warning or Info
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str  # the source shape (an IRI, or a blank node's Turtle), or the check's name
    component: str  # e.g. MinCountConstraintComponent, or DanglingLink for the extra checks
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = bundle.shorten(self.focus)
        if self.path:
            where += f" {bundle.shorten(self.path)}"
        value = f" (value: {bundle.shorten(self.value)})" if self.value else ""
        return f"{self.severity}: {where}{value}: {self.message} [{self.component}]"

    def key(self):
        return (self.severity, self.focus, self.path, self.value, self.component, self.shape)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    checked_nodes: int = 0
    mode: str = "full"  # "full" or "incremental"

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation (warnings and infos are advice)."""
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def at_least(self, severity: str) -> list[Finding]:
        """The findings of ``severity`` or worse."""
        limit = SEVERITIES.index(severity)
        return [f for f in self.findings if SEVERITIES.index(f.severity) <= limit]


def shapes_graph(shapes: str | Path | None = None):
    from rdflib import Graph
    from .engine import parse_rdflib
    graph = Graph()
    parse_rdflib(graph, Path(shapes or bundle.shapes_file()))
    return graph


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

    With ``focus_nodes``, only those nodes are checked, by pyshacl's focus mode; note
    that this mode leaves out the results of nested ``sh:node`` shapes.
    """
    import pyshacl

    if shapes is None:
        shapes = shapes_graph()
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                    focus_nodes=list(focus_nodes) if focus_nodes else None)
    return Report(sort(_findings(results, shapes)))


def validate(*paths: str | Path, with_bundle: bool = True, shapes: str | Path | None = None) -> Report:
    """Validate RDF files (with the bundled ontology, vocabularies and data by default)."""
    sources = (bundle.default_sources() if with_bundle else []) + list(paths)
    return validate_graph(load_rdflib(sources), shapes_graph(shapes))


def check(files: Iterable[str | Path], base=None, shapes: str | Path | None = None,
          full: bool = False, extra_checks: bool = True) -> Report:
    """Validate new files together with the graph they point into.

    ``base`` is a loaded nrcgraph Graph (default: the bundle). Findings are about the
    nodes the new files describe; each carries the file and line defining its node.
    """
    from .store import load
    from .lint import lint

    files = [Path(f) for f in files]
    new = load(*files)
    if base is None:
        base = load()
    shapes_g = shapes if hasattr(shapes, "triples") else shapes_graph(shapes)  # a path or an rdflib graph
    stores = [base.engine.store, new.engine.store]
    focus = {q.subject for q in new.engine.store.quads_for_pattern(None, None, None, None)}
    schema_change = any(True for p in _SCHEMA_PREDICATES
                        for _ in new.engine.store.quads_for_pattern(None, _ox_iri(p), None, None))
    if full or schema_change:
        data, mode = _to_rdflib(q.triple for st in stores for q in st.quads_for_pattern(None, None, None, None)), "full"
    else:
        data, mode = _to_rdflib(_neighbourhood(stores, focus)), "incremental"
    names = {_term_id(n) for n in focus}
    findings = [f for f in validate_graph(data, shapes_g).findings if f.focus in names]
    if extra_checks:
        # The shapes already check datatypes where they constrain a property: say it once.
        typed = {(f.focus, f.path) for f in findings}
        findings += [f for f in lint(new, base, shapes_g)
                     if f.component != "UnexpectedDatatype" or (f.focus, f.path) not in typed]
    findings = _locate(sort(findings), files)
    return Report(findings, [str(f) for f in files], len(focus), mode)


def sort(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=lambda f: (SEVERITIES.index(f.severity), f.focus, f.path or "",
                                                f.component, f.value or "", f.message))


def _ox_iri(iri: str):
    import pyoxigraph as ox
    return ox.NamedNode(iri)


def _term_id(term) -> str:
    """The identity a Finding uses for a node: the IRI, or the blank node's label."""
    return term.value


def _neighbourhood(stores, focus):
    """The triples of the focus nodes, of every node they point to, and the class hierarchy."""
    import pyoxigraph as ox
    seen = set()
    hop = set()
    for node in focus:
        for st in stores:
            for quad in st.quads_for_pattern(node, None, None, None):
                triple = quad.triple
                if triple not in seen:
                    seen.add(triple)
                    yield triple
                if isinstance(quad.object, (ox.NamedNode, ox.BlankNode)):
                    hop.add(quad.object)
    for node in hop - set(focus):
        for st in stores:
            for quad in st.quads_for_pattern(node, None, None, None):
                if quad.triple not in seen:
                    seen.add(quad.triple)
                    yield quad.triple
    for st in stores:
        for quad in st.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASSOF), None, None):
            if quad.triple not in seen:
                seen.add(quad.triple)
                yield quad.triple


def _to_rdflib(triples):
    """An rdflib graph of pyoxigraph triples, with literals as rdflib's parser makes them."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    def conv(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == XSD_STRING else Literal(t.value, datatype=URIRef(dt))

    graph = Graph()
    for t in triples:
        graph.add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return graph


def _locate(findings: list[Finding], files: list[Path]) -> list[Finding]:
    from .locate import subject_lines
    lines = {str(f): subject_lines(f) for f in files}
    out = []
    for finding in findings:
        for file, where in lines.items():
            if finding.focus in where:
                finding = replace(finding, file=file, line=where[finding.focus])
                break
        else:
            if finding.file is None and len(files) == 1:
                finding = replace(finding, file=str(files[0]))
        out.append(finding)
    return out


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
