"""``python -m nrcgraph`` and the ``nrcgraph`` console script.

``--version`` and ``--help`` are answered here, before the command line and its libraries
are imported: scripts call them to check an install, and they should cost no more than
starting Python. The help is the command line's own, cached in ``cli/help.txt`` (a test
keeps it equal; ``scripts/refresh-help.sh`` rewrites it). A simple ``[--store DIR] query NAME``
is answered by quick.py, without the command line's libraries.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        print(f"nrcgraph, version {__version__}")
        return
    if sys.argv[1:] in (["--help"], ["-h"]):
        import os  # not pathlib: it costs more than the rest of the answer

        with open(os.path.join(os.path.dirname(__file__), "cli", "help.txt"), encoding="utf-8") as fh:
            sys.stdout.write(fh.read())
        return
    store, args = (
        (sys.argv[2], sys.argv[3:]) if sys.argv[1:2] == ["--store"] and len(sys.argv) > 2 else (None, sys.argv[1:])
    )
    if args[:1] == ["query"]:
        from .quick import answer

        if answer(args[1:], store):
            return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
