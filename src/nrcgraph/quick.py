"""``nrcgraph query NAME`` answered without the command line's libraries.

Scripts run saved queries often, so their cost is mostly starting up: click alone costs
more than the engine. A saved query with only ``--format`` and ``--param`` options, on
the workspace, the bundled graph or a ``--store`` given before ``query``, is answered here
exactly as the full command answers it (the same catalogue, graph, binding and rendering). Anything else, and anything that
goes wrong, is left to the full command line, which says what it always says.
"""

from __future__ import annotations

import sys

FORMATS = ("csv", "tsv", "json", "srj", "turtle", "ntriples")


def parse(args: list[str]) -> tuple[str, str | None, dict[str, str]] | None:
    """``NAME [-f FORMAT] [-p K=V ...]`` as (name, format, params); None for anything else."""
    if not args or args[0].startswith("-"):
        return None
    name, fmt, params = args[0], None, {}
    rest = args[1:]
    while rest:
        option = rest.pop(0)
        if option in ("-f", "--format") and rest and rest[0] in FORMATS and fmt is None:
            fmt = rest.pop(0)
        elif option in ("-p", "--param") and rest and "=" in rest[0] and not rest[0].startswith("="):
            key, _, value = rest.pop(0).partition("=")
            params[key.strip()] = value
        else:
            return None
    return name, fmt, params


def answer(args: list[str], store: str | None = None) -> bool:
    """Answer ``nrcgraph [--store STORE] query ARGS`` if it is a simple one; True when it was answered."""
    parsed = parse(args)
    if parsed is None or (parsed[1] is None and sys.stdout.isatty()):
        return False  # a table for a terminal: the full command line draws it
    name, fmt, params = parsed
    try:
        text = _run(name, fmt, params, store)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing half-written was kept\n")
        raise SystemExit(130) from None
    except Exception:  # the full command line reports it in its own words
        return False
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): not an error
    return True


def _run(name: str, fmt: str | None, params: dict[str, str], store: str | None) -> str:
    from .catalogue import Catalogue
    from .rdf.render import default_format, render, wanted_formats
    from .workspace import Workspace

    workspace = Workspace.locate(None)
    saved = (Catalogue(*workspace.query_dirs()) if workspace else Catalogue()).get(name)
    bindings = saved.bindings(params)  # checked before any data is read
    if store is not None:
        from .graph import open_store

        graph = open_store(store)
    elif workspace:
        graph = workspace.graph("oxigraph")
    else:
        from .graph import load

        graph = load()
    try:
        answer = graph.query_as(saved.text, bindings, wanted_formats(fmt, False))
    finally:
        graph.close()
    return answer if isinstance(answer, str) else render(answer, fmt or default_format(answer, False))
