"""SHACL validation of data against the shapes, full or incremental, with findings
people can act on (the file and line of each node).

Incremental validation checks only the nodes a new file describes, against a small
graph cut from the merged data: those nodes' triples, the triples of every node they
point to (their types, schemes and the triples an inference names), and the class
hierarchy. For the shapes this project writes (simple paths, one hop), that gives
exactly the findings a full validation of the merged graph gives about those nodes;
tests/test_validate.py proves it on every bad input of the corpus.

It reads the graph only through the engine interface, so it works on every engine.
pyshacl validates rdflib graphs, so this module pays for rdflib and pyshacl; querying
does not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import bundle
from ..graph import Graph, load, rdf_files
from ..rdf.namespaces import NRC, RDFS_SUBCLASSOF, RDFS_SUBPROPERTYOF, SH
from ..rdf.terms import Term, Triple, iri, to_rdflib
from .findings import SEVERITIES, Finding, Report, once, sort

__all__ = ["SEVERITIES", "Finding", "Report", "check", "load_rdflib", "shapes_graph", "validate", "validate_graph"]

# rdflib logs a traceback for every ill-formed literal it meets (a date "2008-13-01");
# the findings report those better, and a user should never see a traceback.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
# A new file that changes these changes which nodes the shapes target: validate everything.
_SCHEMA_PREDICATES = (RDFS_SUBCLASSOF, RDFS_SUBPROPERTYOF)
# Links the shapes follow backwards, from the node they check to the node that points at
# it: a participation's meeting (sh:inversePath nrc:participation), a person's post
# holdings (the org:holds check). The nodes at their other end are cut in with the rest.
_INCOMING = (NRC + "participation", NRC + "holder")


def shapes_graph(shapes: str | Path | Iterable[str | Path] | None = None) -> Any:
    """The shapes as an rdflib graph: one file, several, or the bundled shapes."""
    from rdflib import Graph as RdflibGraph

    from ..engines.rdflib_engine import parse_rdflib

    if shapes is None:
        paths = [bundle.shapes_file()]
    elif isinstance(shapes, (str, Path)):
        paths = [Path(shapes)]
    else:
        paths = [Path(p) for p in shapes]
    graph = RdflibGraph()
    for path in rdf_files(paths):
        parse_rdflib(graph, path)
    return graph


def load_rdflib(paths: Iterable[str | Path]) -> Any:
    """One rdflib graph of the RDF files and folders in ``paths``."""
    from rdflib import Graph as RdflibGraph

    from ..engines.rdflib_engine import parse_rdflib

    graph = RdflibGraph()
    for path in rdf_files(paths):
        parse_rdflib(graph, path)
    return graph


def validate_graph(data: Any, shapes: Any = None, focus_nodes: list[str] | None = None) -> Report:
    """Validate an rdflib graph (ontology and vocabularies included) against shapes.

    With ``focus_nodes``, only those nodes are checked, by pyshacl's focus mode; note
    that this mode leaves out the results of nested ``sh:node`` shapes.
    """
    import pyshacl

    if shapes is None:
        shapes = shapes_graph()
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        advanced=True,
        allow_warnings=True,
        focus_nodes=list(focus_nodes) if focus_nodes else None,
    )
    return Report(sort(_findings(results, shapes)))


def validate(*paths: str | Path, with_bundle: bool = True, shapes: str | Path | None = None) -> Report:
    """Validate RDF files (with the bundled ontology, vocabularies and data by default)."""
    sources = [*(bundle.default_sources() if with_bundle else []), *paths]
    return validate_graph(load_rdflib(sources), shapes_graph(shapes))


def check(
    files: Iterable[str | Path],
    base: Graph | None = None,
    shapes: Any = None,
    full: bool = False,
    extra_checks: bool = True,
    fmt: str | None = None,
    new: Graph | None = None,
    texts: Path | None = None,
) -> Report:
    """Validate new files together with the graph they point into.

    ``base`` is a loaded Graph on any engine (default: the bundle); ``new``, the files
    already loaded, if the caller has them. Findings are about the nodes the new files
    describe; each carries the file and line defining its node.
    """
    from .lint import LITERAL_CHECKS, lint
    from .sources import check_sources

    paths = [Path(f) for f in files]
    new = load(*paths, fmt=fmt) if new is None else new
    if base is None:
        base = load()
    shapes_g = shapes if hasattr(shapes, "triples") else shapes_graph(shapes)  # a path, paths or an rdflib graph
    focus = {q.subject for q in new.quads()}
    schema_change = any(new.contains(None, iri(p), None) for p in _SCHEMA_PREDICATES)
    if full or schema_change:
        data, mode = _to_rdflib([*base.triples(), *new.triples()]), "full"
    else:
        data, mode = _to_rdflib(_neighbourhood([base, new], focus)), "incremental"
    names = {n.value for n in focus}
    findings = [f for f in validate_graph(data, shapes_g).findings if f.focus in names]
    if extra_checks:
        # A literal's problem is said once, in the lint's precise words ("'04.12.2013' is
        # not an xsd:date (YYYY-MM-DD)") rather than the shape's general message.
        extra = lint(new, base, shapes_g) + check_sources(new, base, texts)
        literal = {(f.focus, f.path, f.value) for f in extra if f.component in LITERAL_CHECKS}
        # An undeclared property on a closed shape is one mistake: the lint names it, with
        # the declared property it resembles.
        unknown = {(f.focus, f.path) for f in extra if f.component == "UnknownTerm" and f.value is None}
        findings = [
            f
            for f in findings
            if (f.focus, f.path, f.value) not in literal
            and not (f.component == "ClosedConstraintComponent" and (f.focus, f.path) in unknown)
        ] + extra
    located = _locate(once(findings), paths)
    return Report(located, [str(f) for f in paths], len(focus), mode)


def _neighbourhood(graphs: list[Graph], focus: set[Term]) -> Iterator[Triple]:
    """The triples of the focus nodes, of every node they point to (and of the blank nodes
    under those, to any depth), of the nodes pointing at them by the links the shapes
    follow backwards, and the class hierarchy."""
    seen: set[Triple] = set()
    hop: set[Term] = set()

    def once(quads: Iterable[Any]) -> Iterator[Triple]:
        for quad in quads:
            triple = quad.triple
            if triple not in seen:
                seen.add(triple)
                yield triple

    incoming = [iri(predicate) for predicate in _INCOMING]
    for node in focus:
        for g in graphs:
            quads = list(g.quads(node))
            hop.update(quad.object for quad in quads if quad.object.kind != "literal")
            for predicate in incoming:
                hop.update(q.subject for q in g.quads(None, predicate, node))
            yield from once(quads)
    done = set(focus)
    todo = hop - done
    while todo:
        node = todo.pop()
        done.add(node)
        for g in graphs:
            quads = list(g.quads(node))
            todo.update(q.object for q in quads if q.object.kind == "bnode" and q.object not in done)
            yield from once(quads)
    for g in graphs:
        yield from once(g.quads(None, iri(RDFS_SUBCLASSOF), None))


def _to_rdflib(triples: Iterable[Triple]) -> Any:
    """An rdflib graph of Term triples, with literals as rdflib's parser makes them."""
    from rdflib import Graph as RdflibGraph

    graph = RdflibGraph()
    made: dict[Term, Any] = {}  # predicates, classes and linked nodes recur: each made once

    def term(t: Term) -> Any:
        found = made.get(t)
        if found is None:
            found = made[t] = to_rdflib(t)
        return found

    graph.addN((term(s), term(p), term(o), graph) for s, p, o in triples)
    return graph


