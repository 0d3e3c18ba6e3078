"""The errors nrcgraph raises for bad input.

Each carries a message a user can act on; the CLI prints it without a traceback
and exits with the error's code (1: the data or query is invalid, 2: usage).
"""

from __future__ import annotations


class NrcgraphError(Exception):
    """Base class: a problem with the user's input, not a bug."""

    exit_code = 1


class DataError(NrcgraphError):
    """A data file cannot be read or parsed."""

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        excerpt: str | None = None,
    ):
        self.path, self.line, self.column, self.excerpt = path, line, column, excerpt
        where = path or "<input>"
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        text = f"{where}: {message}"
        if excerpt:
            text += f"\n    {excerpt}"
            if column:
                text += "\n    " + " " * (column - 1) + "^"
        super().__init__(text)


class DamagedStore(NrcgraphError):
    """A store on disk that cannot be read: damaged, or its load was stopped (exit 1)."""


class QueryError(NrcgraphError):
    """A SPARQL query is malformed or failed to run."""


class TooManyRows(QueryError):
    """A result larger than the limit the caller set; counting stopped at the limit."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"the result has more than the {limit:,} rows allowed: add a LIMIT or narrow the query")


class UsageError(NrcgraphError):
    """The request itself is wrong: unknown query, missing parameter, missing file."""

    exit_code = 2
