"""The ontology, the vocabularies and the shapes agree with each other and with OWL RL."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nrcgraph import bundle

SH = Namespace("http://www.w3.org/ns/shacl#")
NRC = Namespace(bundle.NRC)


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(str(bundle.ontology_dir() / "nrc.ttl"))


def declared_properties(ontology):
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    return {s for k in kinds for s in ontology.subjects(RDF.type, k)}


def paths(shapes):
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef):
            yield path


def test_header(ontology):
    header = next(ontology.subjects(RDF.type, OWL.Ontology))
    for prop in (
        "http://purl.org/dc/terms/title",
        "http://purl.org/dc/terms/description",
        "http://purl.org/dc/terms/license",
        "http://purl.org/vocab/vann/preferredNamespacePrefix",
    ):
        assert ontology.value(header, URIRef(prop)) is not None, prop
    assert ontology.value(header, OWL.versionIRI) is not None


def test_every_term_has_a_label_and_a_definition(ontology):
    terms = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(bundle.NRC)}
    assert len(terms) > 80
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term


def test_every_targeted_class_is_declared(ontology, shapes_graph):
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    targets = set(shapes_graph.objects(None, SH.targetClass))
    assert targets <= classes, targets - classes


def test_every_class_has_a_node_shape(ontology, shapes_graph):
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(bundle.NRC)}
    assert classes - set(shapes_graph.objects(None, SH.targetClass)) == set()


def test_every_constrained_property_is_declared(ontology, shapes_graph):
    undeclared = set(paths(shapes_graph)) - declared_properties(ontology)
    assert undeclared == set()


def test_every_property_used_in_data_is_declared(ontology, data_graph):
    used = {p for p in data_graph.predicates() if p != RDF.type}
    vocab_terms = {
        SKOS.inScheme,
        SKOS.prefLabel,
        SKOS.definition,
        SKOS.broader,
        SKOS.topConceptOf,
        SKOS.hasTopConcept,
        OWL.equivalentClass,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.onProperty,
        OWL.someValuesFrom,
        OWL.members,
        OWL.disjointWith,
        OWL.priorVersion,
        OWL.inverseOf,
        OWL.versionIRI,
        OWL.versionInfo,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        RDFS.comment,
        RDFS.seeAlso,
        RDF.first,
        RDF.rest,
    }
    undeclared = used - declared_properties(ontology) - vocab_terms
    assert undeclared == set()


def test_shapes_pass_the_shacl_meta_check(shapes_graph):
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes_graph, meta_shacl=True)
    assert conforms, text


def test_every_property_shape_has_a_message(shapes_graph):
    for ps in shapes_graph.objects(None, SH.property):
        assert shapes_graph.value(ps, SH.message) is not None


def test_coded_values_come_from_declared_schemes(shapes_graph, data_graph):
    for scheme in shapes_graph.objects(None, SH.hasValue):
        if str(scheme).startswith(bundle.VOCAB) and "/" not in str(scheme)[len(bundle.VOCAB) :]:
            assert (scheme, RDF.type, SKOS.ConceptScheme) in data_graph, scheme


ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # where owlrl records inconsistencies


def owl_rl_errors(graph):
    """The inconsistencies the OWL 2 RL closure of ``graph`` finds, and the closure."""
    import owlrl

    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    errors = sorted(str(o) for s in closed.subjects(RDF.type, ERR.ErrorMessage) for o in closed.objects(s, ERR.error))
    errors += [f"{s} is owl:Nothing" for s in closed.subjects(RDF.type, OWL.Nothing)]
    return errors, closed


def test_owl_rl_closure_adds_no_contradiction(data_graph):
    errors, closed = owl_rl_errors(data_graph)
    assert errors == []
    # The inference the Minister definition promises holds.
    assert (URIRef(bundle.ID + "person/sergey-lavrov"), RDF.type, NRC.Minister) in closed


def test_a_contradiction_would_be_caught(data_graph):
    bad = Graph()
    for triple in data_graph:
        bad.add(triple)
    bad.add((URIRef(bundle.ID + "person/sergey-lavrov"), RDF.type, NRC.Organisation))  # disjoint with Person
    errors, _ = owl_rl_errors(bad)
    assert any("sergey-lavrov" in e for e in errors), errors
