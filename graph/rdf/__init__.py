"""RDF basics shared by every graph stage: namespaces, the N-Triples writer, the Oxigraph store and the name index file."""
