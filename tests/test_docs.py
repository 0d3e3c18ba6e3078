"""The documentation works: every command shown in README.md and docs/*.md runs, in a
temporary workspace holding the files the examples name, and docs/cli.md is current.

Left out, each for a stated reason: `serve` (it runs until stopped; tests/test_serve.py
and tests/test_workspace.py run it), `push` and `--endpoint` (they need a remote server;
tests/test_virtuoso.py runs them against Virtuoso), and the set-up lines of the quick
start (pip installs, run by .ci/run). Sizes of a million triples are cut to 2,000.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
GOOD = HERE / "good" / "new-meeting.ttl"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIP = re.compile(r"(^|\s)(serve|push)(\s|$)|--endpoint|pip install|python3 -m venv")
CURATED = """@prefix nrc: <https://w3id.org/nrcgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix doc: <https://w3id.org/nrcgraph/id/document/> .
doc:curated a nrc:NewsItem ; rdfs:label "A curated item"@en ; dcterms:title "Curated"@en ;
    dcterms:publisher <https://w3id.org/nrcgraph/id/organisation/nato> ;
    dcterms:issued "2011-12-08"^^xsd:date ; foaf:page <https://example.org/curated> ; nrc:sha256 "SHA" .
<https://w3id.org/nrcgraph/id/status-change/curated> a nrc:StatusChange ;
    nrc:statusOf <https://w3id.org/nrcgraph/id/meeting/nrc-foreign-ministers-2007-12-07> ;
    nrc:status <https://w3id.org/nrcgraph/vocab/status/held> ;
    nrc:attestedOn "2011-12-08"^^xsd:date ;
    nrc:passage "PASSAGE" ;
    prov:wasDerivedFrom doc:curated .
"""
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix nrc: <https://w3id.org/nrcgraph/ontology#> .
<urn:shape:meeting-label> a sh:NodeShape ; sh:targetClass nrc:Meeting ;
  sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 1 ] .
"""


def blocks(path: Path) -> list[list[str]]:
    """The nrcgraph command lines of each code block (and queries.md's inline examples)."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        lines = []
        for raw in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", raw.strip())
            if line.startswith(("nrcgraph ", "cd ", "sed ")) and not SKIP.search(line):
                lines.append(line.replace("--triples 1000000", "--triples 2000"))
        if lines:
            found.append(lines)
    if path.name == "queries.md":
        found += [[span] for span in re.findall(r"`(nrcgraph query [a-z-]+)`", text)]
    return found


CASES = [(path.name, i, lines) for path in DOCS for i, lines in enumerate(blocks(path))]


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory):
    """A workspace holding every file the examples name."""
    base = tmp_path_factory.mktemp("docs") / "work"
    env = command_env()
    subprocess.run([sys.executable, "-m", "nrcgraph", "init", str(base)], check=True, env=env, capture_output=True)
    good = GOOD.read_text()
    another = good.replace("test-ambassadors", "test-ambassadors-two").replace("2008-01-15", "2008-02-15")
    # The good file as ontology 0.1.0 wrote it, for the migrate examples.
    old = good.replace("test-ambassadors", "test-ambassadors-old").replace(
        "    prov:hadRole role:delegate ;\n",
        "    nrc:meeting meeting:test-ambassadors-old-2008-01-15 ;\n    nrc:role role:delegate ;\n",
    )
    assert "nrc:role role:delegate" in old
    files = {
        "data/my-meetings.ttl": old,
        "new-meeting.ttl": good,
        "another.ttl": another,
        "new.ttl": good,
        "a.ttl": good,
        "my.ttl": good,
        "my-data/extra.ttl": another,
        "my-shapes.ttl": SHAPES,
        "my-query.rq": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n",
    }
    (base / "docs").mkdir()
    for name, text in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_text(text)
    for name in ("new-meeting.jsonld", "new-meeting.nt"):
        shutil.copy(HERE / "formats" / name, base / name)
    shutil.copy(HERE / "formats" / "new-meeting.jsonld", base / "b.jsonld")
    shutil.copy(HERE / "drafts" / "2013-03-15-ambassadors.html", base / "release.html")
    shutil.copy(HERE / "drafts" / "2011-12-08-foreign-ministers.txt", base / "release.txt")
    (base / "releases").mkdir()
    for name in ("2007-07-16-treaty-decree.txt", "2013-07-04-no-meeting.md"):
        shutil.copy(HERE / "drafts" / name, base / "releases" / name)
    shutil.copy(HERE / "formats" / "new-meeting.nt", base / "new.nt")
    # A curated file and its text, for the anchor and validate --texts examples.
    (base / "texts").mkdir()
    shutil.copy(HERE / "drafts" / "2011-12-08-foreign-ministers.txt", base / "texts" / "release.txt")
    text = (base / "texts" / "release.txt").read_text(encoding="utf-8")
    passage = next(line for line in text.splitlines() if len(line) > 40 and '"' not in line)[:40]
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (base / "curated.ttl").write_text(CURATED.replace("SHA", sha).replace("PASSAGE", passage), encoding="utf-8")
    from nrcgraph import bundle

    shutil.copy(bundle.data_dir() / "reference.ttl", base / "data" / "reference.ttl")
    for args in (["load", "--store", "store"], ["generate", "--triples", "2000", "-o", "generated"]):
        subprocess.run([sys.executable, "-m", "nrcgraph", *args], cwd=base, check=True, env=env, capture_output=True)
    return base


def command_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("NRCGRAPH_WORKSPACE", None)
    return env


@pytest.mark.parametrize("doc, index, lines", CASES, ids=[f"{doc}-{i}" for doc, i, _ in CASES])
def test_every_documented_command_runs(fixture_dir, tmp_path, doc, index, lines):
    work = tmp_path / "work"
    shutil.copytree(fixture_dir, work, symlinks=True)
    cwd = work
    env = command_env()
    for line in lines:
        if line.startswith("cd ") and "&&" not in line:  # a cd of its own lasts for the block
            cwd = (cwd / line[3:].strip()).resolve()
            continue
        here = cwd  # one inside a chain, for the chain
        for part in [p.strip() for p in line.split("&&")]:
            if part.startswith("cd "):
                here = (here / part[3:].strip()).resolve()
                continue
            done = subprocess.run(part, shell=True, cwd=here, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, f"{doc}: {part}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            assert "Traceback" not in done.stderr


def test_the_examples_cover_every_command():
    shown = " ".join(line for _, _, lines in CASES for line in lines)
    from nrcgraph.cli import cli

    for name in cli.commands:
        if name in ("serve", "push"):
            continue
        assert f"nrcgraph {name}" in shown or f" {name} " in shown, name


def test_the_cli_reference_is_current():
    from cogapp import Cog

    cog = Cog()
    cog.options.verbosity = 0
    assert cog.main(["cog", "--check", str(ROOT / "docs" / "cli.md")]) == 0, "run: cog -r docs/cli.md"
