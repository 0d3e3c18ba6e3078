"""The engines that hold a graph, behind one protocol (``base.Engine``): Oxigraph in memory
and on disk, rdflib, a remote SPARQL 1.1 endpoint, and a read-only union of engines."""
