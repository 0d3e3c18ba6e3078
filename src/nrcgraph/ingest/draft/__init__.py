"""nrcgraph draft: from a press release to Turtle in the data's conventions, every node
with its passage, source, review status, confidence and rule, for a person to review
and then ``add``.

The release's text goes through spaCy's blank English pipeline (sentences, and an
EntityRuler whose patterns are the graph's own names), dateparser and the rules in
rules.py; names the patterns miss are looked up with rapidfuzz. Nothing is downloaded:
the graph is the dictionary. These libraries are imported here only.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import DataError, UsageError
from ...graph import Graph
from .build import Builder, build, document_node
from .dates import Resolved, parse_given, release_date
from .dictionary import Dictionary
from .nodes import slug, turtle
from .rules import find, sentences
from .text import TEXT_SUFFIXES, read_release

RELEVANT_KINDS = ("organisation", "state", "person", "group", "post", "treaty")


class Draft:
    """One drafted release: the Turtle, the source text it quotes, and what it found."""

    def __init__(self, name: str, turtle: str, text: str, found: object, nodes: int, to_review: int):
        self.name, self.turtle, self.text, self.found = name, turtle, text, found
        self.nodes, self.to_review = nodes, to_review
        self.empty = ""  # when nothing but the document was found: what to say, in one line

    def write(self, out: Path) -> tuple[Path, Path]:
        """Write the Turtle to ``out`` and the source text to sources/NAME.txt beside it,
        atomically; neither is written if the other cannot be."""
        from ...atomic import atomic_write

        source = out.parent / "sources" / f"{self.name}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        source.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(source, self.text.encode("utf-8"))
        atomic_write(out, self.turtle.encode("utf-8"))
        return out, source


def release_files(path: Path) -> list[Path]:
    """One release, or every text, Markdown and HTML file of a folder."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES - {""})
        if not found:
            raise UsageError(f"{path}: no .txt, .md or .html release in this folder")
        return found
    return [path]


def pipeline(dictionary: Dictionary):  # type: ignore[no-untyped-def]
    """spaCy's blank English pipeline: sentences, and the graph's names as entities."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(dictionary.patterns(nlp.tokenizer))  # type: ignore[attr-defined]
    return nlp


def draft(
    path: str | Path,
    graph: Graph,
    date: str | None = None,
    url: str | None = None,
    publisher: str = "organisation:nato",
    dictionary: Dictionary | None = None,
    nlp: object = None,
) -> Draft:
    """Draft one release against ``graph`` (its dictionary and the IRIs it has taken)."""
    path = Path(path)
    release = read_release(path)
    given = None
    if date:
        try:
            given = parse_given(date)
        except ValueError as exc:
            raise UsageError(f"--date: {exc}") from None
    when = release_date(release.text, given)
    if when is None:
        raise DataError("the release gives no date the draft can read: give it with --date YYYY-MM-DD", str(path))
    dictionary = dictionary or Dictionary.from_graph(graph)
    nlp = nlp or pipeline(dictionary)
    sents = sentences(nlp, release.text, dictionary)
    if not any(m.kind in RELEVANT_KINDS for s in sents for m in s.mentions):
        raise DataError(
            "the text names no one and nothing the graph knows (no NATO, NRC, Russia, treaty or person of "
            "its dictionary): it does not read as a release about NATO-Russia relations",
            str(path),
        )
    name = f"{when.value[:10]}-{slug(release.title, 7)}"
    doc_local = f"{slug(_publisher_name(publisher), 2)}-{name}"
    builder = Builder(dictionary, f"doc:{doc_local}", graph)
    found = find(sents, when, dictionary, release.text)
    build(found, builder, when)
    text_bytes = release.text.encode("utf-8")
    document_node(builder, doc_local, release.title, when, f"sources/{name}.txt", text_bytes, publisher, url)
    _locate_passages(builder.nodes, release.text, f"doc:{doc_local}")
    header = (
        f"# Drafted by nrcgraph draft from {path.name} (release of {when.value}"
        f"{', date inferred' if when.inferred else ''}).\n"
        "# Every node says which rule proposed it (nrc:draftRule) and how sure it is (nrc:confidence).\n"
        "# Review each against sources/" + f"{name}.txt; set nrc:reviewStatus review:reviewed or delete the node;\n"
        "# then: nrcgraph validate THIS-FILE && nrcgraph add THIS-FILE\n"
    )
    text = turtle(builder.nodes, header)
    pending = sum(n.review for n in builder.nodes)
    result = Draft(name, text, release.text, found, len(builder.nodes), pending)
    if not (found.meetings or found.positions or found.statements):  # type: ignore[attr-defined]
        unused = [s.text.strip() for s in sents if len(s.text.split()) > 5][:3]
        result.empty = "found no meeting, decision or statement; sentences it could not use: " + " | ".join(
            u[:80] for u in unused
        )
    return result


def _locate_passages(nodes: list, text: str, doc: str) -> None:
    """Each node's passage also by position in the text (a W3C Web Annotation text position
    selector with the span's SHA-256), as the curated files give their evidence: the words
    stay in the draft, whose text is the user's, and the span lets them be checked."""
    from ..evidence import span, span_turtle

    for node in nodes:
        if node.passage:
            where = span(text, node.passage)
            if where is not None:
                node.add("nrc:evidenceSpan", span_turtle(doc, where))


def _publisher_name(publisher: str) -> str:
    return publisher.split(":", 1)[-1].rsplit("/", 1)[-1]


__all__ = ["Draft", "Resolved", "draft", "pipeline", "release_files"]
