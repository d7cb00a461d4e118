"""Tokens: what the engine reads from and writes onto a spaCy Doc's tokens (word lists, flags, marks), as plain lists and dicts rather than a Python object per token."""
