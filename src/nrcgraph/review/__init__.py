"""nrcgraph review: from a draft to the graph, node by node, with a record of every
decision. The library half: a review of one or more draft files (``Review``), the
decisions for scripts (``accept_all``), and the web page over it (``review.app``).

Every accept, reject, edit or merge changes the draft file's triples and adds a
nrc:ReviewDecision node (a prov:Activity: the node, the action, what changed, the
reviewer, the time), written atomically, so a half-done review resumes from the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..rdf.namespaces import expand
from ..rdf.terms import Term
from .session import ACTIONS, Draft, Outcome, reviewer_name

__all__ = ["ACTIONS", "Draft", "Outcome", "Review", "accept_all", "draft_files", "reviewer_name"]


def draft_files(path: str | Path) -> list[Path]:
    """One draft, or every Turtle file of a folder (its sources/ aside)."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*.ttl") if "sources" not in p.relative_to(path).parts)
        if not found:
            raise UsageError(f"{path}: no draft (.ttl) in this folder")
        return found
    if not path.is_file():
        raise UsageError(f"{path}: no such draft")
    return [path]


class Review:
    """Drafts under review against ``base`` (the graph they go into), checked with ``shapes``.

    ``adder`` runs ``nrcgraph add`` on a draft file and returns its AddResult; ``reload``
    gives the base graph again after an add changed it."""

    def __init__(
        self,
        paths: list[Path],
        base: Any,
        reviewer: str,
        shapes: Any = None,
        adder: Callable[[Path], Any] | None = None,
        reload: Callable[[], Any] | None = None,
    ):
        self.paths = paths
        self.base = base
        self.reviewer = reviewer
        self.shapes = shapes
        self.adder = adder
        self.reload = reload
        self._shapes_graph: Any = None
        self.reports: dict[int, Any] = {}

    def exists(self, iri: str) -> bool:
        """Whether the base graph describes ``iri`` (a node a draft may merge with)."""
        return self.base.contains(Term("uri", iri))

    def open(self, index: int) -> Draft:
        if not 0 <= index < len(self.paths):
            raise UsageError(f"no draft number {index}")
        return Draft(self.paths[index], self.reviewer, self.exists)

    def shapes_graph(self) -> Any:
        if self._shapes_graph is None:
            from ..validation.shacl import shapes_graph

            self._shapes_graph = shapes_graph(self.shapes)
        return self._shapes_graph

    def check(self, index: int) -> Any:
        """Validate the draft as saved with the graph it goes into (nrcgraph validate's check)."""
        from ..validation.shacl import check

        report = check([self.paths[index]], self.base, self.shapes_graph())
        self.reports[index] = report
        return report

    def findings(self, index: int) -> dict[str, list[dict[str, str]]]:
        report = self.reports.get(index) or self.check(index)
        out: dict[str, list[dict[str, str]]] = {}
        for f in report.findings:
            if f.component == "ReviewPending":
                continue  # the card itself says the node is still to decide
            out.setdefault(f.focus, []).append(
                {"severity": f.severity, "message": f.message, "path": f.path or "", "component": f.component}
            )
        return out

    def decide(self, index: int, request: dict[str, Any]) -> Outcome:
        """One decision from the page: accept, reject, reject-fact, edit or merge."""
        draft = self.open(index)
        action = request.get("action")
        node = expand(str(request.get("node", "")))
        if action == "accept":
            outcome = draft.accept(node)
        elif action == "reject":
            outcome = draft.reject(node)
        elif action == "reject-fact":
            outcome = draft.reject_fact(node, expand(request["predicate"]), _term(request["value"]))
        elif action == "edit":
            outcome = draft.edit(node, expand(request["predicate"]), _term(request["value"]), _new_value(request))
        elif action == "merge":
            target = expand(str(request.get("target", "")))
            if not target.startswith(("http://", "https://")):
                raise UsageError("merge: name the graph's node to merge with")
            if not self.exists(target):
                raise UsageError(f"merge: the graph has no node {target}")
            outcome = draft.merge(node, target, str(request.get("label", "")))
        else:
            raise UsageError(f"unknown action {action!r}: accept, reject, reject-fact, edit or merge")
        draft.save()
        self.check(index)
        return outcome

    def add(self, index: int) -> Any:
        """Run nrcgraph add on the draft, as the command does; the base graph follows."""
        if self.adder is None:
            raise UsageError("add: no graph to add to here (use a workspace, or give --to)")
        draft = self.open(index)
        if draft.pending():
            raise UsageError(f"{len(draft.pending())} nodes are still to decide: decide them first")
        close = getattr(self.base, "close", None)
        result = self.adder(self.paths[index])
        if result.written and self.reload is not None:
            if close:
                close()
            self.base = self.reload()
            self.reports.clear()
        return result


def accept_all(
    path: str | Path,
    reviewer: str,
    reject: list[str] | tuple[str, ...] = (),
    exists: Callable[[str], bool] | None = None,
) -> list[Outcome]:
    """Reject the nodes named, accept every other node still to decide, and save: the
    decisions of a script, recorded as the page records them."""
    draft = Draft(path, reviewer, exists)
    outcomes = []
    for name in reject:
        node = expand(name)
        if node not in draft.drafted() and (draft.u(node), None, None) not in draft.g:
            raise UsageError(f"--reject {name}: no such node in {path}")
        outcomes.append(draft.reject(node))
    outcomes += draft.accept_all()
    draft.save()
    return outcomes


def _term(text: str) -> Any:
    """A value as the page sends it back (N-Triples syntax) as an rdflib term."""
    from rdflib.util import from_n3

    try:
        term = from_n3(text)
    except Exception:  # noqa: BLE001
        raise UsageError(f"not a term: {text!r}") from None
    if term is None:
        raise UsageError(f"not a term: {text!r}")
    return term


def _new_value(request: dict[str, Any]) -> Any:
    """The edited value: an IRI (a link or a concept), or a literal of the old value's type."""
    import rdflib

    new = str(request.get("new", "")).strip()
    if not new:
        raise UsageError("edit: give the new value")
    old = _term(request["value"])
    if isinstance(old, rdflib.URIRef):
        iri = expand(new)
        if not iri.startswith(("http://", "https://")):
            raise UsageError(f"edit: {new!r} is not an IRI or a prefixed name the graph knows")
        return rdflib.URIRef(iri)
    if old.datatype is not None:
        from ..rdf.literals import problem

        wrong = problem(new, str(old.datatype))
        if wrong:
            raise UsageError(f"edit: {wrong}")
        return rdflib.Literal(new, datatype=old.datatype)
    return rdflib.Literal(new, lang=old.language)
