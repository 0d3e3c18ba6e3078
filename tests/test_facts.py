"""Fact coverage: questions a reader of the two press releases can answer, asked of the graph.

Each question is a SPARQL query (the bundle's prefixes are predeclared) with the answer
the text gives. A fact lost or changed in the data fails its question.
"""

from __future__ import annotations

import pytest
from conftest import ask

from nrcgraph import bundle

D07 = "meeting:nrc-foreign-ministers-2007-12-07"
D12 = "meeting:nrc-foreign-ministers-2012-04-19"

FACTS = [
    # --- the 2012 release ---
    ("When did the 2012 NRC foreign ministers meet?", f"SELECT ?d WHERE {{ {D12} nrc:date ?d }}", {"2012-04-19"}),
    ("Who chaired it?", f"SELECT ?p WHERE {{ {D12} nrc:chair ?p }}", {"person:anders-fogh-rasmussen"}),
    (
        "Which post did the chair hold?",
        "SELECT ?post WHERE { person:anders-fogh-rasmussen org:holds ?post }",
        {"post:nato-secretary-general"},
    ),
    (
        "Who was Russia's counterpart in 2012?",
        f"SELECT ?p WHERE {{ {D12} nrc:participation/nrc:participant ?p . ?p a nrc:Person . FILTER (?p != person:anders-fogh-rasmussen) }}",
        {"person:sergey-lavrov"},
    ),
    (
        "How many NRC foreign ministers were there?",
        f"SELECT ?n WHERE {{ {D12} nrc:participation [ nrc:participant group:nrc-foreign-ministers ; nrc:headcount ?n ] }}",
        {"29"},
    ),
    (
        "What did the meeting mark?",
        f"SELECT ?o WHERE {{ {D12} nrc:occasion ?o }}",
        {"Marked 10 years of increased bilateral cooperation under the NATO-Russia Council."},
    ),
    ("When was the NRC established?", "SELECT ?y WHERE { organisation:nrc nrc:established ?y }", {"2002"}),
    (
        "When was the Founding Act signed?",
        "SELECT ?y WHERE { treatyevent:founding-act-signature nrc:date ?y }",
        {"1997"},
    ),
    (
        "Who signed the Founding Act?",
        "SELECT ?a WHERE { treatyevent:founding-act-signature nrc:actor ?a }",
        {"organisation:nato", "state:russia"},
    ),
    (
        "What did the Founding Act mark?",
        "SELECT ?d WHERE { treatyevent:founding-act-signature nrc:description ?d }",
        {"Marked the end of the strategic confrontation between the two former adversaries."},
    ),
    (
        "On what topics do NATO and Russia cooperate (2012)?",
        "SELECT ?t WHERE { position:2012-04-19-cooperation-areas nrc:about ?t }",
        {
            "topic:counter-terrorism",
            "topic:counter-piracy",
            "topic:counter-narcotics",
            "activity:explosive-detection-technology",
            "activity:afghan-air-force-helicopter-support",
        },
    ),
    (
        "What did the ministers agree about Afghanistan?",
        "SELECT ?d WHERE { position:2012-04-19-afghanistan-vital-concern nrc:positionKind positionkind:agreed ; nrc:description ?d }",
        {"The stability of Afghanistan remains a vital concern."},
    ),
    (
        "How many counter-narcotics personnel has the NRC programme trained?",
        "SELECT ?n WHERE { ?m nrc:measures activity:nrc-counter-narcotics-training ; nrc:quantity ?n }",
        {"2000"},
    ),
    (
        "Who initiated the counter-narcotics programme?",
        "SELECT ?a WHERE { activity:nrc-counter-narcotics-training nrc:initiatedBy ?a }",
        {"organisation:nrc"},
    ),
    (
        "Whom does the helicopter support back?",
        "SELECT ?b WHERE { activity:afghan-air-force-helicopter-support nrc:beneficiary ?b }",
        {"organisation:afghan-air-force"},
    ),
    (
        "Which mission do the transit arrangements serve?",
        "SELECT ?m WHERE { activity:afghanistan-transit-arrangements nrc:partOf ?m }",
        {"activity:isaf"},
    ),
    (
        "What did the ministers say of the transit arrangements?",
        "SELECT ?t WHERE { ?s nrc:about activity:afghanistan-transit-arrangements ; nrc:text ?t }",
        {"They said it was an important contribution to the ISAF mission"},
    ),
    (
        "Who was invited to the extended Afghanistan meeting in Chicago?",
        "SELECT ?p ?r WHERE { meeting:chicago-summit-2012-afghanistan nrc:participation [ nrc:participant ?p ; prov:hadRole ?r ] }",
        {("state:russia", "role:invited-representative")},
    ),
    ("Where is the summit?", "SELECT ?p WHERE { meeting:chicago-summit-2012 nrc:place ?p }", {"place:chicago"}),
    (
        "Why was Russia invited?",
        "SELECT ?t WHERE { position:2012-04-19-russia-invited-to-chicago nrc:about ?t }",
        {"meeting:chicago-summit-2012-afghanistan", "topic:regional-security"},
    ),
    (
        "What was on the summit agenda discussed with Lavrov?",
        "SELECT ?t WHERE { meeting:chicago-summit-2012 nrc:discussed ?t }",
        {"topic:afghanistan", "topic:defence-capabilities", "topic:missile-defence"},
    ),
    ("Did the 2012 meeting discuss missile defence?", f"ASK {{ {D12} nrc:discussed topic:missile-defence }}", True),
    (
        "Where and when was the recent TMD exercise?",
        "SELECT ?s ?d WHERE { activity:tmd-exercise-germany-2012 nrc:place/nrc:territoryOf ?s ; nrc:date ?d }",
        {("state:germany", "2012-03")},
    ),
    (
        "What will the ministers hold talks on to build confidence?",
        "SELECT ?t WHERE { position:2012-04-19-confidence-building-talks nrc:about ?t }",
        {"topic:defence-reform", "topic:nuclear-doctrines", "topic:force-posture", "topic:trust-and-confidence"},
    ),
    (
        "What is NATO determined to push for?",
        "SELECT ?t WHERE { ?p nrc:positionKind positionkind:determination ; nrc:heldBy organisation:nato ; nrc:about ?t }",
        {"topic:missile-defence"},
    ),
    (
        "How many things did Fogh Rasmussen say in 2012?",
        f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s nrc:speaker person:anders-fogh-rasmussen ; nrc:statedAt {D12} }}",
        {"14"},
    ),
    (
        "What did he say about trust?",
        "SELECT ?t WHERE { ?s nrc:speaker person:anders-fogh-rasmussen ; nrc:text ?t FILTER STRSTARTS(?t, 'I look forward') }",
        {
            "I look forward to more cooperation. More security. And more trust. Because those are vital pillars of the strategic relationship we agreed to develop"
        },
    ),
    (
        "Did the ministers disagree on anything in 2012?",
        f"ASK {{ ?p nrc:expressedAt {D12} ; nrc:positionKind positionkind:disagreement }}",
        True,
    ),
    # --- the 2007 release ---
    ("When did the 2007 NRC meeting take place?", f"SELECT ?d WHERE {{ {D07} nrc:date ?d }}", {"2007-12-07"}),
    ("Where?", f"SELECT ?p WHERE {{ {D07} nrc:place ?p }}", {"place:nato-headquarters"}),
    ("What was its key topic?", f"SELECT ?t WHERE {{ {D07} nrc:keyTopic ?t }}", {"treaty:cfe"}),
    (
        "Which post did Lavrov hold?",
        "SELECT ?p WHERE { ?h nrc:holder person:sergey-lavrov ; nrc:post ?p }",
        {"post:russia-foreign-minister"},
    ),
    ("Is Lavrov a minister?", "ASK { person:sergey-lavrov a nrc:Minister }", True),
    (
        "Who decreed Russia's suspension of the CFE Treaty?",
        "SELECT ?a WHERE { treatyevent:cfe-suspension-decree-2007 nrc:actingPost ?a }",
        {"post:russia-president"},
    ),
    (
        "From when is the suspension effective?",
        "SELECT ?d WHERE { treatyevent:cfe-suspension-decree-2007 nrc:effectiveDate ?d }",
        {"2007-12-12"},
    ),
    (
        "When was the decree signed?",
        "SELECT ?d WHERE { treatyevent:cfe-suspension-decree-2007 nrc:date ?d }",
        {"2007-11-30"},
    ),
    (
        "What caused Allied concern?",
        "SELECT ?x WHERE { ?p nrc:positionKind positionkind:concern ; nrc:about ?x }",
        {"treaty:cfe", "treatyevent:cfe-suspension-decree-2007"},
    ),
    (
        "What are the Allies committed to ratifying?",
        "SELECT ?t WHERE { ?e nrc:eventKind eventkind:ratification-commitment ; nrc:treaty ?t }",
        {"treaty:cfe-amended"},
    ),
    (
        "What does the amended treaty amend?",
        "SELECT ?t WHERE { treaty:cfe-amended nrc:amendedVersionOf ?t }",
        {"treaty:cfe"},
    ),
    (
        "In which forums is the CFE Treaty discussed?",
        "SELECT ?f WHERE { treaty:cfe nrc:negotiationForum ?f }",
        {"organisation:nrc", "organisation:osce"},
    ),
    (
        "What did Lavrov say of 12 December?",
        "SELECT ?t WHERE { ?s nrc:speaker person:sergey-lavrov ; nrc:text ?t }",
        {
            "The 12th of December is not going to be a deadline for anything at all. We will continue to negotiate and we hope some kind of common agreement can be reached."
        },
    ),
    (
        "Where did Lavrov say it?",
        "SELECT ?s WHERE { statement:2007-12-07-lavrov-no-deadline nrc:setting ?s }",
        {"Speaking to the press after the NRC meeting"},
    ),
    (
        "Which other contentious issues were discussed?",
        "SELECT ?t WHERE { position:2007-12-07-contentious-issues nrc:about ?t }",
        {"topic:kosovo-status", "topic:missile-defence"},
    ),
    (
        "Until when was the counter-narcotics pilot project extended?",
        "SELECT ?y WHERE { ?d nrc:positionKind positionkind:extended ; nrc:about activity:nrc-counter-narcotics-training ; nrc:extendedInto ?y }",
        {"2008"},
    ),
    (
        "Which regions does the counter-narcotics training serve?",
        "SELECT ?x WHERE { { activity:nrc-counter-narcotics-training nrc:beneficiary ?x } UNION { activity:nrc-counter-narcotics-training nrc:beneficiaryRegion ?x } }",
        {"state:afghanistan", "place:central-asia"},
    ),
    (
        "What did Russia contribute to Operation Active Endeavour, and when?",
        "SELECT ?d ?y WHERE { ?c nrc:contributor state:russia ; nrc:contributesTo activity:operation-active-endeavour ; nrc:description ?d ; nrc:date ?y }",
        {("A second ship deployed in support of the operation.", "2007")},
    ),
    (
        "Where does Operation Active Endeavour operate, and who leads it?",
        "SELECT ?p ?l WHERE { activity:operation-active-endeavour nrc:place ?p ; nrc:ledBy ?l }",
        {("place:mediterranean-sea", "organisation:nato")},
    ),
    (
        "When is the computer-assisted TMD exercise due?",
        "SELECT ?d ?s WHERE { activity:tmd-computer-assisted-exercise-2008 nrc:date ?d . ?c nrc:statusOf activity:tmd-computer-assisted-exercise-2008 ; nrc:status ?s }",
        {("2008-01", "status:planned")},
    ),
    (
        "Where does the Cooperative Airspace Initiative stand?",
        "SELECT ?s WHERE { ?c nrc:statusOf activity:cooperative-airspace-initiative ; nrc:status ?s }",
        {"status:in-development"},
    ),
    (
        "What did the Allied ministers acknowledge in the NAC statement?",
        "SELECT ?t WHERE { statement:2007-12-07-nac-challenging-phase nrc:text ?t }",
        {"the NATO-Russia partnership has entered a challenging phase"},
    ),
    (
        "Which body is NATO's principal decision-making body?",
        "SELECT ?d WHERE { organisation:north-atlantic-council skos:definition ?d }",
        {"NATO's principal decision-making body."},
    ),
    (
        "When did the North Atlantic Council meet?",
        "SELECT ?d WHERE { meeting:nac-foreign-ministers-2007-12-07 nrc:date ?d }",
        {"2007-12-07"},
    ),
    (
        "What did the ministers agree to keep seeking?",
        "SELECT ?d WHERE { position:2007-12-07-seek-further-cooperation nrc:description ?d }",
        {"Continue to seek possibilities for further cooperation in the NRC framework."},
    ),
    # --- across both ---
    (
        "At how many meetings did Lavrov take part?",
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m nrc:participation/nrc:participant person:sergey-lavrov }",
        {"2"},
    ),
    (
        "Which release is the source of the 2,000 figure?",
        "SELECT ?d WHERE { ?m nrc:quantity 2000 ; prov:wasDerivedFrom ?d }",
        {"doc:nato-2012-04-19-nrc-ministers-closer-cooperation"},
    ),
    (
        "When was the 2012 release last updated?",
        "SELECT ?t WHERE { doc:nato-2012-04-19-nrc-ministers-closer-cooperation dcterms:modified ?t }",
        {"2012-04-19T11:52:00"},
    ),
]


@pytest.mark.parametrize("question, sparql, expected", FACTS, ids=[q for q, _, _ in FACTS])
def test_fact(graph, question, sparql, expected):
    answer = ask(graph, sparql)
    if isinstance(answer, set):
        answer = {
            tuple(bundle.shorten(v) for v in row) if isinstance(row, tuple) else bundle.shorten(row) for row in answer
        }
    assert answer == expected


def test_at_least_forty_questions():
    assert len(FACTS) >= 40
