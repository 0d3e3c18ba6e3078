"""Meetings as PLOVER event records, one JSON object per line (the codebook's JSONL).

Each dated meeting is a CONSULT event: its participants and chair are the source actors
(PLOVER codes all sides of a meeting with no host as sources), with their Wikidata ids
as identifiers; the mode is multilateral when it meets in an organisation's framework;
the context comes from the topics discussed (each topic's nrc:ploverContext), plus
"diplomatic", and "future" for a meeting still planned as of its source; the passage is
the event text, and the source document the citation. Meetings without a full date
cannot be PLOVER records (the codebook requires YYYY-MM-DD) and are left out, said so.
Codebook: PLOVER 0.7b1, Open Event Data Alliance.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .. import __version__
from ..graph import Graph
from ..rdf.namespaces import WD
from .rows import by, current_statuses, first, grouped, values
from .written import Written

CODEBOOK = "plover-base-0.7b1"
MEETINGS = """
SELECT ?meeting ?label ?date ?placeLabel ?forumClass ?passage ?doc ?docTitle ?publisher ?issued ?page ?language
WHERE {
  ?meeting a nrc:Meeting ; rdfs:label ?label .
  OPTIONAL { ?meeting nrc:date ?date }
  OPTIONAL { ?meeting nrc:place/rdfs:label ?placeLabel }
  OPTIONAL { ?meeting nrc:forum ?forum . ?forum a ?forumClass }
  OPTIONAL { ?meeting nrc:passage ?passage }
  OPTIONAL {
    ?meeting prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?docTitle }
    OPTIONAL { ?doc dcterms:publisher/rdfs:label ?publisher }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc foaf:page ?page }
    OPTIONAL { ?doc dcterms:language ?language }
  }
}
ORDER BY ?meeting
"""
ACTORS = """
SELECT ?meeting ?agent ?name ?class ?role ?wd ?postIn ?postInClass ?office ?represents
WHERE {
  ?meeting a nrc:Meeting .
  { ?meeting nrc:participation ?p . ?p nrc:participant ?agent . OPTIONAL { ?p prov:hadRole/skos:prefLabel ?role } }
  UNION
  { ?meeting nrc:chair ?agent . BIND ("chair" AS ?role) }
  ?agent rdfs:label ?name ; a ?class .
  OPTIONAL { ?agent skos:exactMatch ?wd FILTER (STRSTARTS(STR(?wd), STR(wd:))) }
  OPTIONAL { ?agent org:holds ?post . ?post rdfs:label ?office ; org:postIn ?postIn . ?postIn a ?postInClass }
  OPTIONAL { ?agent nrc:represents/a ?represents }
}
ORDER BY ?meeting ?name
"""
CONTEXTS = """
SELECT ?meeting ?context WHERE {
  ?meeting a nrc:Meeting ; nrc:discussed|nrc:keyTopic ?topic .
  ?topic nrc:ploverContext ?context .
}
ORDER BY ?meeting ?context
"""
ORGANISATION = "https://w3id.org/nrcgraph/ontology#Organisation"
STATE = "https://w3id.org/nrcgraph/ontology#State"
FUTURE = ("https://w3id.org/nrcgraph/vocab/status/planned", "https://w3id.org/nrcgraph/vocab/status/postponed")


def records(graph: Graph) -> tuple[list[dict[str, Any]], list[str]]:
    """The PLOVER records of the graph's dated meetings, and the meetings left out."""
    meetings = grouped(graph, MEETINGS, "meeting")
    actors = grouped(graph, ACTORS, "meeting")
    contexts = grouped(graph, CONTEXTS, "meeting")
    future = {subject for subject, status in current_statuses(graph).items() if status in FUTURE}
    out, left_out = [], []
    for meeting, rows in meetings.items():
        date = first(rows, "date")
        if date is None or len(date) != 10:
            left_out.append(f"{meeting}: no full date (PLOVER records need YYYY-MM-DD)")
            continue
        context = ["diplomatic", *values(contexts.get(meeting, []), "context")]
        if meeting in future:
            context.append("future")
        record: dict[str, Any] = {
            "id": "nrcgraph:" + meeting.rsplit("/", 1)[-1],
            "date": date,
            "event": ["CONSULT"],
            "mode": ["multilateral"] if ORGANISATION in values(rows, "forumClass") else [],
            "context": sorted(set(context), key=context.index),
            "source": [_actor(group) for group in by(actors.get(meeting, []), "agent").values()],
            "event_text": values(rows, "passage"),
            "coder": f"nrcgraph {__version__}",
            "link": meeting,
        }
        place = first(rows, "placeLabel")
        if place:
            record["event_loc"] = {"name": place}
        doc = first(rows, "doc")
        if doc:
            cite = {
                "citation": doc,
                "title": first(rows, "docTitle"),
                "publication": first(rows, "publisher"),
                "url": first(rows, "page") or doc,
                "language": first(rows, "language") or "en",
                "codebook": CODEBOOK,
            }
            record["cite_info"] = {k: v for k, v in cite.items() if v}
        if not record["mode"]:
            del record["mode"]
        out.append(record)
    return out, left_out


def _actor(rows: list[dict[str, str]]) -> dict[str, Any]:
    """One PLOVER actor object: the IGO code for organisations and those acting for one,
    the Wikidata id and name as identifier, the office held where known."""
    classes = set(values(rows, "class"))
    name = rows[0]["name"]
    actor: dict[str, Any] = {"actor_text": name, "identifier_text": name}
    if (
        ORGANISATION in classes
        or ORGANISATION in values(rows, "represents")
        or ORGANISATION in values(rows, "postInClass")
    ):
        actor["code"] = "IGO"
    elif STATE in values(rows, "postInClass"):
        actor["sector"] = "GOV"
    wd = first(rows, "wd")
    if wd:
        actor["identifier_id"] = wd[len(WD) :]
    office = first(rows, "office")
    if office:
        actor["office"] = office
    roles = values(rows, "role")
    if roles:
        actor["role"] = roles
    return actor


def write_plover(graph: Graph, out: TextIO) -> Written:
    found, left_out = records(graph)
    for record in found:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    return Written(len(found), left_out)
