"""The drafting rules: general patterns over the release's sentences and the entities
the graph's dictionary finds in them. Each rule is named; every node it proposes says
which rule did, and how sure it is.

- meeting: a meeting noun (meeting, talks, session, summit) with a forum the graph knows
  and a date the sentence gives; its level from the words for who met (ministers,
  ambassadors, chiefs of staff, heads of state and government); held or planned from
  the date against the release's.
- participant / chair: the people, groups and states in a meeting's sentence; "X, who
  chaired" or "chaired by X".
- post-title: a post the graph knows right before a person ("Russian Foreign Minister
  Sergey Lavrov"): a post holding, attested on the release's date.
- quotation / reported-speech: words in quotation marks with a speaker ("said X", "X
  emphasized that"); "X said (that) ..."; "..., X said."
- position: a stance verb (welcomed, agreed, reiterated, recognized, expressed concern,
  committed, extended, invited, determined; "differences remain") with who holds it
  and what it is about; agreements, commitments, extensions and invitations are
  decisions.
- treaty-event: a treaty with a decree, suspension, ratification or signature.
- measurement: a number with what it counts, in a sentence about an activity.
- topic: the topics a meeting's sentences and positions name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import DAY_MONTH, DAY_MONTH_YEAR, MONTH_DAY, MONTH_DAY_YEAR, WEEKDAY, Resolved, resolve
from .dictionary import TITLES, Dictionary

# The rules' words are data (patterns.json), and the levels come from the meeting-level
# vocabulary's labels (Dictionary.level_words); LEVELS is the fallback for a graph without it.
PATTERNS = json.loads((Path(__file__).with_name("patterns.json")).read_text(encoding="utf-8"))
MEETING_NOUN = re.compile(PATTERNS["meeting_words"], re.I)
FORUM_EVENT = re.compile(PATTERNS["forum_event"], re.I)
PLANNED = re.compile(PATTERNS["planned"], re.I)
HELD = re.compile(PATTERNS["held"], re.I)
STEERING = re.compile(PATTERNS["steering"], re.I)
PLACE_BEFORE = re.compile(PATTERNS["place_before"], re.I)
KIND_BY_LEVEL: dict[str, str] = PATTERNS["kind_by_level"]
LEVELS = [
    (re.compile(r"\bheads? of state and government\b|\bsummit\b", re.I), "heads-of-state-and-government"),
    (re.compile(r"\bdefen[cs]e ministers?\b", re.I), "defence-ministers"),
    (re.compile(r"\bforeign ministers?\b|\bforeign affairs\b", re.I), "foreign-ministers"),
    (
        re.compile(r"\bchiefs? of (?:defen[cs]e )?(?:general )?staff\b|\bchiefs of defen[cs]e\b", re.I),
        "chiefs-of-staff",
    ),
    (re.compile(r"\bambassadors?\b|\bpermanent representatives?\b", re.I), "ambassadors"),
    (re.compile(r"\bministers?\b", re.I), "foreign-ministers"),
]
# How a meeting's label names its level ("NRC foreign ministers' meeting"); a summit is
# named by its place instead.
LEVEL_WORDS = {
    "foreign-ministers": "foreign ministers'",
    "defence-ministers": "defence ministers'",
    "chiefs-of-staff": "chiefs of staff",
    "ambassadors": "ambassadors'",
}
SPEECH_VERBS = PATTERNS["speech_verbs"]
POSITION_VERBS: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(rule["pattern"], re.I), rule["kind"], rule["decision"]) for rule in PATTERNS["positions"]
]
PEOPLE = ("person", "new-person")  # a person the graph knows, or one the release introduces
AGENT_KINDS = (*PEOPLE, "group", "organisation", "state")
# A name after a post's title: capitalised words, with the particles names carry.
NEW_NAME = re.compile(
    r"\s*,?\s*((?:[A-Z][a-z]+|[A-Z]\.)(?:\s+(?:(?:de|van|von|der|den|la|le|al|bin)\s+)*[A-Z][\w'’-]+){1,3})"
)
NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
ABOUT_KINDS = ("topic", "activity", "treaty", "organisation", "meeting")
NUMBER = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+((?:[a-z][\w-]*\s+){0,2}(?:personnel|troops|officers|soldiers|technicians|experts|people|staff|instructors|trainees|participants|ships|aircraft|helicopters|tonnes|tons))\b"
)


@dataclass
class Mention:
    """An entity the dictionary (or the fuzzy lookup) found in the text."""

    iri: str
    kind: str
    start: int  # character offsets in the release text
    end: int
    text: str
    score: float = 1.0
    sentence_text: str = ""  # the sentence it was found in, word for word


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    mentions: list[Mention] = field(default_factory=list)
    line: int = 0  # the line (paragraph) of the text it is in

    def of(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds]


@dataclass
class Meeting:
    key: tuple[str | None, str | None]
    forum: str | None
    date: Resolved | None
    level: str | None
    kind: str
    sentence: Sentence
    planned: bool
    place: Mention | None = None
    participants: dict[str, tuple[str, Mention]] = field(default_factory=dict)  # iri -> role, mention
    chair: Mention | None = None
    topics: dict[str, Mention] = field(default_factory=dict)
    confidence: float = 0.8
    label_hint: str = ""


@dataclass
class Holding:
    person: Mention
    post: Mention
    sentence: Sentence


@dataclass
class Statement:
    speaker: Mention
    text: str
    kind: str  # direct-quote, reported-speech
    sentence: Sentence
    setting: str | None
    rule: str
    about: list[Mention]


@dataclass
class Position:
    kind: str
    decision: bool
    held_by: list[Mention]
    about: list[Mention]
    sentence: Sentence
    extended_into: str | None = None


@dataclass
class TreatyEvent:
    kind: str
    treaty: Mention
    sentence: Sentence
    date: Resolved | None
    effective: Resolved | None
    acting_post: Mention | None
    actors: list[Mention]
    affected: Mention | None


@dataclass
class Measurement:
    quantity: str
    unit: str
    measures: Mention
    sentence: Sentence


@dataclass
class Contribution:
    contributor: Mention
    activity: Mention
    what: str
    sentence: Sentence
    date: Resolved | None


@dataclass
class Findings:
    meetings: list[Meeting] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    treaty_events: list[TreatyEvent] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)


def sentences(nlp: Any, text: str, dictionary: Dictionary) -> list[Sentence]:
    """spaCy's sentences, within each line of the text (a headline or a dateline ends at
    its line), with the dictionary's entities, plus fuzzy matches for the capitalised
    names the patterns missed and long activity names said differently."""
    from rapidfuzz import fuzz

    out = []
    activities = [e for e in dictionary.entries if e.kind in ("activity", "treaty") and len(e.name.split()) >= 4]
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    for number, ((offset, _), doc) in enumerate(zip(lines, nlp.pipe(line for _, line in lines))):
        for sent in doc.sents:
            if sent.text.strip():
                s = _sentence(sent, offset, dictionary, activities, fuzz)
                s.line = number
                out.append(s)
    return out


def _sentence(sent: Any, offset: int, dictionary: Dictionary, activities: list, fuzz: Any) -> Sentence:
    s = Sentence(sent.text, offset + sent.start_char, offset + sent.end_char)
    for ent in sent.ents:
        # A name several entities share ("Afghanistan", the state and the topic): each of them.
        entries: list[Any] = dictionary.named(ent.text) or [None]
        for entry in entries:
            iri, kind = (entry.iri, entry.kind) if entry else (ent.ent_id_, ent.label_)
            s.mentions.append(Mention(iri, kind, offset + ent.start_char, offset + ent.end_char, ent.text))
    # A surname the patterns found after a first name they did not ("Sergei Lavrov"):
    # the whole name, if it is close enough to the person's own.
    for m in s.mentions:
        if m.kind != "person" or " " in m.text:
            continue
        before = re.search(r"([A-Z][a-z]+)\s+$", s.text[: m.start - s.start])
        if before and before.group(1) not in TITLES:
            found = dictionary.fuzzy(f"{before.group(1)} {m.text}", ("person",))
            if found and found[0].iri == m.iri:
                m.start -= len(before.group(0))
                m.text = s.text[m.start - s.start : m.end - s.start]
                m.score = found[1]
    # A name the graph does not know, right after a post it does ("NATO Secretary General
    # Jens Stoltenberg"): a new person, proposed for review.
    taken = {i for m in s.mentions for i in range(m.start, m.end)}
    for m in [m for m in s.mentions if m.kind == "post"]:
        name = NEW_NAME.match(s.text, m.end - s.start)
        if name:
            begin, end = s.start + name.start(1), s.start + name.end(1)
            if not any(i in taken for i in range(begin, end)):
                s.mentions.append(Mention("new:" + name.group(1), "new-person", begin, end, name.group(1), 0.5))
                taken |= set(range(begin, end))
    s.mentions.sort(key=lambda m: m.start)
    covered = {i for m in s.mentions for i in range(m.start, m.end)}
    for match in re.finditer(r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,3}[A-Z][a-z]+\b", sent.text):
        begin, end = sent.start_char + match.start(), sent.start_char + match.end()
        if any(i in covered for i in range(begin, end)):
            continue
        found = dictionary.fuzzy(match.group(0))
        if found:
            entry, score = found
            s.mentions.append(Mention(entry.iri, entry.kind, begin, end, match.group(0), score))
    known = {m.iri for m in s.mentions}
    for entry in activities:
        if entry.iri in known:
            continue
        # The name said in other words: as a near-verbatim stretch of the sentence, or
        # all its words there in another order.
        name, words = entry.name.lower(), sent.text.lower()
        aligned = fuzz.partial_ratio_alignment(name, words)
        score = max(aligned.score if aligned else 0, fuzz.token_set_ratio(name, words))
        if score >= 85:
            # Where the stretch is, when it is one; else the whole sentence.
            begin, end = (aligned.dest_start, aligned.dest_end) if aligned and aligned.score >= 85 else (0, len(words))
            text = sent.text[begin:end]
            s.mentions.append(Mention(entry.iri, entry.kind, s.start + begin, s.start + end, text, score / 100))
            known.add(entry.iri)
    s.mentions.sort(key=lambda m: m.start)
    for m in s.mentions:
        m.sentence_text = s.text.strip()
    return s


def meeting_date(sentence: Sentence, release: Resolved) -> Resolved | None:
    """A date for a meeting: a day the sentence names, or "today", "earlier in the day"."""
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, DAY_MONTH, MONTH_DAY, WEEKDAY):
        for found in pattern.finditer(sentence.text):
            # "the 26th of June" names a day as a noun ("The 12th of December is not a
            # deadline"); it dates a meeting only after "on" ("Meeting on the 26th of June").
            if " of " in found.group(0) and not re.search(r"\bon\s+(?:the\s+)?$", sentence.text[: found.start()]):
                continue
            return resolve(found.group(0), release)
    relative = re.search(r"\b(?:earlier|later) in the day\b|\btoday\b|\byesterday\b", sentence.text, re.I)
    return resolve(relative.group(0), release) if relative else None


def find(sents: list[Sentence], release: Resolved, dictionary: Dictionary, text: str) -> Findings:
    found = Findings()
    last_speaker: Mention | None = None
    holders: dict[str, Mention] = {}  # post IRI -> the person the release names in it
    last_treaty: Mention | None = None
    by_line: dict[int, list[Sentence]] = {}
    for s in sents:
        by_line.setdefault(s.line, []).append(s)
    for line in by_line.values():
        quoted = _quotations(line, text_of(line, text), holders, last_speaker)
        for st in quoted:
            found.statements.append(st)
            last_speaker = st.speaker
        for s in line:
            _meetings(s, release, dictionary, found)
            for holding in _holdings(s):
                found.holdings.append(holding)
                holders[holding.post.iri] = holding.person
            if not re.search(r"[“”\"]", s.text.strip(' “”"')):
                for st in _reported(s, holders, last_speaker):
                    found.statements.append(st)
                    last_speaker = st.speaker
            events = _treaty_events(s, release, last_treaty)
            found.treaty_events += events
            last_treaty = next(iter(s.of("treaty")), last_treaty)
            found.positions += _positions(s, found)
            found.measurements += _measurements(s)
            found.contributions += _contributions(s, release)
    main = next((m for m in found.meetings if m.date and not m.planned), None)
    if main is not None:
        # Who takes a position at the release's meeting took part in it; what the release
        # names of programmes, operations and treaties, the meeting dealt with.
        for p in found.positions:
            for m in p.held_by:
                if m.kind in ("group", *PEOPLE):
                    main.participants.setdefault(m.iri, ("delegate", m))
        for s in sents:
            for m in s.of("activity", "treaty"):
                main.topics.setdefault(m.iri, m)
        for s in sents:
            if re.search(r"\bdiscuss", s.text, re.I) or s is main.sentence:
                for m in s.of("topic"):
                    main.topics.setdefault(m.iri, m)
        for p in found.positions:
            for m in p.about:
                if m.kind == "topic":
                    main.topics.setdefault(m.iri, m)
    return found


def _is_nrc(m: Mention, dictionary: Dictionary) -> bool:
    return m.iri.endswith("/nrc") or "nato-russia council" in dictionary.label(m.iri).lower()


def _level(text: str, anchor: int, dictionary: Dictionary) -> str | None:
    """The level whose words stand nearest the forum or the meeting word (``anchor``): the
    vocabulary's labels, longest first at a place ("chiefs of defence staff" before "staff")."""
    words = dictionary.level_words or [(lv, p.pattern) for p, lv in LEVELS]
    best: tuple[int, int, str] | None = None
    for level, word in words:
        pattern = word if not dictionary.level_words else r"\b" + re.escape(word) + r"s?\b"
        for found in re.finditer(pattern, text, re.I):
            distance = min(abs(found.start() - anchor), abs(found.end() - anchor))
            candidate = (distance, -len(found.group(0)), level)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        generic = re.search(r"\bministers?\b", text, re.I)
        return "foreign-ministers" if generic else None
    return best[2]


