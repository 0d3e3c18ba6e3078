"""Validating new data and adding it: the bad-input corpus, incremental = full, nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nrcgraph
from nrcgraph import bundle
from nrcgraph.errors import NrcgraphError
from nrcgraph.validation.findings import once
from nrcgraph.validation.shacl import check, load_rdflib, validate_graph

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good" / "new-meeting.ttl"
EXPECTED = {k: v for k, v in json.loads((BAD / "expected.json").read_text()).items() if not k.startswith("_")}


def short(findings):
    return sorted(
        [
            f.severity,
            Path(f.focus).name if f.focus.startswith("file:") else bundle.shorten(f.focus),
            bundle.shorten(f.path) if f.path else None,
            f.component,
        ]
        for f in findings
    )


@pytest.fixture(scope="module")
def base():
    return nrcgraph.load()


def huge_literal(tmp_path) -> Path:
    words = "word " * 60_000
    (tmp_path / "sources").mkdir()
    source = tmp_path / "sources" / "huge.txt"
    source.write_text(words, encoding="utf-8")
    text = (
        GOOD.read_text(encoding="utf-8").split("meeting:test-ambassadors-2008-01-15\n")[0]
        + "@prefix statement: <https://w3id.org/nrcgraph/id/statement/> .\n"
        + "@prefix statementkind: <https://w3id.org/nrcgraph/vocab/statement-kind/> .\n"
        + "statement:test-huge a nrc:Statement ; nrc:speaker person:sergey-lavrov ;\n"
        + "    nrc:statedAt meeting:nrc-foreign-ministers-2007-12-07 ; nrc:statementKind statementkind:direct-quote ;\n"
        + f'    nrc:text "{words}" ;\n'
        + "    prov:wasDerivedFrom doc:test-huge .\n"
        + 'doc:test-huge a nrc:PressRelease ; rdfs:label "Huge"@en ; dcterms:title "Huge"@en ;\n'
        + '    dcterms:publisher organisation:nato ; dcterms:issued "2008-01-15"^^xsd:date ;\n'
        + '    nrc:sourceFile "sources/huge.txt" .\n'
    )
    path = tmp_path / "huge-literal.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_exactly_the_expected_findings(run, name):
    expected = EXPECTED[name]
    result = run("validate", str(BAD / f"{name}.ttl"), "--format", "json")
    assert result.exit_code == expected["exit"], result.output
    if "error" in expected:
        assert expected["error"] in result.output
        assert "Traceback" not in result.output
        return
    report = json.loads(result.output)
    got = sorted(
        [
            f["severity"],
            Path(f["focus"]).name if f["focus"].startswith("file:") else bundle.shorten(f["focus"]),
            bundle.shorten(f["path"]) if f["path"] else None,
            f["component"],
        ]
        for f in report["findings"]
    )
    assert got == sorted(expected["findings"])


def test_huge_literal_is_flagged_not_fatal(base, tmp_path):
    report = check([huge_literal(tmp_path)], base)
    assert short(report.findings) == [["Warning", "statement:test-huge", "nrc:text", "LongLiteral"]]
    assert report.conforms


def test_good_file_conforms(base):
    report = check([GOOD], base)
    assert report.conforms and report.findings == [] and report.mode == "incremental"
    assert report.checked_nodes == 3  # the meeting, its participation, its source document


def test_findings_name_file_and_line(base):
    report = check([BAD / "wrong-datatype.ttl"], base)
    assert {(f.focus.rsplit("/", 1)[-1], f.line) for f in report.findings} == {
        ("test-wrong-datatype", 23),  # the line of the offending triple, not of its node
        ("test-wrong-datatype", 32),
    }
    assert all(f.file == str(BAD / "wrong-datatype.ttl") for f in report.findings)


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if "findings" in e] + ["good"])
def test_incremental_equals_a_full_pyshacl_run(base, shapes_graph, name):
    """What incremental validation says about the new nodes is what pyshacl says about
    them when it validates the whole merged graph."""
    file = GOOD if name == "good" else BAD / f"{name}.ttl"
    incremental = check([file], base, shapes_graph, extra_checks=False)
    merged = load_rdflib(bundle.default_sources() + [file])
    focus = {f.focus for f in incremental.findings} | {str(s) for s in load_rdflib([file]).subjects()}
    full = once(f for f in validate_graph(merged, shapes_graph).findings if f.focus in focus)
    assert sorted(f.key() for f in incremental.findings) == sorted(f.key() for f in full)


def test_incremental_equals_full_on_a_generated_graph(tmp_path, shapes_graph):
    from nrcgraph.ingest.generate import write_file

    big = tmp_path / "generated.ttl"
    write_file(big, 5_000, seed=3)
    base = nrcgraph.load(big, with_bundle=True)
    for file in (BAD / "conflicting-dates.ttl", BAD / "dangling-reference.ttl", GOOD):
        incremental = check([file], base, shapes_graph, extra_checks=False)
        full = check([file], base, shapes_graph, extra_checks=False, full=True)
        assert incremental.mode == "incremental" and full.mode == "full"
        assert sorted(f.key() for f in incremental.findings) == sorted(f.key() for f in full.findings)


def test_cli_offers_every_report_format():
    from nrcgraph.cli.common import REPORT_FORMATS
    from nrcgraph.validation.report import FORMATS

    assert REPORT_FORMATS == FORMATS


def test_report_formats_and_severity_filter(run):
    text = run("validate", str(BAD / "dangling-reference.ttl")).output
    assert f"{BAD / 'dangling-reference.ttl'}:22: position:test-dangling" in text
    assert "did you mean person:sergey-lavrov?" in text
    assert text.rstrip().endswith("1 violation, 1 warning, 0 infos; does not conform")
    only = run("validate", str(BAD / "dangling-reference.ttl"), "--severity", "violation").output
    assert "DanglingLink" not in only and "ClassConstraintComponent" in only
    from rdflib import Graph, Literal, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    ttl = Graph().parse(data=run("validate", str(BAD / "wrong-class.ttl"), "-f", "turtle").output, format="turtle")
    assert (None, sh.conforms, Literal(False)) in ttl
    assert len(list(ttl.subjects(sh.focusNode, None))) == 1


# --- add: validate, then merge; nothing lost --------------------------------------


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "mine.ttl"
    shutil.copy(bundle.data_dir() / "reference.ttl", path)
    return path


def triples_of(path):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return {q.triple for q in store if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


@pytest.mark.parametrize("name", ["wrong-class", "missing-required", "syntax-error", "non-utf8", "conflicting-dates"])
def test_rejected_file_changes_nothing(run, target, name):
    before = target.read_bytes()
    result = run("add", str(BAD / f"{name}.ttl"), "--to", str(target))
    assert result.exit_code in (1, 2)
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.ttl"]  # no temporary file left


def test_dry_run_reports_and_changes_nothing(run, target):
    before = target.read_bytes()
    result = run("add", str(GOOD), "--to", str(target), "--dry-run")
    assert result.exit_code == 0
    assert "would add to (dry run): 20 new triples; new nodes: 1 nrc:Meeting, 1 nrc:Participation" in result.output
    assert target.read_bytes() == before


def test_add_appends_atomically_and_keeps_everything(run, target):
    before_bytes, before = target.read_bytes(), triples_of(target)
    result = run("add", str(GOOD), "--to", str(target))
    assert result.exit_code == 0, result.output
    assert "added to" in result.output and "20 new triples" in result.output
    assert target.read_bytes().startswith(before_bytes)
    after = triples_of(target)
    assert before < after and len(after - before) == 20
    assert after - before == triples_of(GOOD)
    again = run("add", str(GOOD), "--to", str(target))
    assert again.exit_code == 0 and "0 new triples" in again.output


def test_add_to_a_store_validates_against_that_store(run, tmp_path):
    import nrcgraph

    store = tmp_path / "store"
    assert run("load", "--store", str(store)).exit_code == 0
    before = len(nrcgraph.open_store(store))
    result = run("add", str(GOOD), "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "20 new triples" in result.output
    assert len(nrcgraph.open_store(store)) == before + 20
    # A meeting that only the store holds (a generated one): a second date for it is a
    # clash, whichever way the store is named.
    assert run("generate", "--triples", "1000", "-o", str(tmp_path / "gen")).exit_code == 0
    assert run("load", str(tmp_path / "gen"), "--store", str(store)).exit_code == 0
    meeting = (
        nrcgraph.open_store(store)
        .query("SELECT ?m WHERE { ?m a nrc:Meeting ; nrc:date ?d FILTER(CONTAINS(STR(?m), 'gen0')) } LIMIT 1")
        .rows[0][0]
        .value
    )
    clash = tmp_path / "clash.ttl"
    clash.write_text(
        f"<{meeting}> <https://w3id.org/nrcgraph/ontology#date> "
        '"1999-12-05"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
    )
    for args in (["add", str(clash), "--store", str(store)], ["--store", str(store), "add", str(clash)]):
        refused = run(*args)
        assert refused.exit_code == 1 and "Clash" in refused.output, refused.output


def test_add_needs_a_target(run):
    result = run("add", str(GOOD))
    assert result.exit_code == 2 and "--to DATAFILE or --store PATH" in result.output


# --- property-based: random damage never crashes validation and never loses data -------

GOOD_TRIPLES = None


def good_triples():
    global GOOD_TRIPLES
    if GOOD_TRIPLES is None:
        import pyoxigraph as ox

        GOOD_TRIPLES = sorted(ox.parse(path=str(GOOD), format=ox.RdfFormat.TURTLE), key=str)
    return GOOD_TRIPLES


POOL = [
    "<https://w3id.org/nrcgraph/id/person/sergey-lavrov>",
    "<https://w3id.org/nrcgraph/id/state/russia>",
    "<https://w3id.org/nrcgraph/ontology#Meeting>",
    "<https://w3id.org/nrcgraph/ontology#nope>",
    '"text"',
    '"text"@en',
    '"2008-02-30"^^<http://www.w3.org/2001/XMLSchema#date>',
    '"12"^^<http://www.w3.org/2001/XMLSchema#integer>',
    "<https://w3id.org/nrcgraph/vocab/role/chair>",
    '"\\"quoted\\" {braces}"',
    "_:b1",
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(["drop", "object", "add"]), st.integers(0, 15), st.sampled_from(POOL)),
        min_size=1,
        max_size=4,
    )
)
def test_random_damage_never_crashes_and_never_loses_data(base, tmp_path_factory, ops):
    lines = [f"{t.subject} {t.predicate} {t.object} ." for t in good_triples()]
    for op, index, term in ops:
        i = index % len(lines)
        if op == "drop" and len(lines) > 1:
            lines.pop(i)
        elif op == "object":
            subject, predicate, _ = lines[i].split(" ", 2)
            lines[i] = f"{subject} {predicate} {term} ."
        else:
            lines.append(f"{lines[i].split(' ', 1)[0]} <https://w3id.org/nrcgraph/ontology#date> {term} .")
    folder = tmp_path_factory.mktemp("damage")
    new = folder / "new.nt.ttl"
    new.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = folder / "target.ttl"
    shutil.copy(bundle.data_dir() / "reference.ttl", target)
    before_bytes, before = target.read_bytes(), triples_of(target)
    from nrcgraph.ingest.add import add

    try:
        result = add(new, base, to=target)
    except NrcgraphError:
        assert target.read_bytes() == before_bytes
        return
    if result.written:
        assert target.read_bytes().startswith(before_bytes) and before <= triples_of(target)
    else:
        assert target.read_bytes() == before_bytes
