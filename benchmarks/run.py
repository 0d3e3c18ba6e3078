"""The performance runner: nrcgraph, plain rdflib and plain pyoxigraph on generated graphs.

For each size (default 10k, 100k, 1M triples, on top of the bundle) and each engine, in
a fresh process so peak RSS is its own: load time, each saved query's time, validation
time (a 1,000-triple file), export time (GraphML), peak RSS; then ratios and whether
every query gave identical results on all engines. Writes docs/performance.md.

Plain rdflib gets a time budget per step (--budget); a step past it is reported as such.

    python benchmarks/run.py [--sizes 10000 100000 1000000] [--budget 120] [--out docs/performance.md]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER = r"""
import hashlib, json, resource, signal, sys, time
engine, data, new, out, budget = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
import nrcgraph
from nrcgraph import bundle
from nrcgraph.rdf.sparql import bind_values, is_ordered
from nrcgraph.graph import rdf_files
files = rdf_files(bundle.default_sources() + [data])
queries = [(q.name, bind_values(q.text, q.bindings()), q.form) for q in nrcgraph.Catalogue()]
report = {"engine": engine, "queries": {}, "digests": {}}

class Timeout(Exception):
    pass

def alarm(*_):
    raise Timeout()
signal.signal(signal.SIGALRM, alarm)

def timed(name, func):
    signal.alarm(budget)
    start = time.perf_counter()
    try:
        value = func()
        report[name] = time.perf_counter() - start
        return value
    except Timeout:
        report[name] = None
        return None
    finally:
        signal.alarm(0)

def digest(lines, ordered):
    lines = [l for l in lines if l]
    return hashlib.sha256("\n".join(lines if ordered else sorted(lines)).encode()).hexdigest()[:16]

if engine == "nrcgraph":
    g = timed("load", lambda: nrcgraph.load(*files))
    for name, text, form in queries:
        def run(text=text):
            r = g.query(text)
            if r.kind == "ask":
                return [str(r.boolean).lower()]
            if r.kind == "graph":
                return [" ".join(t.n3() for t in tr) for tr in r.triples]
            return [",".join("" if t is None else t.value for t in row) for row in r.rows]
        start = time.perf_counter(); lines = run(); report["queries"][name] = time.perf_counter() - start
        report["digests"][name] = digest(lines, is_ordered(text))
elif engine == "nrcgraph-validate":
    g = nrcgraph.load(*files)
    from nrcgraph.validation.shacl import check
    timed("validate", lambda: check([new], g))
elif engine == "nrcgraph-export":
    g = nrcgraph.load(*files)
    def export():
        from nrcgraph.network.project import to_networkx
        from nrcgraph.network.files import write
        write(to_networkx(g), "graphml", out)
    timed("export", export)
elif engine == "pyoxigraph":
    import pyoxigraph as ox
    def load():
        store = ox.Store()
        for f in files:
            store.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f.resolve().as_uri()))
        return store
    store = timed("load", load)
    def value(t):
        return "" if t is None else t.value
    for name, text, form in queries:
        start = time.perf_counter()
        r = store.query(text, use_default_graph_as_union=True)
        if isinstance(r, ox.QueryBoolean):
            lines = [str(bool(r)).lower()]
        elif isinstance(r, ox.QuerySolutions):
            n = len(r.variables)
            lines = [",".join(value(s[i]) for i in range(n)) for s in r]
        else:
            lines = [f"{t.subject} {t.predicate} {t.object}" for t in r]
        report["queries"][name] = time.perf_counter() - start
        report["digests"][name] = digest(lines, is_ordered(text))
else:
    import rdflib
    def load():
        ds = rdflib.Dataset(default_union=True)
        for f in files:
            ds.graph(rdflib.URIRef(f.resolve().as_uri())).parse(str(f), format="turtle")
        return ds
    ds = timed("load", load)
    if ds is not None:
        for name, text, form in queries:
            def run(text=text):
                r = ds.query(text)
                if r.type == "ASK":
                    return [str(r.askAnswer).lower()]
                if r.type == "SELECT":
                    return [",".join("" if v is None else str(v) for v in row) for row in r]
                return [" ".join(t.n3() for t in tr) for tr in r]
            signal.alarm(budget)
            start = time.perf_counter()
            try:
                lines = run()
                report["queries"][name] = time.perf_counter() - start
                report["digests"][name] = digest(lines, is_ordered(text))
            except Timeout:
                report["queries"][name] = None
            finally:
                signal.alarm(0)
        def validate():
            import pyshacl
            from nrcgraph.validation.shacl import load_rdflib, shapes_graph
            merged = rdflib.Graph()
            for t in ds.triples((None, None, None)):
                merged.add(t)
            for t in load_rdflib([new]):
                merged.add(t)
            pyshacl.validate(merged, shacl_graph=shapes_graph(), advanced=True)
        timed("validate", validate)
        def export():
            import networkx
            from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
            g = rdflib.Graph()
            for t in ds.triples((None, None, None)):
                g.add(t)
            networkx.write_graphml(networkx.relabel_nodes(rdflib_to_networkx_multidigraph(g), str), out)
        timed("export", export)
