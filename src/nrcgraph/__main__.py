"""``python -m nrcgraph`` and the ``nrcgraph`` console script.

``--version`` is answered here, before the command line and its libraries are imported:
scripts call it to check an install, and it should cost no more than starting Python.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        print(f"nrcgraph, version {__version__}")
        return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
