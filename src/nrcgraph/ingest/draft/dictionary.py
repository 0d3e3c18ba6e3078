"""The graph as the dictionary: every name the graph knows for its people, groups,
organisations, states, posts, places, treaties, activities and topics, turned into
spaCy EntityRuler patterns; names the patterns miss are looked up fuzzily (rapidfuzz),
so "Sergei Lavrov" finds Sergey Lavrov. Adding data makes the next draft better."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...graph import Graph
from ...rdf.namespaces import NRC, VOCAB

NAMES = """
SELECT ?entity ?name ?class WHERE {
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name } UNION { ?entity foaf:name ?name }
  UNION { ?entity skos:prefLabel ?name }
  ?entity a ?class .
  FILTER (STRSTARTS(STR(?class), STR(nrc:)))
  FILTER (isIRI(?entity))
}
"""
# The words for each meeting level: the level vocabulary's labels, hidden labels included.
LEVEL_WORDS = """
SELECT ?level ?word WHERE {
  ?level skos:inScheme <https://w3id.org/nrcgraph/vocab/meeting-level> .
  { ?level skos:prefLabel ?word } UNION { ?level skos:altLabel ?word } UNION { ?level skos:hiddenLabel ?word }
}
"""
# The classes a name can stand for, most specific kinds first.
KINDS = {
    "Person": "person",
    "Minister": "person",
    "Group": "group",
    "Organisation": "organisation",
    "State": "state",
    "Post": "post",
    "MinisterialPost": "post",
    "Place": "place",
    "Treaty": "treaty",
    "Agreement": "treaty",
    "Programme": "activity",
    "Operation": "activity",
    "Exercise": "activity",
    "Initiative": "activity",
    "Arrangement": "activity",
    "Topic": "topic",
    "Meeting": "meeting",
}
TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Minister", "President", "Ambassador", "General", "Admiral")


@dataclass(frozen=True)
class Entry:
    iri: str
    name: str
    kind: str  # person, group, organisation, state, post, place, treaty, activity, topic, meeting


class Dictionary:
    """Names to entities, from the graph."""

    def __init__(self, entries: list[Entry], post_in: dict[str, str] | None = None):
        self.entries = entries
        self.post_in = post_in or {}  # post IRI -> the organisation or state it is in
        self.level_words: list[tuple[str, str]] = []  # (meeting level, a word for it)
        self.by_iri: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_iri.setdefault(entry.iri, []).append(entry)

    @classmethod
    def from_graph(cls, graph: Graph) -> Dictionary:
        found: dict[tuple[str, str], Entry] = {}
        for row in graph.query(NAMES).rows:
            entity, name, klass = (t.value for t in row)
            kind = KINDS.get(klass[len(NRC) :])
            if kind is None or (kind == "topic" and not entity.startswith(VOCAB + "topic/")):
                continue
            for variant in _variants(name, kind):
                key = (entity, variant.lower())
                if key not in found or _rank(kind) < _rank(found[key].kind):
                    found[key] = Entry(entity, variant, kind)
        post_in = {
            row[0].value: row[1].value for row in graph.query("SELECT ?post ?in WHERE { ?post org:postIn ?in }").rows
        }
        dictionary = cls(sorted(found.values(), key=lambda e: (e.iri, e.name)), post_in)
        dictionary.level_words = [
            (row[0].value.rsplit("/", 1)[-1], row[1].value) for row in graph.query(LEVEL_WORDS).rows
        ]
        return dictionary

    def named(self, text: str) -> list[Entry]:
        """Every entity with this exact name (case aside)."""
        if not hasattr(self, "_names"):
            self._names: dict[str, list[Entry]] = {}
            for entry in self.entries:
                self._names.setdefault(entry.name.lower(), []).append(entry)
        return self._names.get(text.lower(), [])

    def label(self, iri: str) -> str:
        entries = self.by_iri.get(iri, [])
        return entries[0].name if entries else iri.rsplit("/", 1)[-1]

    def kind(self, iri: str) -> str | None:
        entries = self.by_iri.get(iri)
        return entries[0].kind if entries else None

    def patterns(self, tokenize: Any = None) -> list[dict]:
        """EntityRuler patterns: each name, token by token as the pipeline's tokenizer
        splits it (so "Kosovo's" is two tokens in the name as in the text), case-insensitive."""
        out = []
        for entry in self.entries:
            tokens = [t.text for t in tokenize(entry.name)] if tokenize else re.findall(r"\w+|[^\w\s]", entry.name)
            if not tokens:
                continue
            out.append({"label": entry.kind, "pattern": [{"LOWER": t.lower()} for t in tokens], "id": entry.iri})
        return out

    def fuzzy(
        self, text: str, kinds: tuple[str, ...] = ("person", "organisation", "state", "group")
    ) -> tuple[Entry, float] | None:
        """The entity whose name is closest to ``text`` (score from 0 to 1), if close enough."""
        from rapidfuzz import fuzz, process

        choices = [e for e in self.entries if e.kind in kinds and len(e.name) > 4]
        if not choices:
            return None
        best = process.extractOne(text, [e.name for e in choices], scorer=fuzz.ratio, score_cutoff=86)
        if best is None:
            return None
        return choices[best[2]], best[1] / 100


def _rank(kind: str) -> int:
    order = list(dict.fromkeys(KINDS.values()))
    return order.index(kind)


def _variants(name: str, kind: str) -> list[str]:
    """A name and the forms a release also uses: a person's surname after a title."""
    out = [name]
    if kind == "person":
        parts = name.split()
        if len(parts) >= 2 and len(parts[-1]) > 3:
            out += [f"{title} {parts[-1]}" for title in TITLES]
            out.append(parts[-1])
    return out
