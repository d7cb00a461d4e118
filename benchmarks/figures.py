"""Figures derived from one build's raw measurements, shared by the report and the targets."""

from __future__ import annotations

import statistics
from typing import Any

BUILD_STAGES = (
    ("read", ("read",)),
    ("extract start-up", ("extract_startup",)),
    ("extract", ("extract",)),
    ("RDF", ("rdf",)),
    ("graph.nt and store load", ("store",)),
    ("SHACL (shapes as SPARQL, in-memory store)", ("shacl",)),
    ("name index and record", ("finish",)),
)
OPTIONAL_STAGES = {"finish"}  # not measured by runs before the harness ran the real build


def stage_seconds(build: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    """The seconds of the named stages together, or None when one was not measured."""
    seconds = build.get("seconds", {})
    if not all(key in seconds for key in keys):
        return None
    return sum(seconds[key] for key in keys)


def build_total(build: dict[str, Any]) -> float | None:
    """The whole build's seconds, stage by stage; None when a required stage is missing."""
    parts = [stage_seconds(build, keys) for _, keys in BUILD_STAGES]
    optional = [keys[0] in OPTIONAL_STAGES for _, keys in BUILD_STAGES]
    if any(part is None and not skip for part, skip in zip(parts, optional, strict=True)):
        return None
    return sum(part for part in parts if part is not None)


def median(values: list[Any]) -> float | None:
    """The median of the measured values (None ones left out), or None."""
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def throughput(build: dict[str, Any]) -> tuple[float | None, float | None]:
    """Words per second of one-process extraction and of the bare tokenizer in the same process.

    A build with ``--jobs`` above 1 gives the one-process figure only if it also ran
    ``--speedup-jobs 1``; otherwise its extraction is not compared with the tokenizer.
    """
    seconds, words = build.get("seconds", {}), build.get("words")
    single = seconds.get("extract_jobs1") or (
        seconds.get("extract") if build.get("jobs", 1) == 1 else None
    )
    extract = words / single if words and single else None
    tokenizer = words / seconds["tokenizer"] if words and seconds.get("tokenizer") else None
    return extract, tokenizer


def speedup(build: dict[str, Any]) -> tuple[int, int, float] | None:
    """(fewer jobs, more jobs, speed-up) between the build's extraction and ``--speedup-jobs``."""
    jobs, base = build.get("speedup_jobs"), build.get("jobs", 1)
    seconds = build.get("seconds", {})
    parallel, extract = seconds.get(f"extract_jobs{jobs}"), seconds.get("extract")
    if not (jobs and jobs != base and parallel and extract):
        return None
    (few, slow), (many, fast) = sorted([(base, extract), (jobs, parallel)])
    return few, many, slow / fast
