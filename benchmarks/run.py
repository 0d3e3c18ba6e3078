"""The benchmark suite: what users run, each beside its baseline, measured in the same run.

Every row runs whole processes (the `nrcgraph` command, or the HTTP server under a load
generator) next to the plainest way to do the same work with the raw engine, at each
size of generated graph (`nrcgraph generate`, plus the bundle), and reports the median
time, the ratio, the target, the peak RSS of both sides and, per row, the scaling
exponent k of time ~ size^k. Then rewrites docs/performance.md with what it printed.

    python benchmarks/run.py                                   # 10k, 100k, 1M; ~15 min
    python benchmarks/run.py --sizes 10000 100000 1000000 3000000
    python benchmarks/run.py --sizes 2000 20000 --quick --no-write   # CI: ~1 min

Rows: load into a store; the saved queries in memory (Python API) and on disk (the
command, one process per query); `export -f graphml`; `validate FILE` against a
workspace; cold start; `draft`; `serve` (on the bundle). A missed target is printed with
by how much.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
# Users' Pythons cache bytecode; a shell that forbids it would time the compiler instead.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NRCGRAPH_WORKSPACE")}

# --- the baselines: the raw engine doing the same work, as plainly as it can -------------

BULK_LOAD = """
import sys, pathlib, pyoxigraph as ox
store = ox.Store(sys.argv[1])
for path in sys.argv[2:]:
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(pathlib.Path(path).as_uri()))
store.flush()
"""

HOLD_IN_MEMORY = """
import sys, pathlib, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[1:]:
    store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(pathlib.Path(path).as_uri()))
"""

QUERY_STORE = """
import sys, pyoxigraph as ox
from nrcgraph.rdf.namespaces import PREFIXES
store = ox.Store.read_only(sys.argv[1])
answer = store.query(sys.argv[2], use_default_graph_as_union=True, prefixes=PREFIXES)
if isinstance(answer, ox.QuerySolutions):
    sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.CSV))
elif isinstance(answer, ox.QueryBoolean):
    print(str(bool(answer)).lower())
else:
    sys.stdout.buffer.write(answer.serialize(format=ox.RdfFormat.TURTLE))
"""

# Both sides load the same files into memory, then run every saved query `rounds` times
# and print each query's fastest time (what noise cannot make shorter) and a digest of its answer.
QUERIES_IN_MEMORY = """
import hashlib, json, pathlib, sys, time
side, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
import nrcgraph
from nrcgraph.rdf.sparql import bind_values
saved = [(q.name, q.text, q.bindings()) for q in nrcgraph.Catalogue()]
q_form = {q.name: q.form in ("CONSTRUCT", "DESCRIBE") for q in nrcgraph.Catalogue()}
if side == "nrcgraph":
    from nrcgraph.rdf.render import default_format, render, wanted_formats
    graph = nrcgraph.load(*files)
    def run(text, bindings):
        answer = graph.query_as(text, bindings, wanted_formats(None, False))
        return answer if isinstance(answer, str) else render(answer, default_format(answer, False))
else:
    import pyoxigraph as ox
    from nrcgraph.rdf.namespaces import PREFIXES
    store = ox.Store()
    for path in files:
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(pathlib.Path(path).as_uri()))
    def run(text, bindings):
        answer = store.query(bind_values(text, bindings), use_default_graph_as_union=True, prefixes=PREFIXES)
        if isinstance(answer, ox.QuerySolutions):
            return answer.serialize(format=ox.QueryResultsFormat.CSV).decode().replace("\\r\\n", "\\n")
        if isinstance(answer, ox.QueryBoolean):
            return str(bool(answer)).lower() + "\\n"
        return answer.serialize(format=ox.RdfFormat.TURTLE).decode()
report = {}
for name, text, bindings in saved:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        out = run(text, bindings)
        times.append(time.perf_counter() - start)
    report[name] = [min(times), hashlib.sha256(out.encode()).hexdigest()[:16], q_form[name]]
