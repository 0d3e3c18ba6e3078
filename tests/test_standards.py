"""A reader who knows only the standards finds the facts.

The graph (the bundle and the two ontology-2 fixtures) is read with rdflib together with
the published PROV-O, W3C ORG, OWL-Time, SEM and schema.org vocabularies
(tests/vocabularies/), and questioned in their terms only: no query below names an nrc:
term. RDFS entailment is done in the queries (``rdf:type/rdfs:subClassOf*``, a property
whose ``rdfs:subPropertyOf*`` is the standard one), as an RDFS-aware reader does; the
alignment axioms come from the ontology the data ships with.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from nrcgraph import bundle
from nrcgraph.validation.shacl import load_rdflib

HERE = Path(__file__).resolve().parent
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <https://schema.org/>
"""
ID = "https://w3id.org/nrcgraph/id/"


@pytest.fixture(scope="module")
def reader():
    graph = load_rdflib(
        [
            *bundle.default_sources(),
            HERE / "good" / "post-holding-ended.ttl",
            HERE / "good" / "meeting-postponed-then-held.ttl",
        ]
    )
    for name in ("prov", "org", "time", "sem", "schema"):
        with gzip.open(HERE / "vocabularies" / f"{name}.nq.gz", "rt", encoding="utf-8") as fh:
            graph.parse(data=re.sub(r" <[^>]*> \.$", " .", fh.read(), flags=re.M), format="nt")
    return graph


def ask(reader, query: str) -> set[tuple[str, ...]]:
    assert "nrcgraph/ontology" not in query and "nrc:" not in query
    return {tuple(str(v) for v in row) for row in reader.query(PREFIXES + query)}


def test_the_standard_vocabularies_are_loaded(reader):
    # Facts of PROV-O, ORG and schema.org themselves, not of this project.
    assert ask(reader, "SELECT ?c WHERE { prov:Association rdfs:subClassOf+ ?c }") >= {
        ("http://www.w3.org/ns/prov#Influence",)
    }
    assert ask(reader, "SELECT ?d WHERE { org:memberDuring rdfs:domain ?d }") == {
        ("http://www.w3.org/ns/org#Membership",)
    }
    assert ask(reader, "SELECT ?c WHERE { schema:Quotation a ?c }") >= {("http://www.w3.org/2000/01/rdf-schema#Class",)}


def test_prov_reader_finds_who_took_part_in_which_role(reader):
    found = ask(
        reader,
        """SELECT ?meeting ?agent ?role WHERE {
            ?meeting rdf:type/rdfs:subClassOf* prov:Activity ; ?qualified ?association .
            ?qualified rdfs:subPropertyOf* prov:qualifiedAssociation .
            ?association rdf:type/rdfs:subClassOf* prov:Association ; ?agentLink ?agent ; prov:hadRole ?role .
            ?agentLink rdfs:subPropertyOf* prov:agent .
        }""",
    )
    assert (
        ID + "meeting/nrc-foreign-ministers-2012-04-19",
        ID + "person/anders-fogh-rasmussen",
        "https://w3id.org/nrcgraph/vocab/role/chair",
    ) in found
    assert (
        ID + "meeting/chicago-summit-2012-afghanistan",
        ID + "state/russia",
        "https://w3id.org/nrcgraph/vocab/role/invited-representative",
    ) in found
    assert len(found) == 8


def test_prov_reader_finds_sources_and_attributions(reader):
    derived = ask(
        reader,
        "SELECT DISTINCT ?doc WHERE { ?x prov:wasDerivedFrom ?doc . ?doc rdf:type/rdfs:subClassOf* prov:Entity }",
    )
    assert (ID + "document/nato-2007-12-07-nrc-foreign-ministers-meet",) in derived
    said = ask(
        reader,
        """SELECT ?who WHERE {
            ?statement ?attributed ?who ; ?generated ?meeting .
            ?attributed rdfs:subPropertyOf* prov:wasAttributedTo .
            ?generated rdfs:subPropertyOf* prov:wasGeneratedBy .
            ?meeting rdf:type/rdfs:subClassOf* prov:Activity .
        }""",
    )
    assert (ID + "person/sergey-lavrov",) in said


def test_org_reader_finds_when_and_why_a_post_holding_ended(reader):
    found = ask(
        reader,
        """SELECT ?person ?organization ?began ?ended WHERE {
            ?membership rdf:type/rdfs:subClassOf* org:Membership ; ?memberLink ?person ;
                org:organization ?organization ; org:memberDuring ?period .
            ?memberLink rdfs:subPropertyOf* org:member .
            ?period a time:Interval ;
                time:hasBeginning/time:inXSDgYear ?began ; time:hasEnd/time:inXSDDate ?ended .
        }""",
    )
    assert found == {(ID + "person/alexander-grushko", ID + "state/russia", "2012", "2018-01-22")}
    reason = ask(
        reader,
        """SELECT ?label WHERE {
            ?membership org:memberDuring/time:hasEnd ?end ; ?why ?reason .
            ?reason rdf:type ?kind ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .
            FILTER (?why != rdf:type && ?why != org:memberDuring && ?why != org:organization)
            FILTER (STRSTARTS(STR(?reason), "https://w3id.org/nrcgraph/vocab/holding-end/"))
        }""",
    )
    assert reason == {("post or mission downgraded",)}


def test_schema_org_and_sem_readers_find_events_places_and_quotations(reader):
    places = ask(
        reader,
        """SELECT ?event ?name WHERE {
            ?event rdf:type/rdfs:subClassOf* schema:Event , sem:Event ; ?at ?place ; ?semAt ?place .
            ?at rdfs:subPropertyOf* schema:location . ?semAt rdfs:subPropertyOf* sem:hasPlace .
            ?place rdf:type/rdfs:subClassOf* schema:Place , sem:Place ; rdfs:label ?name .
        }""",
    )
    assert (ID + "meeting/nrc-foreign-ministers-2007-12-07", "NATO Headquarters") in places
    assert (ID + "meeting/chicago-summit-2012", "Chicago") in places
    quotes = ask(
        reader,
        """SELECT ?who ?text WHERE {
            ?quote rdf:type/rdfs:subClassOf* schema:Quotation ; ?textLink ?text ; ?creatorLink ?who .
            ?textLink rdfs:subPropertyOf* schema:text . ?creatorLink rdfs:subPropertyOf* schema:creator .
        }""",
    )
    assert any(who == ID + "person/sergey-lavrov" and text.startswith("The 12th of December") for who, text in quotes)
    series = ask(
        reader,
        """SELECT ?event ?series WHERE {
            ?event ?link ?series . ?link rdfs:subPropertyOf* schema:superEvent .
            ?series rdf:type/rdfs:subClassOf* schema:EventSeries .
        }""",
    )
    assert (ID + "meeting/nrc-foreign-ministers-2012-04-19", ID + "meeting-series/nrc-foreign-ministers") in series


def test_a_state_is_an_actor_and_its_territory_a_place(reader):
    # No node is both a PROV agent and a schema.org place: where an exercise happened is
    # the territory, who took part is the state.
    both = ask(
        reader,
        """SELECT ?x WHERE {
            ?x rdf:type/rdfs:subClassOf* prov:Agent . ?x rdf:type/rdfs:subClassOf* schema:Place .
        }""",
    )
    assert both == set()
