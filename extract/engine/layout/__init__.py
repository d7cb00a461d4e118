"""Layout: a page's structure read as sentences the relation rules can take: a table row with its column names and its group row; a list's items as drugs named together."""
