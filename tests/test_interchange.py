"""The interchange exports, read back and checked against their formats' rules.

PLOVER: JSON Lines, one event record per line, with the codebook's required fields and
its words for events, modes and contexts. schema.org JSON-LD: valid JSON-LD that an
RDF reader expands without a network, using only schema.org classes and properties
(checked against the schema.org vocabulary itself, tests/vocabularies/). Wikidata:
QuickStatements version 1 commands, each line of the grammar, and the facts in them.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef

import nrcgraph
from nrcgraph.interchange import write_file

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good"
SCHEMA = Namespace("https://schema.org/")
EVENTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND", "ACCUSE"}
EVENTS |= {"DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"}
CONSULT_MODES = {"visit", "third-party", "multilateral", "phone"}
CONTEXTS = set(
    "political military intelligence peacekeeping economic diplomatic resource culture disease enviro_disaster "
    "migration humanitarian legal human_rights rights_freedoms gender lgbt terrorism human_security "
    "religion_ethnicity government election legislative cbrn cyber political_institutions corruption crime "
    "crime_murder crime_theft crime_drugs crime_sexual future historical hypothetical".split()
)


@pytest.fixture(scope="module")
def graph():
    return nrcgraph.load(GOOD / "meeting-postponed-then-held.ttl", GOOD / "post-holding-ended.ttl", with_bundle=True)


def test_plover_records_follow_the_codebook(graph, tmp_path):
    path = tmp_path / "events.jsonl"
    written = write_file(graph, "plover", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # JSON Lines: every line one JSON object
    assert len(records) == written.records == 4
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])
        assert set(r["event"]) <= EVENTS and r["event"] == ["CONSULT"]
        assert set(r.get("mode", [])) <= CONSULT_MODES
        assert set(r["context"]) <= CONTEXTS and "diplomatic" in r["context"]
        assert isinstance(r["source"], list) and all(isinstance(a, dict) for a in r["source"])
        assert r["event_text"] and all(isinstance(t, str) for t in r["event_text"])
        assert r["cite_info"]["codebook"].startswith("plover")
    by_id = {r["id"]: r for r in records}
    m12 = by_id["nrcgraph:nrc-foreign-ministers-2012-04-19"]
    assert m12["mode"] == ["multilateral"]
    assert {a["actor_text"] for a in m12["source"]} >= {"Sergey Lavrov", "Anders Fogh Rasmussen"}
    chair = next(a for a in m12["source"] if a["actor_text"] == "Anders Fogh Rasmussen")
    assert chair["office"] == "NATO Secretary General" and "chair" in chair["role"]
    assert "military" in m12["context"]  # missile defence, defence capabilities, ...
    assert m12["event_text"][0].startswith("NATO foreign ministers together with their Russian counterpart")
    assert m12["cite_info"]["title"] == "NATO-Russia Ministers discuss closer cooperation"
    assert "nrcgraph:nrc-ambassadors-2016-04-20" in by_id  # held in the end: a record, not "future"
    assert "future" not in by_id["nrcgraph:nrc-ambassadors-2016-04-20"]["context"]
    # Undated meetings cannot be PLOVER records: said, not silently dropped.
    assert any("chicago-summit-2012:" in reason for reason in written.left_out)


def test_plover_actors_carry_wikidata_ids(tmp_path):
    linked = tmp_path / "linked.ttl"
    linked.write_text(
        "<https://w3id.org/nrcgraph/id/person/sergey-lavrov> <http://www.w3.org/2004/02/skos/core#exactMatch> "
        "<http://www.wikidata.org/entity/Q999999001> .\n",
        encoding="utf-8",
    )
    graph = nrcgraph.load(linked, with_bundle=True)
    path = tmp_path / "events.jsonl"
    write_file(graph, "plover", path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lavrov = [a for r in records for a in r["source"] if a["actor_text"] == "Sergey Lavrov"]
    assert lavrov and all(a["identifier_id"] == "Q999999001" for a in lavrov)


@pytest.fixture(scope="module")
def schema_vocabulary():
    vocab = Graph()
    with gzip.open(HERE / "vocabularies" / "schema.nq.gz", "rt", encoding="utf-8") as fh:
        vocab.parse(data=re.sub(r" <[^>]*> \.$", " .", fh.read(), flags=re.M), format="nt")
    return vocab


def test_jsonld_is_schema_org_that_a_reader_expands_offline(graph, tmp_path, schema_vocabulary):
    path = tmp_path / "graph.jsonld"
    written = write_file(graph, "jsonld", path)
    data = Graph().parse(path, format="json-ld")  # an inline context: no network needed
    assert written.records > 0 and len(data) > 100
    classes = set(schema_vocabulary.subjects(RDF.type, RDFS.Class))
    properties = set(schema_vocabulary.subjects(RDF.type, RDF.Property))
    used_types = set(data.objects(None, RDF.type))
    used_properties = set(data.predicates()) - {RDF.type}
    assert used_types <= classes, used_types - classes
    assert used_properties <= properties, used_properties - properties
    meeting = URIRef("https://w3id.org/nrcgraph/id/meeting/nrc-foreign-ministers-2007-12-07")
    assert (meeting, RDF.type, SCHEMA.Event) in data
    assert str(data.value(meeting, SCHEMA.startDate)) == "2007-12-07"
    names = {str(data.value(a, SCHEMA.name)) for a in data.objects(meeting, SCHEMA.attendee)}
    assert names == {"Sergey Lavrov", "NATO foreign ministers"}
    assert str(data.value(data.value(meeting, SCHEMA.location), SCHEMA.name)) == "NATO Headquarters"
    planned = URIRef("https://w3id.org/nrcgraph/id/meeting/chicago-summit-2012")
    assert data.value(planned, SCHEMA.eventStatus) == SCHEMA.EventScheduled
    quote = URIRef("https://w3id.org/nrcgraph/id/statement/2007-12-07-lavrov-no-deadline")
    assert (quote, RDF.type, SCHEMA.Quotation) in data
    assert str(data.value(quote, SCHEMA.text)).startswith("The 12th of December is not going to be a deadline")
    assert str(data.value(data.value(quote, SCHEMA.creator), SCHEMA.name)) == "Sergey Lavrov"
    assert data.value(quote, SCHEMA.recordedAt) == meeting


# QuickStatements v1: CREATE, or a subject (Q-id or LAST) with a label/description or a
# property and value, then qualifier and source pairs; fields separated by tabs.
_VALUE = r'(Q\d+|"[^"\t]*"|\+\d{4}-\d{2}-\d{2}T00:00:00Z/(9|10|11))'
_COMMAND = re.compile(
    rf"CREATE|(LAST|Q\d+)\t(L|D|A)[a-z]{{2,3}}\t\"[^\"\t]*\"|(LAST|Q\d+)\tP\d+\t{_VALUE}(\t[PS]\d+\t{_VALUE})*"
)


def test_quickstatements_follow_the_grammar_and_carry_the_facts(tmp_path):
    linked = tmp_path / "linked.ttl"
    # Wikidata links for the test only (made-up item numbers), so every statement appears.
    links = {
        "id/person/sergey-lavrov": "Q999999001",
        "id/group/nato-foreign-ministers": "Q999999002",
        "id/person/alexander-grushko": "Q999999003",
        "id/post/russia-permanent-representative-to-nato": "Q999999004",
    }
    linked.write_text(
        "".join(
            f"<https://w3id.org/nrcgraph/{k}> <http://www.w3.org/2004/02/skos/core#exactMatch> "
            f"<http://www.wikidata.org/entity/{v}> .\n"
            for k, v in links.items()
        ),
        encoding="utf-8",
    )
    graph = nrcgraph.load(GOOD / "post-holding-ended.ttl", linked, with_bundle=True)
    path = tmp_path / "statements.qs.txt"
    write_file(graph, "wikidata", path)
    commands = path.read_text(encoding="utf-8").splitlines()
    assert commands and all(_COMMAND.fullmatch(c) for c in commands), [c for c in commands if not _COMMAND.fullmatch(c)]
    text = "\n".join(commands)
    block = text.split("CREATE\n")
    m07 = next(b for b in block if "NRC foreign ministers' meeting, 7 December 2007" in b)
    assert "LAST\tP31\tQ2761147\t" in m07
    assert "LAST\tP585\t+2007-12-07T00:00:00Z/11\tS854\t" in m07
    assert "LAST\tP710\tQ999999001\tS854\t" in m07  # Lavrov, a delegate (no Wikidata item for the role)
    m12 = next(b for b in block if "19 April 2012" in b)
    assert "LAST\tP710\tQ999999002\tS854\t" in m12
    chicago = next(b for b in block if b.startswith('LAST\tLen\t"NATO Chicago Summit"'))
    assert "LAST\tP276\tQ1297\t" in chicago  # Chicago's Wikidata item, from the data
    assert (
        "Q999999003\tP39\tQ999999004\tP580\t+2012-00-00T00:00:00Z/9\tP582\t+2018-01-22T00:00:00Z/11\tS854\t"
        '"https://w3id.org/nrcgraph/id/document/test-grushko-2018-01-22"'
    ) in commands


def test_chair_role_becomes_a_qualifier(tmp_path):
    linked = tmp_path / "linked.ttl"
    linked.write_text(
        "<https://w3id.org/nrcgraph/id/person/anders-fogh-rasmussen> <http://www.w3.org/2004/02/skos/core#exactMatch> "
        "<http://www.wikidata.org/entity/Q999999005> .\n",
        encoding="utf-8",
    )
    path = tmp_path / "s.qs.txt"
    write_file(nrcgraph.load(linked, with_bundle=True), "wikidata", path)
    assert "LAST\tP710\tQ999999005\tP3831\tQ140686\tS854\t" in path.read_text(encoding="utf-8")


def test_export_command_writes_each_format_and_refuses_network_options(run, tmp_path):
    for fmt in ("plover", "jsonld", "wikidata"):
        out = tmp_path / f"out.{fmt}"
        result = run("export", "-f", fmt, "-o", str(out))
        assert result.exit_code == 0 and out.stat().st_size > 0, result.output
    result = run("export", "-f", "plover", "-o", str(tmp_path / "x"), "--class", "Meeting")
    assert result.exit_code == 2 and "--class" in result.output and not (tmp_path / "x").exists()
