"""Helpers for the extraction tests: run the engine on a short text written to a temporary file."""

from __future__ import annotations

from pathlib import Path

from immunokg.extract.engine.pipeline import extract_facts
from immunokg.extract.model import Fact
from immunokg.extract.read.corpus import read_corpus

EXTRACT_DATA = Path(__file__).parent / "data" / "extract"


def facts_of(text: str, tmp_path: Path, name: str = "doc.md") -> list[Fact]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_facts(read_corpus([path]).documents)


def triples(facts: list[Fact]) -> set[tuple[str, str, str]]:
    """(subject, relation, object) labels, lower-cased except brands."""
    return {
        (
            f.subject.label.lower(),
            f.relation,
            f.object if isinstance(f.object, str) else f.object.label.lower(),
        )
        for f in facts
    }


def statuses(facts: list[Fact]) -> dict[tuple[str, str], str]:
    return {
        (f.subject.label.lower(), f.object_label.lower()): f.status
        for f in facts
        if f.relation == "treats"
    }
