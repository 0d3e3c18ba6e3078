"""What a served query may reach: nothing outside the graph unless the operator says so.

The decision is ``rdf.reach``'s, made from the query's tokens; the server passes the
hosts it was told to allow (``--allow-service``) and the names of its own graphs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ..rdf.reach import Refused, check_depth
from ..rdf.reach import check as _check

__all__ = ["Refused", "check", "check_depth"]


def check(
    sparql: str, allowed_hosts: Collection[str] = (), graph_names: Callable[[], Collection[str]] = lambda: ()
) -> None:
    """Raise ``Refused`` when the query reaches outside the graph or writes."""
    _check(sparql, frozenset(h.lower() for h in allowed_hosts), graph_names)
