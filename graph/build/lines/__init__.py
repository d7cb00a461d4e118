"""N-Triples lines for the parts of a fact's record (its verbatim spans, its subject's antecedent),
kept apart so the build folder stays within its module limit."""
