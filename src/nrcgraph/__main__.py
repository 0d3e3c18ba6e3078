"""``python -m nrcgraph`` runs the command line."""

from .cli import main

main()