def _place(s: Sentence) -> Mention | None:
    """Where a meeting was: a place the graph knows, or a place the gazetteer knows, right
    after "in", "at" or "near" (a state is where a place is, not a meeting's place)."""
    from .gazetteer import is_place

    for m in s.of("place"):
        if PLACE_BEFORE.search(s.text[: m.start - s.start]):
            return m
    for found in re.finditer(r"\b(?:in|at|near)\s+((?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})", s.text):
        name = found.group(1)
        if name.lower().startswith("the "):
            continue
        if is_place(name):
            begin = s.start + found.start(1)
            return Mention("new:" + name, "new-place", begin, begin + len(name), name, 0.6)
    return None


def _meetings(s: Sentence, release: Resolved, dictionary: Dictionary, found: Findings) -> None:
    forums = s.of("organisation")
    nouns = list(MEETING_NOUN.finditer(s.text))
    # "the NATO-Russia Council today (20 April)": a forum at once followed by a date.
    events = [f for f in forums if FORUM_EVENT.match(s.text, f.end - s.start)]
    if not nouns and not events:
        return
    nrc = [m for m in forums if _is_nrc(m, dictionary)]
    summit = re.search(r"\b(?:NATO(?:'s|’s)?\s+)?([A-Z][a-z]+)\s+Summit\b", s.text)
    date = meeting_date(s, release)
    future = bool(PLANNED.search(s.text))
    nrc_summit = bool(
        nrc and re.search(r"\bsummit\b", s.text, re.I) and not re.search(r"\bafter the\b[^.]{0,40}Summit", s.text)
    )
    if summit and not nrc_summit:
        place = next((m for m in s.of("place") if summit.start(1) <= m.start - s.start < summit.end(1)), None)
        nato = next((m for m in forums if "nato" == m.text.lower()), None)
        organiser = nato.iri if nato else None
        key = (organiser, "summit:" + summit.group(1))
        if not any(m.key == key for m in found.meetings):
            planned = date is None or date.value > release.value or future
            meeting = Meeting(
                key,
                organiser,
                None if planned and date is None else date,
                "heads-of-state-and-government",
                "summit",
                s,
                planned,
                place,
                confidence=0.7,
                label_hint=f"{summit.group(1)} Summit",
            )
            found.meetings.append(meeting)
        if not forums or all(m is nato for m in forums):
            return
    if date is None:
        # "The meeting was chaired by X", "During the meeting of the NRC": the meeting the
        # text has just reported.
        if found.meetings and re.search(r"\bthe (?:meeting|talks|session)\b", s.text, re.I):
            previous = found.meetings[-1]
            if not forums or previous.forum in {m.iri for m in forums}:
                _people(s, previous, previous.forum)
                return
        # "I have just chaired a meeting of the NATO-Russia Council": a meeting the text
        # reports as held, naming no day and no other meeting of the forum: the text's day.
        if (
            nrc
            and nouns
            and not future
            and HELD.search(s.text)
            and not any(m.forum == nrc[0].iri for m in found.meetings)
        ):
            date = Resolved(
                release.value,
                s.text.strip()[:60],
                True,
                f"The text reports the meeting as held without naming its day: the day of the text, {release.value}.",
            )
        else:
            return
    if not forums:
        # "X, who chaired Thursday's meeting": a meeting already found, named by its date.
        same = next((m for m in found.meetings if m.date and m.date.value == date.value), None)
        if same is not None:
            _people(s, same, forum=None)
        return
    anchor = (nouns[0].start() if nouns else events[0].end - s.start) if not events else events[0].start - s.start
    # The forum: the organisation nearest the meeting word ("meeting of the NATO-Russia
    # Council", "NRC meeting", "talks ... under the NRC"); the NRC when it is named.
    forum = min(nrc or forums, key=lambda m: abs((m.start - s.start) - anchor))
    key = (forum.iri, date.value)
    same = next((m for m in found.meetings if m.key == key), None)
    if same is not None:
        _people(s, same, forum.iri)
        if same.place is None:
            same.place = _place(s)
        return
    steering = STEERING.search(s.text)
    level = "working-level" if steering else _level(s.text, forum.start - s.start, dictionary)
    if nrc_summit:
        level = "heads-of-state-and-government"
    planned = date.value > release.value or (future and date.value >= release.value)
    label = dictionary.label(forum.iri)
    if steering:
        kind = "project-steering"
    elif "north atlantic council" in label.lower():
        kind = "nac-ministerial"
    else:
        kind = KIND_BY_LEVEL.get(level or "", "nrc-ministerial")
    meeting = Meeting(key, forum.iri, date, level, kind, s, planned, confidence=0.85 if level else 0.6)
    meeting.place = _place(s)
    _people(s, meeting, forum.iri)
    group = _level_group(forum, level, dictionary)
    named_groups = any(m.kind in ("group", *PEOPLE) for _, m in meeting.participants.values())
    if group is not None and not planned and not named_groups:
        meeting.participants.setdefault(group.iri, ("delegate", group))
    found.meetings.append(meeting)


