"""An OpenAPI 3 description of the saved-query API, generated from the queries' headers:
one GET operation per query, one typed parameter per query parameter."""

from __future__ import annotations

from typing import Any

SCHEMAS = {
    "iri": {"type": "string", "format": "iri"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "xsd_date": {"type": "string", "format": "date"},
    "xsd_dateTime": {"type": "string", "format": "date-time"},
    "xsd_gYear": {"type": "string", "pattern": "^-?[0-9]{4,}$"},
    "xsd_gYearMonth": {"type": "string", "pattern": "^-?[0-9]{4,}-[0-9]{2}$"},
    "string": {"type": "string"},
}
RESULTS: dict[str, Any] = {
    "application/sparql-results+json": {},
    "application/sparql-results+xml": {},
    "text/csv": {},
    "text/tab-separated-values": {},
}
GRAPHS: dict[str, Any] = {"text/turtle": {}, "application/n-triples": {}, "application/ld+json": {}}


def description(catalogue: Any, version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for query in catalogue:
        parameters = []
        for param in query.parameters:
            schema: dict[str, Any] = dict(SCHEMAS.get(param.kind, {"type": "string"}))
            if param.default is not None:
                schema["default"] = param.default
            if param.allowed:
                schema["enum"] = list(param.allowed)
            parameters.append(
                {
                    "name": param.name,
                    "in": "query",
                    "required": param.required and param.default is None,
                    "description": param.description,
                    "schema": schema,
                }
            )
        graph = query.form in ("CONSTRUCT", "DESCRIBE")
        formats = ["turtle", "ntriples", "jsonld"] if graph else ["json", "xml", "csv", "tsv"]
        parameters.append(
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "The answer's format, instead of the Accept header.",
                "schema": {"type": "string", "enum": formats},
            }
        )
        paths[f"/queries/{query.name}"] = {
            "get": {
                "operationId": query.name.replace("-", "_"),
                "summary": query.summary,
                "description": query.description,
                "tags": list(query.tags),
                "parameters": parameters,
                "responses": {
                    "200": {"description": "The answer.", "content": GRAPHS if graph else RESULTS},
                    "400": {"description": "A parameter is missing, unknown or not of its type."},
                    "413": {"description": "The answer has more rows than the server allows."},
                    "503": {"description": "The query ran past the time limit, or the server is busy."},
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "nrcgraph saved queries",
            "version": version,
            "description": "The saved SPARQL queries of the NATO-Russia Council graph, with values bound as RDF terms.",
        },
        "paths": paths,
    }
