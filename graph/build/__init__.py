"""Build stage: facts to N-Triples, validated and stored as a graph directory."""
