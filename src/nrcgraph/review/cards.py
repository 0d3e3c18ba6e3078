"""Each drafted node as a card in plain words, for a person to decide: a sentence built
from labels ("Anders Fogh Rasmussen took part as chair in NRC ambassadors' meeting, 15
March 2013"), its facts one by one with what each may be changed to, the candidates the
graph offers to merge it with, and what the shapes say about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..rdf.namespaces import ID, NRC, PROV, RDF, RDFS, SKOS, VOCAB, XSD, shorten
from ..rdf.terms import Term
from .session import Draft

DATE_TYPES = (XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime")
LABELS = """
SELECT ?s ?label WHERE {
  VALUES ?s { %s }
  { ?s rdfs:label ?label } UNION { ?s skos:prefLabel ?label } UNION { ?s foaf:name ?label }
}
"""
SCHEME_OF = "SELECT ?scheme WHERE { ?c skos:inScheme ?scheme } LIMIT 1"
CONCEPTS = """
SELECT ?c ?label WHERE { ?c skos:inScheme ?scheme OPTIONAL { ?c skos:prefLabel ?label } } ORDER BY ?label
"""
SAME_MEETING = """
SELECT ?m ?label WHERE {
  ?m a nrc:Meeting ; nrc:date ?date .
  OPTIONAL { ?m nrc:forum ?forum }
  OPTIONAL { ?m rdfs:label ?label }
  FILTER (?m != ?self && STR(?date) = ?day)
}
"""
OF_CLASS = """
SELECT ?s ?name WHERE {
  ?s a ?class .
  { ?s rdfs:label ?name } UNION { ?s skos:altLabel ?name } UNION { ?s foaf:name ?name }
  FILTER (isIRI(?s) && ?s != ?self)
}
"""
ENTITIES = """
SELECT ?s ?name ?class WHERE {
  { ?s rdfs:label ?name } UNION { ?s skos:prefLabel ?name } UNION { ?s skos:altLabel ?name }
  OPTIONAL { ?s a ?class }
  FILTER (isIRI(?s) && (STRSTARTS(STR(?s), STR(person:)) || STRSTARTS(STR(?s), "%s")))
}
"""


@dataclass
class Fact:
    predicate: str
    name: str  # the predicate in words
    value: str  # the object, in N-Triples syntax (what a form sends back)
    shown: str  # the object in words
    kind: str  # date, concept, entity or text
    options: list[tuple[str, str]] = field(default_factory=list)  # a concept's scheme: (IRI, label)


@dataclass
class Card:
    iri: str
    short: str
    cls: str
    title: str
    words: str
    confidence: float | None
    rule: str
    passage: str
    status: str
    facts: list[Fact]
    candidates: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, str]] = field(default_factory=list)
    decisions: list[dict[str, str]] = field(default_factory=list)
    recognised: bool = False


class Labeller:
    """Labels for IRIs, from the draft first, then the graph, then the ontology; never a bare IRI."""

    def __init__(self, draft: Draft, base: Any):
        self.draft, self.base = draft, base
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        if iri not in self.cache:
            self.fetch([iri])
        return self.cache[iri]

    def fetch(self, iris: list[str]) -> None:
        wanted = [i for i in dict.fromkeys(iris) if i not in self.cache and ">" not in i and " " not in i]
        for iri in wanted:
            label = self.draft.g.value(self.draft.u(iri), self.draft.u(RDFS + "label"))
            if label is not None:
                self.cache[iri] = str(label)
        rest = [i for i in wanted if i not in self.cache]
        for start in range(0, len(rest), 200):
            values = " ".join(f"<{i}>" for i in rest[start : start + 200])
            try:
                rows = self.base.query(LABELS % values).rows
            except Exception:  # noqa: BLE001  (an engine that cannot answer: fall back to names)
                rows = []
            for s, label in rows:
                if s is not None and label is not None and (s.value not in self.cache or label.lang == "en"):
                    self.cache[s.value] = label.value
        for iri in wanted:
            self.cache.setdefault(iri, _readable(iri))


def _readable(iri: str) -> str:
    """An IRI without a label, as words: its last part with the hyphens as spaces."""
    local = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return local.replace("-", " ").replace("_", " ") or shorten(iri)


def build_cards(draft: Draft, base: Any, findings: dict[str, list[dict[str, str]]]) -> list[Card]:
    label = Labeller(draft, base)
    nodes = draft.drafted()
    refs = {str(o) for n in nodes for _, o in draft.facts(n) if _is_iri(o)}
    label.fetch([*nodes, *refs, *(p for n in nodes for p, _ in draft.facts(n))])
    cards = [card_of(draft, base, node, label, findings.get(node, [])) for node in nodes]
    # Least sure first; decided nodes after the ones still to decide.
    return sorted(cards, key=lambda c: (c.status != "pending", c.confidence if c.confidence is not None else 1, c.iri))


def card_of(draft: Draft, base: Any, node: str, label: Labeller, findings: list[dict[str, str]]) -> Card:
    g, u = draft.g, draft.u
    n = u(node)
    cls_iri = str(g.value(n, u(RDF + "type")) or "")
    cls = label(cls_iri) if cls_iri else "node"
    confidence = g.value(n, u(NRC + "confidence"))
    rule = str(g.value(n, u(NRC + "draftRule")) or "")
    passage = str(g.value(n, u(NRC + "passage")) or "")
    facts = [fact_of(base, p, o, label) for p, o in draft.facts(node)]
    decisions = draft.decisions(node)
    status = draft.status(node)
    if not facts and decisions and not cls_iri:
        words = decisions[-1]["description"]
        title = label(node) if node in label.cache and label.cache[node] != _readable(node) else _readable(node)
    else:
        title = label(node)
        words = sentence(draft, node, cls_iri, label)
    card = Card(
        node,
        shorten(node),
        cls,
        title,
        words,
        float(confidence) if confidence is not None else None,
        rule,
        passage,
        status,
        facts,
        findings=findings,
        decisions=decisions,
        recognised=rule.startswith("merge:") or (status == "pending" and draft.exists(node)),
    )
    if status == "pending":
        card.candidates = candidates(draft, base, node, cls_iri, label)
    return card


def _is_iri(o: Any) -> bool:
    return type(o).__name__ == "URIRef"


def fact_of(base: Any, predicate: str, o: Any, label: Labeller) -> Fact:
    name = label(predicate)
    if _is_iri(o):
        iri = str(o)
        if iri.startswith(VOCAB):
            return Fact(predicate, name, o.n3(), label(iri), "concept", scheme_options(base, iri))
        return Fact(predicate, name, o.n3(), label(iri), "entity")
    datatype = str(getattr(o, "datatype", "") or "")
    kind = "date" if datatype in DATE_TYPES else "text"
    return Fact(predicate, name, o.n3(), str(o), kind)


_SCHEMES: dict[int, dict[str, list[tuple[str, str]]]] = {}


def scheme_options(base: Any, concept: str) -> list[tuple[str, str]]:
    """Every concept of the scheme ``concept`` is in, for a choice among them."""
    cache = _SCHEMES.setdefault(id(base), {})
    try:
        rows = base.query(SCHEME_OF, {"c": Term("uri", concept)}).rows
    except Exception:  # noqa: BLE001
        return []
    if not rows or rows[0][0] is None:
        return []
    scheme = rows[0][0].value
    if scheme not in cache:
        found = base.query(CONCEPTS, {"scheme": Term("uri", scheme)}).rows
        cache[scheme] = [(c.value, lab.value if lab else _readable(c.value)) for c, lab in found if c is not None]
    return cache[scheme]


def sentence(draft: Draft, node: str, cls: str, label: Labeller) -> str:
    """The node in plain words, from its labels."""
    g, u = draft.g, draft.u
    n = u(node)

    def one(p: str) -> str:
        v = g.value(n, u(p))
        if v is None:
            return ""
        return label(str(v)) if _is_iri(v) else str(v)

    def every(p: str) -> str:
        values = [label(str(v)) if _is_iri(v) else str(v) for v in g.objects(n, u(p))]
        return ", ".join(sorted(values))

    local = cls.rsplit("#", 1)[-1]
    if local == "Participation":
        meeting = next((label(str(s)) for s in g.subjects(u(NRC + "participation"), n)), "the meeting")
        return f"{one(NRC + 'participant')} took part as {one(PROV + 'hadRole') or 'participant'} in {meeting}."
    if local == "Meeting":
        parts = [f"{label(node)}: a {one(NRC + 'meetingKind') or 'meeting'}"]
        if one(NRC + "forum"):
            parts.append(f"of {one(NRC + 'forum')}")
        if one(NRC + "date"):
            parts.append(f"on {one(NRC + 'date')}")
        if one(NRC + "place"):
            parts.append(f"at {one(NRC + 'place')}")
        text = " ".join(parts)
        if one(NRC + "chair"):
            text += f", chaired by {one(NRC + 'chair')}"
        if every(NRC + "discussed"):
            text += f"; discussed {every(NRC + 'discussed')}"
        return text + "."
    if local == "PostHolding":
        return f"{one(NRC + 'holder')} held the post of {one(NRC + 'post')}, as the release attests on {one(NRC + 'attestedOn')}."
    if local == "Statement":
        where = f" at {one(NRC + 'statedAt')}" if one(NRC + "statedAt") else ""
        return f"{one(NRC + 'speaker')} said{where}: “{one(NRC + 'text')}”"
    if local in ("Position", "Decision"):
        where = f" at {one(NRC + 'expressedAt')}" if one(NRC + "expressedAt") else ""
        return f"{every(NRC + 'heldBy')} {one(NRC + 'positionKind')}{where}: {every(NRC + 'about')}."
    if local == "StatusChange":
        return f"{one(NRC + 'statusOf')} is {one(NRC + 'status')}, as the release attests on {one(NRC + 'attestedOn')}."
    if local == "Inference":
        return (
            f"Inferred, not stated: {one(RDF + 'subject')} — {label(str(g.value(n, u(RDF + 'predicate'))))} "
            f"{one(RDF + 'object')}. Why: {one(NRC + 'rationale')}"
        )
    if local == "TreatyEvent":
        return f"{one(NRC + 'eventKind')} of {one(NRC + 'treaty')} on {one(NRC + 'date')}."
    if local in ("Person", "Place", "Organisation"):
        return f"{'A new' if not draft.exists(node) else 'The graph’s'} {label(cls).lower()}: {label(node)}."
    facts = "; ".join(f"{label(p)}: {label(str(o)) if _is_iri(o) else o}" for p, o in draft.facts(node))
    return f"{label(cls)}: {facts}"


def candidates(draft: Draft, base: Any, node: str, cls: str, label: Labeller) -> list[dict[str, Any]]:
    """Nodes of the graph this drafted node may be: the same meeting by forum and date, the
    same person (or place) by name similarity, the same organisation by acronym."""
    g, u = draft.g, draft.u
    n = u(node)
    out: list[dict[str, Any]] = []
    local = cls.rsplit("#", 1)[-1]
    own = str(g.value(n, u(RDFS + "label")) or "")
    if draft.exists(node):
        out.append(
            {"iri": node, "label": label(node), "why": "the graph already holds this node (recognised in draft)"}
        )
    if local == "Meeting":
        date = g.value(n, u(NRC + "date"))
        forum = g.value(n, u(NRC + "forum"))
        if date is not None:
            rows = base.query(SAME_MEETING, {"day": Term("literal", str(date)), "self": Term("uri", node)}).rows
            for m, lab in rows:
                same_forum = forum is not None and base.contains(m, Term("uri", NRC + "forum"), Term("uri", str(forum)))
                why = "same forum and date" if same_forum else "same date"
                out.append({"iri": m.value, "label": lab.value if lab else _readable(m.value), "why": why})
    elif local in ("Person", "Place", "Organisation", "State", "Group") and own:
        from rapidfuzz import fuzz

        rows = base.query(OF_CLASS, {"class": Term("uri", cls), "self": Term("uri", node)}).rows
        for s, name in rows:
            score = fuzz.token_sort_ratio(own.lower(), name.value.lower())
            if local in ("Organisation", "Group", "State") and _acronym(own, name.value):
                out.append({"iri": s.value, "label": label(s.value), "why": f"acronym: {name.value}", "score": 100})
            elif score >= 75:
                out.append(
                    {"iri": s.value, "label": label(s.value), "why": f"name like '{name.value}'", "score": score}
                )
    seen: set[str] = set()
    unique = []
    for c in sorted(out, key=lambda c: -c.get("score", 101)):
        if c["iri"] not in seen:
            seen.add(c["iri"])
            unique.append(c)
    return unique[:8]


def _acronym(a: str, b: str) -> bool:
    """Whether one name is the other's acronym ("NRC", "NATO-Russia Council")."""
    import re

    def initials(text: str) -> str:
        return "".join(w[0] for w in re.findall(r"[A-Za-z]+", text) if w[0].isupper() or len(w) > 3).upper()

    a2, b2 = a.replace(".", "").strip(), b.replace(".", "").strip()
    return (a2.isupper() and a2 == initials(b)) or (b2.isupper() and b2 == initials(a))


def search_entities(base: Any, text: str, limit: int = 20) -> list[dict[str, str]]:
    """Type-ahead over the graph's entities and vocabulary concepts: names containing ``text``."""
    if not text.strip():
        return []
    key = text.strip().lower()
    cache = _ENTITY_CACHE.get(id(base))
    if cache is None:
        rows = base.query(ENTITIES % VOCAB).rows + base.query(ENTITIES.replace("person:", "<" + ID + ">") % VOCAB).rows
        cache = sorted({(s.value, name.value, c.value if c else "") for s, name, c in rows if s and name})
        _ENTITY_CACHE[id(base)] = cache
    out, seen = [], set()
    for iri, name, cls in cache:
        if key in name.lower() and iri not in seen:
            seen.add(iri)
            out.append(
                {
                    "iri": iri,
                    "label": name,
                    "kind": _readable(cls) if cls else ("concept" if iri.startswith(VOCAB) else ""),
                }
            )
            if len(out) >= limit:
                break
    return sorted(out, key=lambda e: (not e["label"].lower().startswith(key), e["label"]))


_ENTITY_CACHE: dict[int, list[tuple[str, str, str]]] = {}

__all__ = ["Card", "Fact", "build_cards", "search_entities", "SKOS"]
