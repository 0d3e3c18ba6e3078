"""What a SPARQL query may reach, decided from its tokens, and how deeply it nests.

A query that names a remote service (``SERVICE``), a graph to fetch (``FROM`` / ``FROM
NAMED`` an IRI that is not one of the graph's own), or an update (``LOAD``, ``INSERT``, ...)
is refused before any engine sees it, unless the service's host is allowed. The decision
is read from the query's tokens as the SPARQL 1.1 grammar defines them (comments,
strings, IRIs, prefixed names with their escapes, ``PREFIX`` and ``BASE``), after the
``\\u``/``\\U`` code point escapes that SPARQL processes before parsing: a comment, a
line break or an escape cannot hide a target from it. The command line, the server and
every engine use this one check.

Nesting is counted on the same tokens: braces, brackets, parentheses and runs of unary
operators (``!!!!true``), since an engine's parser recurses once for each.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import QueryError, UsageError
from .namespaces import PREFIXES


class Refused(UsageError):
    """The query reaches outside the graph, or writes (HTTP 403 from the server)."""


# Oxigraph's parser recurses once per nesting level and overflows the stack (a crash, not an
# error) from about 2,500 nested groups on the main thread, fewer in worker threads; rdflib
# raises RecursionError from about 50. No real query nests more than a dozen levels.
MAX_DEPTH = 40

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

# One alternative per token kind; order matters where two could match (long strings first).
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[\x20\t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\""
            r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\")",
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            r"(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)",
            r"(?P<blank>_:[^\s{}()\[\],;]+)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            r"(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<op>\|\||&&|!=|<=|>=|\^\^|[{}()\[\],;.=<>+\-*/!^|?@$])",
        ]
    )
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATES = frozenset({"LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"})
_UNARY = frozenset({"!", "+", "-"})
# Cheap first look: a query naming none of these reaches nothing and needs no tokens.
_MAYBE = re.compile(
    r"SERVICE|FROM|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH|USING|\\u|\\U", re.IGNORECASE
)


def unescape(sparql: str) -> str:
    """The query with SPARQL's code point escapes (``\\u0053``) replaced, as a parser sees it."""
    if "\\u" not in sparql and "\\U" not in sparql:
        return sparql

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _ESCAPE.sub(char, sparql)


def tokens(sparql: str) -> list[tuple[str, str]]:
    """The query's significant tokens as (kind, text); whitespace and comments dropped.

    A character no token starts with becomes an ``other`` token of its own, so the list
    always covers the whole query."""
    found: list[tuple[str, str]] = []
    pos, end = 0, len(sparql)
    match = _TOKEN.match
    while pos < end:
        m = match(sparql, pos)
        if m is None or m.end() == pos:
            found.append(("other", sparql[pos]))
            pos += 1
            continue
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            found.append((kind, m.group(0)))
        pos = m.end()
    return found


@lru_cache(maxsize=256)
def _tokens(sparql: str) -> tuple[tuple[str, str], ...]:
    return tuple(tokens(unescape(sparql)))


