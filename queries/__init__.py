"""Named SPARQL queries (*.rq), each with a header documenting its parameters."""
