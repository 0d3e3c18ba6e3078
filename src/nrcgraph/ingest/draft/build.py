"""From what the rules found to nodes in the data's conventions: IRIs like data/'s, the
passage of each node its sentence (word for word), every node derived from the source
document, every inferred date marked by an nrc:Inference with its rationale."""

from __future__ import annotations

import hashlib
import re

from ...graph import Graph
from ...rdf.namespaces import expand
from ...rdf.terms import iri as iri_term
from .dates import MONTH_NAMES, Resolved
from .dictionary import Dictionary
from .nodes import Node, date_literal, literal, name, slug
from .rules import LEVEL_WORDS, Findings, Meeting, Mention

SPEAKER_CONFIDENCE = 0.8


class Builder:
    """Collects the nodes of one draft, with IRIs unique in the file and in the graph."""

    def __init__(self, dictionary: Dictionary, doc: str, graph: Graph):
        self.dictionary = dictionary
        self.doc = doc
        self.graph = graph
        self.taken: set[str] = set()  # the IRIs this draft has given out
        self.nodes: list[Node] = []
        self.new_entities: dict[str, Node] = {}

    def used(self, candidate: str) -> bool:
        """Whether the IRI is this draft's already, or a subject in the graph (asked one IRI
        at a time: a large graph is not listed)."""
        return candidate in self.taken or self.graph.contains(iri_term(expand(candidate)))

    def iri(self, prefix: str, local: str) -> str:
        candidate, n = f"{prefix}:{local}", 2
        while self.used(candidate):
            candidate, n = f"{prefix}:{local}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def node(self, prefix: str, local: str, cls: str, passage: str | None, rule: str, confidence: float) -> Node:
        node = Node(self.iri(prefix, local), cls, passage=passage, rule=rule, confidence=confidence)
        node.add("prov:wasDerivedFrom", self.doc)
        self.nodes.append(node)
        return node

    def ref(self, mention: Mention) -> str:
        """The Turtle name of a mentioned entity: the graph's, or a new node's."""
        if not mention.kind.startswith("new-"):
            return name(mention.iri)
        key = mention.text.lower()
        if key not in self.new_entities:
            prefix, cls = {"new-place": ("place", "nrc:Place"), "new-person": ("person", "nrc:Person")}[mention.kind]
            same = f"{prefix}:{slug(mention.text)}"
            if self.graph.contains(iri_term(expand(same))):
                # The graph has a node by this very name's IRI (it may not carry the label
                # here): that node, not a new one.
                return same
            node = self.node(
                prefix,
                slug(mention.text),
                cls,
                None,
                f"new-entity: '{mention.text}' matched nothing in the graph; a new {cls} is proposed",
                0.5,
            )
            node.add("rdfs:label", literal(re.sub(r"^the\s+", "", mention.text), lang="en"))
            self.new_entities[key] = node
        return self.new_entities[key].iri

    def infer(self, subject: Node, predicate: str, value: str, resolved: Resolved) -> None:
        """Mark a date that was inferred, with why and the words it rests on."""
        if not resolved.inferred:
            return
        node = self.node(
            "inference",
            slug(subject.iri.split(":", 1)[1], 10) + "-" + slug(predicate.split(":")[1]),
            "nrc:Inference",
            None,
            "relative-date",
            0.8,
        )
        node.add("rdf:subject", subject.iri)
        node.add("rdf:predicate", predicate)
        node.add("rdf:object", value)
        node.add("nrc:rationale", literal(resolved.rationale or f"Resolved from '{resolved.words}'."))
        node.add("nrc:evidence", literal(resolved.words))


def local(mention: Mention) -> str:
    """A mention's IRI's last part, or a new entity's name, for the IRIs of the nodes about it."""
    return slug(mention.text) if mention.kind.startswith("new-") else mention.iri.rsplit("/", 1)[-1]