report["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(report))
"""

ENGINES = ("nrcgraph", "pyoxigraph", "rdflib")


def measure(engine: str, data: Path, new: Path, folder: Path, budget: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", WORKER, engine, str(data), str(new), str(folder / f"{engine}.graphml"), str(budget)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return {"engine": engine, "error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def fmt(seconds) -> str:
    return "timeout" if seconds is None else "-" if seconds == "-" else f"{seconds:.3f}"


def ratio(a, b) -> str:
    return "-" if a in (None, "-") or b in (None, "-") or not a else f"{b / a:.1f}x"


def table(size: int, rows: dict) -> list[str]:
    ours, ox, rl = rows["nrcgraph"], rows["pyoxigraph"], rows["rdflib"]
    lines = [
        f"### {size:,} generated triples (plus the bundle)",
        "",
        "| measure | nrcgraph | pyoxigraph | rdflib | nrcgraph / pyoxigraph | rdflib / nrcgraph |",
        "|---|---:|---:|---:|---:|---:|",
    ]

    def total(r):
        qs = r.get("queries", {})
        return None if not qs or any(v is None for v in qs.values()) else sum(qs.values())

    for label, get in (
        ("load s", lambda r: r.get("load")),
        ("all saved queries s", total),
        ("validation s (1,000-triple file)", lambda r: r.get("validate", "-")),
        ("export to GraphML s", lambda r: r.get("export", "-")),
        ("peak RSS MB (load + queries)", lambda r: r.get("rss_mb")),
        ("peak RSS MB (validation)", lambda r: r.get("validate_rss_mb", "-")),
        ("peak RSS MB (export)", lambda r: r.get("export_rss_mb", "-")),
    ):
        a, b, c = get(ours), get(ox), get(rl)

        def cell(v, label=label):
            return f"{v:.0f}" if label.startswith("peak RSS") and isinstance(v, float) else fmt(v)

        cells = [cell(a), cell(b), cell(c)]
        ours_vs_ox = "-" if b in (None, "-") or a in (None, "-") else f"{a / b:.2f}x"
        lines.append(f"| {label} | {' | '.join(cells)} | {ours_vs_ox} | {ratio(a, c)} |")
    lines += ["", "| saved query | nrcgraph s | pyoxigraph s | rdflib s | identical |", "|---|---:|---:|---:|:---:|"]
    for name in sorted(ours.get("queries", {})):
        digests = {r.get("digests", {}).get(name) for r in (ours, ox, rl) if r.get("digests", {}).get(name)}
        same = (
            "yes"
            if len(digests) == 1 and rl.get("digests", {}).get(name)
            else "yes (rdflib timed out)"
            if len(digests) == 1
            else "NO"
        )
        lines.append(
            f"| {name} | {fmt(ours['queries'][name])} | {fmt(ox.get('queries', {}).get(name))} | "
            f"{fmt(rl.get('queries', {}).get(name))} | {same} |"
        )
    return lines + [""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--budget", type=int, default=120, help="seconds per rdflib step before it is cut off")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "performance.md"))
    args = parser.parse_args()
    from nrcgraph.ingest.generate import write_file

    folder = Path(tempfile.mkdtemp())
    new = folder / "new.ttl"
    write_file(new, 1_000, seed=99, prefix="new")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        "# Performance",
        "",
        f"Measured by `python benchmarks/run.py --sizes {' '.join(map(str, args.sizes))}` on "
        f"{datetime.date.today().isoformat()}: {platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}. Each engine runs in its own process; rdflib steps are cut off "
        f"after {args.budget} s. The graphs come from `nrcgraph generate`.",
        "",
    ]
    for size in args.sizes:
        data = folder / f"generated-{size}.ttl"
        write_file(data, size, seed=1)
        rows = {e: measure(e, data, new, folder, args.budget) for e in ENGINES}
        # Validation and export run in processes of their own, so the load-and-query peak
        # RSS above is that of a process answering queries, as a server would be.
        for step in ("validate", "export"):
            extra = measure(f"nrcgraph-{step}", data, new, folder, args.budget)
            rows["nrcgraph"][step] = extra.get(step)
            rows["nrcgraph"][f"{step}_rss_mb"] = extra.get("rss_mb", 0.0)
        for e, r in rows.items():
            if "error" in r:
                print(f"{e} failed at {size}: {r['error']}", file=sys.stderr)
                r.setdefault("queries", {})
                r.setdefault("rss_mb", 0.0)
        section = table(size, rows)
        print("\n".join(section))
        lines += section
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