def _level_group(forum: Mention, level: str | None, dictionary: Dictionary) -> Mention | None:
    """The group a forum meets as at a level ("NRC foreign ministers", "NRC ambassadors"),
    when the graph has one: a group whose name holds the forum's short name and one of the
    level's words."""
    if level is None:
        return None
    words = [w.lower() for lv, w in dictionary.level_words if lv == level]
    forum_names = {e.name.lower() for e in dictionary.by_iri.get(forum.iri, [])}
    for entry in dictionary.entries:
        if entry.kind != "group":
            continue
        name = entry.name.lower()
        if any(f in name for f in forum_names if len(f) <= 25) and any(
            re.search(rf"\b{re.escape(w)}", name) for w in words
        ):
            return Mention(entry.iri, "group", forum.start, forum.end, forum.text, 0.6)
    return None


def _people(s: Sentence, meeting: Meeting, forum: str | None) -> None:
    """The people, groups and states of a meeting's sentence take part in it; "X, who
    chaired" or "chaired by X" is its chair."""
    # People and groups of office holders take part; a state is represented by them.
    for m in s.of(*PEOPLE, "group"):
        if m.iri != forum:
            meeting.participants.setdefault(m.iri, ("delegate", m))
    chair = re.search(r"chaired by ([A-Z][\w.’' -]+)", s.text) or re.search(
        r"([A-Z][\w.’' -]+?),? (?:who )?chaired\b", s.text
    )
    if chair:
        words = chair.group(1)
        person = next((m for m in s.of(*PEOPLE) if m.text in words), None)
        if person:
            meeting.chair = person
            meeting.participants[person.iri] = ("chair", person)


