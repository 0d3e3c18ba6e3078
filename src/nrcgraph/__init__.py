"""nrcgraph: a knowledge graph of NATO-Russia Council diplomacy.

    >>> import nrcgraph
    >>> graph = nrcgraph.load()                      # the bundled ontology and data
    >>> result = nrcgraph.run_query(graph, "meetings")
    >>> result.columns[:2]
    ['meeting', 'date']

Kept light on purpose: the names below are imported when first used, so
``import nrcgraph`` loads neither rdflib nor pyshacl, and ``nrcgraph --version``
loads nothing else.
"""

from __future__ import annotations

__version__ = "0.2.0"

# name -> (module, attribute): the public API, imported on first use.
_API = {
    "load": ("graph", "load"),
    "open_store": ("graph", "open_store"),
    "Graph": ("graph", "Graph"),
    "Catalogue": ("catalogue", "Catalogue"),
    "SavedQuery": ("catalogue", "SavedQuery"),
    "Result": ("rdf.results", "Result"),
    "Term": ("rdf.terms", "Term"),
    "Workspace": ("workspace", "Workspace"),
    "NrcgraphError": ("errors", "NrcgraphError"),
    "DataError": ("errors", "DataError"),
    "QueryError": ("errors", "QueryError"),
    "UsageError": ("errors", "UsageError"),
}

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs more than --version
if TYPE_CHECKING:
    from .catalogue import Catalogue, SavedQuery
    from .errors import DataError, NrcgraphError, QueryError, UsageError
    from .graph import Graph, load, open_store
    from .rdf.results import Result
    from .rdf.terms import Term
    from .workspace import Workspace


def __getattr__(name: str) -> object:
    if name in _API:
        import importlib

        module, attribute = _API[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nrcgraph' has no attribute {name!r}")


def run_query(graph: Graph, name: str, params: dict[str, str] | None = None, queries_dir: str | None = None) -> Result:
    """Run the saved query ``name`` with ``params`` (name -> value) on ``graph``."""
    from .catalogue import Catalogue

    return Catalogue(queries_dir).get(name).run(graph, params)


__all__ = [
    "load",
    "open_store",
    "run_query",
    "Graph",
    "Catalogue",
    "SavedQuery",
    "Result",
    "Term",
    "Workspace",
    "NrcgraphError",
    "DataError",
    "QueryError",
    "UsageError",
    "__version__",
]
