"""'nrcgraph serve' attacked as a careful tester would (issue 23): real servers in their own
processes on free local ports, real HTTP clients, and what they log.

- nothing but routing on the event loop: /health answers from a kept count, and the search
  index is built in a thread and kept beside the store, so a restart does not build it;
- light queries never wait behind heavy ones (40 /health and 8 heavy queries at once);
- every error short, escaped, with its status (400, 404, 413), never a traceback;
- the access log one escaped line per request;
- a read-only workspace answers reads; only writing commands refuse, in one line.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent
GOOD = HERE / "formats" / "new-meeting.nt"
PRODUCT3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "ASK { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real ``nrcgraph serve`` process; its log (stderr) is kept in a file."""

    def __init__(self, base: str, process: subprocess.Popen, log: Path):
        self.base, self.process, self.log = base, process, log

    def text(self) -> str:
        return self.log.read_bytes().decode("utf-8", "replace")


@contextlib.contextmanager
def serving(tmp_path: Path, *args: str, cwd: Path | None = None, before: tuple[str, ...] = (), wrap=()):
    """``nrcgraph [before] serve --port P [args]`` until the block ends (``wrap``: a command
    that runs it, such as a private read-only mount)."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    command = [*wrap, sys.executable, "-m", "nrcgraph", *before, "serve", "--port", str(port), *args]
    with open(log, "wb") as err:
        process = subprocess.Popen(command, cwd=cwd or tmp_path, stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')}") from None
                time.sleep(0.1)
        yield Server(base, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(url: str, accept: str | None = None, timeout: float = 30) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read().decode("utf-8")


def q(text: str) -> str:
    return "/sparql?query=" + urllib.parse.quote(text)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    with serving(folder, "--timeout", "2", "--max-body", "100000") as running:
        yield running


# --- the event loop does nothing but route ---------------------------------------------


def test_health_answers_from_the_count_kept(server):
    import nrcgraph

    code, _, body = get(server.base + "/health")
    answer = json.loads(body)
    assert code == 200 and answer["triples"] == len(nrcgraph.load())
    assert len(answer["workers"]) == 2 and len(answer["light"]) == 2


def test_the_search_index_is_kept_beside_the_store_and_not_built_again(tmp_path):
    store = tmp_path / "store"
    built = subprocess.run(
        [sys.executable, "-m", "nrcgraph", "load", "--store", str(store)], capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    kept = tmp_path / "store.search.sqlite"
    with serving(tmp_path, before=("--store", str(store))) as first:
        deadline = time.monotonic() + 60
        while not kept.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert kept.exists()
        code, _, body = get(first.base + "/search?q=council")
        assert code == 200 and "NATO-Russia Council" in body
    written = kept.stat().st_mtime_ns
    with serving(tmp_path, before=("--store", str(store))) as second:
        code, _, body = get(second.base + "/search?q=council")
        assert code == 200 and "NATO-Russia Council" in body
    assert kept.stat().st_mtime_ns == written  # read at the restart, not built again


def test_a_workspace_keeps_its_search_index_in_its_state_folder(tmp_path):
    subprocess.run([sys.executable, "-m", "nrcgraph", "init", "ws"], cwd=tmp_path, check=True, capture_output=True)
    workspace = tmp_path / "ws"
    with serving(tmp_path, cwd=workspace) as running:
        assert get(running.base + "/search?q=council")[0] == 200
    kept = workspace / ".nrcgraph" / "search.sqlite"
    assert kept.is_file()
    with serving(tmp_path, cwd=workspace) as running:
        assert "Test ambassadorial meeting" not in get(running.base + "/search?q=ambassadorial")[2]
        added = subprocess.run(
            [sys.executable, "-m", "nrcgraph", "add", str(GOOD)], cwd=workspace, capture_output=True, timeout=300
        )
        assert added.returncode == 0, added.stderr
        time.sleep(1.1)
        assert get(running.base + "/health")[0] == 200  # and a search finds what was added
        deadline = time.monotonic() + 30
        while "Test ambassadorial meeting" not in get(running.base + "/search?q=ambassadorial")[2]:
            assert time.monotonic() < deadline, "the search index did not follow the change"
            time.sleep(0.2)
        code, _, body = get(running.base + "/health")
        assert json.loads(body)["triples"] > 0


# --- light queries never wait behind heavy ones ------------------------------------------


def timed(url: str) -> tuple[float, float, int]:
    """(start, end, status) of one request, by the monotonic clock."""
    start = time.monotonic()
    code = get(url, timeout=60)[0]
    return start, time.monotonic(), code


def test_a_light_query_does_not_wait_behind_heavy_ones_or_health(tmp_path):
    """8 heavy queries (each runs to the 2 s limit; two workers: they end over 8 s) and 40
    /health calls at once: a light query sent while they run is answered within 0.2 s of
    the time it takes alone, and long before any heavy one ends."""
    with serving(tmp_path, "--timeout", "2") as running:
        light = running.base + q(LIGHT)
        alone = statistics.median(end - start for start, end, _ in (timed(light) for _ in range(7)))
        with concurrent.futures.ThreadPoolExecutor(56) as pool:
            heavy = [pool.submit(timed, running.base + q(PRODUCT3)) for _ in range(8)]
            time.sleep(0.3)  # the heavy ones are running or waiting
            health = [pool.submit(timed, running.base + "/health") for _ in range(40)]
            loaded = []
            for _ in range(5):
                start, end, code = timed(light)
                assert code == 200
                loaded.append(end - start)
            light_done = time.monotonic()
            assert all(f.result()[2] == 200 for f in health)
            ends = [f.result() for f in heavy]
        assert all(code == 503 for _, _, code in ends)  # each ran to the time limit
        assert light_done < min(end for _, end, _ in ends)
        assert max(loaded) - alone < 0.2, (alone, loaded)


def test_a_heavy_query_that_looks_light_costs_the_light_lane_a_moment_only(tmp_path):
    """A query with a small LIMIT that is heavy all the same starts in the light lane, is
    moved to the heavy lane within its budget, and is sent there at once the next time."""
    looks_light = (
        "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER (CONCAT(STR(?c), STR(?f), STR(?i)) = 'no') } LIMIT 1"
    )
    with serving(tmp_path, "--timeout", "3") as running:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            sly = pool.submit(timed, running.base + q(looks_light))
            time.sleep(0.6)  # past the light lane's budget: moved to the heavy lane by now
            start, end, code = timed(running.base + q(LIGHT))
            assert code == 200 and end - start < 0.5
            assert sly.result()[2] == 503


# --- every error short, escaped, with its status ----------------------------------------


def test_a_control_character_in_a_search_is_a_400(server):
    code, _, body = get(server.base + "/search?q=%00")
    assert code == 400 and "control character" in body and "\x00" not in body and len(body) < 200
    assert get(server.base + "/search?q=a%01b", "text/html")[0] == 400
    assert get(server.base + "/search?q=council")[0] == 200


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json", None])
def test_an_entity_that_is_not_in_the_graph_is_a_404(server, accept):
    code, _, body = get(server.base + "/id/person/nobody-at-all", accept)
    assert code == 404 and "not in this graph" in body
    assert get(server.base + "/id/person/sergey-lavrov", accept)[0] == 200


@pytest.mark.parametrize("path", ["/id/x%00y", "/id/a%0ab", "/id/x%22y", "/id/x%3Ey", "/id/x%20y", "/vocab/%7B"])
def test_a_path_that_cannot_be_an_iri_is_a_404_that_quotes_no_query(server, path):
    for accept in ("text/html", "text/turtle"):
        code, _, body = get(server.base + path, accept)
        assert code == 404
        assert "CONSTRUCT" not in body and "SELECT" not in body and "\x00" not in body


def test_a_syntax_error_quotes_only_what_the_client_sent(server):
    mine = "SELECT ?s WHERE { ?s ?p }"
    code, _, body = get(server.base + q(mine))
    assert code == 400 and mine in body  # the client's own line, with the caret
    # A query the server rewrites (a LIMIT for the row cap) is never quoted as rewritten.
    code, _, body = get(server.base + q("SELECT * WHERE { ?s ?p ?o } LIMIT"))
    assert code == 400 and "LIMIT 10001" not in body and "10001" not in body


def test_a_crash_in_the_engine_is_not_called_memory(server):
    """FILTER with fifty thousand '!': refused (400) before or by the engine; never reported
    as a lack of memory, and the server answers the next query."""
    code, body = post(server.base, "ASK { FILTER(" + "!" * 50_000 + "true) }")
    assert code == 400 and "memory" not in body and len(body) < 300
    assert get(server.base + q(LIGHT))[0] == 200


def post(base: str, query: str) -> tuple[int, str]:
    request = urllib.request.Request(
        base + "/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def post_chunked(base: str, chunks, ctype: str = "application/sparql-query") -> tuple[int, bytes]:
    """POST a chunked body with http.client; (status, body). A reset fails the test."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("POST", "/sparql", body=chunks, headers={"Content-Type": ctype}, encode_chunked=True)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_an_oversized_chunked_body_is_a_413_without_a_traceback(server):
    before = len(server.text())
    status, body = post_chunked(server.base, (b"x" * 4096 for _ in range(64)))
    assert status == 413 and b"100,000 bytes" in body
    status, _ = post_chunked(server.base, iter([b"ASK { ?s ?p ?o }"]))
    assert status == 200  # and the next one is answered
    time.sleep(0.2)
    logged = server.text()[before:]
    assert "Traceback" not in logged and "POST /sparql 413" in logged


