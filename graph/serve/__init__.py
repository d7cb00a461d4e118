"""Serve: a built graph over HTTP, a read-only SPARQL 1.1 endpoint, a JSON API and an HTML explorer."""
