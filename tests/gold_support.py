"""Checks that any gold set of this project must pass, whatever the engine extracts."""

from __future__ import annotations

from pathlib import Path

from immunokg.extract.evaluate.goldfile import read_aliases, read_gold
from immunokg.extract.evaluate.scoring import score


def assert_gold_quotes_its_texts(gold: Path, texts: dict[str, str]) -> None:
    """Every row names one of the texts and quotes it (list facts: "header: - item")."""
    for row in read_gold(gold):
        assert row.doc in texts, f"line {row.line}: no text {row.doc}"
        for part in row.evidence.split(" - "):
            assert part.rstrip(":") in texts[row.doc], f"line {row.line}: {part!r} not in {row.doc}"
        assert len(row.evidence.split()) <= 16, f"line {row.line}: quote longer than ~15 words"


def assert_every_text_has_required_facts(gold: Path, texts: dict[str, str]) -> None:
    assert {row.doc for row in read_gold(gold) if row.required} == set(texts)


def assert_gold_scores_itself(gold: Path, aliases: Path) -> None:
    """The gold, taken as predictions, scores 1.0: its rows and aliases agree with the scorer."""
    rows = read_gold(gold)
    predicted = [(r.subject, r.relation, r.object, r.status) for r in rows]
    scores = score(predicted, rows, read_aliases(aliases))
    assert scores.overall.f1 == 1.0
    assert scores.status_accuracy == 1.0
