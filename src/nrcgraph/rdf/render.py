"""Writing query results: a table on a terminal, CSV/TSV/JSON/SPARQL-JSON elsewhere,
Turtle or N-Triples for graphs."""

from __future__ import annotations

import io

from .namespaces import shorten
from .results import Result

TABULAR = ("table", "csv", "tsv", "json", "srj")
GRAPH = ("turtle", "ntriples")
FORMATS = TABULAR + GRAPH


def default_format(result: Result, is_terminal: bool) -> str:
    return wanted_formats(None, is_terminal)["graph" if result.kind == "graph" else "rows"]


def wanted_formats(fmt: str | None, is_terminal: bool) -> dict[str, str]:
    """The format each kind of answer is written in, known before the query runs: the one
    asked for, else a table on a terminal and CSV elsewhere for rows, Turtle for a graph."""
    return {"rows": fmt or ("table" if is_terminal else "csv"), "graph": fmt or "turtle"}


def render(result: Result, fmt: str, title: str | None = None, width: int | None = None) -> str:
    """The result as text in ``fmt``."""
    if result.kind == "graph":
        if fmt in ("table", "turtle"):
            return turtle(result)
        if fmt == "ntriples":
            return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples)
        raise ValueError(f"a CONSTRUCT or DESCRIBE result is a graph: use --format turtle or ntriples, not {fmt}")
    import json  # here, as csv below: an answer Oxigraph wrote needs neither

    if fmt == "srj":
        return json.dumps(result.to_srj(), indent=2, ensure_ascii=False) + "\n"
    if fmt in GRAPH:
        raise ValueError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; this one gives rows")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(result.dicts(), indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        if fmt == "csv":
            import csv

            # RFC 4180's quoting (a field with a comma, quote, CR or LF is quoted), as the
            # SPARQL CSV results format and Oxigraph's writer have it; lines end in LF.
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(result.columns)
            writer.writerows(map(csv_cells, result.rows))
            return unix_lines(buffer.getvalue())
        else:

            def cell(t):
                return "" if t is None else t.value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

            buffer.write("\t".join(result.columns) + "\n")
            buffer.writelines("\t".join(cell(t) for t in row) + "\n" for row in result.rows)
        return buffer.getvalue()
    if fmt == "table":
        return table(result, title, width)
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def csv_cells(row: tuple) -> list[str]:
    """A row's cells as the SPARQL CSV results format writes them: values, blank nodes as
    ``_:label``, nothing for an unbound variable."""
    return ["" if t is None else "_:" + t.value if t.kind == "bnode" else t.value for t in row]


def unix_lines(text: str) -> str:
    """CSV with its CRLF line ends made LF, leaving a CRLF inside a quoted value as it is.

    Splitting on the quote character puts every quoted value at an odd index (an escaped
    quote ``""`` opens and closes an empty part), so the line ends are in the even parts.
    """
    if '"' not in text:
        return text.replace("\r\n", "\n")
    parts = text.split('"')
    parts[::2] = [part.replace("\r\n", "\n") for part in parts[::2]]
    return '"'.join(parts)


def table(result: Result, title: str | None = None, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    view = Table(
        title=title,
        caption=f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}",
        show_lines=False,
        header_style="bold",
    )
    for column in result.columns:
        view.add_column(column, overflow="fold")
    for row in result.rows:
        view.add_row(*["" if t is None else shorten(t.value) if t.kind == "uri" else t.value for t in row])
    if width is None:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns
    console = Console(width=width, record=True, force_terminal=False, file=io.StringIO())
    console.print(view)
    return console.export_text()


def turtle(result: Result) -> str:
    """Triples as Turtle with the bundle's prefixes (only those used)."""
    from .formats import to_turtle

    return to_turtle(result.triples).decode("utf-8")
