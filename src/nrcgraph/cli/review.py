"""nrcgraph review: decide about a draft's nodes on a local page, or all at once for scripts."""

from __future__ import annotations

from pathlib import Path

import click

from .common import ctx_exit, pass_context


@click.command()
@click.argument("draft", type=click.Path(exists=True))
@click.option("--reviewer", metavar="NAME", help="Who reviews (default: git's user.name, else the login name).")
@click.option("--accept-all", is_flag=True, help="Accept every node still to decide, without a page.")
@click.option(
    "--reject", "reject", multiple=True, metavar="NODE", help="Reject this node (repeatable; with --accept-all)."
)
@click.option("--add", "then_add", is_flag=True, help="After --accept-all, add the draft as 'nrcgraph add' does.")
@click.option("--to", "to", type=click.Path(), help="The Turtle data file 'add' writes to (outside a workspace).")
@click.option("--port", type=int, default=0, help="The page's port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the page's address; do not open a browser.")
@click.option("--shapes", type=click.Path(exists=True), help="Shapes to check with (default: the workspace's).")
@pass_context
def review(ctx, draft, reviewer, accept_all, reject, then_add, to, port, no_browser, shapes):  # type: ignore[no-untyped-def]
    """Review DRAFT (a file made by 'nrcgraph draft', or a folder of them) node by node.

    Without --accept-all it opens a page on 127.0.0.1 (with a secret token for this run):
    the release's text with every passage marked, and each drafted node as a card in
    plain words with its confidence and rule, least sure first. Accept, reject, edit a
    value or merge with a node the graph already has, by keyboard (j/k, a, r, e, m; ?
    lists them) or mouse; the shapes are checked after every change. Each decision is
    kept in the draft as an nrc:ReviewDecision (node, action, change, reviewer, time),
    and when every node is decided the page runs 'add'. --accept-all and --reject do
    the same for scripts.

    \b
    Examples:
      nrcgraph draft release.html -o drafts/release.ttl
      nrcgraph review drafts/release.ttl --accept-all --reviewer "Ann Analyst"
      nrcgraph validate drafts/release.ttl
    """
    from ..review import Review, draft_files, reviewer_name
    from ..review import accept_all as decide_all

    name = reviewer_name(reviewer)
    files = draft_files(draft)
    workspace = ctx.workspace() if ctx.source() == "workspace" else None
    shapes = ctx.shapes(shapes)

    def base():  # type: ignore[no-untyped-def]
        if workspace is not None:  # the files in memory: the store stays free for add
            from ..graph import load

            return load(*workspace.sources())
        graph = ctx.graph()
        if to and Path(to).is_file():
            graph = graph.with_file(to)
        return graph

    def adder(path: Path):  # type: ignore[no-untyped-def]
        from ..ingest.add import add as add_file

        if workspace is not None:
            return workspace.add(path, to=to, shapes=shapes)
        if not to:
            raise click.UsageError("add: make a workspace with 'nrcgraph init', or name the data file with --to")
        return add_file(path, base(), to=to, shapes=shapes)

    if reject and not accept_all:
        raise click.UsageError("--reject goes with --accept-all (on the page, press r on the node)")
    if then_add and not accept_all:
        raise click.UsageError("--add goes with --accept-all (on the page, add is offered when every node is decided)")
    graph = base()
    if accept_all:
        from ..rdf.terms import Term

        failed = 0
        for path in files:
            outcomes = decide_all(path, name, reject, exists=lambda iri: graph.contains(Term("uri", iri)))
            counts: dict[str, int] = {}
            for o in outcomes:
                counts[o.action] = counts.get(o.action, 0) + 1
            said = ", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "nothing left to decide"
            click.echo(f"{path}: {said} (reviewer: {name})", err=True)
            if then_add:
                result = adder(path)
                if result.refused or not result.report.conforms:
                    failed += 1
                    problems = [str(f) for f in result.report.findings if f.severity == "Violation"][:5]
                    click.secho(
                        f"Error: {path}: not added: {result.refused or '; '.join(problems)}", fg="red", err=True
                    )
                else:
                    click.echo(f"{path}: added to {result.target}: {result.new_triples} new triples", err=True)
        ctx_exit(1 if failed else 0)
        return
    from ..review.app import run

    session = Review(files, graph, name, shapes, adder=adder, reload=base)
    run(session, port=port, open_browser=not no_browser, announce=lambda url: click.echo(f"review at {url}"))


COMMANDS = [review]