def test_a_chunk_too_large_to_read_leaves_no_traceback(server):
    """A chunk size no HTTP parser reads: the server's 400, and no traceback in its log."""
    before = len(server.text())
    parts = urllib.parse.urlsplit(server.base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + b"9" * 30 + b"\r\n" + b"a" * 1000
        )
        answer = s.recv(1000)
    assert answer.startswith(b"HTTP/1.1 4")
    time.sleep(0.3)
    assert "Traceback" not in server.text()[before:]
    assert get(server.base + "/health")[0] == 200


# --- the access log --------------------------------------------------------------------


def test_the_access_log_is_one_escaped_line_per_request(server):
    import re

    before = len(server.log.read_bytes())
    paths = ["/id/a%0ab", "/id/x%00y", "/search?q=%0d%0aFAKE%20200", "/id/%E2%80%A8x", "/queries/%0a"]
    for path in paths:
        get(server.base + path)
    time.sleep(0.3)
    logged = server.log.read_bytes()[before:]
    assert b"\x00" not in logged and b"\r" not in logged
    lines = logged.decode("utf-8").splitlines()
    # Every line is a log line of its own (none begun by a newline a client sent) ...
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", line) for line in lines), lines
    # ... and each request is one of them, its path as sent.
    for path in paths:
        assert sum(f" GET {path} " in line for line in lines) == 1, (path, lines)


