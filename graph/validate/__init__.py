"""Validate: a graph (file, lines or store) to a SHACL report; the shapes compiled to SPARQL, and pySHACL as the reference."""
