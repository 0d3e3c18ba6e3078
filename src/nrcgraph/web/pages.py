"""HTML pages for people: the catalogue, a saved query as a form with its results, and an
entity's page. Plain functions from data to HTML, every value escaped; the server runs
the queries (in its workers) and hands their answers here."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from ..rdf.namespaces import ID, NRC, PREFIXES, VOCAB, XSD, shorten

BASE = "https://w3id.org/nrcgraph/"
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 8px 16px; color: #222; }
header { border-bottom: 1px solid #ddd; margin-bottom: 12px; padding: 6px 0; }
header a { margin-right: 14px; }
table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f8; }
form { background: #f8f9fb; border: 1px solid #e3e6ea; padding: 10px 14px; margin: 10px 0; }
label { display: block; margin: 6px 0 2px; font-weight: 600; }
label small { font-weight: normal; color: #666; }
input, select { font: inherit; padding: 3px 6px; min-width: 340px; }
.tag { background: #eef3fb; border-radius: 3px; padding: 1px 6px; margin-right: 4px; font-size: 13px; }
.muted { color: #666; }
header form.find { display: inline; border: 0; padding: 0; margin: 0; background: none; }
header form.find input { min-width: 240px; }
mark { background: #fff3a3; }
.source { white-space: pre-wrap; border: 1px solid #e3e6ea; padding: 10px 14px; background: #fff; }
.source mark a { color: inherit; text-decoration: none; }
mark#focus { background: #ffd54f; outline: 2px solid #e0a800; }
blockquote { border-left: 3px solid #c9d3e0; margin: 6px 0; padding: 2px 10px; color: #333; background: #fafbfc; }
"""


def e(text: Any) -> str:
    return html.escape(str(text), quote=True)


NAVIGATION = (
    '<a href="/">SPARQL editor</a><a href="/queries">Saved queries</a><a href="/timeline">Timeline</a>'
    '<form method="get" action="/search" class="find"><input name="q" type="search" aria-label="search" '
    'placeholder="Search the graph"></form>'
)


def page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(title)} · nrcgraph</title>'
        f'<link rel="icon" href="data:,"><style>{STYLE}</style>{head}</head><body>'
        f"<header>{NAVIGATION}</header>{body}</body></html>"
    )


def local_path(iri: str) -> str | None:
    """The server path of an IRI this project mints (/id/..., /vocab/..., /ontology), else None."""
    if iri.startswith((ID, VOCAB)):
        return "/" + iri[len(BASE) :]
    if iri.startswith(NRC):
        return "/ontology#" + iri[len(NRC) :]
    return None


def link_to(iri: str) -> str | None:
    """Where a link to ``iri`` goes: its page here, the IRI itself when it is http(s), else
    nowhere (the data may hold any IRI, and a javascript: one must not become a link)."""
    path = local_path(iri)
    if path:
        return path
    return iri if iri.lower().startswith(("http://", "https://")) else None


def term_html(term: dict[str, str] | None, labels: dict[str, str] | None = None) -> str:
    """A SPARQL-JSON term as HTML: our IRIs link to their pages, literals show their text."""
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        shown = (labels or {}).get(value) or shorten(value)
        href = link_to(value)
        if href is None:  # an IRI no browser should follow (javascript:, data:, ...): text only
            return f'<span title="{e(value)}">{e(shown)}</span>'
        return f'<a href="{e(href)}" title="{e(value)}">{e(shown)}</a>'
    if term["type"] == "bnode":
        return f'<span class="muted">_:{e(value)}</span>'
    datatype = term.get("datatype", "")
    if datatype.startswith(XSD) and datatype[len(XSD) :] in ("date", "gYear", "gYearMonth", "integer", "decimal"):
        return e(value)
    return e(value)


def results_table(data: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    if "boolean" in data:
        return f"<p>Answer: <strong>{'yes' if data['boolean'] else 'no'}</strong></p>"
    columns = data["head"]["vars"]
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{term_html(row.get(c), labels)}</td>" for c in columns) + "</tr>" for row in rows
    )
    return f'<p class="muted">{len(rows)} row{"s" if len(rows) != 1 else ""}</p><table><tr>{head}</tr>{body}</table>'


