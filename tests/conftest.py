"""Shared fixtures: the bundled graph on both engines, the catalogue, a CLI runner."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import nrcgraph
from nrcgraph import bundle

# The tests pin facts of the two seed releases: the bundle they load is the seeds and their
# reference data (read when a graph is loaded; every process they start inherits it). The
# whole record is tested on its own, without it, by tests/test_record.py.
SEED_DATA = (
    "reference.ttl",
    "2007-12-07-nrc-foreign-ministers-meet.ttl",
    "2012-04-19-nrc-ministers-closer-cooperation.ttl",
)
os.environ["NRCGRAPH_BUNDLE_DATA"] = os.pathsep.join(SEED_DATA)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = bundle.data_dir() / "sources"


@pytest.fixture(scope="session")
def graph():
    return nrcgraph.load()


@pytest.fixture(scope="session")
def rdflib_graph():
    return nrcgraph.load(engine_name="rdflib")


@pytest.fixture(scope="session")
def catalogue():
    return nrcgraph.Catalogue()


@pytest.fixture(scope="session")
def data_graph():
    """The bundle as one rdflib graph, for pyshacl."""
    from nrcgraph.validation.shacl import load_rdflib

    return load_rdflib(bundle.default_sources())


@pytest.fixture(scope="session")
def shapes_graph():
    from rdflib import Graph

    return Graph().parse(str(bundle.shapes_file()))


@pytest.fixture
def run():
    """Run the CLI in-process: run("query", "meetings") -> click Result."""
    from nrcgraph.cli import cli

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def ask(graph, sparql: str) -> set:
    """The set of rows (tuples of plain values) a query gives; one value rows become the value."""
    result = graph.query(sparql)
    if result.kind == "ask":
        return result.boolean
    rows = set()
    for row in result.rows:
        values = tuple(None if t is None else t.value for t in row)
        rows.add(values[0] if len(values) == 1 else values)
    return rows


@contextlib.contextmanager
def served(cwd=None):
    """A real 'nrcgraph serve' in its own process on a free local port; yields its base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "nrcgraph", "serve", "--port", str(port)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=2).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


class Listener:
    """A local TCP server that counts the connections made to it: the attack tests point
    their hostile targets at it and expect none."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stopped = True
        self.thread.join(timeout=2)
        self.sock.close()
