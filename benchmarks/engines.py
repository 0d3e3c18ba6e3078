"""rdflib against Oxigraph on the bundled graph and on a generated graph.

Measures, in one run and on one machine, the time each engine takes to load the
Turtle and to answer every saved query, and checks both give the same answers.
The figures behind the engine decision in docs/engine.md.

    python benchmarks/engines.py [--triples 100000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nrcgraph
from nrcgraph import bundle


def synthetic(path: Path, triples: int) -> None:
    """Meetings with participations, statements and positions, shaped like the seed data."""
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in bundle.PREFIXES.items())
    per_meeting = 30  # triples written per meeting below, roughly
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        for i in range(triples // per_meeting):
            day = f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            out.write(
                f'meeting:m{i} a nrc:Meeting ; rdfs:label "Meeting {i}"@en ; nrc:meetingKind meetingkind:nrc-ministerial ;\n'
                f'  nrc:date "{day}"^^xsd:date ; nrc:forum organisation:nrc ; nrc:discussed topic:missile-defence ;\n'
                f"  nrc:participation participation:m{i}a, participation:m{i}b ; prov:wasDerivedFrom doc:nato-2007-12-07-nrc-foreign-ministers-meet .\n"
                f"participation:m{i}a a nrc:Participation ; nrc:meeting meeting:m{i} ; nrc:participant person:p{i % 500} ; nrc:role role:delegate .\n"
                f"participation:m{i}b a nrc:Participation ; nrc:meeting meeting:m{i} ; nrc:participant person:p{(i * 7) % 500} ; nrc:role role:chair .\n"
                f'person:p{i % 500} a nrc:Person ; rdfs:label "Person {i % 500}"@en .\n'
                f"statement:s{i} a nrc:Statement ; nrc:speaker person:p{i % 500} ; nrc:statedAt meeting:m{i} ;\n"
                f'  nrc:statementKind statementkind:direct-quote ; nrc:text "Statement {i}" ; prov:wasDerivedFrom doc:nato-2007-12-07-nrc-foreign-ministers-meet .\n'
                f"position:q{i} a nrc:Position ; nrc:positionKind positionkind:disagreement ; nrc:heldBy person:p{i % 500} ;\n"
                f'  nrc:expressedAt meeting:m{i} ; nrc:about topic:missile-defence ; nrc:passage "Passage {i}" .\n'
            )


def measure(paths, engine: str, catalogue) -> dict:
    start = time.perf_counter()
    graph = nrcgraph.load(*paths, engine_name=engine)
    load = time.perf_counter() - start
    times, answers = [], {}
    for query in catalogue:
        start = time.perf_counter()
        answers[query.name] = query.run(graph).comparable()
        times.append(time.perf_counter() - start)
    return {
        "triples": len(graph),
        "load": load,
        "queries": sum(times),
        "median": statistics.median(times),
        "answers": answers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    args = parser.parse_args()
    catalogue = list(nrcgraph.Catalogue())
    big = Path(tempfile.mkdtemp()) / "synthetic.ttl"
    synthetic(big, args.triples)
    datasets = {"bundled graph": [], f"bundle + ~{args.triples:,} generated": [big]}
    print(f"{'dataset':32} {'engine':9} {'triples':>8} {'load s':>8} {'all queries s':>14} {'median q s':>11}")
    agree = True
    for label, extra in datasets.items():
        paths = extra + [*bundle.default_sources()] if extra else []
        rows = {engine: measure(paths, engine, catalogue) for engine in ("rdflib", "oxigraph")}
        for engine, r in rows.items():
            print(f"{label:32} {engine:9} {r['triples']:8d} {r['load']:8.3f} {r['queries']:14.3f} {r['median']:11.4f}")
        ox, rl = rows["oxigraph"], rows["rdflib"]
        print(
            f"{'':32} {'ratio':9} {'':8} {rl['load'] / ox['load']:7.1f}x {rl['queries'] / ox['queries']:13.1f}x {rl['median'] / ox['median']:10.1f}x"
        )
        differ = sorted(n for n in ox["answers"] if ox["answers"][n] != rl["answers"][n])
        agree &= not differ
        print(
            f"{'':32} answers identical on both engines: {not differ}"
            + (f" (differ: {', '.join(differ)})" if differ else "")
        )
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
