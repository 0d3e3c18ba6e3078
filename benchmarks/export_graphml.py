"""Export a large graph to GraphML: nrcgraph against rdflib + networkx, in the same run.

Both start from the same generated Turtle file. The baseline parses it with rdflib,
converts it with rdflib's `rdflib_to_networkx_multidigraph` and writes it with
`networkx.write_graphml`; nrcgraph loads it with Oxigraph, projects it (entities as
nodes, literals as attributes) and writes GraphML. Each side runs in a fresh process so
its peak RSS is its own. Target: at least 2x faster at 1M triples.

    python benchmarks/export_graphml.py [--triples 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

OURS = """
import json, resource, sys, time
start = time.perf_counter()
import nrcgraph
from nrcgraph.network.project import to_networkx
from nrcgraph.network.files import write
g = to_networkx(nrcgraph.load(sys.argv[1]))
write(g, "graphml", sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BASELINE = """
import json, resource, sys, time
start = time.perf_counter()
import networkx, rdflib
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
g = rdflib_to_networkx_multidigraph(rdflib.Graph().parse(sys.argv[1], format="turtle"))
networkx.write_graphml(networkx.relabel_nodes(g, str), sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, data: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", code, str(data), str(out)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    from nrcgraph.ingest.generate import write_file

    folder = Path(tempfile.mkdtemp())
    data = folder / "graph.ttl"
    written = write_file(data, args.triples, seed=5)
    print(f"{written:,} generated triples")
    ours = run(OURS, data, folder / "ours.graphml")
    base = run(BASELINE, data, folder / "baseline.graphml")
    print(f"{'':34} {'seconds':>8} {'nodes':>9} {'edges':>9} {'peak RSS MB':>12}")
    for name, r in (("nrcgraph (oxigraph + projection)", ours), ("rdflib + networkx (baseline)", base)):
        print(f"{name:34} {r['seconds']:8.1f} {r['nodes']:9,} {r['edges']:9,} {r['rss_mb']:12.0f}")
    ratio = base["seconds"] / ours["seconds"]
    print(f"speed-up: {ratio:.1f}x (target: at least 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
