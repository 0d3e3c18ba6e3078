"""The saved-query catalogue: ``queries/NAME.rq`` files with grlc-style headers.

A header is a block of ``#+`` comment lines holding a small YAML subset::

    #+ summary: Meetings with their dates, places and chairs
    #+ description: Longer text.
    #+ tags:
    #+   - meetings
    #+ parameters:
    #+   - person: the speaker, an IRI such as person:sergey-lavrov
    #+ defaults:
    #+   - person: person:sergey-lavrov
    #+ enumerate:
    #+   - kind:
    #+     - meetingkind:nrc-ministerial

Parameters are variables named ``?_name`` (required) or ``?__name`` (optional),
typed by suffix: ``_iri``, ``_integer``, ``_decimal``, ``_boolean``,
``_xsd_TYPE`` (any XML Schema type, e.g. ``_xsd_date``); no suffix is a string.
Values are bound to the variables by the engine, never pasted into the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import bundle
from .sparql import code_only, form
from .errors import UsageError
from .results import Result, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
_PARAM = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9_]*)")
_KIND_SUFFIX = re.compile(r"_(iri|integer|decimal|boolean|xsd_[A-Za-z]+)$")
_CHECKS = {
    "integer": re.compile(r"^[+-]?\d+$"),
    "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    "boolean": re.compile(r"^(true|false)$"),
    "xsd_date": re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$"),
    "xsd_gYear": re.compile(r"^-?\d{4,}$"),
    "xsd_gYearMonth": re.compile(r"^-?\d{4,}-\d{2}$"),
    "xsd_dateTime": re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"),
}
_EXAMPLES = {"iri": "person:sergey-lavrov or https://...", "integer": "42", "decimal": "2.5",
             "boolean": "true", "xsd_date": "2007-12-07", "xsd_gYear": "2008",
             "xsd_gYearMonth": "2008-01", "string": "text"}


def parse_header(text: str) -> dict:
    """The ``#+`` header as a dict (scalars, lists, lists of one-key mappings)."""
    data: dict = {}
    key = None
    nested: list | None = None  # the list under a ``- name:`` item being filled
    nested_indent = 0
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        raw = line[2:].rstrip()
        body = raw.strip()
        if not body:
            continue
        indent = len(raw) - len(raw.lstrip())
        if not body.startswith("- "):
            if indent > 1 and key is not None and isinstance(data[key], str):
                data[key] = f"{data[key]} {body}".strip()  # a folded continuation line
                continue
            name, _, value = body.partition(":")
            key, nested = name.strip(), None
            data[key] = _scalar(value.strip()) if value.strip() else []
            continue
        item = body[2:].strip()
        if nested is not None and indent > nested_indent:
            nested.append(_scalar(item))
            continue
        if key is None or not isinstance(data[key], list):
            continue
        name, sep, value = item.partition(":")
        # "name: value" or "name:" is a mapping; "prefix:local" is a scalar.
        if sep and (not value or value.startswith(" ")):
            value = value.strip()
            nested = None if value else []
            nested_indent = indent
            data[key].append({name.strip(): _scalar(value) if value else nested})
        else:
            nested = None
            data[key].append(_scalar(item))
    return data


def _scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _pairs(items) -> dict:
    """A header list of one-key mappings as one dict."""
    out = {}
    for item in items or []:
        if isinstance(item, dict):
            out.update(item)
        else:
            out[item] = None
    return out


