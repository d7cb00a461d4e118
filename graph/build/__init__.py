"""Build: texts or facts to a validated graph directory (graph.nt, store, build.json), and where that directory is."""
