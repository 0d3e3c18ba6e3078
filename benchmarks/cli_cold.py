"""Cold-start time of `nrcgraph query NAME` on the bundled graph.

Prints the median of repeated runs of each command, as a ratio to a bare
`python -c "import rdflib"` measured in the same run (so a noisy machine moves
both). With --strict it exits 1 when the saved query is not faster than that import.

    python benchmarks/cli_cold.py [--runs 15] [--query meetings] [--strict]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# Users' Pythons cache bytecode; a shell that forbids it would time the compiler instead.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NRCGRAPH_WORKSPACE")}


def median_seconds(command: list[str], runs: int, cwd: str) -> float:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", default="meetings")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    exe = shutil.which("nrcgraph") or os.path.join(os.path.dirname(sys.executable), "nrcgraph")
    cwd = tempfile.mkdtemp()
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import rdflib' (baseline)": [sys.executable, "-c", "import rdflib"],
        "nrcgraph --version": [exe, "--version"],
        "nrcgraph --help": [exe, "--help"],
        f"nrcgraph query {args.query}": [exe, "query", args.query],
        "nrcgraph queries": [exe, "queries"],
    }
    results = {name: median_seconds(cmd, args.runs, cwd) for name, cmd in cases.items()}
    baseline = results["python -c 'import rdflib' (baseline)"]
    print(f"cold start, median of {args.runs} runs")
    print(f"{'command':45} {'seconds':>8} {'x rdflib import':>16}")
    for name, seconds in results.items():
        print(f"{name:45} {seconds:8.3f} {seconds / baseline:16.2f}")
    ratio = results[f"nrcgraph query {args.query}"] / baseline
    print(f"saved query / rdflib import: {ratio:.2f} (target: below 1.0, i.e. under ~0.2 s here)")
    return 1 if args.strict and ratio >= 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())