def build(found: Findings, builder: Builder, release_date: Resolved) -> None:
    meeting_iris: dict[int, Node] = {}
    for meeting in found.meetings:
        meeting_iris[id(meeting)] = _meeting(meeting, builder, release_date)
    main = next((meeting_iris[id(m)] for m in found.meetings if not m.planned and m.date), None)
    holdings_seen = set()
    for h in found.holdings:
        key = (h.person.iri, h.post.iri)
        if key in holdings_seen:
            continue
        holdings_seen.add(key)
        post = h.post.iri
        node = builder.node(
            "holding",
            f"{slug(local(h.person), 3)}-{slug(post.rsplit('/', 1)[-1], 4)}-{release_date.value}",
            "nrc:PostHolding",
            h.sentence.text.strip(),
            f"post-title: '{h.post.text}' before '{h.person.text}'",
            round(min(h.person.score, h.post.score) * 0.9, 2),
        )
        node.add("nrc:holder", builder.ref(h.person))
        node.add("nrc:post", builder.ref(h.post))
        organisation = builder.dictionary.post_in.get(post)
        if organisation:
            node.add("org:organization", name(organisation))
        node.add("nrc:attestedOn", date_literal(release_date.value))
        builder.infer(node, "nrc:attestedOn", date_literal(release_date.value), release_date)
    for st in found.statements:
        speaker = builder.ref(st.speaker)
        node = builder.node(
            "statement",
            f"{release_date.value}-{slug(local(st.speaker), 3)}-{slug(st.text, 5)}",
            "nrc:Statement",
            None,
            f"{st.rule}: speaker '{st.speaker.text}'",
            round(SPEAKER_CONFIDENCE * st.speaker.score, 2),
        )
        node.add("nrc:speaker", speaker)
        if main is not None:
            node.add("nrc:statedAt", main.iri)
        node.add("nrc:statementKind", f"statementkind:{st.kind}")
        if st.setting:
            node.add("nrc:setting", literal(st.setting))
        node.add("nrc:text", literal(st.text))
        for m in st.about:
            node.add("nrc:about", builder.ref(m))
    for p in found.positions:
        if main is None:
            continue
        about = p.about[0].iri.rsplit("/", 1)[-1] if p.about else "x"
        node = builder.node(
            "position",
            f"{release_date.value}-{p.kind}-{slug(about, 5)}",
            "nrc:Decision" if p.decision else "nrc:Position",
            p.sentence.text.strip(),
            f"position: '{p.kind}' with {len(p.about)} thing(s) it is about",
            0.7,
        )
        node.add("nrc:positionKind", f"positionkind:{p.kind}")
        for m in p.held_by:
            node.add("nrc:heldBy", builder.ref(m))
        if not p.held_by:
            node.add("nrc:heldBy", "organisation:nrc")
        node.add("nrc:expressedAt", main.iri)
        for m in p.about:
            node.add("nrc:about", builder.ref(m))
        if p.extended_into:
            node.add("nrc:extendedInto", date_literal(p.extended_into))
    for e in found.treaty_events:
        if e.date is None:
            continue
        node = builder.node(
            "treatyevent",
            f"{slug(e.treaty.iri.rsplit('/', 1)[-1], 4)}-{e.kind}-{e.date.value[:4]}",
            "nrc:TreatyEvent",
            e.sentence.text.strip(),
            f"treaty-event: '{e.kind}' of '{e.treaty.text}'",
            0.7,
        )
        node.add("rdfs:label", literal(f"{e.kind.replace('-', ' ').capitalize()}: {e.treaty.text}", lang="en"))
        node.add("nrc:eventKind", f"eventkind:{e.kind}")
        node.add("nrc:treaty", builder.ref(e.treaty))
        if e.acting_post:
            node.add("nrc:actingPost", builder.ref(e.acting_post))
        for a in e.actors:
            node.add("nrc:actor", builder.ref(a))
        if e.affected:
            node.add("nrc:affectedParty", builder.ref(e.affected))
        node.add("nrc:date", date_literal(e.date.value))
        builder.infer(node, "nrc:date", date_literal(e.date.value), e.date)
        if e.effective and e.effective.value >= e.date.value:
            node.add("nrc:effectiveDate", date_literal(e.effective.value))
            builder.infer(node, "nrc:effectiveDate", date_literal(e.effective.value), e.effective)
        if main is not None:
            node.add("nrc:reportedAt", main.iri)
    for c in found.contributions:
        if c.date is None:
            continue
        node = builder.node(
            "contribution",
            f"{slug(local(c.contributor), 2)}-{slug(c.activity.iri.rsplit('/', 1)[-1], 4)}-{c.date.value[:4]}",
            "nrc:Contribution",
            c.sentence.text.strip(),
            f"contribution: '{c.contributor.text}' in support of '{c.activity.text}'",
            0.7,
        )
        node.add("rdfs:label", literal(f"{c.contributor.text}: {c.what} in support of {c.activity.text}", lang="en"))
        node.add("nrc:contributor", builder.ref(c.contributor))
        node.add("nrc:contributesTo", builder.ref(c.activity))
        node.add("nrc:date", date_literal(c.date.value))
        builder.infer(node, "nrc:date", date_literal(c.date.value), c.date)
    for measured in found.measurements:
        node = builder.node(
            "measurement",
            f"{slug(measured.measures.iri.rsplit('/', 1)[-1], 4)}-{release_date.value}",
            "nrc:Measurement",
            measured.sentence.text.strip(),
            f"measurement: '{measured.quantity} {measured.unit}'",
            0.7,
        )
        node.add("nrc:measures", builder.ref(measured.measures))
        node.add("nrc:quantity", measured.quantity)
        node.add("nrc:unit", literal(measured.unit))
        node.add("nrc:asOf", date_literal(release_date.value))
        builder.infer(node, "nrc:asOf", date_literal(release_date.value), release_date)
    from .recognise import recognise

    recognise(builder)  # what the graph already holds keeps its IRI (recognise.py)


