"""Looking at the graph: exports for visualization and network analysis."""

from __future__ import annotations

import functools

import click

from .common import EXPORT_FORMATS, STANDARD_FORMATS, emit, output_options, parse_params, partial_date, pass_context


def known_prefix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``prefix:name`` must use a prefix nrcgraph knows."""
    if value is not None:
        from ..rdf.namespaces import undeclared_prefix

        prefix = undeclared_prefix(value)
        if prefix is not None:
            raise click.BadParameter(f"{value!r}: unknown prefix '{prefix}:'")
    return value


def network_options(func):
    """The projection and filter options shared by export and analyze."""
    options = [
        click.option(
            "--query", "query_name", help="Export what this saved CONSTRUCT query gives instead of the whole graph."
        ),
        click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query."),
        click.option(
            "--class",
            "classes",
            multiple=True,
            metavar="CLASS",
            help="Keep nodes of this class (e.g. Meeting, Agent; repeatable).",
        ),
        click.option(
            "--property", "properties", multiple=True, metavar="LABEL", help="Keep edges with this label (repeatable)."
        ),
        click.option(
            "--around",
            metavar="IRI",
            callback=known_prefix,
            help="Keep the neighbourhood of this node (prefix:name or IRI).",
        ),
        click.option("--radius", type=click.IntRange(0), default=1, show_default=True, help="Steps around --around."),
        click.option(
            "--since",
            metavar="DATE",
            callback=partial_date,
            help="Drop dated nodes and edges before this date (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        click.option(
            "--until", metavar="DATE", callback=partial_date, help="Drop dated nodes and edges after this date."
        ),
        click.option("--keep-nary", is_flag=True, help="Keep participations, statements and positions as nodes."),
        click.option(
            "--keep-sources", is_flag=True, help="Keep source documents as nodes (default: a 'sources' attribute)."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def project(ctx, query_name, params, classes, properties, around, radius, since, until, keep_nary, keep_sources):
    from ..network.project import to_networkx

    filters = filters_of(classes, properties, around, radius, since, until)
    graph = source_graph(ctx, query_name, params)
    return to_networkx(graph, collapse=not keep_nary, keep_sources=keep_sources, filters=filters)


def filters_of(classes, properties, around, radius, since, until, **_):
    from ..network.project import Filters

    return Filters(tuple(classes), tuple(properties), around, radius, since, until)


def source_graph(ctx, query_name, params):
    """The graph to project: the whole graph, or what a saved CONSTRUCT query gives."""
    from ..network.project import from_construct

    graph = ctx.graph()
    if query_name:
        saved = ctx.catalogue().get(query_name)
        graph = from_construct(graph, saved.text, saved.bindings(parse_params(params, saved)))
    return graph


@click.command()
@click.option("--format", "-f", "fmt", required=True, type=click.Choice(EXPORT_FORMATS), help="The file format.")
@click.option("--output", "-o", "out", required=True, type=click.Path(), help="The file to write (a folder for csv).")
@network_options
@pass_context
def export(ctx, fmt, out, **options):
    """Export the graph for visualization: GraphML and GEXF (Gephi, yEd), Cytoscape.js
    JSON, node-link JSON, Graphviz DOT/SVG/PNG, CSV node and edge lists, or a
    self-contained HTML viewer. Or in the field's interchange formats: PLOVER event
    records (plover, JSON Lines), schema.org JSON-LD (jsonld), and Wikidata-ready
    statements (wikidata, QuickStatements); '-o -' writes these to standard output.

    \b
    Examples:
      nrcgraph export -f html -o nrc.html
      nrcgraph export -f graphml -o nrc.graphml --class Agent --class Meeting
      nrcgraph export -f csv -o tables/ --since 2012 --until 2012
      nrcgraph export -f svg -o lavrov.svg --around person:sergey-lavrov --radius 2
      nrcgraph export -f cytoscape -o cfe.json --query treaty-graph -p treaty=treaty:cfe
      nrcgraph export -f plover -o events.jsonl
      nrcgraph export -f wikidata -o meetings.qs.txt
    """
    if fmt in STANDARD_FORMATS:
        return export_standard(ctx, fmt, out, options)
    if fmt == "graphml" and not filters_of(**options).active:
        # the whole projection, streamed to the file: never held as a networkx graph
        from ..network.files import stream_graphml

        graph = source_graph(ctx, options["query_name"], options["params"])
        nodes, edges = stream_graphml(
            graph, out, collapse=not options["keep_nary"], keep_sources=options["keep_sources"]
        )
        click.echo(f"wrote {out} ({nodes} nodes, {edges} edges)", err=True)
        return
    from ..network.files import write

    g = project(ctx, **options)
    for path in write(g, fmt, out, title="nrcgraph"):
        click.echo(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)", err=True)


def export_standard(ctx, fmt, out, options):
    """PLOVER, schema.org JSON-LD or QuickStatements: records, so the network filters do not apply."""
    import sys

    from ..interchange import write, write_file

    flags = {p.name: p.opts[0] for p in click.get_current_context().command.params}
    given = [flags.get(name, name) for name, value in options.items() if value not in (None, (), False, 1)]
    if given:
        names = ", ".join(given)
        raise click.UsageError(f"{names}: the network options do not apply to -f {fmt}")
    graph = ctx.graph()
    written = write(graph, fmt, sys.stdout) if out == "-" else write_file(graph, fmt, out)
    for reason in written.left_out:
        click.echo(f"left out: {reason}", err=True)
    click.echo(f"wrote {'standard output' if out == '-' else out} ({written.records} records)", err=True)


@click.group()
def analyze():
    """Network analysis: centrality, components, paths, timeline, co-attendance.

    \b
    Examples:
      nrcgraph analyze centrality --top 10
      nrcgraph analyze path person:sergey-lavrov treaty:cfe
      nrcgraph analyze timeline --format csv
      nrcgraph analyze co-attendance
    """


def analysis(name, doc):
    """Register an analyze subcommand that projects the graph and prints one table."""

    def register(func):
        @analyze.command(name=name, help=doc)
        @network_options
        @output_options
        @pass_context
        @functools.wraps(func)
        def command(
            ctx,
            fmt,
            query_name,
            params,
            classes,
            properties,
            around,
            radius,
            since,
            until,
            keep_nary,
            keep_sources,
            **extra,
        ):
            g = project(
                ctx, query_name, params, classes, properties, around, radius, since, until, keep_nary, keep_sources
            )
            emit(func(g, **extra), fmt, title=name)

        return command

    return register


@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="How many nodes to list.")
@analysis(
    "centrality",
    "Degree and betweenness centrality, highest betweenness first.\n\nExample: nrcgraph analyze centrality --top 10",
)
def _centrality(g, top):
    from ..network.analyze import centrality

    return centrality(g, top)


@analysis("components", "Connected components, largest first.\n\nExample: nrcgraph analyze components")
def _components(g):
    from ..network.analyze import components

    return components(g)


@click.argument("target")
@click.argument("source")
@analysis(
    "path",
    "The shortest path between SOURCE and TARGET with the fact behind each step.\n\n"
    "Example: nrcgraph analyze path person:sergey-lavrov treaty:cfe",
)
def _path(g, source, target):
    from ..network.analyze import path

    return path(g, source, target)


@analysis("timeline", "Every dated node in date order; inferred dates flagged.\n\nExample: nrcgraph analyze timeline")
def _timeline(g):
    from ..network.analyze import timeline

    return timeline(g)


@analysis(
    "co-attendance",
    "Who met whom: pairs of agents at the same meetings, with how often.\n\nExample: nrcgraph analyze co-attendance",
)
def _co_attendance(g):
    from ..network.analyze import co_attendance_table

    return co_attendance_table(g)


COMMANDS = [export, analyze]