def _holdings(s: Sentence) -> list[Holding]:
    out = []
    mentions = s.mentions
    for a, b in zip(mentions, mentions[1:]):
        between = s.text[a.end - s.start : b.start - s.start]
        if a.kind == "post" and b.kind in PEOPLE and re.fullmatch(r"[\s,]*", between):
            out.append(Holding(b, a, s))
        elif a.kind in PEOPLE and b.kind == "post" and re.fullmatch(r"\s*,\s*(?:the\s+)?", between):
            out.append(Holding(a, b, s))
    return out


def text_of(line: list[Sentence], text: str) -> tuple[int, str]:
    """The whole line (paragraph) the sentences are in: its offset and text."""
    begin = line[0].start
    end = line[-1].end
    return begin, text[begin:end]


WHO = r"(?P<who>(?:[A-Z][\w.’'-]*|the|he|she|they)(?:\s+[\w.’'-]+){0,4})"


def _quotations(
    line: list[Sentence], where: tuple[int, str], holders: dict[str, Mention], last: Mention | None
) -> list[Statement]:
    """Quotations in a paragraph: paired quotation marks, or a closing mark with no
    opening one (the quotation runs from the paragraph's start); the speaker from "said
    X", "X said" or "X emphasized that" beside it, else the paragraph's previous speaker."""
    offset, text = where
    mentions = [m for s in line for m in s.mentions]
    spans = []
    first_close = re.search(r"[”\"]", text)
    first_open = re.search(r"[“]", text)
    if (
        first_close
        and text[first_close.start()] == "”"
        and (not first_open or first_open.start() > first_close.start())
    ):
        spans.append((0, first_close.start()))
    for q in re.finditer(r"[“\"]([^”\"]{12,}?)[”\"]", text):
        if not spans or q.start() >= spans[-1][1]:
            spans.append((q.start(1), q.end(1)))
    setting_match = re.match(r"((?:Speaking|Talking|Writing)\b[^,]{3,120}),", text)
    setting = setting_match.group(1) if setting_match else None
    kind = "written-statement" if re.search(r"\bin a statement\b", text, re.I) else "direct-quote"
    out: list[Statement] = []
    previous: Mention | None = None
    for begin, end in spans:
        after = text[end + 1 :]
        before = text[:begin].rstrip('“" ')
        speaker = None
        hit = re.match(r"\s*,?\s*" + SPEECH_VERBS + r"\s+" + WHO, after) or re.match(
            r"\s*,?\s*" + WHO + r"\s+" + SPEECH_VERBS, after
        )
        if hit:
            speaker = _speaker_at(
                hit.group("who"), offset + end + 1 + hit.start("who"), mentions, holders, previous or last
            )
        if speaker is None:
            hit = re.search(
                WHO + r"\s+(?:" + SPEECH_VERBS + r"|emphasized|stressed|noted|recalled)(?:\s+that)?\s*[:,]?\s*$", before
            )
            if hit:
                speaker = _speaker_at(hit.group("who"), offset + hit.start("who"), mentions, holders, previous or last)
        if speaker is None:  # "According to X, ... 'quotation'"
            hit = re.search(r"\bAccording to\s+(?P<who>[^,]{3,80}),", before)
            if hit:
                speaker = _speaker_at(hit.group("who"), offset + hit.start("who"), mentions, holders, previous or last)
        speaker = speaker or previous
        if speaker is None:
            continue
        words = text[begin:end].strip().rstrip(",")
        sentence = next((s for s in line if s.start <= offset + begin < s.end), line[0])
        about = [m for m in mentions if m.kind in ABOUT_KINDS and offset + begin <= m.start < offset + end]
        out.append(Statement(speaker, words, kind, sentence, setting, "quotation", _unique(about)))
        previous = speaker
    return out


