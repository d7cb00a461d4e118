"""Extraction with documents isolated: one whose extraction fails is reported, the rest extracted.

All documents go to the engine in one call; only if that call fails are they halved
until the failing ones stand alone, so a clean corpus pays nothing for the isolation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from immunokg.extract.model import Document, Fact

if TYPE_CHECKING:
    from immunokg.graph.build.progress import Progress

BATCH_DOCUMENTS = 40  # documents per extraction call when progress is shown


def extract_isolated(documents: list[Document], jobs: int = 1) -> tuple[list[Fact], dict[str, str]]:
    """Facts of every document that can be extracted; for each that cannot, by document id,
    the problem as ``FILE: extraction failed (why)``."""
    from immunokg.extract.engine.pipeline import extract_facts

    try:
        return extract_facts(documents, jobs=jobs), {}
    except Exception as error:  # any failure: find the documents that cause it
        if len(documents) == 1:
            (document,) = documents
            return [], {document.id: f"{document.path}: extraction failed ({_brief(error)})"}
    middle = len(documents) // 2
    left, left_failed = extract_isolated(documents[:middle], jobs)
    right, right_failed = extract_isolated(documents[middle:], jobs)
    return merge_facts([*left, *right]), {**left_failed, **right_failed}


def extract_in_batches(
    documents: list[Document], jobs: int, progress: Progress | None
) -> tuple[list[Fact], dict[str, str]]:
    """All facts and failures; with a progress display, in batches merged afterwards."""
    if progress is None:
        return extract_isolated(documents, jobs)
    facts: list[Fact] = []
    failed: dict[str, str] = {}
    for start in range(0, len(documents), BATCH_DOCUMENTS):
        batch = documents[start : start + BATCH_DOCUMENTS]
        batch_facts, batch_failed = extract_isolated(batch, jobs)
        facts.extend(batch_facts)
        failed.update(batch_failed)
        progress.advance(len(batch))
    return merge_facts(facts), failed


def merge_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Facts from separate extraction calls merged by key, as one call would have merged them.

    A treats fact is approved if any of its evidence is approved, else investigational.
    """
    merged: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        earlier = merged.get(fact.key)
        if earlier is None:
            merged[fact.key] = fact
            continue
        evidence = tuple(sorted(set(earlier.evidence) | set(fact.evidence)))
        status = earlier.status
        if fact.relation == "treats":
            approved = any(ev.status == "approved" for ev in evidence)
            status = "approved" if approved else "investigational"
        merged[fact.key] = replace(earlier, evidence=evidence, status=status)
    return list(merged.values())


def _brief(error: Exception) -> str:
    first = (str(error).strip().splitlines() or [""])[0]
    detail = first if len(first) <= 160 else first[:157] + "..."
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
