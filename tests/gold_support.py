"""Checks that any gold set of this project must pass, whatever the engine extracts."""

from __future__ import annotations

from pathlib import Path

from immunokg.extract.evaluate.goldfile import read_aliases, read_gold
from immunokg.extract.evaluate.goldnames import alias_folding


def assert_gold_quotes_its_texts(gold: Path, texts: dict[str, str]) -> None:
    """Every row names one of the texts and quotes it (list facts: "header: - item")."""
    for row in read_gold(gold):
        assert row.doc in texts, f"line {row.line}: no text {row.doc}"
        for part in row.evidence.split(" - "):
            assert part.rstrip(":") in texts[row.doc], f"line {row.line}: {part!r} not in {row.doc}"
        assert len(row.evidence.split()) <= 16, f"line {row.line}: quote longer than ~15 words"


def assert_every_text_has_required_facts(gold: Path, texts: dict[str, str]) -> None:
    assert {row.doc for row in read_gold(gold) if row.required} == set(texts)


def assert_gold_reads_with_its_aliases(gold: Path, aliases: Path) -> None:
    """The strict readers accept both files: known relations, statuses fitting their relation,
    and no surface form that the aliases give to two canonical names."""
    rows = read_gold(gold)
    assert rows
    alias_folding(read_aliases(aliases))
