"""Validation findings and reports: what is wrong, where (file and line), by which rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..rdf.namespaces import shorten

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation, Warning or Info
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str  # the source shape (an IRI, or a blank node's Turtle), or the check's name
    component: str  # e.g. MinCountConstraintComponent, or DanglingLink for the extra checks
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = shorten(self.focus)
        if self.path:
            where += f" {shorten(self.path)}"
        value = f" (value: {shorten(self.value)})" if self.value else ""
        return f"{self.severity}: {where}{value}: {self.message} [{self.component}]"

    def key(self):
        return (self.severity, self.focus, self.path, self.value, self.component, self.shape)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    checked_nodes: int = 0
    mode: str = "full"  # "full" or "incremental"

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation (warnings and infos are advice)."""
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def at_least(self, severity: str) -> list[Finding]:
        """The findings of ``severity`` or worse."""
        limit = SEVERITIES.index(severity)
        return [f for f in self.findings if SEVERITIES.index(f.severity) <= limit]


def sort(findings: Iterable[Finding]) -> list[Finding]:
    """Once each, worst first, then by node, property and rule."""
    return sorted(
        set(findings),
        key=lambda f: (SEVERITIES.index(f.severity), f.focus, f.path or "", f.component, f.value or "", f.message),
    )


def once(findings: Iterable[Finding]) -> list[Finding]:
    """Sorted, and what two shapes say in the same words about the same value (a class's
    shape and its superclass's) said once: what a person reads."""
    seen: set[tuple[str | None, ...]] = set()
    out = []
    for f in sort(findings):
        said = (f.focus, f.path, f.value, f.message)
        if said not in seen:
            seen.add(said)
            out.append(f)
    return out
