"""Writing query results: a table on a terminal, CSV/TSV/JSON/SPARQL-JSON elsewhere,
Turtle or N-Triples for graphs."""
from __future__ import annotations

import csv
import io
import json

from . import bundle
from .results import Result

TABULAR = ("table", "csv", "tsv", "json", "srj")
GRAPH = ("turtle", "ntriples")
FORMATS = TABULAR + GRAPH


def default_format(result: Result, is_terminal: bool) -> str:
    if result.kind == "graph":
        return "turtle"
    return "table" if is_terminal else "csv"


def render(result: Result, fmt: str, title: str | None = None, width: int | None = None) -> str:
    """The result as text in ``fmt``."""
    if result.kind == "graph":
        if fmt in ("table", "turtle"):
            return turtle(result)
        if fmt == "ntriples":
            return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.triples)
        raise ValueError(f"a CONSTRUCT or DESCRIBE result is a graph: use --format turtle or ntriples, not {fmt}")
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
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(result.columns)
            writer.writerows([["" if t is None else t.value for t in row] for row in result.rows])
        else:
            def cell(t):
                return "" if t is None else t.value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            buffer.write("\t".join(result.columns) + "\n")
            buffer.writelines("\t".join(cell(t) for t in row) + "\n" for row in result.rows)
        return buffer.getvalue()
    if fmt == "table":
        return table(result, title, width)
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def table(result: Result, title: str | None = None, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    view = Table(title=title, caption=f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}",
                 show_lines=False, header_style="bold")
    for column in result.columns:
        view.add_column(column, overflow="fold")
    for row in result.rows:
        view.add_row(*["" if t is None else bundle.shorten(t.value) if t.kind == "uri" else t.value
                       for t in row])
    if width is None:
        import shutil
        width = shutil.get_terminal_size((100, 24)).columns
    console = Console(width=width, record=True, force_terminal=False, file=io.StringIO())
    console.print(view)
    return console.export_text()


def turtle(result: Result) -> str:
    """Triples as Turtle with the bundle's prefixes (only those used)."""
    import pyoxigraph as ox
    from .engine import to_oxigraph as to_ox

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in result.triples]
    used = {t.value for tr in result.triples for t in tr if t.kind == "uri"} | {
        t.datatype for tr in result.triples for t in tr if t.datatype}
    prefixes = {k: ns for k, ns in bundle.PREFIXES.items() if any(iri.startswith(ns) for iri in used)}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def sparql_tsv(result: Result) -> str:
    """The W3C SPARQL 1.1 TSV results format: ?var headers, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def sparql_xml(result: Result) -> str:
    """The W3C SPARQL Query Results XML format."""
    from xml.sax.saxutils import escape, quoteattr
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"  <variable name={quoteattr(c)}/>" for c in result.columns]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("  <result>")
            for column, term in zip(result.columns, row):
                if term is None:
                    continue
                if term.kind == "uri":
                    value = f"<uri>{escape(term.value)}</uri>"
                elif term.kind == "bnode":
                    value = f"<bnode>{escape(term.value)}</bnode>"
                else:
                    attrs = f" xml:lang={quoteattr(term.lang)}" if term.lang else \
                        f" datatype={quoteattr(term.datatype)}" if term.datatype else ""
                    value = f"<literal{attrs}>{escape(term.value)}</literal>"
                out.append(f"    <binding name={quoteattr(column)}>{value}</binding>")
            out.append("  </result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"