# --- a read-only workspace -------------------------------------------------------------


def read_only(folder: Path) -> tuple[str, ...]:
    """The command prefix that runs a command with ``folder`` mounted read-only over itself,
    in a mount namespace of its own (nothing outside it changes); skips when the sandbox
    allows no such mount."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) for a private read-only mount")
    prefix = (
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" && exec "$@"',
        str(folder),
    )
    probe = subprocess.run([*prefix, "sh", "-c", "! touch .probe 2>/dev/null"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"a read-only bind mount is not allowed here: {probe.stderr.decode(errors='replace').strip()}")
    return prefix


@pytest.fixture(params=["with its store", "without its state folder"])
def read_only_workspace(request, tmp_path):
    subprocess.run([sys.executable, "-m", "nrcgraph", "init", "ws"], cwd=tmp_path, check=True, capture_output=True)
    workspace = tmp_path / "ws"
    if request.param == "without its state folder":
        shutil.rmtree(workspace / ".nrcgraph")
    return workspace, read_only(workspace)


def run_in(prefix: tuple[str, ...], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "nrcgraph", *args], capture_output=True, text=True, timeout=300
    )


def test_a_read_only_workspace_answers_reads(read_only_workspace):
    workspace, prefix = read_only_workspace
    stats = run_in(prefix, "stats")
    assert stats.returncode == 0 and "Read-only" not in stats.stderr, stats.stderr
    meetings = run_in(prefix, "query", "meetings", "--format", "csv")
    assert meetings.returncode == 0 and "nrc-foreign-ministers-2012-04-19" in meetings.stdout, meetings.stderr
    asked = run_in(prefix, "sparql", LIGHT)
    assert asked.returncode == 0 and "true" in asked.stdout, asked.stderr


def test_a_read_only_workspace_refuses_writes_in_one_line(read_only_workspace):
    workspace, prefix = read_only_workspace
    before = sorted(p.name for p in (workspace / "data").iterdir())
    added = run_in(prefix, "add", str(GOOD))
    assert added.returncode != 0
    assert "Traceback" not in added.stderr and len(added.stderr.strip().splitlines()) == 1, added.stderr
    assert "read-only" in added.stderr
    assert sorted(p.name for p in (workspace / "data").iterdir()) == before


def test_a_read_only_workspace_is_served(read_only_workspace, tmp_path):
    workspace, prefix = read_only_workspace
    with serving(tmp_path, cwd=workspace, wrap=prefix) as running:
        code, _, body = get(running.base + q(LIGHT))
        assert code == 200 and json.loads(body)["boolean"] is True
        assert get(running.base + "/queries/meetings")[0] == 200
        assert get(running.base + "/search?q=council")[0] == 200
        assert "Traceback" not in running.text()


def test_a_store_on_a_read_only_file_system_answers_reads(tmp_path):
    folder = tmp_path / "kept"
    folder.mkdir()
    built = subprocess.run(
        [sys.executable, "-m", "nrcgraph", "load", "--store", str(folder / "store")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    prefix = read_only(folder)
    asked = run_in(prefix, "--store", "store", "sparql", LIGHT)
    assert asked.returncode == 0 and "true" in asked.stdout, asked.stderr
    with serving(tmp_path, cwd=folder, before=("--store", "store"), wrap=prefix) as running:
        assert get(running.base + q(LIGHT))[0] == 200
        assert get(running.base + "/search?q=council")[0] == 200  # the index in memory only
        assert "Traceback" not in running.text()
    assert not (folder / "store.search.sqlite").exists()


def test_a_lock_that_cannot_be_written_leaves_reads_working(tmp_path, monkeypatch):
    """Without a mount: creating any lock file fails as on a read-only file system."""
    import errno

    import nrcgraph
    from nrcgraph import atomic
    from nrcgraph.atomic import Unwritable

    workspace = nrcgraph.Workspace.init(tmp_path / "ws")
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path).endswith(".lock") and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", refusing)
    graph = workspace.graph()
    try:
        assert len(graph) == len(nrcgraph.load())
    finally:
        graph.close()
    with pytest.raises(Unwritable, match="read-only"):
        workspace.add(GOOD)


def test_the_light_lane_guess():
    from nrcgraph.web.workers import looks_light

    assert looks_light("ASK { ?s ?p ?o }")
    assert looks_light("PREFIX x: <http://x/> ASK { ?s x:p ?o }")
    assert looks_light("SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    assert not looks_light("SELECT * WHERE { ?s ?p ?o }")
    assert not looks_light(PRODUCT3)
    assert not looks_light("SELECT * WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 10")
    assert not looks_light("SELECT * WHERE { ?s <http://x/p>* ?o } LIMIT 10")
    assert not looks_light("SELECT * WHERE { ?s ?p ?o } LIMIT 100000")
