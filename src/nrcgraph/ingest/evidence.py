"""Evidence by position: the words a fact rests on, given as offsets into its document's
text with the SHA-256 of the span (a W3C Web Annotation ``TextPositionSelector``), so
anyone holding the text can check and mark it, and the graph need not copy the text.

``span`` locates words in a text; ``span_turtle`` writes the evidence node; ``anchor``
turns the verbatim passages of a Turtle file (``nrc:passage``, a statement's ``nrc:text``)
into evidence spans, keeping the words only where the text is the project's or the
user's own (a document with ``nrc:sourceFile``). Offsets count Unicode code points.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write
from ..errors import DataError
from ..rdf.namespaces import OA

WORDS = ("passage", "text", "evidence", "setting")
_STRING = r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"'
# A property with one literal or a comma-separated list of them ("a", "b").
_LITERAL = re.compile(rf"nrc:(passage|text|evidence|setting)(\s+)((?:{_STRING})(?:\s*,\s*(?:{_STRING}))*)")
_ONE = re.compile(_STRING)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    sha256: str


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span(text: str, words: str) -> Span | None:
    """Where ``words`` occur in ``text`` (the first place), or None."""
    start = text.find(words)
    if start < 0:
        return None
    return Span(start, start + len(words), digest(words))


def span_turtle(doc: str, where: Span) -> str:
    """The evidence node, in Turtle, for a span of ``doc`` (a prefixed name or <IRI>)."""
    return (
        f"[ a oa:SpecificResource ; oa:hasSource {doc} ; "
        f"oa:hasSelector [ a oa:TextPositionSelector ; oa:start {where.start} ; oa:end {where.end} ] ; "
        f'nrc:spanSha256 "{where.sha256}" ]'
    )


def unescape(literal: str) -> str:
    """The value of a Turtle string literal, quotes included in ``literal``."""
    body = literal[3:-3] if literal.startswith('"""') else literal[1:-1]

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, body)


def texts_by_digest(folder: Path) -> dict[str, Path]:
    """The text files of ``folder`` by the SHA-256 of their bytes."""
    return {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in sorted(folder.iterdir()) if p.is_file()}


def anchor(path: Path, text: str, doc: str, keep_words: bool) -> int:
    """Give every passage and quoted text of the Turtle file ``path`` its evidence span in
    ``text`` (the document ``doc``, as written in the file); drop the words themselves
    unless ``keep_words``. Written atomically; nothing is written if any passage is not
    found word for word. Returns the number of spans."""
    source = path.read_text(encoding="utf-8")
    missing: list[str] = []
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        spans = []
        for literal in _ONE.findall(match.group(3)):
            words = unescape(literal)
            where = span(text, words)
            if where is None and match.group(1) == "setting":
                return match.group(0)  # a setting in the curator's own words: nothing copied, nothing to place
            if where is None:
                line = source.count("\n", 0, match.start()) + 1
                missing.append(f"{path}:{line}: {match.group(1)} not found word for word in the text: {words[:60]!r}")
                return match.group(0)
            spans.append(span_turtle(doc, where))
        count += len(spans)
        evidence = "nrc:evidenceSpan " + ",\n        ".join(spans)
        return f"{match.group(0)} ;\n    {evidence}" if keep_words else evidence

    result = _LITERAL.sub(replace, source)
    if missing:
        raise DataError(f"{len(missing)} passages not in the text; first: {missing[0]}", str(path))
    if "@prefix oa:" not in result:
        result = re.sub(
            r"(@prefix nrc:[^\n]*\n)",
            lambda m: m.group(1) + f"@prefix oa:           <{OA}> .\n",
            result,
        )
    atomic_write(path, result.encode("utf-8"))
    return count


def anchor_file(path: Path, texts: Path, keep_words: bool | None = None) -> tuple[int, str]:
    """``anchor`` for a curated file holding one document node, its text found in ``texts``
    by the SHA-256 the node records. Returns the spans written and the document's IRI."""
    from ..graph import load

    graph = load(path)
    rows = graph.query(
        "SELECT ?doc ?sha ?kept WHERE { ?doc nrc:sha256 ?sha . BIND(EXISTS { ?doc nrc:sourceFile ?f } AS ?kept) }"
    ).rows
    graph.close()
    if len(rows) != 1:
        raise DataError(
            f"the file declares {len(rows)} documents with an nrc:sha256: anchor needs exactly one", str(path)
        )
    doc, sha, kept = (t.value for t in rows[0])  # type: ignore[union-attr]
    found = texts_by_digest(texts).get(sha)
    if found is None:
        raise DataError(f"no text in {texts} has the SHA-256 {sha[:12]}... that <{doc}> records", str(path))
    keep = (kept == "true") if keep_words is None else keep_words
    return anchor(path, found.read_text(encoding="utf-8"), f"<{doc}>", keep), doc
