"""The saved-query catalogue: ``NAME.rq`` files with grlc-style headers (see ``header``).

A catalogue reads one or more folders; a query in an earlier folder hides one of the same
name in a later one (a workspace's queries before the bundled ones). A file that cannot
be read is reported by ``problems`` and by ``get``, without hiding the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from .. import bundle
from ..errors import DataError, UsageError
from ..rdf.results import Result
from ..rdf.sparql import code_only, form
from ..rdf.terms import Term
from .header import HeaderError, pairs, parse_header
from .parameters import KIND_SUFFIX, VARIABLE, Parameter

TYPE_CHECKING = False  # not typing's: importing typing costs a cold saved query ~3 ms
if TYPE_CHECKING:
    from typing import Any


class SavedQuery:
    """One saved query. Its header is read when first needed: running a query without
    parameters never pays for the YAML parser."""

    def __init__(self, name: str, path: Path, text: str, header: dict[str, Any] | None = None):
        self.name, self.path, self.text = name, path, text
        if header is not None:
            self.__dict__["header"] = header

    def __repr__(self) -> str:
        return f"SavedQuery({self.name!r})"

    @cached_property
    def header(self) -> dict[str, Any]:
        try:
            return parse_header(self.text)
        except HeaderError as exc:
            raise DataError(str(exc), str(self.path)) from None

    @property
    def summary(self) -> str:
        return str(self.header.get("summary") or "")

    @property
    def description(self) -> str:
        return str(self.header.get("description") or "")

    @property
    def tags(self) -> list[str]:
        tags = self.header.get("tags") or []
        return [tags] if isinstance(tags, str) else [str(t) for t in tags]

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return form(self.text)

    @classmethod
    def from_file(cls, path: Path) -> SavedQuery:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None
        except OSError as exc:
            raise DataError(f"cannot read: {exc.strerror or exc}", str(path)) from None
        return cls(path.stem, path, text)

    @classmethod
    def from_text(cls, name: str, text: str, path: Path | None = None) -> SavedQuery:
        return cls(name, path or Path(f"{name}.rq"), text)

    @cached_property
    def parameters(self) -> list[Parameter]:
        found = VARIABLE.findall(code_only(self.text))
        if not found:
            return []
        header = self.header
        docs = pairs(header.get("parameters"))
        defaults = pairs(header.get("defaults"))
        allowed = pairs(header.get("enumerate"))
        params: dict[str, Parameter] = {}
        for underscores, var in found:
            suffix = KIND_SUFFIX.search(var)
            pname = var[: suffix.start()] if suffix else var
            if pname in params:
                continue
            choices = allowed.get(pname)
            params[pname] = Parameter(
                name=pname,
                variable=underscores + var,
                kind=suffix.group(1) if suffix else "string",
                required=underscores == "_",
                description=str(docs.get(pname) or ""),
                default=defaults.get(pname),
                allowed=[str(c) for c in choices] if isinstance(choices, list) and choices else None,
            )
        return list(params.values())

    def bindings(self, values: dict[str, str] | None = None) -> dict[str, Term]:
        """Check ``values`` against the parameters and turn them into terms."""
        values = dict(values or {})
        known = {p.name: p for p in self.parameters}
        unknown = [k for k in values if k not in known]
        if unknown:
            raise UsageError(f"query '{self.name}' has no parameter {', '.join(unknown)}; {self.signature()}")
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
                raise UsageError(
                    f"parameter '{param.name}' of query '{self.name}': {value!r}: {exc}; {self.signature()}"
                ) from None
        return out

    def signature(self) -> str:
        if not self.parameters:
            return "it takes no parameters"
        return "its parameters: " + "; ".join(p.describe() for p in self.parameters)

    def run(self, graph: Any, params: dict[str, str] | None = None) -> Result:
        result: Result = graph.query(self.text, self.bindings(params))
        return result


class Catalogue:
    """The saved queries in one or more folders (the bundled ``queries/`` by default)."""

    def __init__(self, *folders: str | Path | None):
        chosen = [Path(f) for f in folders if f]
        self.folders = chosen or [bundle.queries_dir()]
        for folder in self.folders:
            if not folder.is_dir():
                raise UsageError(f"no such query folder: {folder}")
        self._cache: dict[Path, tuple[float, SavedQuery]] = {}
        self._listing: tuple[tuple[int, ...], dict[str, Path]] | None = None

    @property
    def folder(self) -> Path:
        return self.folders[0]

    def _paths(self) -> dict[str, Path]:
        """NAME -> file, read again only when a folder changes (a server asks on every request)."""
        stamp = tuple(folder.stat().st_mtime_ns for folder in self.folders)
        if self._listing is None or self._listing[0] != stamp:
            found: dict[str, Path] = {}
            for folder in reversed(self.folders):
                found.update({p.stem: p for p in folder.glob("*.rq") if p.is_file()})
            self._listing = (stamp, found)
        return self._listing[1]

    def names(self) -> list[str]:
        return sorted(self._paths())

    def get(self, name: str) -> SavedQuery:
        path = self._paths().get(name)
        if path is None:
            import difflib

            names = self.names()
            close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
            close += [n for n in names if name.lower() in n and n not in close][: 5 - len(close)]
            hint = f"; did you mean: {', '.join(close)}?" if close else "; 'nrcgraph queries' lists them"
            raise UsageError(f"no saved query named '{name}'{hint}")
        return self._load(path)

    def _load(self, path: Path) -> SavedQuery:
        """Parsed once per version of the file (a server reads each query many times)."""
        try:
            stamp = path.stat().st_mtime_ns
        except OSError as exc:
            raise DataError(f"cannot read: {exc.strerror or exc}", str(path)) from None
        cached = self._cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        query = SavedQuery.from_file(path)
        self._cache[path] = (stamp, query)
        return query

    def problems(self) -> list[DataError]:
        """The query files that cannot be read, each as an error naming the file."""
        out = []
        for path in self._paths().values():
            try:
                self._load(path).header  # noqa: B018  (reading it is the check)
            except DataError as exc:
                out.append(exc)
        return out

    def __iter__(self) -> Iterator[SavedQuery]:
        """The readable queries, by name (see ``problems`` for the rest)."""
        for _, path in sorted(self._paths().items()):
            try:
                query = self._load(path)
                query.header  # noqa: B018  (a broken header is skipped, as an unreadable file is)
            except DataError:
                continue
            yield query

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
