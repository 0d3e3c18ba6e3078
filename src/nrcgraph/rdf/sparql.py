"""Text-level helpers for SPARQL queries: the query form, ordering, and binding values.

Values are bound by ``BIND(term AS ?var)`` at the start of the query's WHERE
group, each value written as a properly escaped RDF term: no user input is ever
spliced into the query as code, and the same text runs on any engine or SPARQL
endpoint. A ``VALUES`` block means the same; it is the fallback for servers that
reject the BIND form (Virtuoso 7 fails to compile a BIND whose variable is not
selected, and evaluates property paths over a VALUES variable incompletely).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import QueryError
from .terms import Term

# Strings, IRIs and comments: skipped when looking for keywords and braces.
SKIPPED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
    r"'(?:[^'\\\n]|\\.)*'|<[^<>\s\"{}|^`\\]*>|#[^\n]*"
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def code_only(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length, same offsets);
    cached, since a server sees the same saved queries again and again."""
    return SKIPPED.sub(lambda m: " " * len(m.group(0)), sparql)


def form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    match = _FORM.search(code_only(sparql))
    return match.group(1).upper() if match else "SELECT"


def is_ordered(sparql: str) -> bool:
    """Whether the outermost query orders its rows (a multiset compare is wrong then)."""
    return bool(_ORDER_BY.search(code_only(sparql).rsplit("}", 1)[-1]))


def _where_brace(code: str) -> int:
    """The offset of the ``{`` that opens the query's WHERE group."""
    match = _FORM.search(code)
    if not match:
        raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    pos = match.end()
    if match.group(1).upper() == "CONSTRUCT":
        after = code[pos:].lstrip()
        if not _WHERE.match(after):  # skip the template: CONSTRUCT { ... } WHERE { ... }
            start = code.index("{", pos)
            depth = 0
            for i in range(start, len(code)):
                depth += {"{": 1, "}": -1}.get(code[i], 0)
                if depth == 0:
                    pos = i + 1
                    break
    brace = code.find("{", pos)
    if brace < 0:
        raise QueryError("SPARQL syntax error: the query has no WHERE group")
    return brace


def bind_values(sparql: str, bindings: dict[str, Term] | None, style: str = "bind") -> str:
    """The query with ``bindings`` (variable name -> term) bound at the start of its WHERE
    group, by BIND (``style="bind"``) or by one VALUES block (``style="values"``)."""
    if not bindings:
        return sparql
    if style == "values":
        block = (
            " VALUES ("
            + " ".join(f"?{n}" for n in bindings)
            + ") { ("
            + " ".join(t.n3() for t in bindings.values())
            + ") } "
        )
    else:
        block = " " + " ".join(f"BIND({term.n3()} AS ?{name})" for name, term in bindings.items()) + " "
    brace = _where_brace(code_only(sparql)) + 1
    return sparql[:brace] + block + sparql[brace:]


from .reach import MAX_DEPTH, check_depth  # noqa: E402,F401  (the nesting check lives with the tokens)


def syntax_error(sparql: str, message: str) -> QueryError:
    """A QueryError that shows the query line at fault with a caret under the column."""
    text = f"SPARQL syntax error: {message}"
    match = re.search(r"(\d+):(\d+)", message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        lines = sparql.splitlines()
        if 1 <= line <= len(lines):
            text += f"\n    {lines[line - 1]}\n    {' ' * max(column - 1, 0)}^"
    return QueryError(text)


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_VALUES = re.compile(r"\bVALUES\b", re.IGNORECASE)


def capped(sparql: str, rows: int) -> str | None:
    """The SELECT query changed to give at most ``rows`` solutions, by its own outermost
    LIMIT (kept when already that small; lowered or added otherwise); None when that cannot
    be done safely (not a SELECT, a VALUES block after the query's WHERE group)."""
    code = code_only(sparql)
    if form(sparql) != "SELECT":
        return None
    try:
        start = _where_brace(code)
    except QueryError:
        return None
    depth, end = 0, -1
    for i in range(start, len(code)):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            end = i
            break
    if end < 0 or _VALUES.search(code, end):
        return None
    limit = _LIMIT.search(code, end)
    if limit is None:
        return sparql + f"\nLIMIT {rows}"
    if int(limit.group(1)) <= rows:
        return sparql
    return sparql[: limit.start(1)] + str(rows) + sparql[limit.end(1) :]
