"""Meetings, their participants and the quotations from them as schema.org JSON-LD:
what search engines, web pages and schema.org tools read.

One JSON-LD document with an inline context (``@vocab`` schema.org), so a reader needs
no network to expand it. Meetings are ``Event`` (name, startDate, location, organizer,
attendee, about, superEvent, eventStatus, subjectOf the press release as a
``NewsArticle``); statements are ``Quotation`` (text, creator, about, isBasedOn the
release, recordedAt the meeting). Wikidata links become ``sameAs``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..graph import Graph
from ..rdf.namespaces import NRC, SCHEMA
from .rows import by, current_statuses, first, grouped, values
from .written import Written

CONTEXT = {"@vocab": SCHEMA}
TYPES = {NRC + "Person": "Person", NRC + "Organisation": "Organization", NRC + "Group": "Organization"}
STATE_TYPE = "Organization"  # a state acting: schema.org's Country is a place, not an attendee
STATUS = {
    "planned": "EventScheduled",
    "postponed": "EventPostponed",
    "cancelled": "EventCancelled",
}
MEETINGS = """
SELECT ?meeting ?label ?date ?place ?placeLabel ?forum ?forumLabel ?series ?partOf ?doc ?docTitle ?issued
       ?publisher ?publisherLabel ?page
WHERE {
  ?meeting a nrc:Meeting ; rdfs:label ?label .
  OPTIONAL { ?meeting nrc:date ?date }
  OPTIONAL { ?meeting nrc:place ?place . ?place rdfs:label ?placeLabel }
  OPTIONAL { ?meeting nrc:forum ?forum . ?forum rdfs:label ?forumLabel }
  OPTIONAL { ?meeting nrc:inSeries ?series }
  OPTIONAL { ?meeting nrc:partOf ?partOf }
  OPTIONAL {
    ?meeting prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?docTitle }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc dcterms:publisher ?publisher . ?publisher rdfs:label ?publisherLabel }
    OPTIONAL { ?doc foaf:page ?page }
  }
}
ORDER BY ?meeting
"""
ATTENDEES = """
SELECT ?meeting ?agent ?name ?class ?wd
WHERE {
  ?meeting a nrc:Meeting .
  { ?meeting nrc:participation/nrc:participant ?agent } UNION { ?meeting nrc:chair ?agent }
  ?agent rdfs:label ?name ; a ?class .
  OPTIONAL { ?agent skos:exactMatch ?wd }
}
ORDER BY ?meeting ?agent
"""
TOPICS = """
SELECT ?meeting ?topic ?name WHERE {
  ?meeting a nrc:Meeting ; nrc:discussed|nrc:keyTopic ?topic .
  ?topic skos:prefLabel|rdfs:label ?name .
}
ORDER BY ?meeting ?topic
"""
QUOTATIONS = """
SELECT ?statement ?text ?speaker ?name ?class ?wd ?about ?meeting ?doc
WHERE {
  ?statement a nrc:Statement ; nrc:text ?text ; nrc:speaker ?speaker .
  ?speaker rdfs:label ?name ; a ?class .
  OPTIONAL { ?speaker skos:exactMatch ?wd }
  OPTIONAL { ?statement nrc:about ?about }
  OPTIONAL { ?statement nrc:statedAt ?meeting }
  OPTIONAL { ?statement prov:wasDerivedFrom ?doc }
}
ORDER BY ?statement
"""


def document(graph: Graph) -> dict[str, Any]:
    """The JSON-LD document: meetings as Events, statements as Quotations."""
    attendees = grouped(graph, ATTENDEES, "meeting")
    topics = grouped(graph, TOPICS, "meeting")
    status = {subject: iri.rsplit("/", 1)[-1] for subject, iri in current_statuses(graph).items()}
    nodes: list[dict[str, Any]] = []
    for meeting, found in grouped(graph, MEETINGS, "meeting").items():
        event: dict[str, Any] = {"@id": meeting, "@type": "Event", "name": found[0]["label"]}
        if first(found, "date"):
            event["startDate"] = first(found, "date")
        if first(found, "place"):
            event["location"] = {"@id": first(found, "place"), "@type": "Place", "name": first(found, "placeLabel")}
        if first(found, "forum"):
            event["organizer"] = {
                "@id": first(found, "forum"),
                "@type": "Organization",
                "name": first(found, "forumLabel"),
            }
        parents = values(found, "series") + values(found, "partOf")
        if parents:
            event["superEvent"] = [{"@id": p} for p in parents]
        if status.get(meeting) in STATUS:
            event["eventStatus"] = {"@id": SCHEMA + STATUS[status[meeting]]}
        people = [_agent(group) for group in by(attendees.get(meeting, []), "agent").values()]
        if people:
            event["attendee"] = people
        about = [{"@id": r["topic"], "@type": "DefinedTerm", "name": r["name"]} for r in topics.get(meeting, [])]
        if about:
            event["about"] = about
        docs = [_article(group) for group in by([r for r in found if "doc" in r], "doc").values()]
        if docs:
            event["subjectOf"] = docs
        nodes.append(event)
    for statement, found in grouped(graph, QUOTATIONS, "statement").items():
        quotation: dict[str, Any] = {
            "@id": statement,
            "@type": "Quotation",
            "text": found[0]["text"],
            "creator": [_agent(group, "speaker") for group in by(found, "speaker").values()],
        }
        if values(found, "about"):
            quotation["about"] = [{"@id": a} for a in values(found, "about")]
        if first(found, "meeting"):
            quotation["recordedAt"] = {"@id": first(found, "meeting")}
        if first(found, "doc"):
            quotation["isBasedOn"] = [{"@id": d} for d in values(found, "doc")]
        nodes.append(quotation)
    return {"@context": CONTEXT, "@graph": nodes}


def _agent(found: list[dict[str, str]], key: str = "agent") -> dict[str, Any]:
    classes = values(found, "class")
    kind = next((TYPES[c] for c in classes if c in TYPES), STATE_TYPE)
    agent: dict[str, Any] = {"@id": found[0][key], "@type": kind, "name": found[0]["name"]}
    same = [w for w in values(found, "wd") if w.startswith("http")]
    if same:
        agent["sameAs"] = [{"@id": w} for w in same]
    return agent


def _article(found: list[dict[str, str]]) -> dict[str, Any]:
    article: dict[str, Any] = {"@id": found[0]["doc"], "@type": "NewsArticle"}
    for column, prop in (("docTitle", "headline"), ("issued", "datePublished")):
        if first(found, column):
            article[prop] = first(found, column)
    if first(found, "publisher"):
        article["publisher"] = {
            "@id": first(found, "publisher"),
            "@type": "Organization",
            "name": first(found, "publisherLabel"),
        }
    if first(found, "page"):
        article["url"] = {"@id": first(found, "page")}
    return article


def write_schemaorg(graph: Graph, out: TextIO) -> Written:
    doc = document(graph)
    out.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return Written(len(doc["@graph"]))
