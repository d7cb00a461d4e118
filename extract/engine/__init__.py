"""Engine: Documents to Facts with evidence: spaCy tokens, entities, relation rules, coordination, reference and status."""
