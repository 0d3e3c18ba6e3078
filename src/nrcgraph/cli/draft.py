"""nrcgraph draft: a press release to Turtle for a person to review."""

from __future__ import annotations

from pathlib import Path

import click

from .common import ctx_exit, pass_context


@click.command()
@click.argument("release", type=click.Path(exists=True))
@click.option(
    "--output",
    "-o",
    "out",
    type=click.Path(),
    help="The Turtle file to write (a folder when RELEASE is a folder). Default: DATE-TITLE.ttl here.",
)
@click.option("--date", metavar="DATE", help="The release's date, if its dateline does not give it (2013-12-04).")
@click.option("--url", metavar="URL", help="The web page the release was published on (cited by exports).")
@click.option(
    "--publisher",
    metavar="IRI",
    default="organisation:nato",
    show_default=True,
    help="Who published the release.",
)
@pass_context
def draft(ctx, release, out, date, url, publisher):  # type: ignore[no-untyped-def]
    """Draft RELEASE (plain text, Markdown or HTML; or a folder of them) into Turtle in
    the data's conventions, with the release's text copied to sources/ beside it.

    Meetings, participants and chairs, post holdings, statements, positions and
    decisions, treaty events, measurements and topics are found by general rules over
    the graph's own names (spaCy, dateparser and rapidfuzz, offline). Every node quotes
    its passage and says which rule proposed it and how sure it is; it stays
    review:draft until a person reviews it, and 'add' refuses drafts until then.

    \b
    Examples:
      nrcgraph draft release.html --url https://www.nato.int/...
      nrcgraph draft release.txt --date 2013-12-04 -o drafts/2013-12-04.ttl
      nrcgraph draft releases/ -o drafts/
      nrcgraph validate drafts/2013-12-04.ttl     # lists what is left to review
    """
    from ..errors import DataError, UsageError
    from ..ingest.draft import draft as draft_release
    from ..ingest.draft import pipeline, release_files
    from ..ingest.draft.dictionary import Dictionary
    from ..validation.shacl import check, shapes_graph

    path = Path(release)
    files = release_files(path)
    if len(files) > 1 and out and Path(out).suffix:
        raise UsageError(f"-o {out}: RELEASE is a folder of {len(files)} releases; name a folder")
    graph = ctx.graph()
    dictionary = Dictionary.from_graph(graph)
    nlp = pipeline(dictionary)
    shapes = shapes_graph(ctx.shapes(None))  # the workspace's too; read once for every release
    failed = 0
    for file in files:
        try:
            result = draft_release(file, graph, date=date, url=url, publisher=publisher, dictionary=dictionary, nlp=nlp)
        except DataError as exc:
            if len(files) == 1:
                raise
            click.secho(f"Error: {exc}", fg="red", err=True)
            failed += 1
            continue
        target = _target(out, result.name, len(files) > 1)
        written, source = result.write(target)
        report = check([written], graph, shapes)
        verdict = "conforms" if report.conforms else f"{report.count('Violation')} violations"
        click.echo(
            f"drafted {written}: {result.nodes} nodes, {result.to_review} to review ({verdict}); "
            f"the release's text in {source}",
            err=True,
        )
        if result.empty:
            click.secho(f"{written}: {result.empty}", fg="yellow", err=True)
    if len(files) > 1:
        click.echo(f"{len(files) - failed} of {len(files)} releases drafted", err=True)
    click.echo(
        "next: review each node, set nrc:reviewStatus review:reviewed, then 'nrcgraph validate' and 'nrcgraph add'",
        err=True,
    )
    ctx_exit(1 if failed else 0)


def _target(out: str | None, name: str, many: bool) -> Path:
    if out is None:
        return Path(f"{name}.ttl")
    path = Path(out)
    return path / f"{name}.ttl" if many or path.is_dir() else path


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--texts",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="The folder holding the documents' texts (found by the SHA-256 each document node records).",
)
@click.option(
    "--keep-words/--drop-words",
    default=None,
    help="Keep the verbatim passages beside their spans (default: only for texts kept in the project, "
    "those with nrc:sourceFile).",
)
def anchor(files, texts, keep_words):  # type: ignore[no-untyped-def]
    """Give each passage of curated FILES its position in the document's text.

    Every nrc:passage and quoted nrc:text becomes an nrc:evidenceSpan (a W3C Web
    Annotation TextPositionSelector: start and end offsets, and the span's SHA-256), so
    the facts point to their words without copying a text that is not the project's own.
    A file is written only when every passage is found word for word.

    \b
    Examples:
      nrcgraph anchor curated.ttl --texts texts/
      nrcgraph anchor curated.ttl --texts texts/ --keep-words
    """
    from ..ingest.evidence import anchor_file

    for name in files:
        count, doc = anchor_file(Path(name), Path(texts), keep_words)
        click.echo(f"{name}: {count} passages anchored in the text of <{doc}>")


COMMANDS = [draft, anchor]
