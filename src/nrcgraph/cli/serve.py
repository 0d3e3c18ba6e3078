"""Serving the graph, sending it to a server, and documenting the ontology."""

from __future__ import annotations

from typing import Any

import click

from .common import pass_context, progress_bar


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0.01),
    help="Seconds a query may take; its worker is then stopped.",
)
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Rows a result may have.")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes: queries answered at once.",
)
@click.option(
    "--queue",
    default=64,
    show_default=True,
    type=click.IntRange(0),
    help="Queries that may wait for a worker; more get 503 with Retry-After.",
)
@click.option(
    "--max-body", default=1_000_000, show_default=True, type=click.IntRange(1), help="Bytes a request body may have."
)
@click.option(
    "--max-memory", type=click.IntRange(64), metavar="MB", help="Memory a worker may use (default: no limit)."
)
@click.option(
    "--allow-service",
    multiple=True,
    metavar="HOST",
    help="A host that SERVICE and FROM may reach (repeatable; default: none).",
)
@click.option(
    "--allow-host",
    multiple=True,
    metavar="NAME",
    help="A Host header to answer (repeatable; default: the names of the address served).",
)
@click.option(
    "--cors", multiple=True, metavar="ORIGIN", help="An origin allowed to call from a browser (default: none)."
)
@pass_context
def serve(ctx, host, port, timeout, max_rows, workers, queue, max_body, max_memory, allow_service, allow_host, cors):  # type: ignore[no-untyped-def]
    """Serve the graph over the SPARQL 1.1 Protocol (read-only).

    /sparql answers GET and POST queries in SPARQL JSON, XML, CSV or TSV results, or
    Turtle / N-Triples for graphs (Accept header, or ?format=); /queries lists the
    saved queries and /queries/NAME?param=value runs one; / is a query page.

    Safe to leave running: read-only; nothing outside the graph is reached (SERVICE, and
    FROM a remote graph or a local file, are refused unless --allow-service names the
    host); each query runs in a worker process stopped at --timeout; the row limit stops
    a result as it is read; bodies are capped; only the Host names of the address served
    are answered; no CORS unless --cors. In a workspace, edits and additions to its
    files are served within a second, without a restart.

    \b
    Examples:
      nrcgraph serve
      nrcgraph --store ./store serve --port 8080 --timeout 10 --workers 4
      nrcgraph serve --host 0.0.0.0 --allow-host graph.example.org --max-memory 2048
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/meetings'
    """
    from ..web.server import Limits, Source
    from ..web.server import serve as run_server

    source: Any
    if ctx.source() == "workspace":
        from ..graph import load

        workspace = ctx.workspace()

        def reload() -> Any:
            return load(*workspace.sources(), engine_name=ctx.engine)

        def index(version: Any) -> Any:
            from ..web.search import files_key

            return workspace.state / "search.sqlite", files_key(version)  # version: the fingerprint

        # The files, in memory, followed: an 'add' or an edit is served within a second. The
        # search index is kept in the workspace's .nrcgraph/, for the next start.
        source = Source(reload(), version=workspace.fingerprint, reload=reload, index=index)
        source.drafts = workspace.drafts_dir  # listed read-only by /review
    else:
        source = ctx.graph()
    limits = Limits(timeout, max_rows, workers, queue, max_body, max_memory, allow_service, allow_host, cors)
    run_server(source, ctx.catalogue(), host, port, limits)


@click.command()
@click.option(
    "--endpoint",
    "store_url",
    required=True,
    metavar="URL",
    help="The server's Graph Store Protocol URL (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).",
)
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
    from ..ingest.push import push as push_graph

    graph = ctx.graph()
    with progress_bar(len(graph), "pushing") as advance:
        state = ctx.workspace().state if ctx.source() == "workspace" else "."
        report = push_graph(
            graph, store_url, target, user, password, batch, state_dir=state, resume=not restart, progress=advance
        )
    click.echo(
        f"pushed {report['triples']:,} triples in {report['batches']} batches"
        + (f" ({report['skipped']} already sent before)" if report["skipped"] else ""),
        err=True,
    )


@click.command(name="ontology-docs")
@click.option(
    "--output",
    "-o",
    "out_dir",
    default="docs/ontology",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The folder to write the documentation into.",
)
@click.option(
    "--ontology",
    type=click.Path(exists=True, dir_okay=False),
    help="An ontology file instead of the bundled ontology/nrc.ttl.",
)
@click.option("--no-svg", is_flag=True, help="Write the DOT diagram only (no Graphviz needed).")
def ontology_docs(out_dir, ontology, no_svg):
    """Write the ontology's reference documentation: index.html (pyLODE), the class
    diagram as classes.dot and classes.svg (Graphviz), and mapping.md, the table of how
    its terms map onto PROV-O, ORG, OWL-Time, SEM and schema.org.

    \b
    Examples:
      nrcgraph ontology-docs                 # into docs/ontology/
      nrcgraph ontology-docs -o site/ --no-svg
    """
    from ..ontology_docs import write

    for path in write(out_dir, ontology, svg=not no_svg):
        click.echo(f"wrote {path}")


COMMANDS = [serve, push, ontology_docs]
