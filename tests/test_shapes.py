"""Every shape has a conforming example, and every constraint catches what it should.

The non-conforming variants are generated from the shapes themselves: for each property
shape, the bundled example of its class is broken in the way the constraint forbids
(drop a required property, break a datatype, link the wrong class, add an unknown
property to a closed shape, ...), and validation must report exactly that shape and
path for that node. A constraint added tomorrow is tested the day it is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from nrcgraph import bundle
from nrcgraph.validation.shacl import load_rdflib, validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
NRC = Namespace(bundle.NRC)
SHAPES = Graph().parse(str(bundle.shapes_file()))
DATA = load_rdflib(bundle.default_sources())
# The seeds have no news item, news report or official text: the document nodes of three
# files of the record, with their publishers as the whole record describes them, serve as
# those classes' examples.
_RECORD = load_rdflib([bundle.data_dir()])
for _name in (
    "2009-06-24-nrc-counter-narcotics-ankara.ttl",
    "2008-08-22-abc-russia-suspends-military-cooperation.ttl",
    "2005-04-21-nrc-vilnius-opening-statement.ttl",
):
    _file = Graph().parse(bundle.data_dir() / _name)
    for _doc in _file.subjects(URIRef("http://xmlns.com/foaf/0.1/page"), None):
        for _node in {_doc, *_RECORD.objects(_doc, URIRef("http://purl.org/dc/terms/publisher"))}:
            for _triple in _RECORD.triples((_node, None, None)):
                DATA.add(_triple)


def instances(cls):
    classes = set(DATA.transitive_subjects(RDFS.subClassOf, cls))
    return sorted({s for c in classes for s in DATA.subjects(RDF.type, c) if isinstance(s, URIRef)})


def node_shapes():
    return sorted((s, c) for s in SHAPES.subjects(RDF.type, SH.NodeShape) for c in SHAPES.objects(s, SH.targetClass))


def example_of(cls):
    """The richest bundled instance: the one with the most properties."""
    found = instances(cls)
    return max(found, key=lambda n: (len(set(DATA.predicates(n, None))), str(n))) if found else None


@dataclass
class Variant:
    shape: URIRef
    prop_shape: object
    focus: URIRef
    path: URIRef | None  # None for an inverse path, which reports carry as a blank node
    component: str
    remove: list
    add: list
    severity: str = "Violation"

    @property
    def id(self):
        path = "^inverse" if self.path is None else bundle.shorten(str(self.path))
        return f"{self.shape.split('#')[-1]}:{path}:{self.component}"


def other_node_not_of(cls):
    """A bundled node that is not an instance of ``cls`` (a wrong link target)."""
    bad = set(instances(cls))
    for candidate in (
        URIRef(bundle.VOCAB + "topic/kosovo-status"),
        URIRef(bundle.ID + "document/nato-2007-12-07-nrc-foreign-ministers-meet"),
    ):
        if candidate not in bad:
            return candidate
    raise AssertionError(f"no node outside {cls}")


def concept_outside(scheme):
    for concept, s in sorted(DATA.subject_objects(URIRef("http://www.w3.org/2004/02/skos/core#inScheme"))):
        if s != scheme:
            return concept


def inverse_variants(shape, ps, focus, inverse):
    """Variants of a property shape on an inverse path (``^p``): the links point at the focus."""
    incoming = [(s, inverse, focus) for s in sorted(DATA.subjects(inverse, focus))]
    out = []
    if SHAPES.value(ps, SH.minCount) is not None:
        out.append(Variant(shape, ps, focus, None, "MinCountConstraintComponent", incoming, []))
    cls_ = SHAPES.value(ps, SH["class"])
    if SHAPES.value(ps, SH.maxCount) is not None and cls_ is not None:
        other = next(n for n in instances(cls_) if (n, inverse, focus) not in DATA)
        out.append(Variant(shape, ps, focus, None, "MaxCountConstraintComponent", [], [(other, inverse, focus)]))
    if cls_ is not None:
        wrong = [(other_node_not_of(cls_), inverse, focus)]
        out.append(Variant(shape, ps, focus, None, "ClassConstraintComponent", incoming, wrong))
    return out


def variants():
    out = []
    for shape, cls in node_shapes():
        focus = example_of(cls)
        if focus is None:
            continue
        if (shape, SH.closed, Literal(True)) in SHAPES:
            out.append(
                Variant(
                    shape,
                    shape,
                    focus,
                    NRC.unknownProperty,
                    "ClosedConstraintComponent",
                    [],
                    [(focus, NRC.unknownProperty, Literal("typo"))],
                )
            )
        for ps in SHAPES.objects(shape, SH.property):
            path = SHAPES.value(ps, SH.path)
            inverse = SHAPES.value(path, SH.inversePath) if isinstance(path, BNode) else None
            if isinstance(inverse, URIRef):
                out += inverse_variants(shape, ps, focus, inverse)
                continue
            if not isinstance(path, URIRef):
                continue
            severity = str(SHAPES.value(ps, SH.severity) or SH.Violation).split("#")[-1]
            values = sorted(DATA.objects(focus, path))
            current = [(focus, path, v) for v in values]

            def replace(new, component):
                out.append(Variant(shape, ps, focus, path, component, current[:1], [(focus, path, new)], severity))

            min_count = SHAPES.value(ps, SH.minCount)
            if min_count is not None and int(min_count) >= 1:
                # An example that already lacks the property (a warning-level one) is its own variant.
                out.append(Variant(shape, ps, focus, path, "MinCountConstraintComponent", current, [], severity))
            max_count = SHAPES.value(ps, SH.maxCount)
            if max_count is not None and current:
                first = values[0]
                extra = [
                    URIRef(f"{first}-duplicate{i}")
                    if isinstance(first, URIRef)
                    else Literal(f"{first}{i}", lang=first.language)
                    if first.datatype in (None, XSD.string)
                    else Literal(str(1990 + i), datatype=XSD.gYear)
                    for i in range(int(max_count) + 1 - len(values))
                ]
                out.append(
                    Variant(
                        shape,
                        ps,
                        focus,
                        path,
                        "MaxCountConstraintComponent",
                        [],
                        [(focus, path, e) for e in extra],
                        severity,
                    )
                )
            datatype = SHAPES.value(ps, SH.datatype)
            if datatype is not None:
                wrong = (
                    Literal("wrong")
                    if datatype == RDF.langString
                    else Literal("wrong", lang="en")
                    if datatype == XSD.string
                    else Literal("wrong")
                )
                replace(wrong, "DatatypeConstraintComponent")
            cls_ = SHAPES.value(ps, SH["class"])
            if cls_ is not None:
                replace(other_node_not_of(cls_), "ClassConstraintComponent")
            node = SHAPES.value(ps, SH.node)
            if node == URIRef("https://w3id.org/nrcgraph/shapes#PartialDate"):
                replace(Literal("sometime"), "NodeConstraintComponent")
            elif node is not None:
                scheme = SHAPES.value(SHAPES.value(node, SH.property), SH.hasValue)
                replace(concept_outside(scheme), "NodeConstraintComponent")
            allowed = SHAPES.value(ps, SH["in"])
            if allowed is not None:
                replace(other_node_not_of(NRC.Topic) if Collection(SHAPES, allowed) else None, "InConstraintComponent")
            if SHAPES.value(ps, SH.pattern) is not None:
                replace(
                    URIRef("http://example.org/not-wikidata")
                    if values and isinstance(values[0], URIRef)
                    else Literal("not matching!"),
                    "PatternConstraintComponent",
                )
            if SHAPES.value(ps, SH.hasValue) is not None and current:
                out.append(
                    Variant(
                        shape,
                        ps,
                        focus,
                        path,
                        "HasValueConstraintComponent",
                        current,
                        [(focus, path, URIRef(bundle.VOCAB + "elsewhere"))],
                        severity,
                    )
                )
            if SHAPES.value(ps, SH.nodeKind) == SH.IRI:
                replace(Literal("a literal"), "NodeKindConstraintComponent")
            if SHAPES.value(ps, SH.minInclusive) is not None:
                replace(Literal(-1), "MinInclusiveConstraintComponent")
            if SHAPES.value(ps, SH.minLength) is not None:
                replace(Literal(""), "MinLengthConstraintComponent")
            if SHAPES.value(ps, SH.uniqueLang) == Literal(True) and values:
                out.append(
                    Variant(
                        shape,
                        ps,
                        focus,
                        path,
                        "UniqueLangConstraintComponent",
                        [],
                        [(focus, path, Literal(f"{values[0]} again", lang=values[0].language))],
                        severity,
                    )
                )
            if SHAPES.value(ps, SH.qualifiedValueShape) is not None and current:
                out.append(
                    Variant(shape, ps, focus, path, "QualifiedMinCountConstraintComponent", current, [], severity)
                )
            other = SHAPES.value(ps, SH.lessThanOrEquals)
            if other is not None:
                later = sorted(DATA.objects(focus, other))
                if values and later:
                    out.append(
                        Variant(
                            shape,
                            ps,
                            focus,
                            path,
                            "LessThanOrEqualsConstraintComponent",
                            [(focus, other, v) for v in later],
                            [(focus, other, Literal("1900-01-01", datatype=XSD.date))],
                            severity,
                        )
                    )
    return out


VARIANTS = variants()


def findings_for(focus, whole_graph=False):
    # pyshacl's focus-node mode does not report results of nested sh:node shapes,
    # so those variants validate the whole graph and keep the focus node's findings.
    report = validate_graph(DATA, SHAPES, focus_nodes=None if whole_graph else [focus])
    return [f for f in report.findings if f.focus == str(focus)]


def shape_id(node):
    return node.n3() if isinstance(node, BNode) else str(node)


@pytest.mark.parametrize("shape, cls", node_shapes(), ids=[str(s).split("#")[-1] for s, _ in node_shapes()])
def test_every_node_shape_has_a_conforming_example(shape, cls):
    focus = example_of(cls)
    assert focus is not None, f"no bundled instance of {cls} to serve as the example for {shape}"
    violations = [f for f in findings_for(focus) if f.severity == "Violation"]
    assert violations == []


def test_every_property_shape_is_exercised():
    exercised = {shape_id(v.prop_shape) for v in VARIANTS}
    missing = [
        (str(s), shape_id(ps))
        for s, _ in node_shapes()
        for ps in SHAPES.objects(s, SH.property)
        if shape_id(ps) not in exercised
    ]
    assert missing == [], "property shapes no generated variant breaks"


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_broken_variant_is_caught(variant):
    for triple in variant.remove:
        DATA.remove(triple)
    for triple in variant.add:
        DATA.add(triple)
    try:
        found = findings_for(variant.focus, whole_graph=variant.component == "NodeConstraintComponent")
    finally:
        for triple in variant.add:
            DATA.remove(triple)
        for triple in variant.remove:
            DATA.add(triple)
    expected = [
        f
        for f in found
        if f.component == variant.component
        and f.path == (None if variant.path is None else str(variant.path))
        and f.shape == shape_id(variant.prop_shape)
    ]
    assert expected, f"{variant.id} not reported; got {[str(f) for f in found]}"
    assert {f.severity for f in expected} == {variant.severity}


def test_meeting_without_date_must_be_planned():
    focus = URIRef(bundle.ID + "meeting/nrc-foreign-ministers-2007-12-07")
    date = next(DATA.objects(focus, NRC.date))
    DATA.remove((focus, NRC.date, date))
    try:
        found = findings_for(focus)
    finally:
        DATA.add((focus, NRC.date, date))
    assert any(
        f.component == "SPARQLConstraintComponent" and "unless a status change says it is planned" in f.message
        for f in found
    )
    planned = URIRef(bundle.ID + "meeting/chicago-summit-2012")
    assert not [f for f in findings_for(planned) if f.severity == "Violation"]


def test_inferred_statement_must_describe_an_asserted_triple():
    focus = URIRef(bundle.ID + "inference/cfe-decree-date")
    obj = next(DATA.objects(focus, RDF.object))
    DATA.set((focus, RDF.object, Literal("2007-11-29", datatype=XSD.date)))
    try:
        found = findings_for(focus)
    finally:
        DATA.set((focus, RDF.object, obj))
    assert any(f.component == "SPARQLConstraintComponent" and "not in the graph" in f.message for f in found)


def test_generator_covers_the_kinds_of_break():
    kinds = {v.component for v in VARIANTS}
    assert {
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "DatatypeConstraintComponent",
        "ClassConstraintComponent",
        "ClosedConstraintComponent",
        "NodeConstraintComponent",
        "InConstraintComponent",
    } <= kinds
    assert len(VARIANTS) >= 150
