"""The cases ontology 0.1.0 could not say, said and queried: a meeting planned, postponed
and then held (its current status is the latest change), and a post holding that ended
on a date for a reason (tests/good/, each drawn from its own test release)."""

from __future__ import annotations

from pathlib import Path

import pytest

import nrcgraph

GOOD = Path(__file__).resolve().parent / "good"


@pytest.fixture(scope="module")
def graph():
    return nrcgraph.load(GOOD / "meeting-postponed-then-held.ttl", GOOD / "post-holding-ended.ttl", with_bundle=True)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_meeting_planned_postponed_then_held_is_held(engine):
    graph = nrcgraph.load(GOOD / "meeting-postponed-then-held.ttl", with_bundle=True, engine_name=engine)
    meeting = "meeting:nrc-ambassadors-2016-04-20"
    history = nrcgraph.run_query(graph, "status-history", {"subject": meeting}).dicts()
    assert [(r["status"], str(r["date"])) for r in history] == [
        ("planned", "2016-02"),
        ("postponed", "2016-03"),
        ("held", "2016-04-20"),
    ]
    current = nrcgraph.run_query(graph, "current-status", {"subject": meeting}).dicts()
    assert [r["status"] for r in current] == ["held"]
    meetings = {r["meeting"]: r for r in nrcgraph.run_query(graph, "meetings").dicts()}
    assert meetings["https://w3id.org/nrcgraph/id/meeting/nrc-ambassadors-2016-04-20"]["status"] == "held"


def test_a_later_change_overrides_an_earlier_one_whatever_the_order_written(tmp_path):
    # Written in the file in reverse order: the query orders by date, not by position.
    text = (GOOD / "meeting-postponed-then-held.ttl").read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    path = tmp_path / "reversed.ttl"
    path.write_text("\n\n".join([blocks[0], *reversed(blocks[1:])]), encoding="utf-8")
    graph = nrcgraph.load(path, with_bundle=True)
    current = nrcgraph.run_query(graph, "current-status", {"subject": "meeting:nrc-ambassadors-2016-04-20"}).dicts()
    assert [r["status"] for r in current] == ["held"]


def test_a_post_holding_that_ended_says_when_and_why(graph):
    rows = [r for r in nrcgraph.run_query(graph, "post-holders").dicts() if r["name"] == "Alexander Grushko"]
    assert len(rows) == 1
    row = rows[0]
    assert row["post"] == "Permanent Representative of Russia to NATO" and row["postIn"] == "Russia"
    assert str(row["began"]) == "2012" and str(row["ended"]) == "2018-01-22"
    assert row["endReason"] == "post or mission downgraded"


def test_russias_cfe_participation_is_suspended_by_the_decree(graph):
    history = nrcgraph.run_query(graph, "status-history", {"subject": "treatyparticipation:russia-cfe"}).dicts()
    assert [(r["status"], str(r["date"]), str(r["attestedOn"])) for r in history] == [
        ("suspended", "2007-12-12", "2007-12-07")
    ]
    assert history[0]["cause"].endswith("treaty-event/cfe-suspension-effective-2007")
