"""A bounded load test of 'nrcgraph serve' on localhost.

Starts the server in a subprocess on a free loopback port, then runs concurrent clients
that call saved queries and ad-hoc SPARQL for a fixed number of requests or seconds,
whichever comes first, and prints throughput and latency percentiles. It stops the
server itself, and sends nothing anywhere but 127.0.0.1.

    python benchmarks/serve_load.py [--clients 8] [--requests 2000] [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

PATHS = [
    "/queries/meetings",
    "/queries/statements-by-person?speaker=person:anders-fogh-rasmussen",
    "/queries/treaty-history",
    "/queries/who-met-whom",
    "/queries/timeline",
    "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="total requests at most")
    parser.add_argument("--seconds", type=float, default=30, help="wall time at most")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = shutil.which("nrcgraph") or os.path.join(os.path.dirname(sys.executable), "nrcgraph")
    server = subprocess.Popen(
        [exe, "serve", "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=1).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        latencies, errors, lock = [], [0], threading.Lock()
        budget = [args.requests]
        stop_at = time.time() + args.seconds

        def client(n):
            i = n
            while time.time() < stop_at:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                start = time.perf_counter()
                try:
                    request = urllib.request.Request(base + PATHS[i % len(PATHS)], headers={"Accept": "text/csv"})
                    urllib.request.urlopen(request, timeout=30).read()
                    with lock:
                        latencies.append(time.perf_counter() - start)
                except OSError:
                    with lock:
                        errors[0] += 1
                i += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    ms = sorted(x * 1000 for x in latencies)

    def pct(p):
        return ms[min(len(ms) - 1, int(p / 100 * len(ms)))] if ms else float("nan")

    print(
        f"{len(ms)} requests ({errors[0]} errors) from {args.clients} clients in {wall:.1f} s: "
        f"{len(ms) / wall:.0f} requests/s"
    )
    print(
        f"latency ms: p50 {pct(50):.1f}  p90 {pct(90):.1f}  p99 {pct(99):.1f}  max {ms[-1] if ms else 0:.1f}  "
        f"mean {statistics.mean(ms) if ms else 0:.1f}"
    )
    return 0 if ms and not errors[0] else 1


if __name__ == "__main__":
    sys.exit(main())
