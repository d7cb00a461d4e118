"""Evaluate: gold files read and facts scored against them (precision, recall, status accuracy)."""
