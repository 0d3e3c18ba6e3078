"""RDF file formats: which one a file is (by its extension or a name given), and the
checks every reader shares (UTF-8, a byte-order mark, literals too large to parse)."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, UsageError

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any

# Format names, as the --format options take them.
NAMES = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
# File endings, by format.
EXTENSIONS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".jsonld": "jsonld",
}
QUAD_FORMATS = ("nquads", "trig")
# The parsers' buffer limit (pyoxigraph stops at 16 MiB for one token).
MAX_TOKEN = 16 * 1024 * 1024
BOM = b"\xef\xbb\xbf"


def format_of(path: Path, fmt: str | None = None) -> str:
    """The format name for ``path``: ``fmt`` if given, else from its extension."""
    if fmt:
        if fmt not in NAMES:
            raise UsageError(f"unknown RDF format '{fmt}' (known: {', '.join(NAMES)})")
        return fmt
    found = EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise UsageError(
            f"{path}: unknown RDF file type '{path.suffix}' (known: {', '.join(sorted(EXTENSIONS))}; "
            "or name one with --format)"
        )
    return found


def oxigraph_format(fmt: str):
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]


def rdflib_format(fmt: str) -> str:
    return {
        "turtle": "turtle",
        "ntriples": "nt",
        "nquads": "nquads",
        "trig": "trig",
        "jsonld": "json-ld",
        "rdfxml": "xml",
    }[fmt]


def has_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == BOM


def check_utf8(path: Path) -> None:
    """A DataError naming the file and the first byte that is not UTF-8."""
    decoder_error = None
    with open(path, "rb") as fh:
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                decoder_error = (offset + exc.start, exc.reason)
                break
            offset += len(chunk)
    if decoder_error:
        raise DataError(f"not UTF-8 text ({decoder_error[1]} at byte {decoder_error[0]})", str(path))


def too_large(path: Path) -> DataError:
    return DataError(
        f"a single literal or token is larger than the parser's {MAX_TOKEN // (1024 * 1024)} MiB limit; "
        "split it or keep it outside the graph",
        str(path),
    )


def line_of(path: Path, line: int | None) -> str | None:
    if not line:
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, text in enumerate(fh, 1):
                if number == line:
                    return text.rstrip("\n").lstrip("\ufeff")
    except OSError:
        return None
    return None


def parse_error(path: Path, message: str, line: int | None, column: int | None) -> DataError:
    """A DataError that shows the offending line with a caret under the column."""
    return DataError(message, str(path), line, column, line_of(path, line))


def parse_triples(data: bytes, fmt: str, base_iri: str, source: str) -> list:
    """The triples of an RDF document held in memory (Terms), or a DataError naming ``source``."""
    import pyoxigraph as ox

    from .terms import oxigraph_converter

    conv = oxigraph_converter()
    try:
        return [
            (conv(q.subject), conv(q.predicate), conv(q.object))
            for q in ox.parse(data, format=oxigraph_format(fmt), base_iri=base_iri)
        ]
    except SyntaxError as exc:
        raise DataError(f"does not parse: {exc}", source) from None
    except MemoryError:
        raise too_large(Path(source)) from None


def to_turtle(triples: list, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples (Terms) as Turtle, declaring only the prefixes they use."""
    import pyoxigraph as ox

    from .terms import to_oxigraph

    return oxigraph_turtle([ox.Triple(*map(to_oxigraph, tr)) for tr in triples], prefixes)


def oxigraph_turtle(triples: Any, prefixes: dict[str, str] | None = None) -> bytes:
    """pyoxigraph triples (any iterable, a CONSTRUCT answer too) as Turtle, declaring only
    the prefixes it uses.

    Oxigraph writes every prefix it is given, one declaration a line before the triples;
    those whose ``name:`` the triples never show are dropped afterwards, a search in C,
    instead of looking at every term in Python first.
    """
    import pyoxigraph as ox

    from .namespaces import PREFIXES

    text = bytes(
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES if prefixes is None else prefixes) or b""
    )
    lines = text.split(b"\n")
    declared = 0
    while declared < len(lines) and lines[declared].startswith(b"@prefix "):
        declared += 1
    body = b"\n".join(lines[declared:])
    used = [line for line in lines[:declared] if line[8 : line.index(b":") + 1] in body]
    return b"\n".join([*used, body]) if used else body


def graph_file(name: str | None) -> Path | None:
    """The file a graph was loaded from (its name is the file's URI); None for other names."""
    if not name or not name.startswith("file:"):
        return None
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(name).path))


def shown(name: str) -> str:
    """A graph's name for a message: its file, relative to here where it can be."""
    path = graph_file(name)
    if path is None:
        return name
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
