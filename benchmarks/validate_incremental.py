"""Incremental validation of a small new file against a large graph.

Builds generated graphs of growing size (nrcgraph.generate), then times
`nrcgraph.validate.check` on a 1,000-triple file against each, and, as the baseline
measured in the same run, a full pyshacl validation of the merged graph at the
smallest size. Target: under 2 s against 1M triples.

    python benchmarks/validate_incremental.py [--sizes 10000 100000 1000000] [--new 1000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import nrcgraph
from nrcgraph import bundle
from nrcgraph.ingest.generate import write_file
from nrcgraph.validation.shacl import check, load_rdflib, shapes_graph, validate_graph


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--new", type=int, default=1_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    new = folder / "new.ttl"
    write_file(new, args.new, seed=99, prefix="new")
    shapes = shapes_graph()

    smallest = folder / f"base-{args.sizes[0]}.ttl"
    write_file(smallest, args.sizes[0], seed=1)
    start = time.perf_counter()
    merged = load_rdflib(bundle.default_sources() + [smallest, new])
    validate_graph(merged, shapes)
    baseline = time.perf_counter() - start
    print(f"baseline: full pyshacl validation of bundle + {args.sizes[0]:,} + {args.new:,} triples: {baseline:.2f} s")
    print(
        f"{'base triples':>13} {'load s':>8} {'incremental s':>14} {'x baseline':>11} {'findings':>9} {'peak RSS MB':>12}"
    )
    worst = 0.0
    for size in args.sizes:
        base_file = folder / f"base-{size}.ttl"
        if not base_file.exists():
            write_file(base_file, size, seed=1)
        start = time.perf_counter()
        base = nrcgraph.load(base_file, with_bundle=True)
        load = time.perf_counter() - start
        start = time.perf_counter()
        report = check([new], base, shapes)
        took = time.perf_counter() - start
        worst = max(worst, took)
        print(
            f"{len(base):13,} {load:8.2f} {took:14.2f} {took / baseline:11.2f} {len(report.findings):9d} {peak_rss_mb():12.0f}"
        )
        del base
    print(f"largest incremental time: {worst:.2f} s (target: under 2 s at 1M triples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
