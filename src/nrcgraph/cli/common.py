"""What the commands share: the options every command takes, the graph they name (loaded
once, on demand), output, and turning library errors into messages and exit codes."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from ..errors import NrcgraphError

# Kept here, not imported from network.files and validation.report, so that a saved
# query's cold start imports neither; tests check the lists agree.
NETWORK_FORMATS = ("graphml", "gexf", "cytoscape", "nodelink", "dot", "csv", "html", "svg", "png")
# The field's interchange formats (nrcgraph.interchange): records, not a network.
STANDARD_FORMATS = ("plover", "jsonld", "wikidata")
EXPORT_FORMATS = NETWORK_FORMATS + STANDARD_FORMATS
REPORT_FORMATS = ("text", "json", "turtle")
OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "srj", "turtle", "ntriples")
RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")


class Group(click.Group):
    """Turns nrcgraph's errors into a one-line message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NrcgraphError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (| head): not an error
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing half-written was kept", err=True)
            ctx.exit(130)
        except MemoryError:
            click.secho("Error: out of memory; try a smaller input or a store (--store)", fg="red", err=True)
            ctx.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.secho(f"Error: {where}{exc.strerror or exc}", fg="red", err=True)
            ctx.exit(1)


class Context:
    """The options every command shares, and the graph they name (loaded once, on demand)."""

    def __init__(
        self,
        data: tuple[str, ...] = (),
        with_bundle: bool = False,
        engine: str = "oxigraph",
        queries_dir: str | None = None,
        store: str | None = None,
        endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        endpoint_graphs: tuple[str, ...] = (),
        workspace: str | None = None,
    ):
        self.data, self.with_bundle, self.engine, self.queries_dir = data, with_bundle, engine, queries_dir
        self.store, self.endpoint, self.user, self.password = store, endpoint, user, password
        self.endpoint_graphs = list(endpoint_graphs)
        self.workspace_option = workspace
        self._graph: Any = None
        self._workspace: Any = False
        self.allow_service: frozenset[str] = frozenset()

    def workspace(self) -> Any:
        """The workspace in use, or None (explicit --data, --store or --endpoint leave it out)."""
        if self._workspace is False:
            from ..workspace import Workspace

            explicit = self.data or self.store or self.endpoint
            self._workspace = (
                None if explicit and not self.workspace_option else Workspace.locate(self.workspace_option)
            )
        return self._workspace

    def source(self) -> str:
        """Which graph the commands read: 'endpoint', 'store', 'data', 'workspace' or 'bundle'."""
        if self.endpoint:
            return "endpoint"
        if self.store:
            return "store"
        if self.data:
            return "data"
        return "workspace" if self.workspace() else "bundle"

    def graph(self) -> Any:
        if self._graph is None:
            source = self.source()
            if source == "endpoint":
                from ..engines.endpoint import EndpointEngine
                from ..graph import Graph

                if self.data or self.with_bundle or self.store or self.engine != "oxigraph":
                    raise click.UsageError(
                        "--endpoint queries a server: it does not combine with --data, "
                        "--with-bundle, --store or --engine"
                    )
                self._graph = Graph(
                    EndpointEngine(
                        str(self.endpoint),
                        self.user,
                        self.password,
                        graphs=self.endpoint_graphs,
                    )
                )
            elif source == "store":
                from ..graph import open_store

                if self.engine != "oxigraph":
                    raise click.UsageError(
                        f"the {self.engine} engine cannot read an Oxigraph store (--store); drop --engine"
                    )
                if self.data or self.with_bundle:
                    raise click.UsageError("--store reads a store: it does not combine with --data or --with-bundle")
                self._graph = open_store(self.store)  # type: ignore[arg-type]
            elif source == "workspace":
                if self.with_bundle:
                    raise click.UsageError(
                        "--with-bundle goes with --data; a workspace says in nrcgraph.toml "
                        "whether it includes the bundle"
                    )
                self._graph = self.workspace().graph(self.engine)
            else:
                from ..graph import load

                self._graph = load(*self.data, with_bundle=self.with_bundle, engine_name=self.engine)
            self._graph.allow_service = self.allow_service
            self.closing(self._graph)
        return self._graph

    @staticmethod
    def closing(graph: Any) -> Any:
        """Close ``graph`` when the command ends (a store is then free for the next one)."""
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.find_root().call_on_close(graph.close)
        return graph

    def catalogue(self) -> Any:
        from ..catalogue import Catalogue

        if self.queries_dir:
            return Catalogue(self.queries_dir)
        workspace = self.workspace()
        return Catalogue(*workspace.query_dirs()) if workspace else Catalogue()

    def shapes(self, given: str | None) -> Any:
        """--shapes, else the workspace's shapes beside the bundled ones, else the bundled."""
        if given:
            return given
        workspace = self.workspace()
        return workspace.shape_files() if workspace else None


pass_context = click.make_pass_decorator(Context)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format``, shared by every command that prints results."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default=None,
        help="Output format. Default: a table on a terminal, CSV when piped, "
        "Turtle for CONSTRUCT/DESCRIBE. 'srj' is SPARQL 1.1 Query Results JSON.",
    )(func)


def input_format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--input-format",
        "input_format",
        type=click.Choice(RDF_FORMATS),
        default=None,
        help="The RDF format of the input files (default: from each file's extension).",
    )(func)


def emit_query(
    graph: Any, sparql: str, bindings: Any, fmt: str | None, title: str | Callable[[], str] | None = None
) -> None:
    """Run a query and print its answer, written by the engine itself where it can."""
    from ..rdf.render import wanted_formats

    answer = graph.query_as(sparql, bindings, wanted_formats(fmt, sys.stdout.isatty()))
    if isinstance(answer, str):
        click.echo(answer, nl=False)
    else:
        emit(answer, fmt, title)


def emit(result: Any, fmt: str | None, title: str | Callable[[], str] | None = None) -> None:
    """Print a result; ``title`` (or a function giving it) is shown above tables only."""
    from ..rdf.render import default_format, render

    fmt = fmt or default_format(result, sys.stdout.isatty())
    if callable(title):
        title = title() if fmt == "table" else None
    try:
        text = render(result, fmt, title)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(text, nl=False)


def parse_params(params: tuple[str, ...], saved: Any) -> dict[str, str]:
    """``NAME=VALUE`` options as a dict; a malformed one is a usage error naming the parameters."""
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes NAME=VALUE, not {item!r}; {saved.signature()}")
        values[key.strip()] = value
    return values


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: YYYY, YYYY-MM or YYYY-MM-DD, and a real date."""
    if value is None:
        return None
    import datetime

    match = _PARTIAL_DATE.match(value)
    try:
        if not match:
            raise ValueError
        datetime.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def ctx_exit(code: int) -> None:
    click.get_current_context().exit(code)


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on a terminal's stderr; silent otherwise. Yields advance(n)."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
