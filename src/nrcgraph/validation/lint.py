"""Checks beyond the shapes for new data: dangling links, likely typos, terms the
ontology or the vocabularies do not have (in any position), ill-formed literals and
literals of an unexpected type (said in words: "'04.12.2013' is not an xsd:date
(YYYY-MM-DD)"), overlong literals, and clashes with facts already in the graph. Reads
both graphs through the engine interface, so it works on every engine."""

from __future__ import annotations

import difflib
from typing import Any

from ..errors import UsageError
from ..graph import Graph
from ..rdf.formats import shown
from ..rdf.literals import DATES, FORMS, problem, untyped_where_typed
from ..rdf.namespaces import DCTERMS, FOAF, NRC, OWL, RDF, RDF_TYPE, RDFS, SH, SKOS, VOCAB, W3C_NS, XSD, shorten
from ..rdf.terms import Term, iri
from .findings import Finding

# Namespaces whose terms are known without being declared in the graph.
BUILTIN = (RDF, RDFS, OWL, XSD, SH)
# Predicates whose objects point outside the graph on purpose.
EXTERNAL_LINKS = {
    SKOS + "exactMatch",
    SKOS + "closeMatch",
    RDFS + "seeAlso",
    DCTERMS + "license",
    OWL + "imports",
    FOAF + "page",  # a document's public address
    NRC + "decisionOn",  # a review decision names the node it rejected, which then has no triples
}
PROPERTY_TYPES = [RDF + "Property", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty"]
CLASS_TYPES = [OWL + "Class", RDFS + "Class", RDFS + "Datatype"]
DATE_TYPES = set(DATES)
ACCEPTED = {XSD + "decimal": {XSD + "decimal", XSD + "integer"}, NRC + "Date": DATE_TYPES}
# Checks whose findings say precisely what is wrong with a literal: the shapes' own
# findings about the same value are dropped in their favour (shacl.check).
LITERAL_CHECKS = ("IllFormedLiteral", "UnexpectedDatatype")
IN_SCHEME = SKOS + "inScheme"
REVIEW_STATUS = NRC + "reviewStatus"
LONG_LITERAL = 100_000
_SIMILAR = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), ?ns)) }"


