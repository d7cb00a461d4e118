"""The bundled source texts and their manifest."""
