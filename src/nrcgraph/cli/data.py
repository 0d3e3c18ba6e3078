"""Bringing data in: init (a workspace), validate, add, load (into a store), generate."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import click

from .common import REPORT_FORMATS, ctx_exit, input_format_option, pass_context, progress_bar


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option(
    "--bundle/--no-bundle",
    "with_bundle",
    default=True,
    show_default=True,
    help="Include the bundled ontology, vocabularies and NRC data in the workspace's graph.",
)
def init(folder, with_bundle):  # type: ignore[no-untyped-def]
    """Make a workspace in FOLDER (default: here): data/, queries/ and shapes/ folders, a
    small nrcgraph.toml, and a store built from the bundle and data/. Commands run in
    FOLDER or below use it without flags.

    \b
    Examples:
      nrcgraph init my-graph
      cd my-graph && nrcgraph add ../new-meeting.ttl && nrcgraph query meetings
      nrcgraph init --no-bundle empty-graph
    """
    from ..workspace import Workspace

    workspace = Workspace.init(folder, with_bundle=with_bundle)
    click.echo(
        f"made a workspace in {workspace.root}: put RDF files in {workspace.data_dir}/ "
        f"(or use 'nrcgraph add'), queries in {workspace.root / workspace.queries}/",
        err=True,
    )


def validation_options(func: Any) -> Any:
    """``--shapes``, ``--format``, ``--severity`` and ``--input-format``, shared by validate and add."""
    func = input_format_option(func)
    func = click.option(
        "--severity",
        type=click.Choice(["violation", "warning", "info"]),
        default="info",
        show_default=True,
        help="Show findings of this severity or worse.",
    )(func)
    func = click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(REPORT_FORMATS),
        default="text",
        show_default=True,
        help="Report format: text grouped by node, JSON, or a SHACL report in Turtle.",
    )(func)
    return click.option(
        "--shapes",
        type=click.Path(exists=True, dir_okay=False),
        help="A SHACL shapes file instead of the bundled (and workspace) shapes.",
    )(func)


def print_report(report: Any, fmt: str, severity: str) -> None:
    from ..validation.report import render

    click.echo(render(report, fmt, severity.capitalize()), nl=False)


def parse_errors_are_usage_errors(func: Any) -> Any:
    """For validate and add, a file that does not parse is a usage error (exit 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..errors import DataError

        try:
            return func(*args, **kwargs)
        except DataError as exc:
            exc.exit_code = 2
            raise

    return wrapper


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--full", is_flag=True, help="Validate the whole merged graph, not only the new nodes.")
@click.option(
    "--texts",
    type=click.Path(exists=True, file_okay=False),
    help="A folder of source texts (found by SHA-256): evidence spans are checked against them.",
)
@validation_options
@pass_context
@parse_errors_are_usage_errors
def validate(ctx, files, full, texts, shapes, fmt, severity, input_format):  # type: ignore[no-untyped-def]
    """Validate new RDF FILES against the shapes, together with the graph they point into.

    Only the nodes the files describe are checked (links to existing people, meetings
    and treaties resolve against the workspace, the bundled graph, --data, --store or
    --endpoint). Besides the shapes, it reports dangling links, likely typos, terms the
    ontology lacks, literals of an unexpected type and clashes with existing facts.
    Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML are read, by extension or
    --input-format. Exit 0 conforming, 1 not, 2 usage or parse error.

    \b
    Examples:
      nrcgraph validate new-meeting.ttl
      nrcgraph validate a.ttl b.jsonld --severity violation
      nrcgraph validate new.ttl --format json > report.json
      nrcgraph validate curated.ttl --texts texts/
      nrcgraph --data my-data/ --with-bundle validate new.ttl --shapes my-shapes.ttl
    """
    from ..validation.shacl import check

    report = check(
        files, ctx.graph(), ctx.shapes(shapes), full=full, fmt=input_format, texts=Path(texts) if texts else None
    )
    print_report(report, fmt, severity)
    ctx_exit(0 if report.conforms else 1)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "to", type=click.Path(), help="The Turtle data file to add the new triples to.")