print(json.dumps(report))
"""

# The lower bound of a GraphML export: the same files in memory, every quad iterated and
# written as a node, a node attribute or an edge with plain string writes.
GRAPHML_FLOOR = """
import sys, pathlib, pyoxigraph as ox
out, files = sys.argv[1], sys.argv[2:]
store = ox.Store()
for path in files:
    store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(pathlib.Path(path).as_uri()))
def esc(v):
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
literal = ox.Literal
with open(out, "w", encoding="utf-8") as fh:
    fh.write('<?xml version="1.0" encoding="utf-8"?>\\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\\n'
             '  <key id="label" for="edge" attr.name="label" attr.type="string"/>\\n  <graph edgedefault="directed">\\n')
    nodes = set()
    for q in store:
        s = q.subject.value
        if s not in nodes:
            nodes.add(s)
            fh.write(f'    <node id="{esc(s)}"/>\\n')
        o = q.object
        if type(o) is literal:
            fh.write(f'    <data key="{esc(q.predicate.value)}">{esc(o.value)}</data>\\n')
        else:
            fh.write(f'    <edge source="{esc(s)}" target="{esc(o.value)}"><data key="label">{esc(q.predicate.value)}</data></edge>\\n')
    fh.write("  </graph>\\n</graphml>\\n")
