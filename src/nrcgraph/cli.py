"""The ``nrcgraph`` command: a thin layer over the Python API.

Each command parses its arguments, calls the API and formats the answer.
Heavy libraries (rdflib, pyshacl, networkx, rich) are imported only by the
commands that need them, so a saved query answers quickly from a cold start.
"""
from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import NrcgraphError

# Kept here, not imported from export_files and report_output, so that a saved query's
# cold start imports neither; tests check the lists agree.
EXPORT_FORMATS = ("graphml", "gexf", "cytoscape", "nodelink", "dot", "csv", "html", "svg", "png")
REPORT_FORMATS = ("text", "json", "turtle")  # likewise for report_output.FORMATS


class Group(click.Group):
    """Turns nrcgraph's errors into a message and an exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NrcgraphError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (| head): not an error
            ctx.exit(0)


def output_options(func):
    """``--format``, shared by every command that prints results."""
    from .output import FORMATS

    return click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
                        help="Output format. Default: a table on a terminal, CSV when piped, "
                             "Turtle for CONSTRUCT/DESCRIBE. 'srj' is SPARQL 1.1 Query Results JSON.")(func)


def emit(result, fmt: str | None, title: str | None = None) -> None:
    from .output import default_format, render
    fmt = fmt or default_format(result, sys.stdout.isatty())
    try:
        text = render(result, fmt, title)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(text, nl=False)


class Context:
    """The options every command shares, and the graph they name (loaded once, on demand)."""

    def __init__(self, data, with_bundle, engine, queries_dir, store=None, endpoint=None, user=None, password=None,
                 endpoint_graphs=()):
        self.data, self.with_bundle, self.engine, self.queries_dir = data, with_bundle, engine, queries_dir
        self.store, self.endpoint, self.user, self.password = store, endpoint, user, password
        self.endpoint_graphs = list(endpoint_graphs)
        self._graph = None

    def graph(self):
        if self._graph is None:
            if self.endpoint:
                from .endpoint import connect
                if self.data or self.with_bundle or self.store:
                    raise click.UsageError("--endpoint queries a server: it does not combine with --data, --with-bundle or --store")
                self._graph = connect(self.endpoint, self.user, self.password, self.endpoint_graphs)
            elif self.store:
                from .store import open_store
                if self.data or self.with_bundle or self.engine != "oxigraph":
                    raise click.UsageError("--store reads a store: it does not combine with --data, --with-bundle or --engine")
                self._graph = open_store(self.store)
            else:
                from .store import load
                self._graph = load(*self.data, with_bundle=self.with_bundle, engine_name=self.engine)
        return self._graph

    def catalogue(self):
        from .queries import Catalogue
        return Catalogue(self.queries_dir)


pass_context = click.make_pass_decorator(Context)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "-d", multiple=True, type=click.Path(exists=True),
              help="A Turtle file or folder to load instead of the bundled graph (repeatable).")
@click.option("--with-bundle", is_flag=True, help="Load the bundled ontology and data as well as --data.")
@click.option("--queries-dir", type=click.Path(exists=True, file_okay=False),
              help="A folder of saved .rq queries instead of the bundled catalogue.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="The SPARQL engine (rdflib is slower; for cross-checks).")
@click.option("--store", "store", type=click.Path(file_okay=False),
              help="Read an Oxigraph store on disk (made by 'nrcgraph load') instead of Turtle files.")
@click.option("--endpoint", metavar="URL", help="Run queries on this SPARQL endpoint instead of a local graph.")
@click.option("--endpoint-graph", "endpoint_graphs", multiple=True, metavar="IRI",
              help="Query only this graph of --endpoint (repeatable; default: the server's default graph).")
@click.option("--user", help="User name for --endpoint (Basic or Digest authentication).")
@click.option("--password", help="Password for --endpoint.")
@click.version_option(__version__, "--version", "-V", prog_name="nrcgraph")
@click.pass_context
def cli(ctx, data, with_bundle, queries_dir, engine, store, endpoint, endpoint_graphs, user, password):
    """A knowledge graph of NATO-Russia Council diplomacy.

    Every command works on the bundled graph (ontology + data from NATO press
    releases) unless --data names your own files.

    \b
    Examples:
      nrcgraph queries
      nrcgraph query meetings
      nrcgraph query statements-by-person --param person=person:sergey-lavrov
      nrcgraph sparql "SELECT ?m ?date WHERE { ?m a nrc:Meeting ; nrc:date ?date }"
      nrcgraph --data my.ttl --with-bundle stats
      nrcgraph --store ./store query meetings
      nrcgraph --endpoint http://localhost:8890/sparql query meetings
    """
    ctx.obj = Context(data, with_bundle, engine, queries_dir, store, endpoint, user, password, endpoint_graphs)


@cli.command()
@click.argument("query", required=False)
@click.option("--file", "-q", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a .rq file ('-' for standard input).")
@output_options
@pass_context
def sparql(ctx, query, query_file, fmt):
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
    text = query_file.read() if query_file else query
    emit(ctx.graph().query(text), fmt)


@cli.command(name="queries")
@click.option("--tag", "-t", help="Only queries with this tag.")
@click.option("--search", "-s", "text", help="Only queries whose name, summary or tags contain these words.")
@click.option("--markdown", is_flag=True, help="Print the catalogue page (summaries, parameters, example results).")
@output_options
@pass_context
def list_queries(ctx, tag, text, markdown, fmt):
    """List the saved queries with their summaries and parameters.

    \b
    Examples:
      nrcgraph queries
      nrcgraph queries --tag treaties
      nrcgraph queries --search "missile defence"
      nrcgraph queries --markdown > docs/queries.md
    """
    if markdown:
        from .queries import catalogue_markdown
        click.echo(catalogue_markdown(ctx.catalogue(), ctx.graph()))
        return
    from .results import Result, Term
    found = ctx.catalogue().search(tag=tag, text=text)
    rows = [(Term("literal", q.name), Term("literal", q.summary), Term("literal", ", ".join(q.tags)),
             Term("literal", ", ".join(p.describe() for p in q.parameters)))
            for q in found]
    emit(Result("select", ["name", "summary", "tags", "parameters"], rows, ordered=True), fmt)


@cli.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value (repeatable). IRIs may be written prefix:name.")
@click.option("--show", is_flag=True, help="Print the query text and its parameters instead of running it.")
@output_options
@pass_context
def query(ctx, name, params, show, fmt):
    """Run the saved query NAME (see 'nrcgraph queries').

    \b
    Examples:
      nrcgraph query meetings
      nrcgraph query statements-by-person -p person=person:sergey-lavrov
      nrcgraph query meetings --format srj > meetings.json
      nrcgraph query meetings --show
    """
    saved = ctx.catalogue().get(name)
    if show:
        click.echo(saved.text, nl=not saved.text.endswith("\n"))
        click.echo(f"# {saved.signature()}")
        return
    emit(saved.run(ctx.graph(), parse_params(params, saved)), fmt, title=saved.summary or saved.name)


@cli.command()
@output_options
@pass_context
def stats(ctx, fmt):
    """Count triples, classes, instances per class, and triples per file.

    \b
    Examples:
      nrcgraph stats
      nrcgraph --data data/ stats --format json
    """
    for title, result in ctx.graph().stats().tables().items():
        emit(result, fmt, title=title)


def validation_options(func):
    """``--shapes``, ``--format`` and ``--severity``, shared by validate and add."""
    func = click.option("--severity", type=click.Choice(["violation", "warning", "info"]), default="info",
                        show_default=True, help="Show findings of this severity or worse.")(func)
    func = click.option("--format", "-f", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
                        help="Report format: text grouped by node, JSON, or a SHACL report in Turtle.")(func)
    return click.option("--shapes", type=click.Path(exists=True, dir_okay=False),
                        help="A SHACL shapes file instead of the bundled ontology/shapes.ttl.")(func)


def print_report(report, fmt, severity) -> None:
    from .report_output import render
    click.echo(render(report, fmt, severity.capitalize()), nl=False)


def parse_errors_are_usage_errors(func):
    """For validate and add, a file that does not parse is a usage error (exit 2)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .errors import DataError
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            exc.exit_code = 2
            raise
    return wrapper


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--full", is_flag=True, help="Validate the whole merged graph, not only the new nodes.")
@validation_options
@pass_context
@parse_errors_are_usage_errors
def validate(ctx, files, full, shapes, fmt, severity):
    """Validate new Turtle FILES against the shapes, together with the graph they point into.

    Only the nodes the files describe are checked (links to existing people, meetings
    and treaties resolve against the bundled graph or --data). Besides the shapes, it
    reports dangling links, likely typos, terms the ontology lacks, literals of an
    unexpected type and clashes with existing facts. Exit 0 conforming, 1 not, 2 usage
    or parse error.

    \b
    Examples:
      nrcgraph validate new-meeting.ttl
      nrcgraph validate a.ttl b.ttl --severity violation
      nrcgraph validate new.ttl --format json > report.json
      nrcgraph --data my-graph/ validate new.ttl --shapes my-shapes.ttl
    """
    from .validate import check
    report = check(files, ctx.graph(), shapes, full=full)
    print_report(report, fmt, severity)
    ctx_exit(0 if report.conforms else 1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "to", type=click.Path(dir_okay=False), help="The Turtle data file to add the new triples to.")
