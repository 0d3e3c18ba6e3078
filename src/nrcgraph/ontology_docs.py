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
    from .graph import load

    graph = load(Path(ontology or bundle.ontology_dir() / "nrc.ttl"))
    ours = f'FILTER (STRSTARTS(STR(?x), "{bundle.NRC}"))'

    def rows(sparql: str) -> list[tuple[str, ...]]:
        return [tuple(t.value for t in row) for row in graph.query(sparql).rows]

    def local(iri: str) -> str:
        return iri[len(bundle.NRC) :]

    classes = [c for (c,) in rows(f"SELECT DISTINCT ?x WHERE {{ ?x a owl:Class {ours} }} ORDER BY STR(?x)")]
    labels: dict[str, str] = {}
    for c, label in rows("SELECT ?c ?l WHERE { ?c rdfs:label ?l } ORDER BY ?c ?l"):
        labels.setdefault(c, label)
    parents = rows(f"SELECT ?c ?x WHERE {{ ?c rdfs:subClassOf ?x {ours} }} ORDER BY STR(?c) STR(?x)")
    links = rows(
        f"SELECT ?x (SAMPLE(?d) AS ?domain) (SAMPLE(?r) AS ?range) WHERE {{ ?x a owl:ObjectProperty ; "
        f'rdfs:domain ?d ; rdfs:range ?r {ours} FILTER (STRSTARTS(STR(?d), "{bundle.NRC}") && '
        f'STRSTARTS(STR(?r), "{bundle.NRC}")) }} GROUP BY ?x ORDER BY STR(?x)'
    )
    lines = [
        "digraph nrc {",
        '  graph [rankdir=BT, fontname="Helvetica", label="nrcgraph ontology: classes and relations"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    lines += [f'  "{local(c)}" [label="{labels.get(c) or local(c)}"];' for c in classes]
    known = set(classes)
    lines += [f'  "{local(c)}" -> "{local(p)}" [arrowhead=empty];' for c, p in parents if c in known]
    lines += [
        f'  "{local(domain)}" -> "{local(range_)}" [label="{local(prop)}", color="#777777"];'
        for prop, domain, range_ in links
    ]
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
