"""Where the bundled ontology, data and queries live, and the prefixes they use.

In a wheel they sit in ``nrcgraph/_bundle``; in a source checkout (editable
install, tests) they are the top-level folders of the repository.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``."""
    packaged = _PACKAGE / "_bundle"
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise RuntimeError(f"nrcgraph's bundled files are missing (looked in {packaged} and {checkout})")


def ontology_dir() -> Path:
    return root() / "ontology"


def data_dir() -> Path:
    return root() / "data"


def queries_dir() -> Path:
    return root() / "queries"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def default_sources() -> list[Path]:
    """The bundled graph: the ontology, its vocabularies and the data (not the shapes)."""
    return [ontology_dir() / "nrc.ttl", ontology_dir() / "vocab", data_dir()]


NRC = "https://w3id.org/nrcgraph/ontology#"
ID = "https://w3id.org/nrcgraph/id/"
VOCAB = "https://w3id.org/nrcgraph/vocab/"

# Prefixes known to every query and used to shorten IRIs in tables; a saved
# query still declares its own so it runs unchanged on any SPARQL endpoint.
PREFIXES: dict[str, str] = {
    "nrc": NRC,
    "person": ID + "person/",
    "organisation": ID + "organisation/",
    "state": ID + "state/",
    "group": ID + "group/",
    "post": ID + "post/",
    "holding": ID + "post-holding/",
    "meeting": ID + "meeting/",
    "participation": ID + "participation/",
    "statement": ID + "statement/",
    "statementkind": VOCAB + "statement-kind/",
    "position": ID + "position/",
    "treaty": ID + "treaty/",
    "treatyevent": ID + "treaty-event/",
    "activity": ID + "activity/",
    "contribution": ID + "contribution/",
    "measurement": ID + "measurement/",
    "place": ID + "place/",
    "doc": ID + "document/",
    "inference": ID + "inference/",
    "topic": VOCAB + "topic/",
    "meetingkind": VOCAB + "meeting-kind/",
    "positionkind": VOCAB + "position-kind/",
    "role": VOCAB + "role/",
    "eventkind": VOCAB + "treaty-event-kind/",
    "status": VOCAB + "status/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}


_BY_NAMESPACE = {ns: prefix for prefix, ns in PREFIXES.items()}


@lru_cache(maxsize=65536)
def shorten(iri: str) -> str:
    """``person:sergey-lavrov`` for a bundled IRI; the IRI itself otherwise."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _BY_NAMESPACE.get(iri[:cut])
    if prefix is None:  # deeper than a namespace: the longest namespace that fits
        fits = [p for p, ns in PREFIXES.items() if iri.startswith(ns)]
        prefix = max(fits, key=lambda p: len(PREFIXES[p])) if fits else None
    if prefix:
        local = iri[len(PREFIXES[prefix]):]
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