@click.option("--store", type=click.Path(file_okay=False), help="An Oxigraph store folder to load the file into.")
@click.option("--dry-run", is_flag=True, help="Validate and report what would be added; change nothing.")
@validation_options
@pass_context
@parse_errors_are_usage_errors
def add(ctx, file, to, store, dry_run, shapes, fmt, severity):
    """Validate FILE, then merge it into a data file or a store.

    A file that does not conform, or does not parse, changes nothing. The report says
    what was added: new nodes per class and new triples.

    \b
    Examples:
      nrcgraph add new-meeting.ttl --dry-run
      nrcgraph add new-meeting.ttl --to data/reference.ttl
      nrcgraph add new-meeting.ttl --store ./store
    """
    from .curate import add as add_file
    base = ctx.graph()
    if to and Path(to).exists() and Path(to).resolve() not in {p.resolve() for p in base.files}:
        base.add_file(to)  # the target's own facts count as existing ones
    result = add_file(file, base, to=to, store=store, dry_run=dry_run, shapes=shapes)
    print_report(result.report, fmt, severity)
    if fmt == "text":
        nodes = ", ".join(f"{n} {c}" for c, n in result.new_nodes.items()) or "none"
        verb = "added to" if result.written else "would add to" if result.report.conforms else "nothing added to"
        click.echo(f"{verb} {result.target if not dry_run else '(dry run)'}: {result.new_triples} new triples; new nodes: {nodes}")
    ctx_exit(0 if result.report.conforms else 1)


