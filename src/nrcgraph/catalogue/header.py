"""The ``#+`` header of a saved query, read as grlc reads it: the ``#+`` lines are YAML.

    #+ summary: Meetings with their dates, places and chairs
    #+ tags:
    #+   - meetings
    #+ parameters:
    #+   - person: the speaker, an IRI such as person:sergey-lavrov
    #+ defaults:
    #+   - person: person:sergey-lavrov
    #+ enumerate:
    #+   - kind:
    #+     - meetingkind:nrc-ministerial

The decorator names are grlc's (summary, description, tags, defaults, enumerate, plus
``parameters`` for each parameter's documentation).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any


KNOWN = (
    "summary",
    "description",
    "tags",
    "parameters",
    "defaults",
    "enumerate",
    "endpoint",
    "method",
    "pagination",
    "transform",
    "endpoint_in_url",
)


class HeaderError(ValueError):
    """The header is not valid YAML, or not the shape grlc expects."""


def parse_header(text: str) -> dict[str, Any]:
    """The header as a dict; values under ``tags``, ``defaults`` and ``enumerate`` as strings."""
    import yaml

    block = "\n".join(line[2:] for line in text.splitlines() if line.startswith("#+"))
    try:
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (header line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise HeaderError(f"the #+ header is not valid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise HeaderError("the #+ header must be a mapping of decorators (summary:, tags:, ...)")
    unknown = [k for k in data if k not in KNOWN]
    if unknown:
        raise HeaderError(f"unknown #+ decorator {', '.join(map(str, unknown))} (known: {', '.join(KNOWN)})")
    return {str(k): _strings(v) for k, v in data.items()}


def _strings(value: Any) -> Any:
    """Scalars as the text they were written as (YAML reads 2000-01-01 as a date)."""
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def pairs(items: Any) -> dict[str, Any]:
    """A header list of one-key mappings (or one mapping) as one dict."""
    if isinstance(items, dict):
        return dict(items)
    out: dict[str, Any] = {}
    for item in items or []:
        if isinstance(item, dict):
            out.update(item)
        else:
            out[str(item)] = None
    return out