"""


# --- running whole processes -------------------------------------------------------------


def timed(command: list[str], cwd: str | Path | None = None) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB and exit code of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(
            f"failed ({process.returncode}): {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}"
        )
    process.stderr.close()
    return seconds, usage.ru_maxrss / 1024, process.returncode


def paired(ours: list[str], base: list[str], rounds: int, before=None, cwd=None) -> tuple[float, float, float, float]:
    """Median seconds and peak RSS of both, in alternating rounds (a shared machine drifts;
    both sides see it). ``before()`` runs ahead of every process (a fresh store, say)."""
    results: dict[str, list[tuple[float, float, int]]] = {"ours": [], "base": []}
    for _ in range(rounds):
        for side, command in (("base", base), ("ours", ours)):
            if before:
                before()
            results[side].append(timed(command, cwd))
    out = []
    for side in ("ours", "base"):
        out += [statistics.median(r[0] for r in results[side]), max(r[1] for r in results[side])]
    return out[0], out[2], out[1], out[3]


def executable() -> str:
    return shutil.which("nrcgraph") or os.path.join(os.path.dirname(PY), "nrcgraph")


# --- the rows ------------------------------------------------------------------------------


def row(measure, size, ours, base, target, met, ours_rss=None, base_rss=None, unit="s", ratio=None, note=""):
    return {
        "measure": measure,
        "size": size,
        "ours": ours,
        "base": base,
        "ratio": ratio if ratio is not None else (ours / base if base else None),
        "target": target,
        "met": met,
        "ours_rss": ours_rss,
        "base_rss": base_rss,
        "unit": unit,
        "note": note,
    }


def sized_rows(size: int, work: Path, rounds: int, new: Path) -> list[dict]:
    from nrcgraph import bundle
    from nrcgraph.graph import rdf_files
    from nrcgraph.ingest.generate import write_file

    exe = executable()
    data = work / f"generated-{size}.ttl"
    if not data.exists():
        write_file(data, size, seed=1)
    files = [str(p.resolve()) for p in rdf_files(bundle.default_sources())] + [str(data)]
    rows = []

    # load: the bundle and the generated file into a new store, each file its own graph
    ours_store, raw_store = work / f"store-{size}", work / f"raw-store-{size}"

    def fresh() -> None:
        for folder in (ours_store, raw_store):
            shutil.rmtree(folder, ignore_errors=True)

    t_ours, t_base, r_ours, r_base = paired(
        [exe, "load", str(data), "--store", str(ours_store)],
        [PY, "-c", BULK_LOAD, str(raw_store), *files],
        rounds,
        fresh,
    )
    rows.append(row("load into a store", size, t_ours, t_base, "<= 1.10x", t_ours / t_base <= 1.10, r_ours, r_base))

    # saved queries in memory, through the Python API the command runs after loading; each
    # side's process twice, alternating, and each query's fastest time over all its runs
    answers: dict[str, dict] = {"nrcgraph": {}, "raw": {}}
    for _ in range(1 if rounds == 1 else 2):
        for side in ("raw", "nrcgraph"):
            done = subprocess.run(
                [PY, "-c", QUERIES_IN_MEMORY, side, str(rounds), *files], env=ENV, capture_output=True, text=True
            )
            if done.returncode:
                raise SystemExit(done.stderr[-2000:])
            for name, (seconds, digest, graph) in json.loads(done.stdout).items():
                best = answers[side].get(name)
                answers[side][name] = [min(seconds, best[0]) if best else seconds, digest, graph]
    names = sorted(answers["nrcgraph"])
    t_ours = sum(answers["nrcgraph"][n][0] for n in names)
    t_base = sum(answers["raw"][n][0] for n in names)
    selects = [n for n in names if not answers["raw"][n][2]]
    same = sum(answers["nrcgraph"][n][1] == answers["raw"][n][1] for n in selects)
    rows.append(
        row(
            f"{len(names)} saved queries, in memory",
            size,
            t_ours,
            t_base,
            "<= 1.05x",
            t_ours / t_base <= 1.05,
            note=f"{same} of {len(selects)} SELECT answers byte for byte the engine's CSV",
        )
    )

    # saved queries on disk: the command, one process per query, beside the raw engine's
    from nrcgraph import Catalogue
    from nrcgraph.rdf.sparql import bind_values

    t_ours = t_base = 0.0
    for saved in Catalogue():
        text = bind_values(saved.text, saved.bindings())
        a, b, _, _ = paired(
            [exe, "--store", str(ours_store), "query", saved.name, "-f", "turtle" if graph_form(saved) else "csv"],
            [PY, "-c", QUERY_STORE, str(ours_store), text],
            rounds,
        )
        t_ours, t_base = t_ours + a, t_base + b
    rows.append(
        row(
            f"{len(names)} saved queries, on disk (a process each)",
            size,
            t_ours,
            t_base,
            "<= 1.05x",
            t_ours / t_base <= 1.05,
        )
    )

    # export -f graphml, both sides reading the same files into memory
    _, store_rss, _ = timed([PY, "-c", HOLD_IN_MEMORY, *files])
    t_ours, t_base, r_ours, r_base = paired(
        [exe, "--data", str(data), "--with-bundle", "export", "-f", "graphml", "-o", str(work / "ours.graphml")],
        [PY, "-c", GRAPHML_FLOOR, str(work / "floor.graphml"), *files],
        rounds,
    )
    at_scale = size >= 1_000_000  # the targets for export and validate are at 1M
    rows.append(
        row(
            "export -f graphml",
            size,
            t_ours,
            t_base,
            "<= 1.50x at 1M",
            at_scale and t_ours / t_base <= 1.5,
            r_ours,
            r_base,
        )
    )
    rows.append(
        row(
            "export -f graphml, peak RSS / the graph in memory",
            size,
            r_ours,
            store_rss,
            "<= 1.50x at 1M",
            at_scale and r_ours / store_rss <= 1.5,
            unit="MB",
        )
    )

    # validate FILE against a workspace holding the graph (its store already up to date)
    workspace = work / f"ws-{size}"
    if not workspace.exists():
        subprocess.run([exe, "init", str(workspace)], env=ENV, check=True, capture_output=True)
        shutil.copy(data, workspace / "data" / data.name)
        subprocess.run([exe, "-w", str(workspace), "stats"], env=ENV, check=True, capture_output=True)
    t_ours, t_base, r_ours, r_base = paired(
        [exe, "-w", str(workspace), "validate", str(new)], [PY, "-c", "import pyshacl"], rounds
    )
    rows.append(
        row(
            "validate a 1,000-triple file vs the workspace",
            size,
            t_ours,
            t_base,
            "<= import pyshacl + 0.15 s at 1M",
            at_scale and t_ours - t_base <= 0.15,
            r_ours,
            r_base,
            ratio=t_ours - t_base,
            note="baseline: python -c 'import pyshacl'; ratio column: the difference in s",
        )
    )
    return rows


def graph_form(saved) -> bool:
    return saved.form in ("CONSTRUCT", "DESCRIBE")


def same_findings(work: Path, new: Path) -> str:
    """At the smallest size: the incremental findings equal full pyshacl's on the new nodes."""
    exe = executable()
    workspace = sorted(work.glob("ws-*"), key=lambda p: int(p.name[3:]))[0]
    reports = []
    for extra in ([], ["--full"]):
        done = subprocess.run(
            [exe, "-w", str(workspace), "validate", str(new), "-f", "json", "--severity", "info", *extra],
            env=ENV,
            capture_output=True,
            text=True,
        )
        found = json.loads(done.stdout)
        items = found.get("findings", found) if isinstance(found, dict) else found
        reports.append(sorted(json.dumps({k: f.get(k) for k in ("focus", "path", "severity")}) for f in items))
    return "same" if reports[0] == reports[1] else "DIFFERENT"