def ctx_exit(code: int) -> None:
    click.get_current_context().exit(code)


def network_options(func):
    """The projection and filter options shared by export and analyze."""
    options = [
        click.option("--query", "query_name", help="Export what this saved CONSTRUCT query gives instead of the whole graph."),
        click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query."),
        click.option("--class", "classes", multiple=True, metavar="CLASS", help="Keep nodes of this class (e.g. Meeting, Agent; repeatable)."),
        click.option("--property", "properties", multiple=True, metavar="LABEL", help="Keep edges with this label (repeatable)."),
        click.option("--around", metavar="IRI", help="Keep the neighbourhood of this node (prefix:name or IRI)."),
        click.option("--radius", type=click.IntRange(0), default=1, show_default=True, help="Steps around --around."),
        click.option("--since", metavar="DATE", help="Drop dated nodes and edges before this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="Drop dated nodes and edges after this date."),
        click.option("--keep-nary", is_flag=True, help="Keep participations, statements and positions as nodes."),
        click.option("--keep-sources", is_flag=True, help="Keep source documents as nodes (default: a 'sources' attribute)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def project(ctx, query_name, params, classes, properties, around, radius, since, until, keep_nary, keep_sources):
    from .export import Filters, from_construct, to_networkx
    graph = ctx.graph()
    if query_name:
        saved = ctx.catalogue().get(query_name)
        graph = from_construct(graph, saved.text, saved.bindings(parse_params(params, saved)))
    filters = Filters(tuple(classes), tuple(properties), around, radius, since, until)
    return to_networkx(graph, collapse=not keep_nary, keep_sources=keep_sources, filters=filters)


def parse_params(params, saved) -> dict:
    """``NAME=VALUE`` options as a dict; a malformed one is a usage error naming the parameters."""
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes NAME=VALUE, not {item!r}; {saved.signature()}")
        values[key.strip()] = value
    return values


@cli.command()
@click.option("--format", "-f", "fmt", required=True, type=click.Choice(EXPORT_FORMATS), help="The file format.")
@click.option("--output", "-o", "out", required=True, type=click.Path(), help="The file to write (a folder for csv).")
@network_options
@pass_context
def export(ctx, fmt, out, **options):
    """Export the graph for visualization: GraphML and GEXF (Gephi, yEd), Cytoscape.js
    JSON, node-link JSON, Graphviz DOT/SVG/PNG, CSV node and edge lists, or a
    self-contained HTML viewer.

    \b
    Examples:
      nrcgraph export -f html -o nrc.html
      nrcgraph export -f graphml -o nrc.graphml --class Agent --class Meeting
      nrcgraph export -f csv -o tables/ --since 2012 --until 2012
      nrcgraph export -f svg -o lavrov.svg --around person:sergey-lavrov --radius 2
      nrcgraph export -f cytoscape -o cfe.json --query treaty-graph -p treaty=treaty:cfe
    """
    from .export_files import write
    g = project(ctx, **options)
    for path in write(g, fmt, out, title="nrcgraph"):
        click.echo(f"wrote {path} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)", err=True)


@cli.group()
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
        def command(ctx, fmt, query_name, params, classes, properties, around, radius, since, until,
                    keep_nary, keep_sources, **extra):
            g = project(ctx, query_name, params, classes, properties, around, radius, since, until, keep_nary, keep_sources)
            emit(func(g, **extra), fmt, title=name)
        return command
    return register


@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="How many nodes to list.")
@analysis("centrality", "Degree and betweenness centrality, highest betweenness first.\n\nExample: nrcgraph analyze centrality --top 10")
def _centrality(g, top):
    from .analyze import centrality
    return centrality(g, top)


@analysis("components", "Connected components, largest first.\n\nExample: nrcgraph analyze components")
def _components(g):
    from .analyze import components
    return components(g)


@click.argument("target")
@click.argument("source")
@analysis("path", "The shortest path between SOURCE and TARGET with the fact behind each step.\n\n"
                  "Example: nrcgraph analyze path person:sergey-lavrov treaty:cfe")
def _path(g, source, target):
    from .analyze import path
    return path(g, source, target)


@analysis("timeline", "Every dated node in date order; inferred dates flagged.\n\nExample: nrcgraph analyze timeline")
def _timeline(g):
    from .analyze import timeline
    return timeline(g)


@analysis("co-attendance", "Who met whom: pairs of agents at the same meetings, with how often.\n\n"
                           "Example: nrcgraph analyze co-attendance")
def _co_attendance(g):
    from .analyze import co_attendance_table
    return co_attendance_table(g)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False),
              help="The store folder (created if missing).")
