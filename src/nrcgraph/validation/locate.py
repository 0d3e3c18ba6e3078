"""Where a node and each of its triples are written in a Turtle, TriG, N-Triples or
N-Quads file, so a finding can point at the offending line.

Parsers do not keep positions, so this reads the text with a small tokenizer: the
prefixes declared, then subject, predicate and object positions through ``;``, ``,``,
nested ``[ ]`` and graph blocks. It never fails: text it does not follow (collections,
a syntax error) just gives fewer positions, and a finding falls back to its node's line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..rdf.namespaces import RDF_TYPE

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<literal>(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
               (?:@[A-Za-z0-9-]+|\^\^(?:<[^>\s]*>|[A-Za-z_][\w.-]*:[\w.-]*|:[\w.-]*))?)
  | (?P<iri><[^>\s]*>)
  | (?P<directive>@prefix|@base|(?i:PREFIX|BASE)(?=\s))
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:(?:[\w\-%]|\\.|\.(?=[\w\-%:]))*|_:[\w.-]*[\w-])
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+))
  | (?P<word>[A-Za-z]+)
  | (?P<punct>[;,.\[\](){}])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@dataclass
class Lines:
    """1-based line numbers: of each subject's first statement, of each (subject,
    predicate) pair, and of each (subject, predicate, object) triple."""

    subjects: dict[str, int] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    triples: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def of(self, subject: str, predicate: str | None = None, value: str | None = None) -> int | None:
        """The most precise line known: the triple's, else the pair's, else the node's."""
        if predicate is not None and value is not None and (subject, predicate, value) in self.triples:
            return self.triples[subject, predicate, value]
        if predicate is not None and (subject, predicate) in self.pairs:
            return self.pairs[subject, predicate]
        return self.subjects.get(subject)


def subject_lines(path: str | Path) -> dict[str, int]:
    """Map each subject IRI (full form) to the 1-based line where it first starts a statement."""
    return statement_lines(path).subjects


def statement_lines(path: str | Path) -> Lines:
    """The lines of the subjects, pairs and triples written in the file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Lines()
    return _scan(text)


def _unescape(body: str) -> str:
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", _escape, body)


def _escape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _ESCAPES.get(code, code)


def _literal_value(token: str) -> str:
    quote = token[0] * 3 if token[:3] in ('"""', "'''") else token[0]
    end = token.rindex(quote)
    return _unescape(token[len(quote) : end])


def _scan(text: str) -> Lines:
    found = Lines()
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    prefixes: dict[str, str] = {}
    stack: list[tuple[str | None, str | None]] = []
    subject: str | None = None
    predicate: str | None = None
    state = "subject"  # subject, predicate, object, after
    pending: list[str] = []  # a directive's tokens
    depth = 0  # inside ( ) collections: not followed

    def term(kind: str, token: str) -> str | None:
        if kind == "iri":
            return token[1:-1]
        if kind == "pname":
            if token.startswith("_:"):
                return None
            prefix, _, local = token.partition(":")
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local) if prefix in prefixes else None
        if kind == "literal":
            return _literal_value(token)
        return token

    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup or "other", match.group()
        if kind in ("space", "comment"):
            continue
        line = bisect.bisect_left(newlines, match.start()) + 1
        if pending or kind == "directive":
            pending.append(token)
            if token == "." or (pending[0].upper() == "PREFIX" and kind == "iri"):
                if pending[0].lower().endswith("prefix") and len(pending) >= 3:
                    prefixes[pending[1].rstrip(":")] = pending[2][1:-1]
                pending = []
            continue
        if depth:
            depth += token == "("
            depth -= token == ")"
            if depth == 0 and state == "object":
                state = "after"
            continue
        if token == "(":
            depth = 1
            continue
        if token in ("{", "}"):
            state, subject, predicate, stack = "subject", None, None, []
            continue
        if state == "subject":
            if token == "[":
                stack.append((None, None))
                subject, state = None, "predicate"
            elif kind in ("iri", "pname"):
                subject, state = term(kind, token), "predicate"
                if subject is not None:
                    found.subjects.setdefault(subject, line)
        elif state == "predicate":
            if token == "]" and stack:
                subject, predicate = stack.pop()
                state = "after"
            elif token == ".":
                state = "subject"
            elif kind in ("iri", "pname") or token == "a":
                predicate = RDF_TYPE if token == "a" else term(kind, token)
                state = "object"
                if subject is not None and predicate is not None:
                    found.pairs.setdefault((subject, predicate), line)
        elif state == "object":
            if token == "[":
                stack.append((subject, predicate))
                subject, state = None, "predicate"
            elif kind in ("iri", "pname", "literal", "number", "word"):
                value = term(kind, token)
                if subject is not None and predicate is not None and value is not None:
                    found.triples.setdefault((subject, predicate, value), line)
                state = "after"
        elif state == "after":
            if token == ",":
                state = "object"
            elif token == ";":
                state = "predicate"
            elif token == ".":
                state, subject, predicate = "subject", None, None
            elif token == "]" and stack:
                subject, predicate = stack.pop()
    return found