def catalogue_page(queries: Iterable[Any], search: str = "", tag: str = "") -> str:
    items = []
    for q in queries:
        tags = "".join(f'<a class="tag" href="/queries?tag={e(t)}">{e(t)}</a>' for t in q.tags)
        items.append(
            f'<tr><td><a href="/queries/{e(q.name)}">{e(q.name)}</a></td><td>{e(q.summary)}</td><td>{tags}</td></tr>'
        )
    form = (
        f'<form method="get" action="/queries"><label for="search">Search</label>'
        f'<input id="search" name="search" value="{e(search)}"> '
        f'<input type="hidden" name="tag" value="{e(tag)}"><button>Search</button></form>'
    )
    return page(
        "Saved queries",
        f"<h1>Saved queries</h1>{form}<table><tr><th>query</th><th>summary</th>"
        f"<th>tags</th></tr>{''.join(items)}</table>",
    )


def parameter_input(param: Any, value: str | None, choices: list[tuple[str, str]]) -> str:
    """One typed form input for a saved query's parameter."""
    name = e(param.name)
    shown = "" if value is None else e(value)
    need = "required" if param.required else "optional"
    label = (
        f'<label for="p-{name}">{name} <small>({e(param.kind.replace("xsd_", "xsd:"))}, {need}) '
        f"{e(param.description)}</small></label>"
    )
    if param.allowed:
        options = "".join(f"<option{' selected' if a == value else ''}>{e(a)}</option>" for a in param.allowed)
        return label + f'<select id="p-{name}" name="{name}">{options}</select>'
    if param.kind == "boolean":
        options = "".join(f"<option{' selected' if a == value else ''}>{a}</option>" for a in ("true", "false"))
        return label + f'<select id="p-{name}" name="{name}">{options}</select>'
    kinds = {"xsd_date": "date", "integer": "number", "decimal": "number"}
    kind = kinds.get(param.kind, "text")
    extra = ' step="any"' if param.kind == "decimal" else ""
    listed = ""
    if param.kind == "iri" and choices:
        listed = f' list="l-{name}"'
        options = "".join(f'<option value="{e(v)}">{e(label_)}</option>' for v, label_ in choices)
        listed_html = f'<datalist id="l-{name}">{options}</datalist>'
    else:
        listed_html = ""
    required = " required" if param.required else ""
    return (
        label
        + f'<input id="p-{name}" name="{name}" type="{kind}" value="{shown}"{extra}{listed}{required}>'
        + listed_html
    )


def query_page(
    query: Any,
    values: dict[str, str],
    choices: dict[str, list[tuple[str, str]]],
    answer: dict[str, Any] | None,
    error: str | None,
    labels: dict[str, str] | None = None,
) -> str:
    inputs = "".join(
        parameter_input(p, values.get(p.name, p.default), choices.get(p.name, [])) for p in query.parameters
    )
    form = (
        (f'<form method="get" action="/queries/{e(query.name)}">{inputs}<p><button>Run</button></p></form>')
        if query.parameters
        else ""
    )
    shown = {k: v for k, v in values.items() if v}
    downloads = " ".join(
        f'<a href="/queries/{e(query.name)}?{e(urlencode({**shown, "format": f}))}">{label}</a>'
        for f, label in (("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON"), ("xml", "XML"))
    )
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        downloads = " ".join(
            f'<a href="/queries/{e(query.name)}?{e(urlencode({**shown, "format": f}))}">{label}</a>'
            for f, label in (("turtle", "Turtle"), ("ntriples", "N-Triples"))
        )
        view = e(urlencode({"saved": query.name, **shown}))
        downloads = f'<a href="/graph?{view}"><strong>View as a graph</strong></a> · ' + downloads
    tags = "".join(f'<a class="tag" href="/queries?tag={e(t)}">{e(t)}</a>' for t in query.tags)
    result = f'<p class="error">{e(error)}</p>' if error else (results_table(answer, labels) if answer else "")
    body = (
        f"<h1>{e(query.name)}</h1><p><strong>{e(query.summary)}</strong></p><p>{e(query.description)}</p>"
        f'<p>{tags}</p>{form}<p>Download: {downloads} · <a href="/queries/{e(query.name)}.rq">the query</a></p>'
        f"{result}"
    )
    return page(query.name, body)


