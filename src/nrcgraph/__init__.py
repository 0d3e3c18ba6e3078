"""nrcgraph: a knowledge graph of NATO-Russia Council diplomacy.

    >>> import nrcgraph
    >>> graph = nrcgraph.load()                      # the bundled ontology and data
    >>> result = nrcgraph.run_query(graph, "meetings")
    >>> result.columns[:2]
    ['meeting', 'date']

Kept light on purpose: importing nrcgraph loads neither rdflib nor pyshacl.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import DataError, NrcgraphError, QueryError, UsageError  # noqa: E402
from .queries import Catalogue, SavedQuery  # noqa: E402
from .results import Result, Term  # noqa: E402
from .store import Graph, load  # noqa: E402


def run_query(graph: Graph, name: str, params: dict[str, str] | None = None,
              queries_dir: str | None = None) -> Result:
    """Run the saved query ``name`` with ``params`` (name -> value) on ``graph``."""
    return Catalogue(queries_dir).get(name).run(graph, params)


__all__ = ["load", "run_query", "Graph", "Catalogue", "SavedQuery", "Result", "Term",
           "NrcgraphError", "DataError", "QueryError", "UsageError", "__version__"]
