"""Reference documentation for the ontology: an HTML page (pyLODE) and a class diagram
(Graphviz DOT, rendered to SVG when Graphviz is installed)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from . import bundle
from .errors import NrcgraphError, UsageError

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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
        return OntPub(ontology=str(ontology or bundle.ontology_dir() / "nrc.ttl")).make_html()
    finally:
        root.setLevel(level)


def class_diagram(ontology: str | Path | None = None) -> str:
    """The main classes and their relations as Graphviz DOT.

    Classes are boxes; hollow arrows are rdfs:subClassOf; labelled arrows are object
    properties from their domain to their range (both nrc: classes).
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    graph = Graph().parse(str(ontology or bundle.ontology_dir() / "nrc.ttl"))

    def local(term):
        return str(term)[len(bundle.NRC):]

    def ours(term):
        return isinstance(term, URIRef) and str(term).startswith(bundle.NRC)

    classes = sorted(c for c in graph.subjects(RDF.type, OWL.Class) if ours(c))
    lines = ["digraph nrc {", '  graph [rankdir=BT, fontname="Helvetica", label="nrcgraph ontology: classes and relations"];',
             '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=9];']
    lines += [f'  "{local(c)}" [label="{graph.value(c, RDFS.label) or local(c)}"];' for c in classes]
    lines += [f'  "{local(c)}" -> "{local(p)}" [arrowhead=empty];'
              for c in classes for p in sorted(graph.objects(c, RDFS.subClassOf)) if ours(p)]
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty)):
        domain, range_ = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        if ours(prop) and ours(domain) and ours(range_):
            lines.append(f'  "{local(domain)}" -> "{local(range_)}" [label="{local(prop)}", color="#777777"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot: str) -> str:
    """SVG from DOT, through Graphviz's ``dot`` command."""
    exe = shutil.which("dot")
    if exe is None:
        raise UsageError("rendering SVG needs Graphviz's 'dot' command (Debian: apt-get install graphviz)")
    done = subprocess.run([exe, "-Tsvg"], input=dot, capture_output=True, text=True)
    if done.returncode != 0:
        raise NrcgraphError(f"Graphviz failed: {done.stderr.strip()}")
    return done.stdout


def write(out_dir: str | Path, ontology: str | Path | None = None, svg: bool = True) -> list[Path]:
    """Write index.html, classes.dot and (when ``svg``) classes.svg into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dot = class_diagram(ontology)
    files = {"index.html": ontology_html(ontology), "classes.dot": dot}
    if svg:
        files["classes.svg"] = render_svg(dot)
    written = []
    for name, text in files.items():
        path = out / name
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never leave a half-written page behind
        written.append(path)
    return written