def _speaker_at(
    words: str, begin: int, mentions: list[Mention], holders: dict[str, Mention], last: Mention | None
) -> Mention | None:
    end = begin + len(words)
    for m in mentions:
        if m.start >= begin and m.end <= end:
            if m.kind in AGENT_KINDS:
                return m
            if m.kind == "post" and m.iri in holders:
                return holders[m.iri]
    if words.strip().lower() in ("he", "she", "they") and last is not None:
        return last
    return None


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.iri, m)
    return list(seen.values())


def _reported(s: Sentence, holders: dict[str, Mention], last: Mention | None) -> list[Statement]:
    """Reported speech: "X said (that) ...", or "..., X said." at the sentence's end."""
    text = s.text.strip()
    trailing = re.match(r"(?P<words>.{12,}?),\s+" + WHO + r"\s+" + SPEECH_VERBS + r"\s*\.?$", text)
    if trailing:
        speaker = _speaker_at(trailing.group("who"), s.start + trailing.start("who"), s.mentions, holders, last)
        if speaker:
            return [
                Statement(
                    speaker,
                    trailing.group("words").strip(),
                    "reported-speech",
                    s,
                    None,
                    "reported speech (speaker after)",
                    _about(s),
                )
            ]
    # "X said (that) ...", "X announced that ...", "X emphasized that ..." (these need "that").
    verbs = r"(?:(?:said|says|added|stated|declared|told)\s+(?:that\s+)?|(?:announced|emphasized|emphasised|stressed|noted|warned|acknowledged|recalled)\s+that\s+)"
    reported = re.search(WHO + r"(?:,[^,]{3,80},)?\s+" + verbs + r"(?P<words>.{12,})$", text.strip(' “”"').rstrip("."))
    if reported:
        speaker = _speaker_at(reported.group("who"), s.start + reported.start("who"), s.mentions, holders, last)
        if speaker:
            words = reported.group("words").strip(' “”"').rstrip(".").strip()
            return [Statement(speaker, words, "reported-speech", s, None, "reported speech", _about(s))]
    return []


