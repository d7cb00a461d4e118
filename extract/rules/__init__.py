"""Rules: the curated data files (lexicon, entity patterns, relation rules, status cues) loaded and checked strictly; no spaCy."""
