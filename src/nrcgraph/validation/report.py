"""Validation reports as text (grouped by node), JSON, or a SHACL validation report in Turtle."""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import groupby

from ..rdf.namespaces import RDF_TYPE, SH, XSD, shorten
from .findings import SEVERITIES, Report

FORMATS = ("text", "json", "turtle")


def summary(report: Report) -> str:
    counts = ", ".join(f"{report.count(s)} {s.lower()}{'s' if report.count(s) != 1 else ''}" for s in SEVERITIES)
    verdict = "conforms" if report.conforms else "does not conform"
    files = f"{len(report.files)} file{'s' if len(report.files) != 1 else ''}"
    return f"{report.checked_nodes} nodes checked ({report.mode}) in {files}: {counts}; {verdict}"


def render(report: Report, fmt: str = "text", severity: str = "Info") -> str:
    shown = report.at_least(severity)
    if fmt == "json":
        return (
            json.dumps(
                {
                    "conforms": report.conforms,
                    "mode": report.mode,
                    "files": report.files,
                    "checked_nodes": report.checked_nodes,
                    "counts": {s.lower(): report.count(s) for s in SEVERITIES},
                    "findings": [asdict(f) for f in shown],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    if fmt == "turtle":
        return turtle(report, shown)
    lines = []
    by_node = sorted(shown, key=lambda f: (f.file or "", f.line or 0, f.focus))
    for (file, line, focus), group in groupby(by_node, key=lambda f: (f.file, f.line, f.focus)):
        where = f"{file}:{line}" if file and line else file or "(no file)"
        lines.append(f"{where}: {shorten(focus)}")
        for f in group:
            path = f" {shorten(f.path)}" if f.path else ""
            value = f" = {shorten(f.value)}" if f.value else ""
            lines.append(f"  {f.severity}:{path}{value}: {f.message} [{f.component}]")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def turtle(report: Report, findings) -> str:
    import pyoxigraph as ox

    def iri(value):
        return ox.NamedNode(value)

    def node_or_literal(value):
        return ox.NamedNode(value) if value.startswith(("http://", "https://", "urn:", "file:")) else ox.Literal(value)

    triples = []
    root = ox.BlankNode()
    triples += [
        ox.Triple(root, iri(RDF_TYPE), iri(SH + "ValidationReport")),
        ox.Triple(
            root,
            iri(SH + "conforms"),
            ox.Literal(str(report.conforms).lower(), datatype=iri(XSD + "boolean")),
        ),
    ]
    for f in findings:
        r = ox.BlankNode()
        triples += [
            ox.Triple(root, iri(SH + "result"), r),
            ox.Triple(r, iri(RDF_TYPE), iri(SH + "ValidationResult")),
            ox.Triple(r, iri(SH + "focusNode"), node_or_literal(f.focus)),
            ox.Triple(r, iri(SH + "resultSeverity"), iri(SH + f.severity)),
            ox.Triple(r, iri(SH + "resultMessage"), ox.Literal(f.message)),
            ox.Triple(
                r,
                iri(SH + "sourceConstraintComponent"),
                iri(
                    (SH if f.component.endswith("ConstraintComponent") else "https://w3id.org/nrcgraph/checks#")
                    + f.component
                ),
            ),
        ]
        if f.path:
            triples.append(ox.Triple(r, iri(SH + "resultPath"), iri(f.path)))
        if f.value is not None:
            triples.append(ox.Triple(r, iri(SH + "value"), node_or_literal(f.value)))
        if f.shape.startswith(("http://", "https://")):
            triples.append(ox.Triple(r, iri(SH + "sourceShape"), iri(f.shape)))
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH, "xsd": XSD})
    return bytes(data or b"").decode("utf-8")