def _about(s: Sentence) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for m in s.of(*ABOUT_KINDS):
        seen.setdefault(m.iri, m)
    return list(seen.values())


def _positions(s: Sentence, found: Findings) -> list[Position]:
    out = []
    for pattern, kind, decision in POSITION_VERBS:
        verb = pattern.search(s.text)
        if not verb:
            continue
        offset = s.start + verb.start()
        subjects = [m for m in s.of(*AGENT_KINDS) if m.start < offset]
        others = [m for m in _about(s) if m.iri not in {x.iri for x in subjects}]
        # What a stance is about follows its verb ("expressed concern over ..."), else it is
        # named before it in the same clause ("Recognizing that X ..., ministers agreed"; a
        # passive, "X has been extended"), not in a clause joined by "and".
        after = [m for m in others if m.start >= offset]
        before = [m for m in others if m.start < offset and " and " not in s.text[m.end - s.start : verb.start()]]
        things = [m for m in after if m.kind != "organisation"] or [m for m in before if m.kind != "organisation"]
        about = things or after
        # An organisation named beside topics is where ("in the NRC"), not what.
        about = [m for m in about if m.kind != "organisation"] or about
        if kind == "extended":
            about = [m for m in _about(s) if m.kind == "activity"] or about
        collective = r"\b(?:ministers|ambassadors|chiefs|leaders|allies|participants|they)\b"
        if not subjects and re.search(collective, s.text[: verb.start()], re.I):
            # "Ministers agreed": the groups at the release's meeting, else its forum.
            main = next((m for m in found.meetings if not m.planned), None)
            if main:
                subjects = [mention for role, mention in main.participants.values() if mention.kind == "group"]
                if not subjects and main.forum:
                    forum = main.forum
                    subjects = [Mention(forum, "organisation", s.start, s.start, forum.rsplit("/", 1)[-1])]
        if not about or (not subjects and kind != "extended"):
            continue
        into = re.search(r"\binto\s+((?:19|20)\d\d)\b", s.text)
        out.append(
            Position(
                kind,
                decision,
                subjects[-1:] if kind != "disagreement" else subjects,
                about,
                s,
                into.group(1) if into and kind == "extended" else None,
            )
        )
        break
    return out


