"""Reference documentation for the ontology: an HTML page (pyLODE) and a class diagram
(Graphviz DOT, rendered to SVG when Graphviz is installed)."""

from __future__ import annotations

from pathlib import Path

from . import bundle
from .atomic import atomic_write
from .errors import NrcgraphError, UsageError


def ontology_html(ontology: str | Path | None = None) -> str:
    """The pyLODE HTML page of the ontology (needs the ``docs`` extra)."""
    try:
        from pylode import OntPub
    except ImportError:
        raise UsageError("HTML documentation needs pyLODE: pip install 'nrcgraph[docs]'") from None
    except Exception as exc:  # some pyLODE releases fail at import when installed from a wheel
        raise NrcgraphError(f"pyLODE could not be loaded ({exc}); install a release below 3.4") from None
    import logging

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # pyLODE logs its progress at INFO on the root logger
    try:
        return str(OntPub(ontology=str(ontology or bundle.ontology_dir() / "nrc.ttl")).make_html())
    except Exception as exc:  # pyLODE raises many types for an ontology it cannot document
        raise NrcgraphError(f"{ontology}: pyLODE cannot document this ontology: {exc}") from None
    finally:
        root.setLevel(level)


def class_diagram(ontology: str | Path | None = None) -> str:
    """The main classes and their relations as Graphviz DOT.

    Classes are boxes; hollow arrows are rdfs:subClassOf; labelled arrows are object
    properties from their domain to their range (both nrc: classes).
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    from .engines.rdflib_engine import parse_rdflib

    graph = Graph()
    parse_rdflib(graph, Path(ontology or bundle.ontology_dir() / "nrc.ttl"))

    def local(term):
        return str(term)[len(bundle.NRC) :]

    def ours(term):
        return isinstance(term, URIRef) and str(term).startswith(bundle.NRC)

    classes = sorted((c for c in graph.subjects(RDF.type, OWL.Class) if ours(c)), key=str)
    lines = [
        "digraph nrc {",
        '  graph [rankdir=BT, fontname="Helvetica", label="nrcgraph ontology: classes and relations"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    lines += [f'  "{local(c)}" [label="{graph.value(c, RDFS.label) or local(c)}"];' for c in classes]
    lines += [
        f'  "{local(c)}" -> "{local(p)}" [arrowhead=empty];'
        for c in classes
        for p in sorted(graph.objects(c, RDFS.subClassOf), key=str)
        if ours(p)
    ]
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty), key=str):
        domain, range_ = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        if ours(prop) and ours(domain) and ours(range_):
            lines.append(f'  "{local(domain)}" -> "{local(range_)}" [label="{local(prop)}", color="#777777"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot: str) -> str:
    """SVG from DOT, through Graphviz's ``dot`` command."""
    from .network.graphviz import render

    return render(dot, "svg").decode("utf-8")


def write(out_dir: str | Path, ontology: str | Path | None = None, svg: bool = True) -> list[Path]:
    """Write index.html, classes.dot and (when ``svg``) classes.svg into ``out_dir``."""
    out = Path(out_dir)
    if out.is_file():
        raise UsageError(f"-o {out} is a file: name a folder")
    dot = class_diagram(ontology)  # parses the ontology first: a malformed file stops here
    out.mkdir(parents=True, exist_ok=True)
    files = {"index.html": ontology_html(ontology), "classes.dot": dot}
    if svg:
        files["classes.svg"] = render_svg(dot)
    written = []
    for name, text in files.items():
        path = out / name
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written