def neighbours(facts_out: list[dict[str, Any]], facts_in: list[dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """The entities an entity links to and from (not its classes), once each."""
    found: dict[str, tuple[str, str, bool]] = {}
    for fact in facts_out:
        if fact["o"]["type"] == "uri" and fact["p"]["value"] != PREFIXES["rdf"] + "type":
            found.setdefault(fact["o"]["value"], (fact["o"]["value"], fact["p"]["value"], True))
    for fact in facts_in:
        if fact["s"]["type"] == "uri":
            found.setdefault(fact["s"]["value"], (fact["s"]["value"], fact["p"]["value"], False))
    return list(found.values())


def entity_page(
    iri: str,
    facts_out: list[dict[str, Any]],
    facts_in: list[dict[str, Any]],
    labels: dict[str, str],
    timeline: dict[str, Any] | None = None,
    source_html: str = "",
) -> str:
    """An entity: its label, classes, facts out and in grouped by property, passages quoted,
    and schema.org JSON-LD for search engines."""
    label = labels.get(iri) or shorten(iri)
    classes = [f["o"] for f in facts_out if f["p"]["value"] == PREFIXES["rdf"] + "type"]
    out_rows: dict[str, list[str]] = {}
    passages = []
    for fact in facts_out:
        prop = fact["p"]["value"]
        if prop == PREFIXES["rdf"] + "type":
            continue
        if prop == NRC + "passage":
            passages.append(fact["o"]["value"])
            continue
        out_rows.setdefault(prop, []).append(term_html(fact["o"], labels))
    in_rows: dict[str, list[str]] = {}
    for fact in facts_in:
        in_rows.setdefault(fact["p"]["value"], []).append(term_html(fact["s"], labels))

    def table(rows: dict[str, list[str]]) -> str:
        if not rows:
            return '<p class="muted">none</p>'
        return (
            "<table>"
            + "".join(
                f"<tr><th>{e(labels.get(p) or shorten(p))}</th><td>{'<br>'.join(v)}</td></tr>"
                for p, v in sorted(rows.items(), key=lambda kv: shorten(kv[0]))
            )
            + "</table>"
        )

    documents = [f["o"]["value"] for f in facts_out if f["p"]["value"] == PREFIXES["prov"] + "wasDerivedFrom"]
    where = ""
    if documents and local_path(documents[0]):
        where = f' <a href="{e(local_path(documents[0]))}?{e(urlencode({"focus": iri}))}#focus">in the source</a>'
    quoted = "".join(f'<blockquote><span class="passage">{e(p)}</span>{where}</blockquote>' for p in passages)
    schema = {
        "@context": "https://schema.org",
        "@id": iri,
        "name": label,
        "additionalType": [c["value"] for c in classes],
    }
    embedded = json.dumps(schema).replace("<", "\\u003c")
    head = f'<script type="application/ld+json">{embedded}</script>'
    kinds = ", ".join(term_html(c, labels) for c in classes) or '<span class="muted">no class</span>'
    body = (
        f'<h1>{e(label)}</h1><p class="muted">{e(iri)}</p><p>{kinds}</p>'
        + (f"<h2>In the source's words</h2>{quoted}" if quoted else "")
        + f"<h2>Facts</h2>{table(out_rows)}<h2>Linked from</h2>{table(in_rows)}"
        + (f"<h2>Timeline</h2>{timeline_html(timeline)}" if timeline and timeline["results"]["bindings"] else "")
        + neighbourhood_svg(iri, neighbours(facts_out, facts_in), labels)
        + source_html
        + '<p>As data: <a href="?format=turtle">Turtle</a> <a href="?format=ntriples">N-Triples</a> '
        '<a href="?format=jsonld">JSON-LD</a></p>'
    )
    return page(label, body, head)


# --- views ---------------------------------------------------------------------------------

# Run by this server only (its engine knows the bundle's prefixes), so no PREFIX lines.
TIMELINE = """
SELECT ?date ?item ?kind ?label ?inferred WHERE {
  {
    ?item nrc:date ?date ; a ?c ; rdfs:label ?label . ?c rdfs:label ?kind .
    FILTER (STRSTARTS(STR(?c), "https://w3id.org/nrcgraph/ontology#"))
  } UNION {
    ?item a nrc:Statement ; nrc:text ?label ; nrc:statedAt ?meeting . ?meeting nrc:date ?date .
    BIND ("Statement" AS ?kind)
  }
  BIND (IF(EXISTS { ?i a nrc:Inference ; rdf:subject ?item ; rdf:predicate nrc:date }, "yes", "no") AS ?inferred)
  FILTER (!BOUND(?focus) || EXISTS { ?item ?link ?focus } || EXISTS { ?item nrc:participation/nrc:participant ?focus }
          || EXISTS { ?item nrc:speaker ?focus })
}
ORDER BY STR(?date) ?kind ?item
"""


def timeline_html(data: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    """Dated things in date order, grouped by year; inferred dates marked."""
    rows = data["results"]["bindings"]
    if not rows:
        return '<p class="muted">nothing dated</p>'
    out, year = [], None
    for row in rows:
        date = row["date"]["value"]
        if date[:4] != year:
            if year is not None:
                out.append("</ul>")
            year = date[:4]
            out.append(f"<h3>{e(year)}</h3><ul>")
        inferred = (
            ' <span class="muted">(date inferred)</span>' if row.get("inferred", {}).get("value") == "yes" else ""
        )
        text = row["label"]["value"]
        text = text if len(text) <= 160 else text[:157] + "..."
        path = local_path(row["item"]["value"])
        link = f'<a href="{e(path)}">{e(text)}</a>' if path else e(text)
        out.append(
            f'<li><strong>{e(date)}</strong> <span class="tag">{e(row["kind"]["value"])}</span> {link}{inferred}</li>'
        )
    out.append("</ul>")
    return "".join(out)


def timeline_page(data: dict[str, Any]) -> str:
    return page(
        "Timeline",
        f"<h1>Timeline</h1><p>Meetings, statements, treaty events and other dated facts.</p>{timeline_html(data)}",
    )


def neighbourhood_svg(
    iri: str, neighbours: list[tuple[str, str, bool]], labels: dict[str, str], limit: int = 24
) -> str:
    """The entity and its neighbours on a circle, as a small SVG; labels are cut short so
    none overlaps another (one per slot, each slot wider than its label)."""
    import math

    if not neighbours:
        return ""
    shown = neighbours[:limit]
    size, radius = 560, 200
    cx = cy = size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="neighbourhood" font-family="system-ui, sans-serif" font-size="11">'
    ]
    for k, (_, prop, _) in enumerate(shown):
        angle = 2 * math.pi * k / len(shown) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        parts.append(
            f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x:.0f}" y2="{y:.0f}" stroke="#bbb"><title>'
            f"{e(shorten(prop))}</title></line>"
        )
    for k, (other, _, outgoing) in enumerate(shown):
        angle = 2 * math.pi * k / len(shown) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        text = labels.get(other) or shorten(other)
        text = text if len(text) <= 22 else text[:21] + "…"
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        dx = 8 if anchor == "start" else -8 if anchor == "end" else 0
        dy = 14 if math.sin(angle) > 0.3 and anchor == "middle" else -8 if anchor == "middle" else 4
        path = local_path(other)
        node = (
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="{"#0072B2" if outgoing else "#E69F00"}"/>'
            f'<text x="{x + dx:.0f}" y="{y + dy:.0f}" text-anchor="{anchor}">{e(text)}</text>'
        )
        parts.append(f'<a href="{e(path)}">{node}</a>' if path else node)
    centre = labels.get(iri) or shorten(iri)
    centre = centre if len(centre) <= 30 else centre[:29] + "…"
    parts.append(
        f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="9" fill="#D55E00"/>'
        f'<text x="{cx:.0f}" y="{cy - 14:.0f}" text-anchor="middle" font-weight="600">{e(centre)}</text></svg>'
    )
    more = f'<p class="muted">and {len(neighbours) - limit} more</p>' if len(neighbours) > limit else ""
    return "<h2>Neighbourhood</h2>" + "".join(parts) + more


def search_page(text: str, hits: list[dict[str, str]]) -> str:
    items = []
    for hit in hits:
        path = link_to(hit["iri"]) or "#"
        snippet = e(hit["snippet"]).replace("\x02", "<mark>").replace("\x03", "</mark>")
        kind = f'<span class="tag">{e(hit["kind"])}</span>' if hit["kind"] else ""
        label = hit["label"] if hit["label"] != hit["iri"] else shorten(hit["iri"])
        items.append(f'<li><a href="{e(path)}">{e(label)}</a> {kind}<br><small>{snippet}</small></li>')
    found = f"<ol>{''.join(items)}</ol>" if items else ('<p class="muted">nothing found</p>' if text else "")
    form = (
        f'<form method="get" action="/search"><input name="q" value="{e(text)}" autofocus> '
        "<button>Search</button></form>"
    )
    return page(f"Search: {text}" if text else "Search", f"<h1>Search</h1>{form}{found}")


def source_text_html(text: str, passages: list[tuple[str, str]], focus: str | None = None) -> str:
    """The release's text with every passage drawn from it marked; the ``focus`` entity's
    passage gets the id "focus" (the page scrolls there)."""
    import re

    spans: list[tuple[int, int, str]] = []
    for passage, iri in passages:
        pattern = r"\s+".join(re.escape(word) for word in passage.split())
        match = re.search(pattern, text) if pattern else None
        if match:
            spans.append((match.start(), match.end(), iri))
    # The focus entity's passage first, then the others where they do not overlap one placed.
    spans.sort(key=lambda span: (span[2] != focus, span[0]))
    placed: list[tuple[int, int, str]] = []
    for span in spans:
        if all(span[1] <= other[0] or other[1] <= span[0] for other in placed):
            placed.append(span)
    out, at, focused = [], 0, False
    for start, end, iri in sorted(placed):
        out.append(e(text[at:start]))
        path = link_to(iri) or "#"
        ident = ' id="focus"' if iri == focus and not focused else ""
        focused = focused or bool(ident)
        out.append(f'<mark{ident} title="{e(shorten(iri))}"><a href="{e(path)}">{e(text[start:end])}</a></mark>')
        at = end
    out.append(e(text[at:]))
    return f'<h2>The release, with the passages drawn from it</h2><div class="source">{"".join(out)}</div>'


# --- review of drafted releases -----------------------------------------------------------

REVIEW_DOCUMENTS = """
SELECT ?doc ?title (COUNT(DISTINCT ?thing) AS ?pending) WHERE {
  ?thing prov:wasDerivedFrom ?doc ; nrc:reviewStatus review:draft .
  OPTIONAL { ?doc dcterms:title ?title }
}
GROUP BY ?doc ?title
ORDER BY ?doc
"""
REVIEW_NODES = """
SELECT ?thing ?class ?rule ?confidence WHERE {
  ?thing prov:wasDerivedFrom ?doc ; nrc:reviewStatus review:draft ; a ?class .
  OPTIONAL { ?thing nrc:draftRule ?rule }
  OPTIONAL { ?thing nrc:confidence ?confidence }
}
ORDER BY ?confidence ?thing
"""


def review_html(data: dict[str, Any], labels: dict[str, str]) -> str:
    """A release's drafted nodes still to review: each with its class, the rule that
    proposed it and how sure it was, least sure first."""
    rows = data["results"]["bindings"]
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{term_html(row['thing'], labels)}</td><td>{e(shorten(row['class']['value']))}</td>"
        f"<td>{e(row.get('rule', {}).get('value', ''))}</td><td>{e(row.get('confidence', {}).get('value', ''))}</td></tr>"
        for row in rows
    )
    return (
        f"<h2>Drafted, not yet reviewed ({len({r['thing']['value'] for r in rows})})</h2>"
        "<p>Check each against the release below, then set <code>nrc:reviewStatus review:reviewed</code> "
        "in the draft file (or delete the node).</p>"
        f"<table><tr><th>node</th><th>class</th><th>rule</th><th>confidence</th></tr>{body}</table>"
    )


def review_index(data: dict[str, Any], drafts: str = "") -> str:
    rows = data["results"]["bindings"]
    if not rows:
        items = '<p class="muted">nothing left to review</p>'
    else:
        items = (
            "<ul>"
            + "".join(
                f'<li><a href="{e(link_to(row["doc"]["value"]) or "#")}">'
                f"{e(row.get('title', {}).get('value') or shorten(row['doc']['value']))}</a>: "
                f"{e(row['pending']['value'])} nodes to review</li>"
                for row in rows
            )
            + "</ul>"
        )
    return page("Review", f"<h1>Drafted releases to review</h1>{items}{drafts}")
