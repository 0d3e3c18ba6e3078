"""Workspaces: what 'add' writes is what the next query, export and serve read; the store
is derived from the files and follows them; writers never collide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import served

import nrcgraph
from nrcgraph.workspace import Workspace

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good" / "new-meeting.ttl"
NEW_MEETING = "https://w3id.org/nrcgraph/id/meeting/test-ambassadors-2008-01-15"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    Workspace.init(root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("NRCGRAPH_WORKSPACE", raising=False)
    return Workspace.open(root)


def meetings(run, *options):
    result = run(*options, "query", "meetings", "-f", "json")
    assert result.exit_code == 0, result.output
    return {row["meeting"] for row in json.loads(result.output)}


def test_init_makes_the_folders_config_and_a_store(workspace):
    root = workspace.root
    assert (root / "nrcgraph.toml").is_file() and (root / "data").is_dir()
    assert (root / "queries").is_dir() and (root / "shapes").is_dir()
    assert (root / ".nrcgraph" / "store").is_dir()
    assert ".nrcgraph/" in (root / ".gitignore").read_text()
    assert not workspace.stale()


def test_init_refuses_an_existing_workspace(workspace, run):
    result = run("init", str(workspace.root))
    assert result.exit_code == 2 and "already an nrcgraph workspace" in result.output


def test_added_meeting_is_seen_by_query_export_and_the_rdflib_engine(workspace, run, tmp_path):
    assert NEW_MEETING not in meetings(run)
    added = run("add", str(GOOD))
    assert added.exit_code == 0, added.output
    assert "20 new triples" in added.output
    assert (workspace.root / "data" / "new-meeting.ttl").is_file()  # the record: one file per source
    assert NEW_MEETING in meetings(run)
    assert NEW_MEETING in meetings(run, "--engine", "rdflib")
    out = tmp_path / "g.graphml"
    assert run("export", "-f", "graphml", "-o", str(out)).exit_code == 0
    assert "test-ambassadors-2008-01-15" in out.read_text()


def test_repeated_add_reports_nothing_new_and_changes_nothing(workspace, run):
    run("add", str(GOOD))
    target = workspace.root / "data" / "new-meeting.ttl"
    before = target.read_bytes()
    again = run("add", str(GOOD))
    assert again.exit_code == 0 and "0 new triples" in again.output
    assert target.read_bytes() == before


def test_a_workspace_is_found_from_a_subfolder_by_option_and_by_environment(workspace, run, monkeypatch, tmp_path):
    run("add", str(GOOD))
    deep = workspace.root / "notes" / "deeper"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert NEW_MEETING in meetings(run)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert NEW_MEETING not in meetings(run)  # outside: the bundle
    assert NEW_MEETING in meetings(run, "--workspace", str(workspace.root))
    monkeypatch.setenv("NRCGRAPH_WORKSPACE", str(workspace.root))
    assert NEW_MEETING in meetings(run)


def test_hand_edited_files_are_picked_up_and_removed_files_dropped(workspace, run):
    copy = workspace.root / "data" / "by-hand.ttl"
    copy.write_bytes(GOOD.read_bytes())
    assert NEW_MEETING in meetings(run)
    copy.unlink()
    assert NEW_MEETING not in meetings(run)


def test_a_broken_file_is_refused_and_the_store_keeps_what_it_had(workspace, run):
    run("add", str(GOOD))
    broken = workspace.root / "data" / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    result = run("query", "meetings")
    assert result.exit_code == 1 and "broken.ttl:1" in result.output
    broken.unlink()
    assert NEW_MEETING in meetings(run)


def test_workspace_queries_hide_bundled_ones_and_add_their_own(workspace, run):
    (workspace.root / "queries" / "meeting-count.rq").write_text(
        "#+ summary: How many meetings\nPREFIX nrc: <https://w3id.org/nrcgraph/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a nrc:Meeting }\n"
    )
    listed = run("queries", "-f", "csv").output
    assert "meeting-count" in listed and "treaty-history" in listed
    assert run("query", "meeting-count", "-f", "csv").output.splitlines()[1] == "5"


def test_workspace_shapes_are_checked_beside_the_bundled_ones(workspace, run):
    (workspace.root / "shapes" / "strict.ttl").write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix nrc: <https://w3id.org/nrcgraph/ontology#> .
<urn:shape:needs-place> a sh:NodeShape ; sh:targetClass nrc:Meeting ;
  sh:property [ sh:path nrc:place ; sh:minCount 1 ; sh:message "this workspace wants a place" ] .
""")
    result = run("validate", str(GOOD))
    assert result.exit_code == 1 and "this workspace wants a place" in result.output