def lint(new: Graph, base: Graph, shapes_graph: Any = None) -> list[Finding]:
    graphs = (base, new)
    out: list[Finding] = []
    rdf_type = iri(RDF_TYPE)

    def exists(s: Term | None = None, p: Term | None = None, o: Term | None = None) -> bool:
        return any(g.contains(s, p, o) for g in graphs)

    known: dict[tuple[str, tuple[str, ...]], bool] = {}

    def declared(term: Term, types: list[str]) -> bool:
        key = (term.value, tuple(types))
        if key not in known:
            known[key] = term.value.startswith(BUILTIN) or any(exists(term, rdf_type, iri(t)) for t in types)
        return known[key]

    def suggestions(value: str, types: list[str]) -> list[str]:
        candidates = {q.subject.value for g in graphs for t in types for q in g.quads(None, rdf_type, iri(t))}
        return difflib.get_close_matches(value, sorted(candidates), n=3, cutoff=0.8)

    def described_like(value: str) -> list[str]:
        namespace = value.rsplit("/", 1)[0] + "/" if "/" in value else value
        found: set[str] = set()
        for g in graphs:
            try:
                found |= {r[0].value for r in g.query(_SIMILAR, {"ns": Term("literal", namespace)}).rows if r[0]}
            except UsageError:  # an engine that cannot answer SPARQL (a union of two): no suggestions
                continue
        return difflib.get_close_matches(value, sorted(found), n=3, cutoff=0.8)

    concepts: list[str] = []

    def known_concept(term: Term) -> bool:
        """A concept of a scheme, or a scheme itself (the object of a new concept's inScheme)."""
        return (
            declared(term, [])
            or exists(term, iri(IN_SCHEME), None)
            or exists(term, rdf_type, iri(SKOS + "ConceptScheme"))
        )

    def similar_concepts(value: str) -> list[str]:
        """Concepts of the same scheme whose local names look alike (topic:syrai, topic:syria)."""
        if not concepts:
            concepts.extend(sorted({q.subject.value for g in graphs for q in g.quads(None, iri(IN_SCHEME), None)}))
        scheme, _, name = value.rpartition("/")
        names = {c.rpartition("/")[2]: c for c in concepts if c.rpartition("/")[0] == scheme}
        return [names[n] for n in difflib.get_close_matches(name, sorted(names), n=3, cutoff=0.6)]

    def hint(matches: list[str]) -> str:
        return f"; did you mean {' or '.join(map(shorten, matches))}?" if matches else ""

    def finding(severity: str, focus: Term, path: str, value: str | None, message: str, component: str) -> None:
        out.append(Finding(severity, focus.value, path, value, message, f"nrcgraph:{component}", component))

    # Empty files.
    filled = {q.graph for q in new.quads()}
    for path in new.files:
        if path.resolve().as_uri() not in filled:
            out.append(
                Finding(
                    "Warning",
                    path.resolve().as_uri(),
                    None,
                    None,
                    f"{path} holds no triples",
                    "nrcgraph:EmptyFile",
                    "EmptyFile",
                    str(path),
                )
            )

    # Drafted nodes not yet reviewed: listed, with the rule that proposed them, for the reviewer.
    draft = iri(VOCAB + "review/draft")
    for quad in new.quads(None, iri(REVIEW_STATUS), draft):
        node = quad.subject
        rule = next((q.object.value for q in new.quads(node, iri(NRC + "draftRule"), None)), "a rule")
        confidence = next((q.object.value for q in new.quads(node, iri(NRC + "confidence"), None)), None)
        sure = f" with confidence {confidence}" if confidence else ""
        finding(
            "Warning",
            node,
            REVIEW_STATUS,
            draft.value,
            f"drafted by {rule}{sure}, not yet reviewed: check it against the release, then set "
            "nrc:reviewStatus review:reviewed (or delete the node)",
            "ReviewPending",
        )

    functional = iri(OWL + "FunctionalProperty")
    ranges: dict[str, str | None] = {}
    for quad in new.quads():
        s, p, o = quad.subject, quad.predicate, quad.object
        if not declared(p, PROPERTY_TYPES):
            severity = "Violation" if p.value.startswith(NRC) else "Warning"
            finding(
                severity,
                s,
                p.value,
                None,
                f"{shorten(p.value)} is not a property the ontology declares"
                + hint(suggestions(p.value, PROPERTY_TYPES)),
                "UnknownTerm",
            )
        if (
            p == rdf_type
            and o.kind == "uri"
            and not declared(o, CLASS_TYPES)
            and not o.value.startswith((SKOS, W3C_NS))
        ):
            severity = "Violation" if o.value.startswith(NRC) else "Warning"
            finding(
                severity,
                s,
                p.value,
                o.value,
                f"{shorten(o.value)} is not a class the ontology declares" + hint(suggestions(o.value, CLASS_TYPES)),
                "UnknownTerm",
            )
        elif o.kind == "uri" and p != rdf_type and o.value.startswith(VOCAB) and not known_concept(o):
            finding(
                "Violation",
                s,
                p.value,
                o.value,
                f"{shorten(o.value)} is not a concept of any vocabulary scheme" + hint(similar_concepts(o.value)),
                "UnknownTerm",
            )
        elif (
            o.kind == "uri"
            and p != rdf_type
            and o.value.startswith(NRC)
            and not declared(o, PROPERTY_TYPES + CLASS_TYPES)
        ):
            finding(
                "Violation",
                s,
                p.value,
                o.value,
                f"{shorten(o.value)} is not a term the ontology declares"
                + hint(suggestions(o.value, PROPERTY_TYPES + CLASS_TYPES)),
                "UnknownTerm",
            )
        elif (
            o.kind == "uri"
            and p != rdf_type
            and p.value not in EXTERNAL_LINKS
            and not o.value.startswith(BUILTIN)
            and not exists(o)
        ):
            finding(
                "Warning",
                s,
                p.value,
                o.value,
                f"{shorten(o.value)} is linked to but described nowhere in the graph" + hint(described_like(o.value)),
                "DanglingLink",
            )
        if o.kind == "literal":
            wrong = problem(o.value, o.datatype) if o.datatype else None
            if wrong:
                finding("Violation", s, p.value, o.value, wrong, "IllFormedLiteral")
            if len(o.value) > LONG_LITERAL:
                finding(
                    "Warning",
                    s,
                    p.value,
                    o.value[:40] + "...",
                    f"a literal of {len(o.value):,} characters: is this really one value?",
                    "LongLiteral",
                )
            if p.value not in ranges:
                r = next((q for g in graphs for q in g.quads(p, iri(RDFS + "range"), None)), None)
                ranges[p.value] = r.object.value if r and r.object.kind == "uri" else None
            expected = ranges[p.value]
            if expected and (expected.startswith(XSD) or expected in ACCEPTED):
                datatype = o.datatype or XSD + "string"
                if o.lang and expected == XSD + "string":
                    finding(
                        "Warning",
                        s,
                        p.value,
                        o.value,
                        f"unexpected language tag @{o.lang}: {shorten(p.value)} takes a plain string",
                        "UnexpectedDatatype",
                    )
                elif not o.lang and datatype not in ACCEPTED.get(expected, {expected}):
                    takes = tuple(sorted(ACCEPTED.get(expected, {expected})))
                    if datatype == XSD + "string" and any(t in FORMS for t in takes):
                        message = untyped_where_typed(o.value, takes)
                        finding("Violation", s, p.value, o.value, message, "UnexpectedDatatype")
                    else:
                        finding(
                            "Warning",
                            s,
                            p.value,
                            o.value,
                            f"unexpected datatype {shorten(datatype)}: {shorten(p.value)} takes {shorten(expected)}",
                            "UnexpectedDatatype",
                        )
        if exists(p, rdf_type, functional):
            for old in base.quads(s, p, None):
                if old.object != o:
                    finding(
                        "Violation",
                        s,
                        p.value,
                        str(o.value),
                        f"clashes with the existing value {old.object.value} ({shown(old.graph) if old.graph else 'the graph'}): "
                        f"{shorten(p.value)} takes one value",
                        "Clash",
                    )
    return out
