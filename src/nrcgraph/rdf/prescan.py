"""Checks made on an RDF file before any parser reads it, so that no engine can be made
to exhaust the machine or reach outside it by what a file says.

- RDF/XML: a DTD that declares entities (nested ones expand without bound: "billion
  laughs") or names anything outside the file (an external DTD or entity) is refused.
  Only the prolog is read, with defusedxml's hardened expat parser; the scan stops at
  the first element, since entities can be declared nowhere else.
- JSON-LD: nesting deeper than ``MAX_DEPTH`` objects and arrays is refused (the parsers
  recurse, and a deep file crashes them), counted by an iterative scan that recurses
  nowhere itself; a ``@context`` (or ``@import``) that names a document instead of
  holding it is refused: nrcgraph never fetches a context, from the network or a file.

Every refusal is a one-line ``DataError`` naming the file, the same on every engine.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataError

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any

# Deeper than any JSON-LD a person writes (the bundle's deepest is under 10), far below
# where the parsers' recursion runs out.
MAX_DEPTH = 100
# A JSON string (escapes included) or one bracket: strings are skipped whole, so a
# bracket inside one is not counted.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def prescan(path: Path, fmt: str) -> None:
    """Refuse ``path`` (of format ``fmt``) with a DataError if it could exhaust a parser or
    make it reach outside; formats other than RDF/XML and JSON-LD pass unread."""
    if fmt == "rdfxml":
        check_xml(path)
    elif fmt == "jsonld":
        check_jsonld(path)


# --- RDF/XML ---------------------------------------------------------------------------


class _PrologRead(Exception):
    """The first element was reached: the DTD, if any, is behind."""


def check_xml(path: Path) -> None:
    """Refuse an XML file whose DTD declares entities or points outside the file."""
    from xml.sax import SAXParseException
    from xml.sax.handler import ContentHandler

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.expatreader import DefusedExpatParser

    class Parser(DefusedExpatParser):  # type: ignore[misc]
        def reset(self) -> None:
            super().reset()
            self._parser.StartDoctypeDeclHandler = self._doctype

        def _doctype(self, name: str, sysid: str | None, pubid: str | None, internal: bool) -> None:
            if sysid or pubid:
                raise DTDForbidden(name, sysid, pubid)

    class Prolog(ContentHandler):
        def startElement(self, name: str, attrs: Any) -> None:
            raise _PrologRead

    parser = Parser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(Prolog())
    try:
        with open(path, "rb") as fh:
            parser.parse(fh)
    except _PrologRead:
        return
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise DataError(
                f"the XML entity '{exc.name}' refers to the outside document '{exc.sysid or exc.pubid}', "
                "which nrcgraph never reads",
                str(path),
            ) from None
        raise DataError(
            f"the XML declares the entity '{exc.name}', which nrcgraph does not read (entities can "
            "expand without bound); write their text out in full",
            str(path),
        ) from None
    except ExternalReferenceForbidden as exc:
        raise DataError(
            f"the XML refers to the outside document '{exc.sysid}', which nrcgraph never reads", str(path)
        ) from None
    except DTDForbidden as exc:
        raise DataError(
            f"the XML names an outside DTD ('{exc.sysid or exc.pubid}'), which nrcgraph never reads; remove the DOCTYPE",
            str(path),
        ) from None
    except SAXParseException as exc:
        raise DataError(
            f"syntax error: {exc.getMessage()}", str(path), exc.getLineNumber(), (exc.getColumnNumber() or 0) + 1
        ) from None


# --- JSON-LD ---------------------------------------------------------------------------


def check_jsonld(path: Path) -> None:
    """Refuse JSON-LD nested deeper than MAX_DEPTH, or naming a context to fetch."""
    data = path.read_bytes()
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
            if depth > MAX_DEPTH:
                line = data.count(b"\n", 0, match.start()) + 1
                raise DataError(
                    f"the JSON nests more than {MAX_DEPTH} objects and arrays deep, more than nrcgraph reads",
                    str(path),
                    line,
                )
        elif token in (b"}", b"]"):
            depth -= 1
    if b"@context" not in data and b"@import" not in data:
        return
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return  # not JSON (or not UTF-8): the parser says where
    for name, value in _keyed(document):
        remote = _remote(value) if name in ("@context", "@import") else None
        if remote is not None:
            raise DataError(
                f"the JSON-LD {name} '{remote}' is a document to fetch, which nrcgraph never does; "
                "put the context itself in the file",
                str(path),
            )


def _keyed(document: Any) -> Any:
    """Every (key, value) pair of every object in ``document``, without recursion."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield key, item
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)


def _remote(context: Any) -> Any:
    """The first context in ``context`` that is a reference (an IRI to fetch), else None."""
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str):
            return item
    return None
