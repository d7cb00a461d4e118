"""Facts to RDF: build, store, validate, query, export, and the command line."""
