"""Generalisation: extraction on texts written apart from the rules, scored against their own gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from gold_support import (
    assert_every_text_has_required_facts,
    assert_gold_quotes_its_texts,
    assert_gold_reads_with_its_aliases,
)

from immunokg.extract.evaluate.scoring import Scores, evaluate
from immunokg.graph.cli.evaluate import report_text
from immunokg.graph.cli.main import main

UNSEEN = Path(__file__).parent / "data" / "unseen"
GOLD = UNSEEN / "unseen.gold.tsv"
ALIASES = UNSEEN / "unseen.aliases.tsv"
OVERALL_PRECISION = 0.90
OVERALL_RECALL = 0.80


def _texts() -> dict[str, str]:
    return {
        path.stem: re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        for path in sorted(UNSEEN.iterdir())
        if path.suffix in (".txt", ".md")
    }


@pytest.fixture(scope="module")
def unseen_scores() -> Scores:
    result = evaluate(GOLD, aliases_path=ALIASES, paths=[UNSEEN])
    assert not result.warnings, result.warnings
    return result.scores


def test_unseen_overall_precision(unseen_scores: Scores) -> None:
    assert (unseen_scores.overall.precision or 0.0) >= OVERALL_PRECISION, "\n" + report_text(
        unseen_scores
    )


def test_unseen_overall_recall(unseen_scores: Scores) -> None:
    assert (unseen_scores.overall.recall or 0.0) >= OVERALL_RECALL, "\n" + report_text(
        unseen_scores
    )


def test_evaluate_command_runs_extraction_and_agrees_with_the_library(
    unseen_scores: Scores,
) -> None:
    args = ["evaluate", str(GOLD), "--format", "json", str(UNSEEN)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (
        unseen_scores.overall.tp,
        unseen_scores.overall.fp,
        unseen_scores.overall.fn,
    )


# --- the unseen set itself: these hold whatever the engine does ---------------


def test_unseen_set_has_texts_in_both_formats_and_front_matter() -> None:
    suffixes = {path.suffix for path in UNSEEN.iterdir()}
    assert {".txt", ".md"} <= suffixes
    for path in UNSEEN.glob("*.md"):
        assert path.read_text(encoding="utf-8").startswith("---\n")


def test_every_gold_row_names_an_unseen_text_and_quotes_it() -> None:
    assert_gold_quotes_its_texts(GOLD, _texts())


def test_every_unseen_text_has_required_gold_facts() -> None:
    assert_every_text_has_required_facts(GOLD, _texts())


def test_unseen_gold_reads_with_its_aliases() -> None:
    assert_gold_reads_with_its_aliases(GOLD, ALIASES)
