"""Asking questions: ad-hoc SPARQL, the saved-query catalogue, saved queries, statistics."""

from __future__ import annotations

import click

from .common import emit, emit_query, output_options, parse_params, pass_context


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file",
    "-q",
    "query_file",
    type=click.Path(exists=True, dir_okay=True, allow_dash=True),
    help="Read the query from a .rq file ('-' for standard input).",
)
@output_options
@pass_context
def sparql(ctx, query, query_file, fmt):  # type: ignore[no-untyped-def]
    """Run an ad-hoc SPARQL query.

    SELECT and ASK print results; CONSTRUCT and DESCRIBE print Turtle. The
    bundle's prefixes (nrc:, person:, meeting:, skos:, prov:, ...) are predeclared.

    \b
    Examples:
      nrcgraph sparql "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      nrcgraph sparql -q my-query.rq --format json
      nrcgraph sparql "CONSTRUCT WHERE { person:sergey-lavrov ?p ?o }"
    """
    if bool(query) == bool(query_file):
        raise click.UsageError("give a query or --file, not both or neither")
    text = read_query_file(query_file) if query_file else query
    emit_query(ctx.graph(), text, None, fmt)


def read_query_file(name: str) -> str:
    import sys
    from pathlib import Path

    from ..errors import UsageError

    if name != "-" and Path(name).is_dir():
        raise UsageError(f"--file {name} is a folder: name a .rq file")
    data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


@click.command(name="queries")
@click.option("--tag", "-t", help="Only queries with this tag.")
@click.option("--search", "-s", "text", help="Only queries whose name, summary or tags contain these words.")
@click.option("--markdown", is_flag=True, help="Print the catalogue page (summaries, parameters, example results).")
@output_options
@pass_context
def list_queries(ctx, tag, text, markdown, fmt):  # type: ignore[no-untyped-def]
    """List the saved queries with their summaries and parameters.

    A query file that cannot be read is reported on standard error; the rest are listed.

    \b
    Examples:
      nrcgraph queries
      nrcgraph queries --tag treaties
      nrcgraph queries --search "missile defence"
      nrcgraph queries --markdown > docs/queries.md
    """
    catalogue = ctx.catalogue()
    for problem in catalogue.problems():
        click.secho(f"Warning: skipped {problem}", fg="yellow", err=True)
    if markdown:
        from ..catalogue.markdown import catalogue_markdown

        click.echo(catalogue_markdown(catalogue, ctx.graph()))
        return
    from ..rdf.results import Result
    from ..rdf.terms import Term

    rows = [
        (
            Term("literal", q.name),
            Term("literal", q.summary),
            Term("literal", ", ".join(q.tags)),
            Term("literal", ", ".join(p.describe() for p in q.parameters)),
        )
        for q in catalogue.search(tag=tag, text=text)
    ]
    emit(Result("select", ["name", "summary", "tags", "parameters"], rows, ordered=True), fmt)


@click.command()
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value (repeatable). IRIs may be written prefix:name.",
)
@click.option("--show", is_flag=True, help="Print the query text and its parameters instead of running it.")
@output_options
@pass_context
def query(ctx, name, params, show, fmt):  # type: ignore[no-untyped-def]
    """Run the saved query NAME (see 'nrcgraph queries').

    Parameter values are checked against their declared type (an xsd:date must be a
    real date; an IRI's prefix must be known) and bound as RDF terms, never pasted
    into the query text.

    \b
    Examples:
      nrcgraph query meetings
      nrcgraph query statements-by-person -p speaker=person:sergey-lavrov
      nrcgraph query meetings-between -p from=2010-01-01 -p to=2012-12-31
      nrcgraph query meetings --format srj > meetings.json
      nrcgraph query meetings --show
    """
    saved = ctx.catalogue().get(name)
    if show:
        click.echo(saved.text, nl=not saved.text.endswith("\n"))
        click.echo(f"# {saved.signature()}")
        return
    bindings = saved.bindings(parse_params(params, saved))  # checked before any data is read
    emit_query(ctx.graph(), saved.text, bindings, fmt, title=lambda: saved.summary or saved.name)


@click.command()
@output_options
@pass_context
def stats(ctx, fmt):  # type: ignore[no-untyped-def]
    """Count triples, classes, instances per class, and triples per file.

    \b
    Examples:
      nrcgraph stats
      nrcgraph --data data/ stats --format json
    """
    for title, result in ctx.graph().stats().tables().items():
        emit(result, fmt, title=title)


COMMANDS = [sparql, list_queries, query, stats]
