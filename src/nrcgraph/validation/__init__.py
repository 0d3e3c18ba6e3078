"""Validation: SHACL (full and incremental), checks beyond the shapes, findings with file
and line, and the report formats."""

from __future__ import annotations

from .findings import SEVERITIES, Finding, Report
from .shacl import check, validate

__all__ = ["SEVERITIES", "Finding", "Report", "check", "validate"]