def cold_rows(rounds: int) -> list[dict]:
    exe = executable()
    cwd = tempfile.mkdtemp()  # outside any workspace: the bundle
    runs = max(rounds, 7)

    def median(command):
        timed(command, cwd)  # warm the file cache and the bytecode
        return statistics.median(timed(command, cwd)[0] for _ in range(runs))

    bare, rdflib = median([PY, "-c", "pass"]), median([PY, "-c", "import rdflib"])
    rows = []
    for args in (["--version"], ["--help"]):
        t = median([exe, *args])
        rows.append(row(f"cold nrcgraph {args[0]}", None, t, bare, "<= 2x python -c pass", t / bare <= 2))
    t = median([exe, "query", "meetings", "-f", "csv"])
    rows.append(row("cold nrcgraph query meetings", None, t, rdflib, "<= 0.4x import rdflib", t / rdflib <= 0.4))
    return rows


def draft_row(rounds: int, work: Path) -> dict:
    exe = executable()
    release = sorted((ROOT / "tests" / "drafts").glob("*.txt"))[0]
    times = []
    for i in range(max(rounds, 3)):
        out = work / f"draft-{i}.ttl"
        times.append(timed([exe, "draft", str(release), "-o", str(out)], tempfile.mkdtemp())[0])
    t = statistics.median(times)
    return row(f"cold nrcgraph draft ({release.name})", None, t, 2.0, "< 2 s", t < 2.0, note="baseline: the 2 s target")


def serve_rows(seconds: float, rounds: int) -> list[dict]:
    sys.path.insert(0, str(HERE))
    import serve_load

    rows = []
    for level, clients, mine, base in serve_load.run(clients=[8, 32], seconds=seconds, rounds=rounds):
        rows.append(
            row(
                f"serve, {level} saved query, {clients} clients (req/s)",
                None,
                mine["rps"],
                base["rps"],
                ">= 0.80x",
                mine["rps"] / base["rps"] >= 0.8,
                unit="req/s",
                note=f"p99 {mine['p99']:.1f} ms vs {base['p99']:.1f} ms",
            )
        )
    return rows


# --- reporting -------------------------------------------------------------------------------