@dataclass
class Parameter:
    name: str
    variable: str
    kind: str  # iri, integer, decimal, boolean, xsd_TYPE or string
    required: bool
    description: str = ""
    default: str | None = None
    allowed: list[str] | None = None

    def describe(self) -> str:
        need = "required" if self.required else "optional"
        extra = f", default {self.default}" if self.default is not None else ""
        if self.allowed:
            extra += f", one of {', '.join(self.allowed)}"
        return f"{self.name} ({self.kind.replace('xsd_', 'xsd:')}, {need}{extra})"

    def to_term(self, value: str) -> Term:
        if self.allowed and value not in self.allowed and bundle.expand(value) not in map(bundle.expand, self.allowed):
            raise ValueError(f"must be one of {', '.join(self.allowed)}")
        if self.kind == "iri":
            iri = bundle.expand(value.strip())
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", iri):
                raise ValueError(f"expected an IRI such as {_EXAMPLES['iri']}")
            return Term("uri", iri)
        if self.kind == "string":
            return Term("literal", value)
        check = _CHECKS.get(self.kind)
        if check and not check.match(value):
            raise ValueError(f"expected {self.kind.replace('xsd_', 'xsd:')} such as {_EXAMPLES.get(self.kind, '...')}")
        datatype = XSD + (self.kind[4:] if self.kind.startswith("xsd_") else self.kind)
        return Term("literal", value, datatype)


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    header: dict = field(default_factory=dict)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return form(self.text)

    @classmethod
    def from_file(cls, path: Path) -> "SavedQuery":
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        docs = _pairs(header.get("parameters"))
        defaults = _pairs(header.get("defaults"))
        allowed = _pairs(header.get("enumerate"))
        params: dict[str, Parameter] = {}
        code = code_only(text)
        for underscores, var in _PARAM.findall(code):
            suffix = _KIND_SUFFIX.search(var)
            name = var[:suffix.start()] if suffix else var
            if name in params:
                continue
            params[name] = Parameter(
                name=name, variable=underscores + var,
                kind=suffix.group(1) if suffix else "string",
                required=underscores == "_",
                description=str(docs.get(name) or ""),
                default=defaults.get(name),
                allowed=allowed.get(name) or None)
        tags = header.get("tags") or []
        return cls(name=path.stem, path=path, text=text,
                   summary=str(header.get("summary", "")), description=str(header.get("description", "")),
                   tags=[tags] if isinstance(tags, str) else list(tags),
                   parameters=list(params.values()), header=header)

    def bindings(self, values: dict[str, str] | None = None) -> dict[str, Term]:
        """Check ``values`` against the parameters and turn them into terms."""
        values = dict(values or {})
        known = {p.name: p for p in self.parameters}
        unknown = [k for k in values if k not in known]
        if unknown:
            raise UsageError(f"query '{self.name}' has no parameter {', '.join(unknown)}; "
                             f"{self.signature()}")
        out: dict[str, Term] = {}
        for param in self.parameters:
            value = values.get(param.name, param.default)
            if value is None:
                if param.required:
                    raise UsageError(f"query '{self.name}' needs parameter '{param.name}'; {self.signature()}")
                continue
            try:
                out[param.variable] = param.to_term(str(value))
            except ValueError as exc:
                raise UsageError(f"parameter '{param.name}' of query '{self.name}': {value!r}: {exc}; "
                                 f"{self.signature()}") from None
        return out

    def signature(self) -> str:
        if not self.parameters:
            return "it takes no parameters"
        return "its parameters: " + "; ".join(p.describe() for p in self.parameters)

    def run(self, graph, params: dict[str, str] | None = None) -> Result:
        return graph.query(self.text, self.bindings(params))


class Catalogue:
    """The saved queries in a folder (the bundled ``queries/`` by default)."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder else bundle.queries_dir()
        if not self.folder.is_dir():
            raise UsageError(f"no such query folder: {self.folder}")

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.rq"))

    def get(self, name: str) -> SavedQuery:
        path = self.folder / f"{name}.rq"
        if not path.is_file():
            import difflib
            names = self.names()
            close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
            close += [n for n in names if name.lower() in n and n not in close][:5 - len(close)]
            hint = f"; did you mean: {', '.join(close)}?" if close else "; 'nrcgraph queries' lists them"
            raise UsageError(f"no saved query named '{name}' in {self.folder}{hint}")
        return SavedQuery.from_file(path)

    def __iter__(self):
        return (self.get(name) for name in self.names())

    def search(self, tag: str | None = None, text: str | None = None) -> list[SavedQuery]:
        found = []
        for query in self:
            if tag and tag.lower() not in (t.lower() for t in query.tags):
                continue
            if text:
                hay = " ".join([query.name, query.summary, query.description, *query.tags]).lower()
                if not all(word in hay for word in text.lower().split()):
                    continue
            found.append(query)
        return found


def catalogue_markdown(catalogue: Catalogue, graph, example_rows: int = 3) -> str:
    """The catalogue as a Markdown page: each query's summary, parameters and an example result."""
    lines = ["# Saved queries", "",
             "Generated by `nrcgraph queries --markdown > docs/queries.md`; a test fails when it is stale.", ""]
    for query in catalogue:
        lines += [f"## {query.name}", "", query.summary, "", query.description, "",
                  f"Tags: {', '.join(query.tags)}. Form: {query.form}.", ""]
        if query.parameters:
            lines += ["| parameter | type | required | default | meaning |", "|---|---|---|---|---|"]
            lines += [f"| {p.name} | {p.kind.replace('xsd_', 'xsd:')} | {'yes' if p.required else 'no'} | "
                      f"{p.default or ''} | {p.description} |" for p in query.parameters]
            lines.append("")
        result = query.run(graph)
        lines.append(f"Example (`nrcgraph query {query.name}`):")
        lines.append("")
        if result.kind == "ask":
            lines += [f"`{'true' if result.boolean else 'false'}`", ""]
        elif result.kind == "graph":
            lines += [f"{len(result.triples)} triples, e.g.", "", "```"]
            lines += sorted(f"{bundle.shorten(s.value)} {bundle.shorten(p.value)} "
                            f"{bundle.shorten(o.value) if o.kind == 'uri' else o.n3()}"
                            for s, p, o in result.triples)[:example_rows]
            lines += ["```", ""]
        else:
            def cell(t):
                text = "" if t is None else bundle.shorten(t.value) if t.kind == "uri" else t.value
                text = text.replace("|", "\\|").replace("\n", " ")
                return text if len(text) <= 60 else text[:57] + "..."
            lines += ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
            lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows[:example_rows]]
            lines += ["", f"{len(result.rows)} rows in all.", ""]
    return "\n".join(lines)
