"""Benchmarks: corpora N times the seeds, built and queried, measured against the targets."""
