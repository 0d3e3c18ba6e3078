"""The nrcgraph command: success paths, output formats and every kind of user error."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert "nrcgraph" in result.output and "0." in result.output


@pytest.mark.parametrize("command", ["sparql", "queries", "query", "stats", "validate", "add", "ontology-docs"])
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"nrcgraph {command}" in result.output or f"nrcgraph {command.rstrip('s')}" in result.output


def test_queries_lists_the_catalogue_with_summaries(run, catalogue):
    result = run("queries", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert result.exit_code == 0
    assert [r["name"] for r in rows] == catalogue.names()
    assert all(r["summary"] for r in rows)


def test_queries_filters_by_tag_and_text(run):
    by_tag = list(csv.DictReader(io.StringIO(run("queries", "--tag", "treaties", "-f", "csv").output)))
    assert by_tag and all("treaties" in r["tags"] for r in by_tag)
    by_text = list(csv.DictReader(io.StringIO(run("queries", "--search", "wikidata", "-f", "csv").output)))
    assert [r["name"] for r in by_text] == ["missing-wikidata"]


def test_query_prints_csv_when_piped(run):
    result = run("query", "meetings")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 5
    assert rows[0]["date"] == "2007-12-07"


def test_query_with_parameter(run):
    result = run("query", "statements-by-person", "--param", "speaker=person:anders-fogh-rasmussen", "-f", "json")
    rows = json.loads(result.output)
    assert result.exit_code == 0
    assert len(rows) == 14
    assert any(r["text"].startswith("Ten years ago we created") for r in rows)


def test_srj_is_w3c_sparql_results_json(run):
    data = json.loads(run("query", "post-holders", "-f", "srj").output)
    assert data["head"]["vars"] == ["person", "name", "post", "postIn", "attestedOn", "began", "ended", "endReason"]
    first = data["results"]["bindings"][0]
    assert first["person"] == {"type": "uri", "value": "https://w3id.org/nrcgraph/id/person/anders-fogh-rasmussen"}
    assert first["attestedOn"] == {
        "type": "literal",
        "value": "2012-04-19",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert first["name"] == {"type": "literal", "value": "Anders Fogh Rasmussen", "xml:lang": "en"}


def test_ask_srj_and_plain(run):
    assert run("query", "treaty-discussed").output == "true\n"
    data = json.loads(
        run("query", "treaty-discussed", "-p", "treaty=treaty:nato-russia-founding-act", "-f", "srj").output
    )
    assert data == {"head": {}, "boolean": False}


def test_tsv_and_table(run):
    tsv = run("query", "post-holders", "-f", "tsv").output.splitlines()
    assert tsv[0].split("\t") == ["person", "name", "post", "postIn", "attestedOn", "began", "ended", "endReason"]
    table = run("query", "post-holders", "-f", "table").output
    assert "Sergey Lavrov" in table and "3 rows" in table


def test_construct_prints_turtle(run):
    result = run("query", "co-attendance")
    assert result.exit_code == 0
    assert "@prefix nrc:" in result.output and "nrc:coAttended" in result.output
    from rdflib import Graph

    assert len(Graph().parse(data=result.output, format="turtle")) > 10


def test_sparql_select_and_from_file(run, tmp_path):
    result = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?m a nrc:Meeting }", "-f", "json")
    assert json.loads(result.output) == [{"n": 5}]
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { person:sergey-lavrov a nrc:Minister }")
    assert run("sparql", "--file", str(rq)).output == "true\n"


def test_sparql_describe(run):
    result = run("sparql", "DESCRIBE person:sergey-lavrov")
    assert "Sergey Lavrov" in result.output


def test_stats(run):
    result = run("stats", "-f", "csv")
    assert result.exit_code == 0
    assert "data/reference.ttl" in result.output.replace(os.sep, "/")
    assert "https://w3id.org/nrcgraph/ontology#Meeting,5" in result.output


def test_own_data_replaces_the_bundle(run, tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("<http://example.org/m> a <https://w3id.org/nrcgraph/ontology#Meeting> .\n")
    alone = run("--data", str(mine), "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?m a nrc:Meeting }", "-f", "json")
    assert json.loads(alone.output) == [{"n": 1}]
    both = run(
        "--data",
        str(mine),
        "--with-bundle",
        "sparql",
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a nrc:Meeting }",
        "-f",
        "json",
    )
    assert json.loads(both.output) == [{"n": 6}]


# --- errors: a clear message, the right exit code, never a traceback -------------


def test_bad_turtle_names_file_line_and_column(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unclosed ;\n')
    result = run("--data", str(bad), "stats")
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output
    assert 'ex:a ex:b "unclosed ;' in result.output
    assert "Traceback" not in result.output


def test_non_utf8_data_is_a_clear_error(run, tmp_path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes('<http://e/a> <http://e/b> "caf\xe9" .\n'.encode("latin-1"))
    result = run("--data", str(bad), "stats")
    assert result.exit_code == 1
    assert str(bad) in result.output


def test_unknown_query_lists_close_matches(run):
    result = run("query", "meeting")
    assert result.exit_code == 2
    assert "no saved query named 'meeting'" in result.output
    assert "meetings" in result.output and "meeting-participants" in result.output


def test_bad_sparql_shows_where(run):
    result = run("sparql", "SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 1
    assert "SPARQL syntax error" in result.output
    assert "SELECT ?s WHERE { ?s ?p }" in result.output and "^" in result.output


def test_missing_data_file_is_a_usage_error(run, tmp_path):
    result = run("--data", str(tmp_path / "missing.ttl"), "stats")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_missing_query_file_is_a_usage_error(run, tmp_path):
    result = run("sparql", "--file", str(tmp_path / "missing.rq"))
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "args, expected",
    [
        (["query", "meetings", "-p", "nope=1"], "has no parameter nope"),
        (["query", "meetings-between", "-p", "from=2007"], "expected xsd:date"),
        (["query", "cooperation-activities", "-p", "class=nrc:Person"], "must be one of"),
        (["query", "connections", "-p", "from=not an iri"], "expected an IRI"),
        (["query", "meetings", "-p", "novalue"], "NAME=VALUE"),
    ],
)
def test_parameter_errors_list_the_parameters(run, args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output


def test_graph_format_for_rows_is_a_usage_error(run):
    result = run("query", "meetings", "-f", "turtle")
    assert result.exit_code == 2


def test_console_script_exit_codes_without_traceback(tmp_path):
    """The installed command, as a user runs it, in another directory."""
    exe = [sys.executable, "-m", "nrcgraph"]
    ok = subprocess.run(exe + ["query", "meetings"], capture_output=True, text=True, cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.startswith("meeting,date")
    bad = subprocess.run(exe + ["query", "nosuch"], capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "no saved query" in bad.stderr


def test_bad_turtle_names_the_line_on_the_rdflib_engine_too(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unclosed ;\n')
    result = run("--engine", "rdflib", "--data", str(bad), "stats")
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output
    assert 'ex:a ex:b "unclosed ;' in result.output


def test_the_cached_help_is_the_live_help():
    """'nrcgraph --help' prints cli/help.txt before the command line loads: it must not drift."""
    from pathlib import Path

    from click.testing import CliRunner

    from nrcgraph.cli import cli

    live = CliRunner().invoke(cli, ["--help"], prog_name="nrcgraph", terminal_width=80).output
    cached = (Path(nrcgraph_package()) / "cli" / "help.txt").read_text(encoding="utf-8")
    assert cached == live, "run: bash scripts/refresh-help.sh"
    done = subprocess.run([sys.executable, "-m", "nrcgraph", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == live


def nrcgraph_package():
    import nrcgraph

    return os.path.dirname(nrcgraph.__file__)
