"""RDF without an engine: namespaces, terms and their conversions, query results and their
W3C formats, RDF file formats, and text-level SPARQL helpers."""
