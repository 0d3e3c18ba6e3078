"""Saved queries: files with grlc-style headers, their parameters, and the catalogue page."""

from __future__ import annotations

from .catalogue import Catalogue, SavedQuery
from .header import parse_header
from .parameters import Parameter

__all__ = ["Catalogue", "SavedQuery", "Parameter", "parse_header"]
