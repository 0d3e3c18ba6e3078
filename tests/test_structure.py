"""The layout keeps its promises: packages by job, no import cycles, every W3C namespace
written once, store objects only inside engines/, and a light cold start."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parent.parent / "src" / "nrcgraph"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> nx.DiGraph:
    """Module -> module it imports (at any depth in the file), within nrcgraph."""
    graph = nx.DiGraph()
    for path in SRC.rglob("*.py"):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        graph.add_node(name)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.startswith("nrcgraph"):
                    for alias in node.names:
                        sub = f"{target}.{alias.name}"
                        found = sub if (SRC.parent / sub.replace(".", "/")).with_suffix(".py").exists() else target
                        if found != name:
                            graph.add_edge(name, found)
    return graph


def test_no_import_cycles_between_modules():
    graph = imports()
    graph.remove_nodes_from([n for n in list(graph) if n == "nrcgraph"])  # the lazy public API
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


def test_packages_by_job():
    for package in ("rdf", "engines", "catalogue", "validation", "ingest", "network", "web", "cli"):
        assert (SRC / package / "__init__.py").is_file(), package
    flat = [p.name for p in SRC.glob("*.py")]
    assert len(flat) <= 10, flat


def test_w3c_namespaces_are_written_once():
    pattern = re.compile(r"https?://(www\.w3\.org|purl\.org/dc|xmlns\.com/foaf|schema\.org)[^\"' ]*")
    found = {}
    for path in SRC.rglob("*.py"):
        if path.name == "namespaces.py":
            continue
        hits = [
            m.group(0)
            for m in pattern.finditer(path.read_text())
            # formats' own constants: GraphML's schema header, SVG's namespace, the JSON-LD context
            if "XMLSchema-instance" not in m.group(0)
            and m.group(0) not in ("http://www.w3.org/2000/svg", "https://schema.org")
        ]
        if hits:
            found[str(path.relative_to(SRC))] = hits
    assert found == {}


def test_store_objects_stay_inside_engines():
    pattern = re.compile(r"\bStore\(|\bStore\.read_only|quads_for_pattern|\bDataset\(|\.bulk_load\(")
    outside = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "engines" not in p.parts and pattern.search(p.read_text())
    ]
    assert outside == []


def test_version_and_query_import_only_what_they_need():
    code = (
        "import sys, runpy; sys.argv = ['nrcgraph', '{}']; "
        "import nrcgraph.cli as c\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('rdflib', 'pyshacl', 'networkx', 'rich', 'yaml', 'starlette', 'uvicorn'))), file=sys.stderr)"
    )
    for argument in ("--version",):
        done = subprocess.run([sys.executable, "-c", code.format(argument)], capture_output=True, text=True)
        assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nrcgraph", "query", "meetings", "-f", "csv"],
        capture_output=True,
        text=True,
    )
    heavy = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert done.returncode == 0
    assert not {m for m in heavy if m.split(".")[0] in ("rdflib", "pyshacl", "networkx", "rich", "yaml")}
