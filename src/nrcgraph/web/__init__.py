"""The read-only web application: a SPARQL 1.1 Protocol endpoint, the saved queries as
endpoints, and the query page."""
