"""Rendering DOT through Graphviz's ``dot`` command: the one place that runs it."""

from __future__ import annotations

import shutil
import subprocess

from ..errors import NrcgraphError, UsageError


def render(dot: str, fmt: str, timeout: float = 300) -> bytes:
    """``dot -T{fmt}`` of the DOT text (svg, png, ...)."""
    exe = shutil.which("dot")
    if exe is None:
        raise UsageError(
            f"rendering {fmt.upper()} needs Graphviz's 'dot' command (Debian: apt-get install graphviz); "
            "the DOT text can be written without it"
        )
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise NrcgraphError(f"Graphviz took longer than {timeout:g} s; try a smaller graph or --format dot") from None
    if done.returncode != 0:
        raise NrcgraphError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
