"""Validation says what is wrong in the project's words, once, at the offending line.

Each case writes a small Turtle file beside a copy of the good fixture's source text,
runs ``nrcgraph validate`` on it, and checks the exit code, the rule, the exact words and
the line. The mistakes are the ones analysts make: a misspelt topic, a date in the wrong
format, a property on the wrong kind of node, two links that disagree, a passage that is
not in the release it cites.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nrcgraph.rdf.namespaces import shorten

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good" / "new-meeting.ttl"
HEAD = GOOD.read_text(encoding="utf-8").split("meeting:test-ambassadors-2008-01-15\n")[0] + (
    "@prefix statement: <https://w3id.org/nrcgraph/id/statement/> .\n"
    "@prefix statementkind: <https://w3id.org/nrcgraph/vocab/statement-kind/> .\n"
    "@prefix holding: <https://w3id.org/nrcgraph/id/post-holding/> .\n"
    "@prefix post: <https://w3id.org/nrcgraph/id/post/> .\n"
    "@prefix state: <https://w3id.org/nrcgraph/id/state/> .\n"
    "@prefix org: <http://www.w3.org/ns/org#> .\n"
    "@prefix time: <http://www.w3.org/2006/time#> .\n"
    "@prefix holdingend: <https://w3id.org/nrcgraph/vocab/holding-end/> .\n"
)
DOC = "doc:test-ambassadors-2008-01-15"
DOC_NODE = GOOD.read_text(encoding="utf-8").split("\n\n")[-1]
PASSAGE = "NRC ambassadors met on 15 January 2008 to discuss missile defence."


def meeting(extra: str, name: str = "m", date: str = '"2008-01-15"^^xsd:date') -> str:
    return (
        f"meeting:{name}\n"
        f"    a nrc:Meeting ;\n"
        f'    rdfs:label "M"@en ;\n'
        f"    nrc:meetingKind meetingkind:ambassadorial ;\n"
        f"    nrc:date {date} ;\n"
        f"{extra}"
        f'    nrc:passage "{PASSAGE}" ;\n'
        f"    prov:wasDerivedFrom {DOC} .\n"
    )


def validate(run, tmp_path: Path, body: str, source: str | None = None):
    (tmp_path / "sources").mkdir(exist_ok=True)
    text = (HERE / "good" / "sources" / "test-ambassadors-2008-01-15.txt").read_text(encoding="utf-8")
    (tmp_path / "sources" / "test-ambassadors-2008-01-15.txt").write_text(source or text, encoding="utf-8")
    path = tmp_path / "new.ttl"
    path.write_text(HEAD + "\n" + body + "\n" + DOC_NODE, encoding="utf-8")
    result = run("validate", str(path), "--format", "json")
    assert "Traceback" not in result.output
    return result, json.loads(result.output), path.read_text(encoding="utf-8").splitlines()


def line_of(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def holding(extra: str, organisation: str = "state:russia") -> str:
    return (
        "holding:h a nrc:PostHolding ; nrc:holder person:sergey-lavrov ; nrc:post post:russia-foreign-minister ;\n"
        f"    org:organization {organisation} ;\n"
        '    nrc:attestedOn "2008-01-15"^^xsd:date ;\n'
        f"{extra}"
        '    nrc:passage "Russian Foreign Minister Sergey Lavrov took part in the meeting." ;\n'
        f"    prov:wasDerivedFrom {DOC} .\n"
    )


CASES = [
    (
        "unknown topic discussed",
        meeting("    nrc:discussed topic:syrai ;\n"),
        "nrc:discussed",
        "UnknownTerm",
        "topic:syrai is not a concept of any vocabulary scheme",
        "topic:syrai",
    ),
    (
        "unknown topic a statement is about",
        meeting("    nrc:participation participation:p ;\n")
        + "participation:p a nrc:Participation ; nrc:participant person:sergey-lavrov ; prov:hadRole role:delegate ;\n"
        + f'    nrc:passage "Sergey Lavrov took part in the meeting." ; prov:wasDerivedFrom {DOC} .\n'
        + "statement:s a nrc:Statement ; nrc:speaker person:sergey-lavrov ; nrc:statedAt meeting:m ;\n"
        + '    nrc:statementKind statementkind:reported-speech ; nrc:text "to discuss missile defence" ;\n'
        + f"    nrc:about topic:syrai ;\n    prov:wasDerivedFrom {DOC} .\n",
        "nrc:about",
        "UnknownTerm",
        "topic:syrai is not a concept of any vocabulary scheme",
        "nrc:about topic:syrai",
    ),
    (
        "date in day.month.year",
        meeting("", date='"04.12.2013"^^xsd:date'),
        "nrc:date",
        "IllFormedLiteral",
        "'04.12.2013' is not an xsd:date (YYYY-MM-DD)",
        "04.12.2013",
    ),
    (
        "a day that does not exist",
        meeting("", date='"2013-12-40"^^xsd:date'),
        "nrc:date",
        "IllFormedLiteral",
        "'2013-12-40' is not an xsd:date: no such day or month in the calendar",
        "2013-12-40",
    ),
    (
        "a date as a plain string",
        meeting("", date='"4 December 2013"'),
        "nrc:date",
        "UnexpectedDatatype",
        "'4 December 2013' is a plain string where a typed value is expected: xsd:date (YYYY-MM-DD)",
        "4 December 2013",
    ),
    (
        "a declared property on the wrong kind of node",
        meeting('    nrc:setting "at the press conference" ;\n'),
        "nrc:setting",
        "ClosedConstraintComponent",
        "nrc:setting is not a property a nrc:Meeting may have (its shape is closed)",
        "nrc:setting",
    ),
    (
        "a participation whose two links disagree",
        meeting("    nrc:participation participation:p ;\n")
        + meeting("", name="other")
        + "participation:p a nrc:Participation ; nrc:participant person:sergey-lavrov ; prov:hadRole role:delegate ;\n"
        + "    nrc:meeting meeting:other ;\n"
        + f'    nrc:passage "Sergey Lavrov took part in the meeting." ; prov:wasDerivedFrom {DOC} .\n',
        "nrc:meeting",
        "SPARQLConstraintComponent",
        "the two directions disagree",
        "nrc:meeting meeting:other",
    ),
    (
        "a passage that is not in the source",
        meeting("").replace(PASSAGE, "NRC ambassadors met on 15 January 2008 to discuss missile defense."),
        "nrc:passage",
        "PassageNotInSource",
        f"nrc:passage does not occur word for word in the text of {DOC}",
        "missile defense",
    ),
    (
        "a post holding in another organisation than its post's",
        holding("", organisation="organisation:nato"),
        "org:organization",
        "SPARQLConstraintComponent",
        "is not the organisation of the post held",
        "org:organization organisation:nato",
    ),
    (
        "a post holding that ends before it begins",
        holding(
            "    org:memberDuring [ a time:Interval ;\n"
            '        time:hasBeginning [ a time:Instant ; time:inXSDDate "2008-01-15"^^xsd:date ] ;\n'
            '        time:hasEnd [ a time:Instant ; time:inXSDDate "2007-01-15"^^xsd:date ] ] ;\n'
        ),
        "org:memberDuring",
        "SPARQLConstraintComponent",
        "The holding begins (2008-01-15) after it ends (2007-01-15)",
        "org:memberDuring [",
    ),
    (
        "an end reason for a holding that has not ended",
        holding("    nrc:endReason holdingend:resigned ;\n"),
        "nrc:endReason",
        "SPARQLConstraintComponent",
        "An end reason needs an end",
        "nrc:endReason holdingend:resigned",
    ),
    (
        "an org:holds no post holding backs",
        meeting("") + "person:sergey-lavrov org:holds post:nato-secretary-general .\n",
        "org:holds",
        "SPARQLConstraintComponent",
        "is not backed by a post holding",
        "org:holds post:nato-secretary-general",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mistake_is_a_violation_in_the_projects_words(run, tmp_path, case):
    _, body, path, component, words, where = case
    result, report, lines = validate(run, tmp_path, body)
    assert result.exit_code == 1 and not report["conforms"]
    found = [f for f in report["findings"] if f["component"] == component and shorten(f["path"] or "") == path]
    assert found, report["findings"]
    assert all(f["severity"] == "Violation" for f in found)
    assert any(words in f["message"] for f in found), [f["message"] for f in found]
    assert any(f["line"] == line_of(lines, where) for f in found), (line_of(lines, where), found)
    # No pyshacl wording anywhere, and each thing said once.
    assert not any("is closed. It cannot have value" in f["message"] for f in report["findings"])
    said = [(f["focus"], f["path"], f["value"], f["message"]) for f in report["findings"]]
    assert len(said) == len(set(said))


def test_add_refuses_an_unknown_topic(run, tmp_path):
    shutil.copytree(HERE / "good" / "sources", tmp_path / "sources")
    path = tmp_path / "new.ttl"
    path.write_text(HEAD + "\n" + meeting("    nrc:discussed topic:syrai ;\n") + "\n" + DOC_NODE, encoding="utf-8")
    target = tmp_path / "target.ttl"
    target.write_text("", encoding="utf-8")
    result = run("add", str(path), "--to", str(target))
    assert result.exit_code == 1 and "topic:syrai" in result.output
    assert target.read_text(encoding="utf-8") == ""


def test_a_changed_source_text_is_caught(run, tmp_path):
    result, report, _ = validate(run, tmp_path, meeting(""), source="A different text.\n")
    assert result.exit_code == 1
    components = {f["component"] for f in report["findings"]}
    assert {"SourceChanged", "PassageNotInSource"} <= components


def test_a_source_not_at_hand_is_said_not_failed(run, tmp_path):
    (tmp_path / "new.ttl").write_text(HEAD + "\n" + meeting("") + "\n" + DOC_NODE, encoding="utf-8")
    result = run("validate", str(tmp_path / "new.ttl"), "--format", "json")
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["conforms"]
    assert [f["component"] for f in report["findings"]] == ["SourceNotAtHand"]