def check(
    sparql: str,
    allowed_hosts: tuple[str, ...] | frozenset[str] | set[str] = (),
    own_graphs: object = (),
    check_from: bool = True,
) -> None:
    """Raise ``Refused`` when the query writes, names a service whose host is not in
    ``allowed_hosts``, or (``check_from``) a FROM graph that is neither one of
    ``own_graphs`` (a collection of IRIs, or a callable giving one) nor on an allowed host."""
    if not _MAYBE.search(sparql):
        return
    toks = _tokens(sparql)
    prefixes = dict(PREFIXES)
    base: str | None = None
    own: set[str] | None = None
    i, n = 0, len(toks)
    while i < n:
        kind, text = toks[i]
        if kind == "iri" and _looks_like_code(text):
            raise Refused("the query has an IRI that reads as code (it holds SERVICE or FROM): write it plainly")
        if kind != "word":
            i += 1
            continue
        word = text.upper()
        if word == "PREFIX" and i + 2 < n and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = _resolve(toks[i + 2][1][1:-1], base)
            i += 3
            continue
        if word == "BASE" and i + 1 < n and toks[i + 1][0] == "iri":
            base = _resolve(toks[i + 1][1][1:-1], base)
            i += 2
            continue
        if word in _UPDATES:
            raise Refused(f"this graph is read-only here: {word} is refused")
        if word in ("SERVICE", "FROM"):
            j = i + 1
            while j < n and toks[j][0] == "word" and toks[j][1].upper() in ("SILENT", "NAMED"):
                j += 1
            target = toks[j] if j < n else ("end", "")
            iri = _target(word, target, prefixes, base)
            host = _host(iri)
            if host and host in allowed_hosts:
                i = j + 1
                continue
            if word == "FROM":
                if not check_from:
                    i = j + 1
                    continue
                if own is None:
                    own = set(own_graphs() if callable(own_graphs) else own_graphs)  # type: ignore[call-overload,arg-type]
                if iri in own:
                    i = j + 1
                    continue
            what = "a service" if word == "SERVICE" else "a graph from outside"
            raise Refused(
                f"{word} <{_short(iri)}> is refused: nothing outside the graph is reached ({what})"
                + (f"; allow its host with --allow-service {host}" if host else "")
            )
        i += 1


def _target(word: str, token: tuple[str, str], prefixes: dict[str, str], base: str | None) -> str:
    kind, text = token
    if kind == "iri":
        return _resolve(text[1:-1], base)
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix not in prefixes:
            raise Refused(f"{word} {_short(text)} is refused: its prefix is not declared")
        return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    if kind == "var":
        raise Refused(f"{word} with a variable is refused: it could reach any address")
    raise Refused(f"{word} must be followed by an IRI here, not {_short(text) or 'the end of the query'}")


def _host(iri: str) -> str:
    from urllib.parse import urlsplit  # only for the rare query that names a target

    try:
        return (urlsplit(iri).hostname or "").lower()
    except ValueError:
        raise Refused(f"<{_short(iri)}> is not an address this check can read: refused") from None


def _resolve(iri: str, base: str | None) -> str:
    from urllib.parse import urljoin, urlsplit

    return urljoin(base, iri) if base and not urlsplit(iri).scheme else iri


def _looks_like_code(iri: str) -> bool:
    """An IRI token that a parser could read as ``<`` and ``>`` around code naming a target:
    refused rather than guessed at."""
    upper = iri.upper()
    return ("SERVICE" in upper or "FROM" in upper) and any(c in iri for c in "()?$!&=,;")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_UNARY_RUN = re.compile(r"(?:[!+\-][\s]*){2,}")


def check_depth(sparql: str, limit: int = MAX_DEPTH) -> None:
    """Refuse a query nested deeper than ``limit`` levels (groups, brackets, parentheses and
    runs of unary operators), before any engine parses it."""
    openers = sparql.count("{") + sparql.count("(") + sparql.count("[")
    runs = max((len(m) for m in _UNARY_RUN.findall(sparql)), default=1)
    if openers + runs <= limit and "\\u" not in sparql and "\\U" not in sparql:
        return  # too few openers to nest that deep: no tokens needed
    _check_depth(sparql, limit)


@lru_cache(maxsize=256)
def _check_depth(sparql: str, limit: int) -> None:
    depth = run = 0
    for kind, text in _tokens(sparql):
        if kind == "op" and text in _UNARY:
            run += 1
        else:
            run = 0
            if kind == "op" and text in "{([":
                depth += 1
            elif kind == "op" and text in "})]":
                depth -= 1
        if depth + run > limit:
            raise QueryError(
                f"the query nests more than {limit} levels of braces, brackets, parentheses and"
                " unary operators; flatten it"
            )
