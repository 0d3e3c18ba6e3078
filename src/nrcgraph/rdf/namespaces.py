"""Every namespace IRI the project uses, written once, and the prefixes built from them.

The W3C and community vocabularies first, then the project's own. ``PREFIXES`` is known
to every ad-hoc query, accepted in parameter values and used to shorten IRIs in tables;
a saved query still declares its own so it runs unchanged on any SPARQL endpoint.
"""

from __future__ import annotations

from functools import lru_cache

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
OA = "http://www.w3.org/ns/oa#"  # W3C Web Annotation: evidence spans
SCHEMA = "https://schema.org/"
TIME = "http://www.w3.org/2006/time#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SH = "http://www.w3.org/ns/shacl#"
WD = "http://www.wikidata.org/entity/"
W3C_NS = "http://www.w3.org/ns/"
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"

RDF_TYPE = RDF + "type"
RDF_LANGSTRING = RDF + "langString"
RDFS_LABEL = RDFS + "label"
RDFS_SUBCLASSOF = RDFS + "subClassOf"
RDFS_SUBPROPERTYOF = RDFS + "subPropertyOf"
XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"

NRC = "https://w3id.org/nrcgraph/ontology#"
ID = "https://w3id.org/nrcgraph/id/"
VOCAB = "https://w3id.org/nrcgraph/vocab/"

PREFIXES: dict[str, str] = {
    "nrc": NRC,
    "person": ID + "person/",
    "organisation": ID + "organisation/",
    "state": ID + "state/",
    "group": ID + "group/",
    "post": ID + "post/",
    "holding": ID + "post-holding/",
    "meeting": ID + "meeting/",
    "series": ID + "meeting-series/",
    "participation": ID + "participation/",
    "statement": ID + "statement/",
    "statementkind": VOCAB + "statement-kind/",
    "position": ID + "position/",
    "treaty": ID + "treaty/",
    "treatyevent": ID + "treaty-event/",
    "treatyparticipation": ID + "treaty-participation/",
    "statuschange": ID + "status-change/",
    "activity": ID + "activity/",
    "contribution": ID + "contribution/",
    "measurement": ID + "measurement/",
    "place": ID + "place/",
    "doc": ID + "document/",
    "inference": ID + "inference/",
    "decision": ID + "review-decision/",
    "reviewer": ID + "reviewer/",
    "topic": VOCAB + "topic/",
    "meetingkind": VOCAB + "meeting-kind/",
    "meetinglevel": VOCAB + "meeting-level/",
    "holdingend": VOCAB + "holding-end/",
    "review": VOCAB + "review/",
    "positionkind": VOCAB + "position-kind/",
    "role": VOCAB + "role/",
    "eventkind": VOCAB + "treaty-event-kind/",
    "status": VOCAB + "status/",
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "org": ORG,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "oa": OA,
    "schema": SCHEMA,
    "time": TIME,
    "sem": SEM,
    "sh": SH,
    "wd": WD,
}

_BY_NAMESPACE = {ns: prefix for prefix, ns in PREFIXES.items()}


@lru_cache(maxsize=65536)
def shorten(iri: str) -> str:
    """``person:sergey-lavrov`` for a known namespace; the IRI itself otherwise."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _BY_NAMESPACE.get(iri[:cut])
    if prefix is None:  # deeper than a namespace: the longest namespace that fits
        fits = [p for p, ns in PREFIXES.items() if iri.startswith(ns)]
        prefix = max(fits, key=lambda p: len(PREFIXES[p])) if fits else None
    if prefix:
        local = iri[len(PREFIXES[prefix]) :]
        if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
            return f"{prefix}:{local}"
    return iri


def expand(name: str) -> str:
    """The IRI for ``prefix:local``; ``<iri>`` and bare IRIs pass through."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name


# IRI schemes a bare value may use; anything else written ``word:rest`` must be a known prefix.
IRI_SCHEMES = ("http", "https", "urn", "file", "mailto", "tag", "did")


def undeclared_prefix(name: str) -> str | None:
    """The prefix of ``name`` when it looks like ``prefix:local`` with an unknown prefix."""
    if name.startswith("<"):
        return None
    prefix, sep, local = name.partition(":")
    if not sep or prefix in PREFIXES or prefix.lower() in IRI_SCHEMES:
        return None
    return prefix
