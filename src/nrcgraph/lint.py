"""Checks beyond the shapes for new data: dangling links, likely typos, terms the
ontology does not declare, literals of an unexpected type, overlong literals, and
clashes with facts already in the graph."""
from __future__ import annotations

import difflib
from pathlib import Path
from urllib.parse import unquote, urlparse

from .bundle import shorten
from .results import Term
from .validate import Finding

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NRC = "https://w3id.org/nrcgraph/ontology#"
# Namespaces whose terms are known without being declared in the graph.
BUILTIN = (RDF, RDFS, OWL, XSD, "http://www.w3.org/ns/shacl#")
# Predicates whose objects point outside the graph on purpose.
EXTERNAL_LINKS = {"http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2004/02/skos/core#closeMatch",
                  RDFS + "seeAlso", "http://purl.org/dc/terms/license", OWL + "imports"}
PROPERTY_TYPES = [RDF + "Property", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty"]
CLASS_TYPES = [OWL + "Class", RDFS + "Class", RDFS + "Datatype"]
DATE_TYPES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear"}
ACCEPTED = {XSD + "decimal": {XSD + "decimal", XSD + "integer"}, NRC + "Date": DATE_TYPES}
LONG_LITERAL = 100_000


def lint(new, base, shapes_graph=None) -> list[Finding]:
    import pyoxigraph as ox

    stores = [base.engine.store, new.engine.store]
    out: list[Finding] = []

    def quads(s=None, p=None, o=None):
        for st in stores:
            yield from st.quads_for_pattern(s, p, o, None)

    def exists(s=None, p=None, o=None):
        return next(quads(s, p, o), None) is not None

    def typed_any(term, types):
        return any(exists(term, ox.NamedNode(RDF + "type"), ox.NamedNode(t)) for t in types)

    known: dict[tuple, bool] = {}

    def declared(term, types):
        key = (term.value, tuple(types))
        if key not in known:
            known[key] = term.value.startswith(BUILTIN) or typed_any(term, types)
        return known[key]

    def suggestions(iri, types):
        candidates = {q.subject.value for t in types for q in quads(None, ox.NamedNode(RDF + "type"), ox.NamedNode(t))}
        return difflib.get_close_matches(iri, sorted(candidates), n=3, cutoff=0.8)

    def described_like(iri):
        namespace = iri.rsplit("/", 1)[0] + "/" if "/" in iri else iri
        found = base.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), ?ns)) }",
                           {"ns": Term("literal", namespace)}).rows
        found += new.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), ?ns)) }",
                           {"ns": Term("literal", namespace)}).rows
        return difflib.get_close_matches(iri, sorted({r[0].value for r in found}), n=3, cutoff=0.8)

    def hint(matches):
        return f"; did you mean {' or '.join(map(shorten, matches))}?" if matches else ""

    def finding(severity, focus, path, value, message, component):
        out.append(Finding(severity, focus.value, path, value, message, f"nrcgraph:{component}", component))

    # Empty files.
    graphs = {q.graph_name for q in new.engine.store.quads_for_pattern(None, None, None, None)}
    for path in new.files:
        if ox.NamedNode(path.resolve().as_uri()) not in graphs:
            out.append(Finding("Warning", path.resolve().as_uri(), None, None, f"{path} holds no triples",
                               "nrcgraph:EmptyFile", "EmptyFile", str(path)))

    rdf_type = ox.NamedNode(RDF + "type")
    functional = ox.NamedNode(OWL + "FunctionalProperty")
    ranges: dict[str, str | None] = {}
    for quad in new.engine.store.quads_for_pattern(None, None, None, None):
        s, p, o = quad.subject, quad.predicate, quad.object
        if not declared(p, PROPERTY_TYPES):
            severity = "Violation" if p.value.startswith(NRC) else "Warning"
            finding(severity, s, p.value, None, f"{shorten(p.value)} is not a property the ontology declares"
                    + hint(suggestions(p.value, PROPERTY_TYPES)), "UnknownTerm")
        if p == rdf_type and isinstance(o, ox.NamedNode) and not declared(o, CLASS_TYPES) \
                and not o.value.startswith(("http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/")):
            severity = "Violation" if o.value.startswith(NRC) else "Warning"
            finding(severity, s, p.value, o.value, f"{shorten(o.value)} is not a class the ontology declares"
                    + hint(suggestions(o.value, CLASS_TYPES)), "UnknownTerm")
        elif isinstance(o, ox.NamedNode) and p != rdf_type and p.value not in EXTERNAL_LINKS \
                and not o.value.startswith(BUILTIN) and not exists(o):
            finding("Warning", s, p.value, o.value, f"{shorten(o.value)} is linked to but described nowhere in the graph"
                    + hint(described_like(o.value)), "DanglingLink")
        if isinstance(o, ox.Literal):
            if len(o.value) > LONG_LITERAL:
                finding("Warning", s, p.value, o.value[:40] + "...",
                        f"a literal of {len(o.value):,} characters: is this really one value?", "LongLiteral")
            if p.value not in ranges:
                r = next(quads(p, ox.NamedNode(RDFS + "range"), None), None)
                ranges[p.value] = r.object.value if r and isinstance(r.object, ox.NamedNode) else None
            expected = ranges[p.value]
            if expected and (expected.startswith(XSD) or expected in ACCEPTED):
                actual = "language-tagged string" if o.language else o.datatype.value
                if o.language and expected == XSD + "string":
                    finding("Warning", s, p.value, o.value, f"unexpected language tag @{o.language}: "
                            f"{shorten(p.value)} takes a plain string", "UnexpectedDatatype")
                elif not o.language and o.datatype.value not in ACCEPTED.get(expected, {expected}):
                    finding("Warning", s, p.value, o.value, f"unexpected datatype {shorten(actual)}: {shorten(p.value)} takes {shorten(expected)}",
                            "UnexpectedDatatype")
        if exists(p, rdf_type, functional):
            for old in base.engine.store.quads_for_pattern(s, p, None, None):
                if old.object != o:
                    where = _file_of(old.graph_name)
                    finding("Violation", s, p.value, str(o.value),
                            f"clashes with the existing value {old.object.value} ({where}): "
                            f"{shorten(p.value)} takes one value", "Clash")
    return out


def _file_of(graph_name) -> str:
    value = getattr(graph_name, "value", "")
    if value.startswith("file://"):
        path = Path(unquote(urlparse(value).path))
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return value or "the graph"
