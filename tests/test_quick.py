"""A simple ``nrcgraph query NAME`` is answered without the command line's libraries
(quick.py), and answers exactly as the full command does; anything else, or anything
wrong, goes to the full command line and gets its usual message and exit code."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from golden_cases import EXTRA

import nrcgraph
from nrcgraph.quick import parse

ENV = {k: v for k, v in os.environ.items() if k != "NRCGRAPH_WORKSPACE"}


def nrcgraph_process(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nrcgraph", *args], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=120
    )


CASES = [(q.name, {}) for q in nrcgraph.Catalogue()] + EXTRA


@pytest.mark.parametrize("fmt", ["csv", "json", "srj", "turtle"])
def test_every_saved_query_answers_as_the_full_command_does(run, fmt):
    for name, params in CASES:
        args = ["query", name, "-f", fmt]
        for key, value in params.items():
            args += ["-p", f"{key}={value}"]
        quick = nrcgraph_process(*args)
        full = run(*args)
        assert quick.returncode == full.exit_code, (name, quick.stderr)
        if full.exit_code == 0:
            assert quick.stdout == full.output, name
        else:  # a CONSTRUCT query asked for rows: the full command line's message
            assert full.output.splitlines()[-1] in quick.stderr, name


@pytest.mark.parametrize("on_store", [False, True])
def test_a_simple_query_imports_no_command_line_library(run, tmp_path, on_store):
    before = []
    if on_store:
        assert run("load", "--store", str(tmp_path / "store")).exit_code == 0
        before = ["--store", str(tmp_path / "store")]
    code = (
        f"import sys; sys.argv = ['nrcgraph', *{before!r}, 'query', 'meetings', '-f', 'csv']\n"
        "from nrcgraph.__main__ import main\n"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main()\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich', 'rdflib', 'yaml', 'typing'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["query", "nosuch", "-f", "csv"], 2, "nosuch"),
        (["query", "meetings-between", "-p", "from=2012-13-01", "-f", "csv"], 2, "2012-13-01"),
        (["query", "meetings", "-f", "table"], 0, "rows"),
        (["query", "meetings", "--show"], 0, "SELECT"),
        (["query", "treaty-graph", "-f", "csv"], 2, "graph"),
    ],
)
def test_anything_else_goes_to_the_full_command_line(args, code, words):
    done = nrcgraph_process(*args)
    assert done.returncode == code and words in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_the_quick_path_reads_the_workspace(run, tmp_path):
    work = tmp_path / "ws"
    assert run("init", str(work)).exit_code == 0
    (work / "queries" / "count.rq").write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a nrc:Meeting }\n")
    done = nrcgraph_process("query", "count", "-f", "csv", cwd=work)
    assert done.returncode == 0 and done.stdout.splitlines()[1] == "5"


def test_options_are_parsed_strictly():
    assert parse(["meetings", "-f", "csv", "-p", "a=b", "--param", "c=d=e"]) == (
        "meetings",
        "csv",
        {"a": "b", "c": "d=e"},
    )
    for args in (
        ["-f", "csv"],
        ["meetings", "-f"],
        ["meetings", "-f", "table"],
        ["meetings", "-p", "x"],
        ["meetings", "--show"],
    ):
        assert parse(args) is None


def test_the_quick_path_reads_a_store(run, tmp_path):
    store = tmp_path / "store"
    assert run("load", "--store", str(store)).exit_code == 0
    for fmt in ("csv", "json"):
        quick = nrcgraph_process("--store", str(store), "query", "meetings", "-f", fmt)
        full = run("--store", str(store), "query", "meetings", "-f", fmt)
        assert quick.returncode == 0 and quick.stdout == full.output and len(quick.stdout.splitlines()) > 3
    missing = nrcgraph_process("--store", str(tmp_path / "nothing"), "query", "meetings", "-f", "csv")
    assert missing.returncode == 2 and "no store at" in missing.stderr and "Traceback" not in missing.stderr
