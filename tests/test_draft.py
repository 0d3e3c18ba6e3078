"""nrcgraph draft: releases to reviewed Turtle.

Quality is measured, not assumed: each seed release is drafted against the graph
without its own data file and compared, fact by fact, with the curated data; each test
release of tests/drafts/ with the facts written down for it beforehand. The targets of
the issue hold on both: recall at least 0.8, precision at least 0.9, overall. The
timing is the benchmark's business (benchmarks/draft_quality.py), not a test's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import nrcgraph
from nrcgraph import bundle
from nrcgraph.graph import rdf_files
from nrcgraph.ingest.draft import draft
from nrcgraph.ingest.draft.evaluate import LEGACY_KINDS, SEEDS, Score, expected_facts, facts, only
from nrcgraph.validation.shacl import check

HERE = Path(__file__).resolve().parent
RELEASES = sorted(
    p for p in (HERE / "drafts").iterdir() if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
)
DECREE = HERE / "drafts" / "2007-07-16-treaty-decree.txt"
ID = "https://w3id.org/nrcgraph/id/"


def drafted(release: Path, graph, tmp_path: Path):
    result = draft(release, graph)
    out, source = result.write(tmp_path / f"{result.name}.ttl")
    merged = nrcgraph.load(*graph.files, out)
    doc = merged.query(f"SELECT ?d WHERE {{ ?d nrc:sourceFile 'sources/{result.name}.txt' }}").rows[0][0].value
    return result, out, merged, doc


@pytest.fixture(scope="module")
def seed_drafts(tmp_path_factory):
    curated = nrcgraph.load()
    out = {}
    for data_file, text in SEEDS.items():
        files = [p for p in rdf_files(bundle.default_sources()) if p.name != data_file]
        graph = nrcgraph.load(*files)
        result, path, merged, doc = drafted(
            bundle.data_dir() / "sources" / text, graph, tmp_path_factory.mktemp("seed")
        )
        curated_doc = next(
            row[0].value for row in curated.query(f"SELECT ?d WHERE {{ ?d nrc:sourceFile 'sources/{text}' }}").rows
        )
        out[data_file] = (result, path, merged, doc, graph, only(facts(curated, curated_doc), LEGACY_KINDS))
    return out


def test_seed_releases_meet_the_targets(seed_drafts):
    score = Score()
    for _result, _path, merged, doc, _graph, expected in seed_drafts.values():
        score.add(expected, facts(merged, doc))
    print(score.table())
    assert score.recall() >= 0.8 and score.precision() >= 0.9, score.table()


def test_own_test_releases_meet_the_targets(tmp_path):
    graph = nrcgraph.load()
    score = Score()
    for release in RELEASES:
        expected = expected_facts(
            json.loads((release.parent / f"{release.name.split('.')[0]}.expected.json").read_text())
        )
        result, path, merged, doc = drafted(release, graph, tmp_path / release.stem)
        score.add(expected, facts(merged, doc))
    print(score.table())
    assert len(RELEASES) >= 5
    assert score.recall() >= 0.8 and score.precision() >= 0.9, score.table()


@pytest.mark.parametrize("release", RELEASES, ids=[r.name for r in RELEASES])
def test_a_draft_validates_as_it_is_and_quotes_its_release(release, tmp_path):
    graph = nrcgraph.load()
    result, path, merged, doc = drafted(release, graph, tmp_path)
    report = check([path], graph)  # passages and the digest are checked against sources/ too
    assert report.conforms, [str(f) for f in report.findings if f.severity == "Violation"]
    pending = [f for f in report.findings if f.component == "ReviewPending"]
    assert len(pending) == result.to_review > 0
    assert all(f.file == str(path) and f.line for f in pending)
    # Every drafted node: its source, its review status, its confidence and its rule.
    unmarked = merged.query(
        f"""SELECT ?n WHERE {{ ?n prov:wasDerivedFrom <{doc}> .
              FILTER NOT EXISTS {{ ?n nrc:reviewStatus ?s ; nrc:confidence ?c ; nrc:draftRule ?r }} }}"""
    ).rows
    assert unmarked == []


def test_seed_drafts_conform_and_mark_what_they_infer(seed_drafts):
    result, path, merged, doc, graph, expected = seed_drafts["2007-12-07-nrc-foreign-ministers-meet.ttl"]
    report = check([path], graph)
    assert report.conforms, [str(f) for f in report.findings if f.severity == "Violation"]
    inferred = merged.query(
        f"""SELECT ?p ?o ?evidence WHERE {{ ?i a nrc:Inference ; prov:wasDerivedFrom <{doc}> ;
              rdf:predicate ?p ; rdf:object ?o ; nrc:evidence ?evidence }}"""
    )
    found = {(bundle.shorten(p.value), o.value, e.value) for p, o, e in inferred.rows}
    # The release names no year: 2007 is inferred for it and for the meeting on "7 December".
    assert ("dcterms:issued", "2007-12-07", "7 December") in found
    assert ("nrc:date", "2007-12-07", "7 December") in found
    assert ("nrc:date", "2007-11-30", "a week earlier") in found  # the decree, "a week earlier"


def test_the_graph_is_the_dictionary_and_names_are_matched_fuzzily(tmp_path):
    release = tmp_path / "fuzzy.txt"
    release.write_text(
        "NRC foreign ministers meet\n\n3 Dec. 2014\n\n"
        "Foreign ministers of the NATO-Russia Council met in Brussels on 3 December. "
        "Russian Foreign Minister Sergei Lavrov took part in the meeting.\n",
        encoding="utf-8",
    )
    result = draft(release, nrcgraph.load())
    assert "nrc:participant person:sergey-lavrov" in result.turtle  # "Sergei", not "Sergey"
    holding = result.turtle.split("holding:sergey-lavrov")[1].split("\n\n")[0]
    confidence = float(holding.split('nrc:confidence "')[1].split('"')[0])
    assert confidence < 0.9  # a fuzzy match is less sure than an exact one
    assert "place:brussels" in result.turtle and "new-entity: 'Brussels'" in result.turtle


def test_review_then_add(run, tmp_path):
    work = tmp_path / "ws"
    assert run("init", str(work)).exit_code == 0
    release = DECREE
    out = tmp_path / "drafts" / "one.ttl"
    result = run("--workspace", str(work), "draft", str(release), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file() and len(list((out.parent / "sources").iterdir())) == 1
    listed = run("--workspace", str(work), "validate", str(out))
    assert listed.exit_code == 0 and "ReviewPending" in listed.output and f"{out}:" in listed.output
    before = {p: p.read_bytes() for p in (work / "data").rglob("*") if p.is_file()}
    refused = run("--workspace", str(work), "add", str(out))
    assert refused.exit_code == 1 and "not reviewed yet" in refused.output
    assert {p: p.read_bytes() for p in (work / "data").rglob("*") if p.is_file()} == before
    out.write_text(out.read_text(encoding="utf-8").replace("review:draft", "review:reviewed"), encoding="utf-8")
    added = run("--workspace", str(work), "add", str(out))
    assert added.exit_code == 0, added.output
    assert (work / "data" / "sources").is_dir() and any((work / "data" / "sources").iterdir())
    meetings = run("--workspace", str(work), "query", "meetings", "-f", "csv").output
    assert "2007-07-16" in meetings
    again = run("--workspace", str(work), "validate", str(work / "data" / "one.ttl"))
    assert "PassageNotInSource" not in again.output and "SourceNotAtHand" not in again.output


def test_accept_drafts_adds_unreviewed_nodes(run, tmp_path):
    work = tmp_path / "ws"
    assert run("init", str(work)).exit_code == 0
    out = tmp_path / "d.ttl"
    assert run("--workspace", str(work), "draft", str(DECREE), "-o", str(out)).exit_code == 0
    assert run("--workspace", str(work), "add", str(out), "--accept-drafts").exit_code == 0


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin1.txt", "Réunion du Conseil OTAN-Russie à Bruxelles".encode("latin-1"), "not UTF-8"),
        (
            "french.txt",
            "Les ministres des affaires étrangères du Conseil OTAN-Russie se sont réunis à Bruxelles le 4 décembre "
            "pour discuter de la coopération pratique et de la défense antimissile.".encode(),
            "English",
        ),
        (
            "recipe.txt",
            b"Pancakes\n\n12 Mar. 2014\n\nMix the flour with the eggs and the milk, and let the batter rest for an "
            b"hour before you cook it in a hot pan with a little butter.",
            "names no one",
        ),
        ("short.txt", b"NATO meets.", "too short"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(run, tmp_path, name, content, words):
    release = tmp_path / name
    release.write_bytes(content)
    out = tmp_path / "out"
    result = run("draft", str(release), "-o", str(out / "draft.ttl"))
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_release_without_a_date_asks_for_one(run, tmp_path):
    release = tmp_path / "undated.txt"
    release.write_text(
        "NRC ambassadors meet\n\nAmbassadors of the NATO-Russia Council met at NATO Headquarters to discuss "
        "missile defence and counter-piracy.\n",
        encoding="utf-8",
    )
    result = run("draft", str(release), "-o", str(tmp_path / "d.ttl"))
    assert result.exit_code == 1 and "--date" in result.output
    given = run("draft", str(release), "--date", "2014-02-20", "-o", str(tmp_path / "d.ttl"))
    assert given.exit_code == 0 and '"2014-02-20"^^xsd:date' in (tmp_path / "d.ttl").read_text(encoding="utf-8")


def test_a_folder_of_releases(run, tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    for release in RELEASES[:3]:
        shutil.copy(release, folder / release.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = run("draft", str(folder), "-o", str(tmp_path / "drafts"))
    assert result.exit_code == 1  # one of them could not be drafted: said, the others written
    assert "3 of 4 releases drafted" in result.output
    assert len(list((tmp_path / "drafts").glob("*.ttl"))) == 3


@pytest.mark.parametrize(
    "text, date, inferred",
    [
        ("Talks\nLast updated: December 4, 2013 14:02\nThey will meet again on 5 March 2014.", "2013-12-04", False),
        ("Talks\n\n  • 19 Apr. 2012 -\n\nMinisters met on 19 April.", "2012-04-19", False),
        ("Talks\nMinisters met on 7 December. The project runs into 2008.", "2007-12-07", True),
        ("Talks\nMinisters met. Nothing else is dated here.", None, None),
    ],
)
def test_the_release_date_comes_from_its_dateline_or_is_inferred(text, date, inferred):
    from nrcgraph.ingest.draft.dates import release_date

    found = release_date(text)
    assert (found.value, found.inferred) == (date, inferred) if date else found is None


def test_serve_shows_what_is_left_to_review_beside_the_release(run, tmp_path):
    import urllib.request

    from conftest import served

    work = tmp_path / "ws"
    assert run("init", str(work)).exit_code == 0
    out = tmp_path / "d.ttl"
    assert run("--workspace", str(work), "draft", str(DECREE), "-o", str(out)).exit_code == 0
    assert run("--workspace", str(work), "add", str(out), "--accept-drafts").exit_code == 0

    def html(url: str) -> str:
        request = urllib.request.Request(url, headers={"Accept": "text/html"})
        return urllib.request.urlopen(request, timeout=10).read().decode()

    with served(cwd=work) as base:
        index = html(base + "/review")
        assert "nodes to review" in index
        link = index.split('<li><a href="')[1].split('"')[0]
        page = html(base + link)
    assert "Drafted, not yet reviewed" in page and "treaty-event: " in page
    assert "<mark" in page  # the release's text, its passages marked
