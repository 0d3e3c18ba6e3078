"""The graph as a network: the networkx projection, export files, Graphviz, analysis and
the self-contained HTML viewer."""