def _treaty_events(s: Sentence, release: Resolved, last_treaty: Mention | None) -> list[TreatyEvent]:
    """A treaty the sentence names (or "the treaty": the last one named) with what
    happened to it; a suspension decree "as of" a date also gives the suspension taking
    effect on that date."""
    treaties = s.of("treaty")
    if not treaties and last_treaty is not None and re.search(r"\bthe treaty\b", s.text, re.I):
        treaties = [Mention(last_treaty.iri, "treaty", s.start, s.start, last_treaty.text, last_treaty.score)]
    if not treaties:
        return []
    treaty = treaties[0]
    kinds = [
        (r"\bdecree\b[^.]*\bsuspend", "suspension-decree"),
        (r"\bcommitted to ratify(?:ing)?\b", "ratification-commitment"),
        (r"\bratif(?:ied|y)\b", "ratification"),
        (r"\bsigned\b", "signature"),
        (r"\bwithdr[ae]w", "withdrawal"),
    ]
    kind = next((k for pattern, k in kinds if re.search(pattern, s.text, re.I)), None)
    if kind is None:
        return []
    date = None
    for words in (
        r"\ba week (?:earlier|before)\b",
        r"\b\d{1,2}\s+[A-Z][a-z]+\.?\s+(?:19|20)\d\d\b",
        r"(?<!as of )\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    ):
        hit = re.search(words, s.text)
        if hit:
            date = resolve(hit.group(0), release)
            break
    # "established in 2002, five years after ... signed": a year counted from another.
    offset = re.search(r"\b(?:in|since)\s+((?:19|20)\d\d)\b[^.]*?\b(\w+) years (after|before)\b", s.text)
    if date is None and offset and offset.group(2).lower() in NUMBERS:
        n = NUMBERS[offset.group(2).lower()]
        year = int(offset.group(1)) + (-n if offset.group(3) == "after" else n)
        date = Resolved(str(year), offset.group(0), True, f"'{offset.group(0)}': {year}.")
    if date is None and kind == "ratification-commitment":
        verb = re.search(r"committed to ratify(?:ing)?", s.text, re.I)
        date = Resolved(
            release.value,
            verb.group(0) if verb else s.text.strip(),
            True,
            "The commitment is the one the release reports on its date; it may have been made before.",
        )
    effective_words = re.search(r"\bas of\s+(\d{1,2}\s+[A-Z][a-z]+(?:\s+(?:19|20)\d\d)?)", s.text)
    effective = resolve(effective_words.group(1), release) if effective_words else None
    posts = s.of("post")
    agents = [m for m in s.of("organisation", "state", "group") if m.start < treaty.start]
    affected = next((m for m in s.of("state")), None)
    events = [TreatyEvent(kind, treaty, s, date, effective, posts[0] if posts else None, agents, affected)]
    if kind == "suspension-decree" and effective is not None:
        events.append(TreatyEvent("suspension-effective", treaty, s, effective, None, None, [], affected))
    return events


def _contributions(s: Sentence, release: Resolved) -> list[Contribution]:
    """ "<state> deployed / sent / contributed ... in support of <activity>"."""
    hit = re.search(r"\b(deployed|sent|contributed|provided)\b(?P<what>[^.;]{3,80}?)\bin support of\b", s.text)
    if not hit:
        return []
    givers = [m for m in s.of("state", "organisation") if m.start < s.start + hit.start()]
    activities = [m for m in s.of("activity") if m.start > s.start + hit.start()]
    if not givers or not activities:
        return []
    when = re.search(
        r"\b(?:earlier|later) this year\b|\blast month\b|\d{1,2}\s+[A-Z][a-z]+(?:\s+(?:19|20)\d\d)?", s.text, re.I
    )
    date = resolve(when.group(0), release) if when else None
    return [Contribution(givers[-1], activities[0], hit.group("what").strip(), s, date)]


def _measurements(s: Sentence) -> list[Measurement]:
    out = []
    for hit in NUMBER.finditer(s.text):
        activities = s.of("activity")
        if not activities:
            continue
        out.append(Measurement(hit.group(1).replace(",", ""), hit.group(2), activities[0], s))
    return out