def exponent(points: list[tuple[int, float]]) -> float | None:
    """k in time ~ size^k, fitted by least squares on the logarithms."""
    points = [(s, t) for s, t in points if s and t and t > 0]
    if len(points) < 2:
        return None
    xs, ys = [math.log(s) for s, _ in points], [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def number(value, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MB" or unit == "req/s":
        return f"{value:,.0f}"
    return f"{value:.3f}" if value < 10 else f"{value:.2f}"


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| measure | triples | nrcgraph | baseline | ratio | target | met | peak RSS MB, nrcgraph / baseline |",
        "|---|---:|---:|---:|---:|---|:---:|---:|",
    ]
    for r in rows:
        ratio = "-" if r["ratio"] is None else (f"{r['ratio']:+.3f} s" if "+" in r["target"] else f"{r['ratio']:.2f}x")
        rss = "-" if r["ours_rss"] is None else f"{r['ours_rss']:,.0f} / {r['base_rss']:,.0f}"
        size = "bundle" if r["size"] is None else f"{r['size']:,}"
        unit = "" if r["unit"] == "s" else f" {r['unit']}"
        lines.append(
            f"| {r['measure']} | {size} | {number(r['ours'], r['unit'])}{unit} | {number(r['base'], r['unit'])}{unit} "
            f"| {ratio} | {r['target']} | {'yes' if r['met'] else '**no**' if judged(r) else '-'} | {rss} |"
        )
    return lines


def scaling(rows: list[dict]) -> list[str]:
    measures = [m for m in dict.fromkeys(r["measure"] for r in rows if r["size"])]
    lines = ["| measure | k, nrcgraph | k, baseline |", "|---|---:|---:|"]
    for m in measures:
        points = [r for r in rows if r["measure"] == m]
        ko = exponent([(r["size"], r["ours"]) for r in points])
        kb = exponent([(r["size"], r["base"]) for r in points])
        lines.append(f"| {m} | {'-' if ko is None else f'{ko:.2f}'} | {'-' if kb is None else f'{kb:.2f}'} |")
    return lines


def judged(r: dict) -> bool:
    return not (r["target"].endswith("at 1M") and (r["size"] or 0) < 1_000_000)


def misses(rows: list[dict]) -> list[str]:
    out = []
    for r in rows:
        if r["met"] or not judged(r):
            continue
        size = "" if r["size"] is None else f" at {r['size']:,}"
        if "+" in r["target"]:
            by = f"{r['ratio'] - 0.15:.3f} s over"
        else:
            bound = float(r["target"].split()[1].rstrip("xs"))
            by = f"{r['ratio']:.2f}x against {r['target']} ({abs(r['ratio'] - bound) / bound:.0%} off)"
        out.append(f"- {r['measure']}{size}: {by}")
    return out or ["- none"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per row; medians are reported")
    parser.add_argument("--quick", action="store_true", help="one round, a short serve run (for CI)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds
    work = Path(tempfile.mkdtemp(prefix="nrcgraph-bench-"))
    from nrcgraph.ingest.generate import write_file

    new = work / "new.ttl"
    write_file(new, 1_000, seed=99, prefix="new")
    rows: list[dict] = []
    try:
        for size in args.sizes:
            print(f"== {size:,} triples", file=sys.stderr, flush=True)
            rows += sized_rows(size, work, rounds, new)
        findings = same_findings(work, new)
        print("== cold start, draft, serve", file=sys.stderr, flush=True)
        rows += cold_rows(rounds)
        rows.append(draft_row(rounds, work))
        rows += serve_rows(3.0 if args.quick else 9.0, 1 if args.quick else 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    command = "python benchmarks/run.py" + (
        "" if args.sizes == [10_000, 100_000, 1_000_000] else f" --sizes {' '.join(map(str, args.sizes))}"
    )
    lines = [
        "# Performance",
        "",
        f"Measured by `{command}` on {datetime.date.today().isoformat()}: {platform.machine()}, "
        f"{os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, {rounds} alternating "
        "round(s) per row, medians. Every figure is a whole process: the `nrcgraph` command (or its server "
        "under a load generator) beside the plainest program doing the same work with pyoxigraph, run in "
        "the same session. The graphs come from `nrcgraph generate`, loaded with the bundle.",
        "",
        "Baselines: `load`, pyoxigraph's `bulk_load(path=...)` of the same files, each into its own graph; "
        "saved queries, the same query strings on pyoxigraph writing its own CSV or Turtle (in memory: both "
        "sides load the files and time only the queries, each query's fastest of its runs in two processes "
        "a side; on disk: one process per query on the same store); "
        "`export -f graphml`, the same files loaded into memory and every quad written as GraphML with "
        "plain string writes (its memory row: a process holding the graph in an in-memory store); "
        "`validate`, importing pyshacl; cold start, `python -c pass` and `python -c 'import rdflib'`; "
        "`serve`, a minimal Starlette + pyoxigraph endpoint on the bundle, with nrcgraph's time limit, "
        "row cap, worker processes and host check on.",
        "",
        *table(rows),
        "",
        "Scaling exponent k (time, or memory, ~ triples^k) over the sizes measured:",
        "",
        *scaling(rows),
        "",
        f"Incremental validation against the smallest workspace gives the same findings as `--full` "
        f"(pyshacl on the whole merged graph): {findings}.",
        "",
        "Missed targets:",
        "",
        *misses(rows),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