def _meeting(meeting: Meeting, builder: Builder, release_date: Resolved) -> Node:
    d = builder.dictionary
    forum = d.label(meeting.forum) if meeting.forum else ""
    short = {"NATO-Russia Council": "NRC"}.get(forum, forum)
    level = meeting.level or ""
    if meeting.kind == "summit":
        label = f"{'NATO ' if meeting.forum else ''}{meeting.label_hint}"
        local = slug(label) + (f"-{meeting.date.value[:4]}" if meeting.date else f"-{release_date.value[:4]}")
    else:
        words = LEVEL_WORDS.get(level, "")
        date = meeting.date.value if meeting.date else ""
        label = f"{short} {words} meeting, {_long_date(date)}".replace("  ", " ")
        local = f"{slug(short)}-{slug(level) + '-' if level else ''}{date}"
    node = builder.node(
        "meeting",
        local,
        "nrc:Meeting",
        meeting.sentence.text.strip(),
        f"meeting: '{meeting.key[1]}' of {short or 'an unnamed forum'}",
        meeting.confidence,
    )
    node.add("rdfs:label", literal(label, lang="en"))
    node.add("nrc:meetingKind", f"meetingkind:{meeting.kind}")
    if meeting.level:
        node.add("nrc:meetingLevel", f"meetinglevel:{meeting.level}")
    if meeting.forum:
        node.add("nrc:forum", name(meeting.forum))
    if meeting.date:
        node.add("nrc:date", date_literal(meeting.date.value))
        builder.infer(node, "nrc:date", date_literal(meeting.date.value), meeting.date)
    if meeting.place:
        node.add("nrc:place", builder.ref(meeting.place))
    if meeting.chair:
        node.add("nrc:chair", builder.ref(meeting.chair))
    for _, m in sorted(meeting.topics.items()):
        node.add("nrc:discussed", builder.ref(m))
    for role, m in meeting.participants.values():
        agent = builder.ref(m)
        part = builder.node(
            "participation",
            f"{node.iri.split(':', 1)[1]}-{slug(agent.split(':', 1)[-1].rsplit('/', 1)[-1], 4)}",
            "nrc:Participation",
            m.sentence_text or meeting.sentence.text.strip(),
            f"participant: '{m.text}' in the meeting's sentence" if role != "chair" else f"chair: '{m.text}'",
            round(0.8 * m.score, 2),
        )
        part.add("nrc:participant", agent)
        part.add("prov:hadRole", f"role:{role}")
        node.add("nrc:participation", part.iri)
    change = builder.node(
        "statuschange",
        f"{node.iri.split(':', 1)[1]}-{'planned' if meeting.planned else 'held'}",
        "nrc:StatusChange",
        meeting.sentence.text.strip(),
        "status: the meeting's date against the release's",
        0.8,
    )
    change.add("nrc:statusOf", node.iri)
    change.add("nrc:status", f"status:{'planned' if meeting.planned else 'held'}")
    change.add("nrc:attestedOn", date_literal(release_date.value))
    return node


def _long_date(value: str) -> str:
    if len(value) != 10:
        return value
    return f"{int(value[8:])} {MONTH_NAMES[int(value[5:7]) - 1]} {value[:4]}"


def document_node(
    builder: Builder,
    doc_local: str,
    title: str,
    release_date: Resolved,
    source_file: str,
    text: bytes,
    publisher: str,
    url: str | None,
) -> Node:
    node = Node(f"doc:{doc_local}", "nrc:PressRelease", review=False)
    builder.taken.add(node.iri)
    node.add("rdfs:label", literal(title, lang="en"))
    node.add("dcterms:title", literal(title, lang="en"))
    node.add(
        "dcterms:publisher",
        publisher
        if re.fullmatch(r"[a-z]+:[\w.-]+", publisher) and not publisher.startswith("http")
        else name(publisher),
    )
    node.add("dcterms:issued", date_literal(release_date.value))
    node.add("dcterms:language", literal("en"))
    node.add("nrc:sourceFile", literal(source_file))
    node.add("nrc:sha256", literal(hashlib.sha256(text).hexdigest()))
    if url:
        node.add("foaf:page", f"<{url}>")
    builder.nodes.insert(0, node)
    builder.infer(node, "dcterms:issued", date_literal(release_date.value), release_date)
    return node