@click.option("--store", type=click.Path(file_okay=False), help="An Oxigraph store folder to load the file into.")
@click.option("--dry-run", is_flag=True, help="Validate and report what would be added; change nothing.")
@click.option("--accept-drafts", is_flag=True, help="Add drafted nodes even if not yet reviewed.")
@validation_options
@pass_context
@parse_errors_are_usage_errors
def add(ctx, file, to, store, dry_run, accept_drafts, shapes, fmt, severity, input_format):  # type: ignore[no-untyped-def]
    """Validate FILE against the graph it goes into, then merge what is new.

    In a workspace the new triples go to data/NAME.ttl (or --to) and the next command
    sees them; with --store, into that store; otherwise --to names the file. A file that
    does not conform, or does not parse, changes nothing. The report says what was
    really added: new nodes per class and new triples.

    \b
    Examples:
      nrcgraph add new-meeting.ttl                 # in a workspace
      nrcgraph add new-meeting.ttl --dry-run
      nrcgraph add new-meeting.jsonld --to data/reference.ttl
      nrcgraph add new-meeting.ttl --store ./store
    """
    from ..ingest.add import add as add_file
    from ..ingest.add import add_to_store

    shapes = ctx.shapes(shapes)
    source = ctx.source()
    if store or source == "store":
        if ctx.engine != "oxigraph" or source in ("endpoint", "data"):
            raise click.UsageError(
                "--store adds into an Oxigraph store: it does not combine with --engine, --data or --endpoint"
            )
        if store and ctx.store and Path(store).resolve() != Path(ctx.store).resolve():
            raise click.UsageError("two different stores named: give --store once")
        if to:
            raise click.UsageError("--to and --store name two different targets: give one")
        result = add_to_store(
            file, store or ctx.store, dry_run=dry_run, shapes=shapes, fmt=input_format, accept_drafts=accept_drafts
        )
    elif source == "workspace":  # the files are the record whichever engine reads them
        result = ctx.workspace().add(
            file, to=to, dry_run=dry_run, shapes=shapes, fmt=input_format, accept_drafts=accept_drafts
        )
    else:
        if source == "endpoint" and not to and not dry_run:
            raise click.UsageError(
                "the endpoint engine cannot take new data; name a data file with --to, "
                "or send data to the server with 'nrcgraph push'"
            )
        if not to and not dry_run:
            raise click.UsageError(
                "say where to add the data: --to DATAFILE or --store PATH (or --dry-run), "
                "or make a workspace with 'nrcgraph init'"
            )
        base = ctx.graph()
        if to and Path(to).is_file() and Path(to).resolve() not in {p.resolve() for p in base.files}:
            base = base.with_file(to)  # the target's own facts count as existing ones
        result = add_file(
            file, base, to=to, dry_run=dry_run, shapes=shapes, fmt=input_format, accept_drafts=accept_drafts
        )
    print_report(result.report, fmt, severity)
    if result.refused:
        click.echo(f"Error: {result.refused}; nothing added", err=True)
        ctx_exit(1)
    if fmt == "text":
        nodes = ", ".join(f"{n} {c}" for c, n in result.new_nodes.items()) or "none"
        if dry_run:
            verb = "would add to (dry run)"
        elif result.written:
            verb = f"added to {result.target}"
            for copied in result.sources_copied:
                click.echo(f"copied the source text to {copied}", err=True)
        elif result.report.conforms:
            verb = f"nothing new for {result.target}"
        else:
            verb = f"nothing added to {result.target}"
        click.echo(f"{verb}: {result.new_triples} new triples; new nodes: {nodes}")
        if result.written and source == "bundle" and to:
            click.echo(
                f"note: commands outside a workspace read the bundled graph; use --data {to} --with-bundle, "
                "or make a workspace with 'nrcgraph init'",
                err=True,
            )
    ctx_exit(0 if result.report.conforms else 1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--store",
    "store_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The store folder (created if missing).",
)
@click.option(
    "--bundle/--no-bundle",
    "with_bundle",
    default=True,
    show_default=True,
    help="Load the bundled ontology, vocabularies and data too (the first time).",
)
@click.option("--replace", is_flag=True, help="Reload files the store already holds.")
@input_format_option
@pass_context
def load(ctx, paths, store_dir, with_bundle, replace, input_format):  # type: ignore[no-untyped-def]
    """Bulk-load RDF files and folders into a persistent Oxigraph store, with a
    progress bar; each file all or nothing. Every read command then takes --store DIR.

    \b
    Examples:
      nrcgraph load --store ./new-store                 # the bundle alone
      nrcgraph load generated/ --store ./new-store
      nrcgraph --store ./new-store query meetings
    """
    from .. import bundle
    from ..graph import rdf_files
    from ..ingest.load import load_store, unfinished

    if ctx.engine != "oxigraph":
        raise click.UsageError(f"the {ctx.engine} engine has no persistent store: 'load' builds an Oxigraph store")
    if ctx.endpoint:
        raise click.UsageError("'load' builds a local store; send data to a server with 'nrcgraph push'")
    sources = list(paths)
    if with_bundle and (not Path(store_dir).exists() or unfinished(store_dir)):
        sources = [*bundle.default_sources(), *sources]  # for the progress bar: load_store decides
    total = sum(p.stat().st_size for p in rdf_files(sources))
    with progress_bar(total, "loading") as advance:
        loaded = load_store(
            paths, store_dir, replace=replace, progress=advance, fmt=input_format, with_bundle=with_bundle
        )
    for path, count in loaded:
        click.echo(f"{path}: {count:,} triples", err=True)
    click.echo(f"{store_dir}: {sum(c for _, c in loaded):,} triples loaded from {len(loaded)} file(s)", err=True)