@click.option("--bundle/--no-bundle", "with_bundle", default=True, show_default=True,
              help="Load the bundled ontology, vocabularies and data too (the first time).")
@click.option("--replace", is_flag=True, help="Reload files the store already holds.")
def load(paths, store_dir, with_bundle, replace):
    """Bulk-load Turtle files and folders into a persistent Oxigraph store, with a
    progress bar. Every read command then takes --store DIR.

    \b
    Examples:
      nrcgraph load --store ./store                     # the bundle alone
      nrcgraph load generated/ --store ./store
      nrcgraph --store ./store query meetings
    """
    from .store import load_store, open_store, rdf_files
    from . import bundle as bundled
    sources = list(paths)
    if with_bundle and not Path(store_dir).exists():
        sources = [*bundled.default_sources(), *sources]
    if not sources:
        raise click.UsageError("nothing to load: name files or folders (or drop --no-bundle)")
    total = sum(p.stat().st_size for p in rdf_files(sources))
    with progress_bar(total, "loading") as advance:
        loaded = load_store(sources, store_dir, replace=replace, progress=advance)
    for path, count in loaded:
        click.echo(f"{path}: {count:,} triples", err=True)
    click.echo(f"{store_dir}: {len(open_store(store_dir)):,} triples after loading {len(loaded)} file(s)", err=True)


