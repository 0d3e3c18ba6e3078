"""A release's text, from plain text, Markdown or HTML, and the checks that it is one:
not empty, not binary, in English, and about something the graph knows."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from ...errors import DataError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ""}
# The commonest English words: a text where they are rare is not English (or not prose).
_ENGLISH = set(
    "the of and to in a is that for on with as by at from it was were has have be are this "
    "which their its an or not but also they he she we said will would been".split()
)
_FURNITURE = re.compile(
    json.loads((Path(__file__).with_name("patterns.json")).read_text(encoding="utf-8"))["furniture"], re.I
)
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header", "title"}
_SKIP = {"script", "style", "nav", "footer", "noscript", "svg", "form"}


class Release:
    """A release's title and text (the text whose words passages quote)."""

    def __init__(self, path: Path, title: str, text: str):
        self.path, self.title, self.text = path, title, text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skipping = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skipping += 1
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str, str]:
    """The title and the visible text of an HTML page, one block per line."""
    parser = _Text()
    parser.feed(markup)
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return " ".join(parser.title).strip(), "\n".join(line for line in lines if line)


def markdown_text(markup: str) -> str:
    """Markdown without its markup: headings, emphasis, links and images, code marks."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markup)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s{0,3}[-*+]\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return html.unescape(text)


def read_release(path: Path) -> Release:
    """Read and check one release; a DataError says why it cannot be drafted."""
    data = path.read_bytes()
    if not data.strip():
        raise DataError("the file is empty: there is no release to draft", str(path))
    if b"\x00" in data[:4096]:
        raise DataError("this is a binary file, not the text of a release (plain text, Markdown or HTML)", str(path))
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None
    suffix = path.suffix.lower()
    looks_html = suffix in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", raw, re.I) is not None
    if looks_html:
        title, text = html_text(raw)
    elif suffix in (".md", ".markdown"):
        text = markdown_text(raw)
        title = ""
    else:
        text, title = raw, ""
    text = text.replace("\r\n", "\n").strip() + "\n"
    if not title or _FURNITURE.match(title):
        # The headline: the first line that is not page furniture and has a few words.
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        title = next(
            (line for line in lines if not _FURNITURE.match(line) and len(line.split()) >= 3),
            lines[0] if lines else "",
        )
    words = re.findall(r"[A-Za-z]+", text.lower())
    if len(words) < 8:
        raise DataError("the text is too short to be a release (fewer than 8 words)", str(path))
    if sum(w in _ENGLISH for w in words) / len(words) < 0.12:
        raise DataError("the text does not read as English: nrcgraph draft reads English releases", str(path))
    return Release(path, title[:200], text)
