"""Text to facts: corpus reader, lexicon, rules and the extraction engine."""
