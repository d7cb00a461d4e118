"""Export: a built graph to files for other tools, one module per format behind one registry, and drawings."""