def _locate(findings: list[Finding], files: list[Path]) -> list[Finding]:
    """Give each finding the file and line of the offending triple where it is written,
    else of its node."""
    from .locate import statement_lines

    lines = {str(f): statement_lines(f) for f in files}
    out = []
    for finding in findings:
        for file, where in lines.items():
            line = where.of(finding.focus, finding.path, finding.value)
            if line is not None:
                finding = replace(finding, file=file, line=line)
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
        component = str(one(sh.sourceConstraintComponent)).rsplit("#", 1)[-1]
        if component == "ClosedConstraintComponent" and path is not None:
            message = _closed_message(shapes_graph, shape, str(path))
        yield Finding(
            severity=str(one(sh.resultSeverity)).rsplit("#", 1)[-1],
            focus=str(one(sh.focusNode)),
            path=None if path is None or isinstance(path, BNode) else str(path),
            value=None if value is None else str(value),
            message=str(message),
            shape=shape.n3() if isinstance(shape, BNode) else str(shape),
            component=component,
        )


def _closed_message(shapes_graph: Any, shape: Any, path: str) -> str:
    """A closed shape's finding in the project's words: which property is not allowed
    on which class, and the allowed property it most resembles."""
    import difflib

    from rdflib import Namespace, URIRef

    from ..rdf.namespaces import shorten

    sh = Namespace(SH)
    target = shapes_graph.value(shape, sh.targetClass)
    what = shorten(str(target)) if target is not None else "this node"
    allowed = sorted(
        str(p)
        for ps in shapes_graph.objects(shape, sh.property)
        if isinstance(p := shapes_graph.value(ps, sh.path), URIRef)
    )
    allowed += [str(p) for p in shapes_graph.items(shapes_graph.value(shape, sh.ignoredProperties))]
    near = difflib.get_close_matches(path, allowed, n=2, cutoff=0.75)
    hint = f"; did you mean {' or '.join(shorten(n) for n in near)}?" if near else ""
    return f"{shorten(path)} is not a property a {what} may have (its shape is closed){hint}"
