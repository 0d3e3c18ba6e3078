"""A deterministic synthetic NRC graph that conforms to the shapes, for benchmarks and tests.

It mimics the seed data's mix: source documents, people, meetings with participations,
statements and positions. Written streaming, so memory stays flat at any size.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TextIO

from .. import bundle

# Triples written per meeting below: meeting 12 + 3 participations x 5 + statement 6 + position 7.
TRIPLES_PER_MEETING = 40
KINDS = ["nrc-ministerial", "nac-ministerial", "ambassadorial", "summit"]
LEVELS = ["foreign-ministers", "ambassadors", "defence-ministers", "chiefs-of-staff"]
TOPICS = ["missile-defence", "counter-terrorism", "counter-piracy", "afghanistan", "kosovo-status", "arms-control"]
POSITIONS = ["agreed", "welcomed", "disagreement", "concern", "reiterated"]


# Every tenth meeting also gets a treaty with an event (10 triples) and a programme with a
# decision extending it (13 triples), so the mix has the seed data's other classes.
TRIPLES_PER_EXTRA = 23


def _extras(prefix: str, m: int, meeting: str, date: str, doc: str, agent: str, rng: random.Random) -> str:
    treaty, event = f"treaty:{prefix}-t{m}", f"treatyevent:{prefix}-e{m}"
    programme, decision = f"activity:{prefix}-a{m}", f"position:{prefix}-d{m}"
    return (
        f'{treaty} a nrc:Treaty ; rdfs:label "Treaty {m}"@en ; prov:wasDerivedFrom {doc} .\n'
        f'{event} a nrc:TreatyEvent ; rdfs:label "Signature of treaty {m}"@en ; nrc:eventKind eventkind:signature ; '
        f'nrc:treaty {treaty} ; nrc:date "{date}"^^xsd:date ; nrc:passage "Treaty {m} was signed." ; prov:wasDerivedFrom {doc} .\n'
        f'{programme} a nrc:Programme ; rdfs:label "Programme {m}"@en ; nrc:topic topic:{rng.choice(TOPICS)} ; '
        f"nrc:framework organisation:nrc ; prov:wasDerivedFrom {doc} .\n"
        f"{decision} a nrc:Decision ; nrc:positionKind positionkind:extended ; nrc:heldBy {agent} ; "
        f'nrc:expressedAt {meeting} ; nrc:about {programme} ; nrc:extendedInto "{int(date[:4]) + 1}"^^xsd:gYear ; '
        f'nrc:passage "Programme {m} was extended." ; prov:wasDerivedFrom {doc} .\n'
    )


def _prefixes() -> str:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in bundle.PREFIXES.items()) + "\n"


def write(out: TextIO, triples: int, seed: int = 0, prefix: str = "gen") -> int:
    """Write about ``triples`` triples of Turtle to ``out``; returns the number written."""
    rng = random.Random(seed)
    people = max(10, triples // 400)
    out.write(_prefixes())
    doc = f"doc:{prefix}-source"
    out.write(
        f'{doc} a nrc:PressRelease ; rdfs:label "Generated source {seed}"@en ; '
        f'dcterms:title "Generated source {seed}"@en ; dcterms:publisher organisation:nato ; '
        f'dcterms:issued "2020-01-01"^^xsd:date ; nrc:sourceFile "generated/{prefix}.txt" .\n'
    )
    written = 6
    for p in range(people):
        out.write(f'person:{prefix}-p{p} a nrc:Person ; rdfs:label "Person {p}"@en ; prov:wasDerivedFrom {doc} .\n')
        written += 3
    m = 0
    while m == 0 or written + TRIPLES_PER_MEETING <= triples:
        date = f"{rng.randint(1997, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        meeting = f"meeting:{prefix}-m{m}"
        chair, a, b = (f"person:{prefix}-p{rng.randrange(people)}" for _ in range(3))
        parts = [f"participation:{prefix}-m{m}-{i}" for i in range(3)]
        out.write(
            f'{meeting} a nrc:Meeting ; rdfs:label "Meeting {m}"@en ; nrc:meetingKind meetingkind:{rng.choice(KINDS)} ;\n'
            f"    nrc:meetingLevel meetinglevel:{rng.choice(LEVELS)} ;\n"
            f'    nrc:date "{date}"^^xsd:date ; nrc:chair {chair} ; nrc:discussed topic:{rng.choice(TOPICS)} ;\n'
            f"    nrc:participation {', '.join(parts)} ;\n"
            f'    nrc:passage "Passage of meeting {m}." ; prov:wasDerivedFrom {doc} .\n'
        )
        for part, who, role in zip(parts, (chair, a, b), ("chair", "delegate", "delegate")):
            out.write(
                f"{part} a nrc:Participation ; nrc:participant {who} ; "
                f'prov:hadRole role:{role} ; nrc:passage "{role} of meeting {m}" ; prov:wasDerivedFrom {doc} .\n'
            )
        out.write(
            f"statement:{prefix}-s{m} a nrc:Statement ; nrc:speaker {a} ; nrc:statedAt {meeting} ; "
            f'nrc:statementKind statementkind:direct-quote ; nrc:text "Statement {m} on {date}." ; '
            f"prov:wasDerivedFrom {doc} .\n"
        )
        out.write(
            f"position:{prefix}-q{m} a nrc:Position ; nrc:positionKind positionkind:{rng.choice(POSITIONS)} ; "
            f"nrc:heldBy {b} ; nrc:expressedAt {meeting} ; nrc:about topic:{rng.choice(TOPICS)} ; "
            f'nrc:passage "Position {m}." ; prov:wasDerivedFrom {doc} .\n'
        )
        written += TRIPLES_PER_MEETING
        if m % 10 == 0 and written + TRIPLES_PER_EXTRA <= triples:
            out.write(_extras(prefix, m, meeting, date, doc, a, rng))
            written += TRIPLES_PER_EXTRA
        m += 1
    return written


def write_file(path: str | Path, triples: int, seed: int = 0, prefix: str = "gen") -> int:
    with open(path, "w", encoding="utf-8") as out:
        return write(out, triples, seed, prefix)