def test_the_fingerprint_follows_the_files(workspace):
    before = workspace.fingerprint()
    (workspace.root / "data" / "new-meeting.ttl").write_bytes(GOOD.read_bytes())
    assert workspace.fingerprint() != before


def test_two_writers_at_once_get_a_clear_message(workspace):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from nrcgraph.workspace import Workspace; "
                f"w = Workspace.open({str(workspace.root)!r}); w.write_lock().require(); print('held', flush=True); time.sleep(30)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = sorted(p.name for p in (workspace.root / "data").iterdir())
        done = subprocess.run(
            [sys.executable, "-m", "nrcgraph", "add", str(GOOD)],
            cwd=workspace.root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert "in use by another nrcgraph" in done.stderr and "Traceback" not in done.stderr
        assert sorted(p.name for p in (workspace.root / "data").iterdir()) == before
    finally:
        holder.kill()
        holder.wait()


def test_the_served_workspace_answers_over_http(workspace, tmp_path):
    """The README's walk-through: init, serve, add in another terminal, and the page sees it."""
    with served(cwd=workspace.root) as base:
        url = f"{base}/sparql?query=" + urllib.request.quote(f"ASK {{ <{NEW_MEETING}> ?p ?o }}")
        answer = json.loads(urllib.request.urlopen(url, timeout=5).read())
        assert answer == {"head": {}, "boolean": False}
        added = subprocess.run(
            [sys.executable, "-m", "nrcgraph", "add", str(GOOD)],
            cwd=workspace.root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert added.returncode == 0, added.stderr
        time.sleep(1.1)
        assert json.loads(urllib.request.urlopen(url, timeout=5).read())["boolean"] is True


def test_the_python_api_uses_a_workspace_too(workspace):
    workspace_graph = workspace.graph()
    try:
        assert len(workspace_graph) == len(nrcgraph.load())
    finally:
        workspace_graph.close()


def test_the_store_is_never_the_only_copy(workspace, run):
    run("add", str(GOOD))
    import shutil

    shutil.rmtree(workspace.root / ".nrcgraph")
    assert NEW_MEETING in meetings(run)


@pytest.mark.parametrize(
    "name",
    [
        "new-meeting.nt",
        "new-meeting.jsonld",
        "new-meeting.rdf",
        "new-meeting.trig",
        "new-meeting.nq",
        "new-meeting-bom.ttl",
    ],
)
def test_every_rdf_format_is_validated_and_added(workspace, run, name):
    source = HERE / "formats" / name
    checked = run("validate", str(source))
    assert checked.exit_code == 0, checked.output
    added = run("add", str(source))
    assert added.exit_code == 0, added.output
    assert "20 new triples" in added.output
    assert NEW_MEETING in meetings(run)


def test_explicit_input_format_for_an_unusual_extension(workspace, run, tmp_path):
    odd = tmp_path / "meeting.data"
    odd.write_bytes((HERE / "formats" / "new-meeting.nt").read_bytes())
    refused = run("validate", str(odd))
    assert refused.exit_code == 2 and "--format" in refused.output or "input-format" in refused.output
    assert run("validate", str(odd), "--input-format", "ntriples").exit_code == 0


def test_file_modes_survive_an_add(workspace, run):
    target = workspace.root / "data" / "new-meeting.ttl"
    target.write_text("")
    os.chmod(target, 0o600)
    assert run("add", str(GOOD)).exit_code == 0
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


def test_add_in_a_workspace_works_whatever_engine_reads_it(workspace, run):
    added = run("--engine", "rdflib", "add", str(GOOD))
    assert added.exit_code == 0 and "20 new triples" in added.output
    assert NEW_MEETING in meetings(run, "--engine", "rdflib")
