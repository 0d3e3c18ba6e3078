"""The ``nrcgraph`` command: a thin layer over the Python API, split by job.

Each command parses its arguments, calls the API and formats the answer. Heavy
libraries (rdflib, pyshacl, networkx, rich) are imported only by the commands that
need them, so a saved query answers quickly from a cold start.
"""

from __future__ import annotations

import click

from .. import __version__
from .common import Context, Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "-d",
    multiple=True,
    type=click.Path(exists=True),
    help="An RDF file or folder to load instead of the workspace or bundled graph (repeatable).",
)
@click.option("--with-bundle", is_flag=True, help="Load the bundled ontology and data as well as --data.")
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False),
    help="The workspace to use (default: the one holding the current folder, or $NRCGRAPH_WORKSPACE).",
)
@click.option(
    "--queries-dir",
    type=click.Path(exists=True, file_okay=False),
    help="A folder of saved .rq queries instead of the workspace's and bundled catalogue.",
)
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="The SPARQL engine (rdflib is slower; for cross-checks).",
)
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False),
    help="Read an Oxigraph store on disk (made by 'nrcgraph load') instead of files.",
)
@click.option("--endpoint", metavar="URL", help="Run queries on this SPARQL endpoint instead of a local graph.")
@click.option(
    "--endpoint-graph",
    "endpoint_graphs",
    multiple=True,
    metavar="IRI",
    help="Query only this graph of --endpoint (repeatable; default: the server's default graph).",
)
@click.option("--user", help="User name for --endpoint (Basic or Digest authentication).")
@click.option("--password", help="Password for --endpoint.")
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="HOST",
    help="A host that SERVICE and FROM in a query may reach (repeatable; default: none, nothing outside the graph).",
)
@click.version_option(__version__, "--version", "-V", prog_name="nrcgraph")
@click.pass_context
def cli(
    ctx: click.Context,
    data: tuple[str, ...],
    with_bundle: bool,
    workspace: str | None,
    queries_dir: str | None,
    engine: str,
    store: str | None,
    endpoint: str | None,
    endpoint_graphs: tuple[str, ...],
    user: str | None,
    password: str | None,
    allow_service: tuple[str, ...],
) -> None:
    """A knowledge graph of NATO-Russia Council diplomacy.

    Inside a workspace (made by 'nrcgraph init') every command uses the workspace's
    graph; elsewhere the bundled graph (ontology + data from NATO press releases),
    unless --data names your own files, --store a store or --endpoint a server.

    \b
    Examples:
      nrcgraph queries
      nrcgraph query meetings
      nrcgraph query statements-by-person --param speaker=person:sergey-lavrov
      nrcgraph sparql "SELECT ?m ?date WHERE { ?m a nrc:Meeting ; nrc:date ?date }"
      nrcgraph init my-graph && cd my-graph && nrcgraph add ../new-meeting.ttl
      nrcgraph --data my.ttl --with-bundle stats
      nrcgraph --store ./store query meetings
      nrcgraph --endpoint http://localhost:8890/sparql query meetings
    """
    ctx.obj = Context(
        data, with_bundle, engine, queries_dir, store, endpoint, user, password, endpoint_graphs, workspace
    )
    ctx.obj.allow_service = frozenset(host.lower() for host in allow_service)


def _register() -> None:
    from . import data, draft, network, query, review, serve

    for module in (query, data, draft, review, network, serve):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="nrcgraph")