@contextlib.contextmanager
def progress_bar(total: int, label: str):
    """A rich progress bar on a terminal's stderr; silent otherwise. Yields advance(n)."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@cli.command()
@click.option("--triples", "-n", type=click.IntRange(100), default=100_000, show_default=True,
              help="About how many triples to write.")
@click.option("--seed", "-s", type=int, default=0, show_default=True, help="The same seed gives the same file.")
@click.option("--output", "-o", "out_dir", required=True, type=click.Path(file_okay=False),
              help="The folder to write generated-SEED.ttl into.")
def generate(triples, seed, out_dir):
    """Write a deterministic synthetic NRC graph that conforms to the shapes: meetings,
    participations, statements, positions, treaties and their events, programmes and
    decisions, in the real data's mix. Streams, so memory stays flat up to 10M triples.

    \b
    Examples:
      nrcgraph generate --triples 1000000 --seed 1 -o generated/
      nrcgraph load generated/ --store ./store
    """
    from .generate import write_file
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"generated-{seed}.ttl"
    tmp = folder / f".generated-{seed}.ttl.tmp"
    try:
        written = write_file(tmp, triples, seed=seed, prefix=f"gen{seed}")
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    click.echo(f"wrote {path}: {written:,} triples", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.01), help="Seconds a query may take.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Rows a result may have.")
@pass_context
def serve(ctx, host, port, timeout, max_rows):
    """Serve the graph over the SPARQL 1.1 Protocol (read-only).

    /sparql answers GET and POST queries in SPARQL JSON, XML, CSV or TSV results, or
    Turtle / N-Triples for graphs (Accept header, or ?format=); /queries lists the
    saved queries and /queries/NAME?param=value runs one; / is a query page.

    \b
    Examples:
      nrcgraph serve
      nrcgraph --store ./store serve --port 8080 --timeout 10
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/meetings'
    """
    from .server import Limits, serve as run_server
    run_server(ctx.graph(), ctx.catalogue(), host, port, Limits(timeout, max_rows))


@cli.command()
@click.option("--endpoint", "store_url", required=True, metavar="URL",
              help="The server's Graph Store Protocol URL (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--graph", "target", metavar="IRI", help="The named graph to load into (default: the default graph).")
@click.option("--user", help="User name (Basic or Digest authentication).")
@click.option("--password", help="Password.")
@click.option("--batch", default=10_000, show_default=True, type=click.IntRange(1), help="Triples per request.")
@click.option("--restart", is_flag=True, help="Ignore the record of an earlier, interrupted push.")
@pass_context
def push(ctx, store_url, target, user, password, batch, restart):
    """Load the graph into a SPARQL server through the SPARQL 1.1 Graph Store Protocol,
    in batches with progress. An interrupted push resumes where it stopped when run again.

    \b
    Examples:
      nrcgraph push --endpoint http://localhost:8890/sparql-graph-crud-auth --graph urn:nrc --user dba --password dba
      nrcgraph --store ./store push --endpoint http://fuseki:3030/nrc/data --batch 50000
    """
    from .endpoint import push as push_graph
    graph = ctx.graph()
    with progress_bar(len(graph), "pushing") as advance:
        report = push_graph(graph, store_url, target, user, password, batch, resume=not restart, progress=advance)
    click.echo(f"pushed {report['triples']:,} triples in {report['batches']} batches"
               + (f" ({report['skipped']} already sent before)" if report["skipped"] else ""), err=True)


@cli.command(name="ontology-docs")
@click.option("--output", "-o", "out_dir", default="docs/ontology", show_default=True,
              type=click.Path(file_okay=False), help="The folder to write the documentation into.")
@click.option("--ontology", type=click.Path(exists=True, dir_okay=False),
              help="An ontology file instead of the bundled ontology/nrc.ttl.")
@click.option("--no-svg", is_flag=True, help="Write the DOT diagram only (no Graphviz needed).")
def ontology_docs(out_dir, ontology, no_svg):
    """Write the ontology's reference documentation: index.html (pyLODE) and the class
    diagram as classes.dot and classes.svg (Graphviz).

    \b
    Examples:
      nrcgraph ontology-docs                 # into docs/ontology/
      nrcgraph ontology-docs -o site/ --no-svg
    """
    from .ontology_docs import write
    for path in write(out_dir, ontology, svg=not no_svg):
        click.echo(f"wrote {path}")


def main() -> None:
    cli(prog_name="nrcgraph")
