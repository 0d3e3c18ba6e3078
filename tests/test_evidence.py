"""Evidence by position: passages become W3C Web Annotation text position selectors with the
span's SHA-256, and validate checks them against the texts when they are at hand."""

from __future__ import annotations

import hashlib
import subprocess
import sys

TEXT = 'Dateline.\nThe NRC met in Rome on 28 May 2002 and agreed "to work as equals".\n'


def nrcgraph(*args, cwd):
    return subprocess.run([sys.executable, "-m", "nrcgraph", *args], capture_output=True, text=True, cwd=cwd)


def curated(folder, text=TEXT):
    (folder / "texts").mkdir()
    (folder / "texts" / "doc-t.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode()).hexdigest()
    (folder / "doc.ttl").write_text(
        "@prefix nrc: <https://w3id.org/nrcgraph/ontology#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix doc: <https://w3id.org/nrcgraph/id/document/> .\n"
        'doc:t a nrc:NewsItem ; rdfs:label "A test item"@en ; dcterms:title "Test"@en ;\n'
        "    dcterms:publisher <https://w3id.org/nrcgraph/id/organisation/nato> ;\n"
        '    dcterms:issued "2002-05-28"^^xsd:date ; foaf:page <https://example.org/t> ;\n'
        f'    nrc:sha256 "{sha}" .\n'
        "<https://w3id.org/nrcgraph/id/status-change/t> a nrc:StatusChange ;\n"
        "    nrc:statusOf <https://w3id.org/nrcgraph/id/meeting/nrc-foreign-ministers-2007-12-07> ;\n"
        "    nrc:status <https://w3id.org/nrcgraph/vocab/status/held> ;\n"
        '    nrc:attestedOn "2002-05-28"^^xsd:date ;\n'
        '    nrc:passage "The NRC met in Rome on 28 May 2002" ;\n'
        "    prov:wasDerivedFrom doc:t .\n",
        encoding="utf-8",
    )
    return folder / "doc.ttl"


def test_anchor_replaces_the_words_by_their_position(tmp_path):
    path = curated(tmp_path)
    proc = nrcgraph("anchor", "doc.ttl", "--texts", "texts", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    turtle = path.read_text()
    assert "nrc:passage" not in turtle and "Rome" not in turtle
    start = TEXT.index("The NRC met")
    assert f"oa:start {start} ; oa:end {start + len('The NRC met in Rome on 28 May 2002')}" in turtle
    assert hashlib.sha256(b"The NRC met in Rome on 28 May 2002").hexdigest() in turtle
    check = nrcgraph("validate", "doc.ttl", "--texts", "texts", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_changed_text_or_a_wrong_span_is_a_finding(tmp_path):
    path = curated(tmp_path)
    nrcgraph("anchor", "doc.ttl", "--texts", "texts", cwd=tmp_path)
    path.write_text(path.read_text().replace("oa:start 10", "oa:start 11"))
    wrong = nrcgraph("validate", "doc.ttl", "--texts", "texts", cwd=tmp_path)
    assert wrong.returncode == 1 and "SpanMismatch" in wrong.stdout
    (tmp_path / "texts" / "doc-t.txt").write_text(TEXT.replace("Rome", "Roma"))
    (tmp_path / "texts" / "doc-t.txt").rename(tmp_path / "texts" / "t.txt")
    changed = nrcgraph("validate", "doc.ttl", "--texts", "texts", cwd=tmp_path)
    assert changed.returncode == 1 and "SourceChanged" in changed.stdout


def test_anchor_writes_nothing_when_a_passage_is_not_in_the_text(tmp_path):
    path = curated(tmp_path)
    path.write_text(path.read_text().replace("28 May 2002", "29 May 2002"))
    before = path.read_bytes()
    proc = nrcgraph("anchor", "doc.ttl", "--texts", "texts", cwd=tmp_path)
    assert proc.returncode == 1
    assert "not found word for word" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
