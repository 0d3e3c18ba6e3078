"""The saved-query runs whose answers are pinned in tests/golden/.

Each case is a query with parameter values (none: the defaults). Regenerate the files
after a deliberate change of data or queries with ``python tests/golden_cases.py``
and review the diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"

# Extra runs with interesting parameter values, beside each query's default run.
EXTRA = [
    ("statements-by-person", {"speaker": "person:anders-fogh-rasmussen"}),
    ("statements-by-person", {"speaker": "group:nato-foreign-ministers"}),
    ("meeting-participants", {"meeting": "meeting:nrc-foreign-ministers-2012-04-19"}),
    ("treaty-history", {"treaty": "treaty:nato-russia-founding-act"}),
    ("treaty-history", {"treaty": "treaty:cfe-amended"}),
    ("actors-by-topic", {"topic": "topic:afghanistan"}),
    ("cooperation-activities", {"class": "nrc:Exercise"}),
    ("extended-programmes", {"meeting": "meeting:nrc-foreign-ministers-2012-04-19"}),
    ("document-facts", {"document": "doc:nato-2012-04-19-nrc-ministers-closer-cooperation"}),
    ("positions-by-agent", {"agent": "person:sergey-lavrov"}),
    ("search-statements", {"text": "DECEMBER"}),
    ("meetings-between", {"from": "2012-01-01", "to": "2012-12-31"}),
    ("treaty-discussed", {"treaty": "treaty:nato-russia-founding-act"}),
    ("are-connected", {"from": "person:sergey-lavrov", "to": "state:germany"}),
    ("connections", {"from": "organisation:nato", "to": "state:russia"}),
    ("status-history", {"subject": "treatyparticipation:russia-cfe"}),
    ("current-status", {"subject": "meeting:chicago-summit-2012"}),
]


def cases(names):
    for name in names:
        yield name, {}
    yield from EXTRA


def golden_path(name: str, params: dict) -> Path:
    suffix = "".join(f"__{k}-{re.sub(r'[^A-Za-z0-9-]+', '-', v)}" for k, v in sorted(params.items()))
    return GOLDEN / f"{name}{suffix}.srj"


def to_golden(result) -> str:
    """SPARQL results JSON for rows and booleans; for graphs, sorted N-Triples lines in JSON."""
    if result.kind == "graph":
        lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in result.triples)
        return json.dumps({"triples": lines}, indent=1, ensure_ascii=False) + "\n"
    return json.dumps(result.to_srj(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import nrcgraph

    graph = nrcgraph.load()
    catalogue = nrcgraph.Catalogue()
    GOLDEN.mkdir(exist_ok=True)
    for name, params in cases(catalogue.names()):
        golden_path(name, params).write_text(to_golden(catalogue.get(name).run(graph, params)), encoding="utf-8")
        print("wrote", golden_path(name, params).name)
