"""What an export wrote."""

from __future__ import annotations


class Written:
    """How many records an export wrote, and what it left out and why."""

    def __init__(self, records: int, left_out: list[str] | None = None):
        self.records = records
        self.left_out = left_out or []
