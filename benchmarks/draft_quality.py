"""How good and how fast `nrcgraph draft` is, measured on the command users run.

Each seed release is drafted by `nrcgraph draft` in its own process against the bundle
without the release's own data file (so the release is new to the graph), and each
test release of tests/drafts/ against the whole bundle; every draft is compared, kind of
fact by kind, with the curated data or the expected facts written for it. Prints
precision and recall per kind and overall, for the seeds and for the test releases,
and the cold time of each run (imports included), and writes the same to
docs/draft-quality.md.

    python benchmarks/draft_quality.py [--no-write]

Targets: recall at least 0.8 and precision at least 0.9 overall on each set; a draft of
one release under 2 s cold.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nrcgraph
from nrcgraph import bundle
from nrcgraph.graph import rdf_files
from nrcgraph.ingest.draft.evaluate import SEEDS, Score, expected_facts, facts

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NRCGRAPH_WORKSPACE")}
TARGET_SECONDS = 2.0


def run_draft(release: Path, data: list[Path], out: Path) -> float:
    """`nrcgraph --data ... draft RELEASE -o OUT` in its own process; its wall time."""
    command = [sys.executable, "-m", "nrcgraph"]
    for path in data:
        command += ["--data", str(path)]
    command += ["draft", str(release), "-o", str(out)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=out.parent)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"nrcgraph draft {release} failed: {done.stderr.strip()}")
    return elapsed


def drafted_facts(data: list[Path], out: Path) -> dict:
    graph = nrcgraph.load(*data, out)
    doc = nrcgraph.load(out).query("SELECT ?d WHERE { ?d nrc:sourceFile ?file }").rows[0][0].value
    return facts(graph, doc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/draft-quality.md alone")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nrcgraph-draft-"))
    everything = rdf_files(bundle.default_sources())
    curated = nrcgraph.load()
    timings: list[tuple[str, float]] = []
    seeds, own = Score(), Score()
    for data_file, text in SEEDS.items():
        data = [p for p in everything if p.name != data_file]
        out = work / f"seed-{data_file}"
        timings.append((text, run_draft(bundle.data_dir() / "sources" / text, data, out)))
        doc = curated.query(f"SELECT ?d WHERE {{ ?d nrc:sourceFile 'sources/{text}' }}").rows[0][0].value
        seeds.add(facts(curated, doc), drafted_facts(data, out))
    releases = sorted(
        p
        for p in (ROOT / "tests" / "drafts").iterdir()
        if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
    )
    for release in releases:
        out = work / f"own-{release.stem}.ttl"
        timings.append((release.name, run_draft(release, everything, out)))
        expected = json.loads((release.parent / f"{release.name.split('.')[0]}.expected.json").read_text())
        own.add(expected_facts(expected), drafted_facts(everything, out))
    lines = [
        "# Draft quality",
        "",
        "<!-- Written by `python benchmarks/draft_quality.py`; do not edit by hand. -->",
        "",
        "`nrcgraph draft` on the two seed releases (each drafted against the bundle without its",
        "own data file, compared with the curated data) and on the test releases of",
        "tests/drafts/ (compared with the facts written down for each). Targets: recall at",
        "least 0.8 and precision at least 0.9 overall; a draft under 2 s cold.",
        "",
        f"## Seed releases ({len(SEEDS)})",
        "",
        seeds.table(),
        "",
        f"## Test releases ({len(releases)})",
        "",
        own.table(),
        "",
        "## Time per release (one cold `nrcgraph draft` process, imports and validation included)",
        "",
        "| release | seconds |",
        "|---|---|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in timings),
        "",
    ]
    verdicts = []
    for label, score in (("seeds", seeds), ("test releases", own)):
        ok = score.recall() >= 0.8 and score.precision() >= 0.9
        verdicts.append(ok)
        lines.append(
            f"{label}: precision {score.precision():.2f}, recall {score.recall():.2f} "
            f"({'targets met' if ok else 'target missed'})"
        )
    slowest = max(seconds for _, seconds in timings)
    verdicts.append(slowest < TARGET_SECONDS)
    lines.append(
        f"slowest draft: {slowest:.2f} s ({'under' if slowest < TARGET_SECONDS else 'over'} the {TARGET_SECONDS:.0f} s target)"
    )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        (ROOT / "docs" / "draft-quality.md").write_text(text, encoding="utf-8")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
