"""The immunokg vocabulary (OWL/RDFS) and SHACL shapes, as Turtle files."""