@click.command()
@click.option(
    "--triples",
    "-n",
    type=click.IntRange(100),
    default=100_000,
    show_default=True,
    help="About how many triples to write.",
)
@click.option("--seed", "-s", type=int, default=0, show_default=True, help="The same seed gives the same file.")
@click.option(
    "--output",
    "-o",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder to write generated-SEED.ttl into.",
)
def generate(triples, seed, out_dir):  # type: ignore[no-untyped-def]
    """Write a deterministic synthetic NRC graph that conforms to the shapes: meetings,
    participations, statements, positions, treaties and their events, programmes and
    decisions, in the real data's mix. Streams, so memory stays flat up to 10M triples.

    \b
    Examples:
      nrcgraph generate --triples 1000000 --seed 1 -o generated/
      nrcgraph load generated/ --store ./store
    """
    from ..atomic import atomic_write_text
    from ..ingest.generate import write

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"generated-{seed}.ttl"
    written = 0

    def produce(text: Any) -> None:
        nonlocal written
        written = write(text, triples, seed=seed, prefix=f"gen{seed}")

    atomic_write_text(path, produce)
    click.echo(f"wrote {path}: {written:,} triples", err=True)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--migration",
    type=click.Path(exists=True, dir_okay=False),
    help="A SPARQL Update file to apply (default: the latest in ontology/migrations/).",
)
@parse_errors_are_usage_errors
def migrate(files, dry_run, migration):  # type: ignore[no-untyped-def]
    """Migrate Turtle FILES written for an older ontology to the current one (0.1.0 to
    0.2.0: participations listed by their meeting with prov:hadRole, dated status
    changes, ORG post holdings, territories as places, posts no longer agents). Each
    file is rewritten only if it changes, and the original kept as FILE.bak; comments
    and layout are not kept. Validate afterwards.

    \b
    Examples:
      nrcgraph migrate data/my-meetings.ttl --dry-run
      nrcgraph migrate data/*.ttl && nrcgraph validate data/my-meetings.ttl
    """
    from ..ingest.migrate import migrate_files

    for done in migrate_files(list(files), migration, dry_run=dry_run):
        click.echo(str(done))


COMMANDS = [init, validate, add, load, generate, migrate]
