"""Where the bundled ontology, data and queries live.

In a wheel they sit in ``nrcgraph/_bundle``; in a source checkout (editable install,
tests) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

from .rdf.namespaces import ID, NRC, PREFIXES, VOCAB, expand, shorten

_PACKAGE = Path(__file__).resolve().parent

__all__ = [
    "root",
    "ontology_dir",
    "data_dir",
    "queries_dir",
    "shapes_file",
    "default_sources",
    "NRC",
    "ID",
    "VOCAB",
    "PREFIXES",
    "shorten",
    "expand",
]


def root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``."""
    packaged = _PACKAGE / "_bundle"
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    raise RuntimeError(f"nrcgraph's bundled files are missing (looked in {packaged} and {checkout})")


def ontology_dir() -> Path:
    return root() / "ontology"


def data_dir() -> Path:
    return root() / "data"


def queries_dir() -> Path:
    return root() / "queries"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def data_sources() -> list[Path]:
    """The bundled data: all of data/, unless $NRCGRAPH_BUNDLE_DATA names some of its files
    (separated by the path separator). The test suite names the two seed releases and their
    reference data, so the facts it pins do not change as the record grows; the record is
    tested as a whole on its own (tests/test_record.py)."""
    import os

    chosen = os.environ.get("NRCGRAPH_BUNDLE_DATA")
    if not chosen:
        return [data_dir()]
    return [data_dir() / name for name in chosen.split(os.pathsep) if name]


def default_sources() -> list[Path]:
    """The bundled graph: the ontology, its vocabularies and the data (not the shapes)."""
    return [ontology_dir() / "nrc.ttl", ontology_dir() / "vocab", *data_sources()]
