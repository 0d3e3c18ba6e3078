"""Wikidata-ready statements, as QuickStatements (version 1: one command per line,
fields separated by tabs), for a person to review and submit.

Meetings become new items (CREATE): instance of meeting (P31 Q2761147), point in time
(P585), location (P276), and each participant (P710) with its role as qualifier
(P3831, object has role). Post holdings become position held (P39) on the person's
item, with start time (P580), end time (P582) and end cause (P1534) qualifiers. Every
statement cites the source document (S854, reference URL: its web page, else its IRI).

Wikidata statements can only name items that exist, so an entity without a Wikidata
link (skos:exactMatch, or skos:closeMatch for vocabulary concepts) is left out of its
statement, and the export says which; add the link to the data and export again.
"""

from __future__ import annotations

from typing import TextIO

from ..graph import Graph
from ..rdf.namespaces import WD
from .rows import by, first, grouped, values
from .written import Written

MEETING_CLASS = "Q2761147"  # Wikidata: meeting
PRECISION = {10: 11, 7: 10, 4: 9}  # length of an ISO date, year-month, year -> Wikidata precision
MEETINGS = """
SELECT ?meeting ?label ?date ?place ?placeWd ?doc ?page
WHERE {
  ?meeting a nrc:Meeting ; rdfs:label ?label .
  FILTER (LANG(?label) = "en" || LANG(?label) = "")
  OPTIONAL { ?meeting nrc:date ?date }
  OPTIONAL { ?meeting nrc:place ?place . OPTIONAL { ?place skos:exactMatch ?placeWd FILTER (STRSTARTS(STR(?placeWd), STR(wd:))) } }
  OPTIONAL { ?meeting prov:wasDerivedFrom ?doc . OPTIONAL { ?doc foaf:page ?page } }
}
ORDER BY ?meeting
"""
PARTICIPANTS = """
SELECT ?meeting ?agent ?agentWd ?role ?roleWd
WHERE {
  ?meeting a nrc:Meeting ; nrc:participation ?p .
  ?p nrc:participant ?agent .
  OPTIONAL { ?agent skos:exactMatch ?agentWd FILTER (STRSTARTS(STR(?agentWd), STR(wd:))) }
  OPTIONAL { ?p prov:hadRole ?role . OPTIONAL { ?role skos:closeMatch|skos:exactMatch ?roleWd FILTER (STRSTARTS(STR(?roleWd), STR(wd:))) } }
}
ORDER BY ?meeting ?agent
"""
HOLDINGS = """
SELECT ?holding ?person ?personWd ?post ?postWd ?began ?ended ?reasonWd ?doc ?page
WHERE {
  ?holding a nrc:PostHolding ; nrc:holder ?person ; nrc:post ?post .
  OPTIONAL { ?person skos:exactMatch ?personWd FILTER (STRSTARTS(STR(?personWd), STR(wd:))) }
  OPTIONAL { ?post skos:exactMatch ?postWd FILTER (STRSTARTS(STR(?postWd), STR(wd:))) }
  OPTIONAL { ?holding org:memberDuring/time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?began }
  OPTIONAL { ?holding org:memberDuring/time:hasEnd/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?ended }
  OPTIONAL { ?holding nrc:endReason/(skos:closeMatch|skos:exactMatch) ?reasonWd FILTER (STRSTARTS(STR(?reasonWd), STR(wd:))) }
  OPTIONAL { ?holding prov:wasDerivedFrom ?doc . OPTIONAL { ?doc foaf:page ?page } }
}
ORDER BY ?holding
"""


def qid(iri: str | None) -> str | None:
    return iri[len(WD) :] if iri and iri.startswith(WD) else None


def time_value(date: str) -> str:
    """A Wikidata time value: +2012-04-19T00:00:00Z/11 (day), /10 (month), /9 (year)."""
    # Wikidata writes the parts below the precision as zeros: +2008-01-00T00:00:00Z/10.
    full = date + {10: "", 7: "-00", 4: "-00-00"}[len(date)]
    return f"+{full}T00:00:00Z/{PRECISION[len(date)]}"


def string(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def lines(graph: Graph) -> tuple[list[str], list[str]]:
    """The QuickStatements commands, and what was left out and why."""
    out: list[str] = []
    left_out: list[str] = []
    participants = grouped(graph, PARTICIPANTS, "meeting")
    for meeting, rows in grouped(graph, MEETINGS, "meeting").items():
        reference = ["S854", string(first(rows, "page") or first(rows, "doc") or meeting)]
        out += ["CREATE", "\t".join(["LAST", "Len", string(rows[0]["label"])])]
        out.append("\t".join(["LAST", "P31", MEETING_CLASS, *reference]))
        date = first(rows, "date")
        if date and len(date) in PRECISION:
            out.append("\t".join(["LAST", "P585", time_value(date), *reference]))
        place = first(rows, "place")
        if place and qid(first(rows, "placeWd")):
            out.append("\t".join(["LAST", "P276", qid(first(rows, "placeWd")) or "", *reference]))
        elif place:
            left_out.append(f"{meeting}: location {place} has no Wikidata item")
        for agent_rows in by(participants.get(meeting, []), "agent").values():
            agent, item = agent_rows[0]["agent"], qid(first(agent_rows, "agentWd"))
            if item is None:
                left_out.append(f"{meeting}: participant {agent} has no Wikidata item")
                continue
            statement = ["LAST", "P710", item]
            for role in values(agent_rows, "roleWd"):
                statement += ["P3831", qid(role) or ""]
            out.append("\t".join([*statement, *reference]))
    for holding, rows in grouped(graph, HOLDINGS, "holding").items():
        person, post = qid(first(rows, "personWd")), qid(first(rows, "postWd"))
        if person is None or post is None:
            missing = " and ".join(
                f"{rows[0][k]} has no Wikidata item" for k, v in (("person", person), ("post", post)) if v is None
            )
            left_out.append(f"{holding}: {missing}")
            continue
        statement = [person, "P39", post]
        for column, prop in (("began", "P580"), ("ended", "P582")):
            value = first(rows, column)
            if value and len(value) in PRECISION:
                statement += [prop, time_value(value)]
        reason = qid(first(rows, "reasonWd"))
        if reason:
            statement += ["P1534", reason]
        statement += ["S854", string(first(rows, "page") or first(rows, "doc") or holding)]
        out.append("\t".join(statement))
    return out, left_out


def write_quickstatements(graph: Graph, out: TextIO) -> Written:
    commands, left_out = lines(graph)
    for command in commands:
        out.write(command + "\n")
    return Written(sum(c == "CREATE" or not c.startswith("LAST") for c in commands), left_out)
