"""One draft under review: its triples, the release text it quotes, and every decision a
person makes about its nodes, recorded in the file as nrc:ReviewDecision nodes.

The draft is held as an rdflib graph (it is small, and rdflib edits triples in place);
each decision changes the triples, adds its record and writes the file atomically, so a
review can stop at any point and resume from the file.
"""

from __future__ import annotations

import getpass
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..errors import UsageError
from ..rdf.namespaces import DCTERMS, ID, NRC, PREFIXES, PROV, RDF, RDFS, SKOS, VOCAB, XSD, shorten

REVIEW = VOCAB + "review/"
ACTIONS = ("accepted", "rejected", "edited", "merged")
BOOKKEEPING = (NRC + "reviewStatus", NRC + "confidence", NRC + "draftRule")


def reviewer_name(given: str | None = None) -> str:
    """--reviewer, else git's user.name, else the login name."""
    if given and given.strip():
        return given.strip()
    try:
        done = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  (no login name in some containers)
        return "unknown reviewer"


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "x"


@dataclass
class Outcome:
    """What a decision did, in words, and the node it is recorded on."""

    node: str
    action: str
    description: str


class Draft:
    """A draft Turtle file under review."""

    def __init__(self, path: str | Path, reviewer: str, exists: Any = None):
        import rdflib

        self.path = Path(path)
        self.reviewer = reviewer
        # Whether an IRI is a subject in the graph the draft goes into (for merges).
        self.exists = exists or (lambda iri: False)
        raw = self.path.read_text(encoding="utf-8")
        self.header = "".join(line + "\n" for line in _leading_comments(raw))  # kept when saving
        self.g = rdflib.Graph()
        try:
            self.g.parse(data=raw, format="turtle", publicID=self.path.resolve().as_uri())
        except Exception as exc:  # noqa: BLE001  (rdflib raises many kinds)
            raise UsageError(f"{self.path}: not a Turtle file the review can read: {exc}") from None
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns, override=True, replace=True)

    # --- reading ----------------------------------------------------------------------

    def u(self, iri: str) -> Any:
        import rdflib

        return rdflib.URIRef(iri)

    def drafted(self) -> list[str]:
        """Every node the draft proposed that is still to decide or was decided here."""
        status = self.u(NRC + "reviewStatus")
        nodes = {str(s) for s in self.g.subjects(status, None)}
        nodes |= {str(o) for o in self.g.objects(None, self.u(NRC + "decisionOn"))}
        return sorted(nodes)

    def pending(self) -> list[str]:
        draft = self.u(REVIEW + "draft")
        return sorted(str(s) for s in self.g.subjects(self.u(NRC + "reviewStatus"), draft))

    def status(self, node: str) -> str:
        value = self.g.value(self.u(node), self.u(NRC + "reviewStatus"))
        if value is not None and str(value) == REVIEW + "draft":
            return "pending"
        return "decided"

    def decisions(self, node: str | None = None) -> list[dict[str, str]]:
        """The decisions recorded in the file (on ``node``), oldest first."""
        out = []
        for d in self.g.subjects(self.u(RDF + "type"), self.u(NRC + "ReviewDecision")):
            on = self.g.value(d, self.u(NRC + "decisionOn"))
            if node is not None and str(on) != node:
                continue
            agent = self.g.value(d, self.u(PROV + "wasAssociatedWith"))
            out.append(
                {
                    "iri": str(d),
                    "node": str(on),
                    "action": str(self.g.value(d, self.u(NRC + "reviewAction")) or "").rsplit("/", 1)[-1],
                    "description": str(self.g.value(d, self.u(DCTERMS + "description")) or ""),
                    "reviewer": str(self.g.value(agent, self.u(RDFS + "label")) or "") if agent else "",
                    "time": str(self.g.value(d, self.u(PROV + "endedAtTime")) or ""),
                }
            )
        return sorted(out, key=lambda d: (d["time"], d["iri"]))

    def source_text(self) -> str:
        """The release's text, from the nrc:sourceFile the document node names (beside the draft)."""
        folder = self.path.parent.resolve()
        for value in self.g.objects(None, self.u(NRC + "sourceFile")):
            path = (folder / str(value)).resolve()
            if folder in path.parents and path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
        return ""

    def facts(self, node: str) -> list[tuple[str, Any]]:
        """The node's own triples, as (predicate IRI, rdflib object), bookkeeping left out."""
        skip = {*BOOKKEEPING, NRC + "passage", RDF + "type", PROV + "wasDerivedFrom"}
        return sorted(
            ((str(p), o) for p, o in self.g.predicate_objects(self.u(node)) if str(p) not in skip),
            key=lambda f: (f[0], str(f[1])),
        )

    # --- deciding ---------------------------------------------------------------------

    def accept(self, node: str) -> Outcome:
        n = self.u(node)
        if (n, None, None) not in self.g:
            raise UsageError(f"{shorten(node)} is not a node of this draft")
        if self.exists(node):  # recognised as the graph's own node: confirming the merge
            self._strip(n)
            rule = self._rule_of(node)
            return self._record(
                node, "merged", f"Confirmed as the graph's {shorten(node)}{rule}; the drafted facts attach to it."
            )
        self._set_reviewed(n)
        return self._record(node, "accepted", "Checked against the release and kept as drafted.")

    def reject(self, node: str, why: str = "") -> Outcome:
        n = self.u(node)
        if (n, None, None) not in self.g and (None, None, n) not in self.g:
            raise UsageError(f"{shorten(node)} is not a node of this draft")
        label = self.g.value(n, self.u(RDFS + "label"))
        count = len(list(self.g.triples((n, None, None)))) + len(list(self.g.triples((None, None, n))))
        self.g.remove((n, None, None))
        self.g.remove((None, None, n))
        text = f"Rejected {shorten(node)}{f' ({label})' if label else ''}: its {count} triples removed{why}."
        outcome = self._record(node, "rejected", text)
        # Inferences about the rejected node's triples go with it.
        for inference in list(self.g.subjects(self.u(RDF + "subject"), n)):
            self.reject(str(inference), f", as it marked a triple of {shorten(node)}")
        return outcome

    def reject_fact(self, node: str, predicate: str, value: Any) -> Outcome:
        n, p = self.u(node), self.u(predicate)
        if (n, p, value) not in self.g:
            raise UsageError(f"{shorten(node)} has no such fact")
        self.g.remove((n, p, value))
        return self._record(node, "rejected", f"Removed the fact {shorten(predicate)} {_shown(value)}.")

    def edit(self, node: str, predicate: str, old: Any, new: Any) -> Outcome:
        n, p = self.u(node), self.u(predicate)
        if (n, p, old) not in self.g:
            raise UsageError(f"{shorten(node)} has no fact {shorten(predicate)} {_shown(old)} to edit")
        self.g.remove((n, p, old))
        self.g.add((n, p, new))
        for inference in self.g.subjects(self.u(RDF + "subject"), n):  # an inference follows the value
            if (
                self.g.value(inference, self.u(RDF + "predicate")) == p
                and (
                    inference,
                    self.u(RDF + "object"),
                    old,
                )
                in self.g
            ):
                self.g.remove((inference, self.u(RDF + "object"), old))
                self.g.add((inference, self.u(RDF + "object"), new))
        return self._record(node, "edited", f"Changed {shorten(predicate)} from {_shown(old)} to {_shown(new)}.")

    def merge(self, node: str, target: str, label: str = "") -> Outcome:
        """Merge the drafted ``node`` into ``target`` (a node of the graph): every triple
        naming the drafted IRI names the target instead; the drafted labels give way to the
        graph's, and the draft's bookkeeping to the decision."""
        if node == target:
            return self.accept(node)
        n, t = self.u(node), self.u(target)
        if (n, None, None) not in self.g:
            raise UsageError(f"{shorten(node)} is not a node of this draft")
        drafted = self.g.value(n, self.u(RDFS + "label"))
        for s, p, o in list(self.g.triples((n, None, None))):
            self.g.remove((s, p, o))
            if str(p) in (RDFS + "label", SKOS + "prefLabel", *BOOKKEEPING):
                continue
            self.g.add((t, p, o))
        for s, p, o in list(self.g.triples((None, None, n))):
            self.g.remove((s, p, o))
            self.g.add((s, p, t))
        self._strip(t)
        return self._record(
            target,
            "merged",
            f"Merged the drafted {shorten(node)}{f' ({drafted})' if drafted else ''} with the graph's "
            f"{shorten(target)}{f' ({label})' if label else ''}.",
        )

    def accept_all(self) -> list[Outcome]:
        return [self.accept(node) for node in self.pending()]

    # --- writing ----------------------------------------------------------------------

    def turtle(self) -> str:
        body = self.g.serialize(format="turtle")
        return self.header + body

    def save(self) -> None:
        atomic_write(self.path, self.turtle().encode("utf-8"))

    # --- inside -----------------------------------------------------------------------

    def _rule_of(self, node: str) -> str:
        rule = self.g.value(self.u(node), self.u(NRC + "draftRule"))
        return f" ({rule})" if rule else ""

    def _strip(self, n: Any) -> None:
        for p in BOOKKEEPING:
            self.g.remove((n, self.u(p), None))

    def _set_reviewed(self, n: Any) -> None:
        self.g.set((n, self.u(NRC + "reviewStatus"), self.u(REVIEW + "reviewed")))

    def _record(self, node: str, action: str, description: str) -> Outcome:
        import rdflib

        now = datetime.now(UTC)
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        local = node.rsplit("/", 1)[-1] if node.startswith(ID) else _slug(node)[-40:]
        iri = self.u(f"{ID}review-decision/{stamp}-{action}-{_slug(local)[:60]}")
        agent = self.u(f"{ID}reviewer/{_slug(self.reviewer)}")
        g = self.g
        g.add((iri, self.u(RDF + "type"), self.u(NRC + "ReviewDecision")))
        g.add((iri, self.u(NRC + "decisionOn"), self.u(node)))
        g.add((iri, self.u(NRC + "reviewAction"), self.u(REVIEW + action)))
        g.add((iri, self.u(DCTERMS + "description"), rdflib.Literal(description)))
        g.add((iri, self.u(PROV + "wasAssociatedWith"), agent))
        g.add(
            (
                iri,
                self.u(PROV + "endedAtTime"),
                rdflib.Literal(now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), datatype=self.u(XSD + "dateTime")),
            )
        )
        g.add((agent, self.u(RDF + "type"), self.u(PROV + "Agent")))
        g.set((agent, self.u(RDFS + "label"), rdflib.Literal(self.reviewer)))
        return Outcome(node, action, description)


def _leading_comments(raw: str) -> list[str]:
    out = []
    for line in raw.splitlines():
        if not line.startswith("#"):
            break
        out.append(line)
    return out


def _shown(value: Any) -> str:
    text = str(value)
    if hasattr(value, "datatype") or hasattr(value, "language"):
        return f"'{text}'"
    return shorten(text)
