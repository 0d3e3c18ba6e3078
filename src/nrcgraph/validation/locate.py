"""Where a node is defined in a Turtle file: the line of its first subject position.

A reader of a validation report wants to jump to the node; parsers do not keep
positions, so this reads the text: the prefixes it declares and the lines that start
with a subject term.
"""

from __future__ import annotations

import re
from pathlib import Path

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*|_:[\w.-]+)")


def subject_lines(path: str | Path) -> dict[str, int]:
    """Map each subject IRI (full form) to the 1-based line where it first starts a statement."""
    prefixes: dict[str, str] = {}
    found: dict[str, int] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return found
    for number, line in enumerate(text.splitlines(), 1):
        declared = _PREFIX.match(line)
        if declared:
            prefixes[declared.group(1) or ""] = declared.group(2)
            continue
        match = _SUBJECT.match(line)
        if not match:
            continue
        term = match.group(1)
        if term.startswith("<"):
            iri = term[1:-1]
        elif term.startswith("_:"):
            continue  # blank node labels are not kept by parsers
        else:
            prefix, _, local = term.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local
        found.setdefault(iri, number)
    return found
