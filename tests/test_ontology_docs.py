"""The ontology's reference documentation: pyLODE HTML and the Graphviz class diagram."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from nrcgraph import bundle
from nrcgraph.ontology_docs import class_diagram, mapping_table, ontology_html, render_svg

DOCS = Path(__file__).resolve().parent.parent / "docs" / "ontology"
ONTOLOGY = Graph().parse(str(bundle.ontology_dir() / "nrc.ttl"))
CLASSES = sorted(c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(c).startswith(bundle.NRC))


def test_diagram_shows_every_class_and_subclass_link():
    dot = class_diagram()
    for cls in CLASSES:
        assert f'"{cls[len(bundle.NRC) :]}" [label="{ONTOLOGY.value(cls, RDFS.label)}"];' in dot
    assert '"Minister" -> "Person" [arrowhead=empty];' in dot
    assert '"Participation" -> "Agent" [label="participant"' in dot


def test_committed_diagram_is_current():
    """Regenerate with `nrcgraph ontology-docs`."""
    assert (DOCS / "classes.dot").read_text(encoding="utf-8") == class_diagram()


def test_committed_mapping_table_is_current_and_names_the_standards():
    """Regenerate with `nrcgraph ontology-docs`."""
    table = mapping_table()
    assert (DOCS / "mapping.md").read_text(encoding="utf-8") == table
    for row in (
        "| `nrc:Meeting` | class | `prov:Activity`, `schema:Event`, `sem:Event` |",
        "| `nrc:Participation` | class | `prov:Association` |",
        "| `nrc:PostHolding` | class | `org:Membership`, `prov:Entity` |",
        "| `nrc:Statement` | class | `prov:Entity`, `schema:Quotation` |",
        "| `nrc:participation` | property | `prov:qualifiedAssociation` |",
        "| `nrc:holder` | property | `org:member` |",
    ):
        assert row in table


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (.ci/run installs it)")
def test_svg_renders():
    svg = ET.fromstring(render_svg(class_diagram()).encode("utf-8"))
    assert svg.tag.endswith("svg")
    texts = {t.text for t in svg.iter() if t.tag.endswith("text")}
    assert "Meeting" in texts and "Treaty event" in texts


def test_html_documents_every_class_and_property():
    html = ontology_html()
    assert "nrcgraph ontology: NATO-Russia Council diplomacy" in html
    for term in CLASSES + sorted(ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty)):
        if str(term).startswith(bundle.NRC):
            assert str(ONTOLOGY.value(term, RDFS.label)) in html, term


def test_cli_writes_the_documentation(run, tmp_path):
    result = run("ontology-docs", "-o", str(tmp_path), "--no-svg")
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["classes.dot", "index.html", "mapping.md"]
