"""Extraction quality on the development gold set: the bars of issue 3, computed, never copied in."""

from __future__ import annotations

from pathlib import Path

import pytest

from immunokg.extract.evaluate.scoring import Scores, evaluate
from immunokg.extract.model import RELATIONS
from immunokg.graph.cli.evaluate import report_text

EVAL = Path(__file__).parent / "data" / "eval"
OVERALL_PRECISION = 0.95
OVERALL_RECALL = 0.90
RELATION_FLOOR = 0.85


@pytest.fixture(scope="module")
def dev_scores() -> Scores:
    """Extraction over the bundled seeds, scored against the copied dev gold set (one run)."""
    result = evaluate(EVAL / "seeds.gold.tsv", aliases_path=EVAL / "seeds.aliases.tsv")
    assert not result.warnings, result.warnings
    return result.scores


def _why(scores: Scores) -> str:
    return "\n" + report_text(scores)


def test_dev_overall_precision(dev_scores: Scores) -> None:
    assert (dev_scores.overall.precision or 0.0) >= OVERALL_PRECISION, _why(dev_scores)


def test_dev_overall_recall(dev_scores: Scores) -> None:
    assert (dev_scores.overall.recall or 0.0) >= OVERALL_RECALL, _why(dev_scores)


@pytest.mark.parametrize("relation", RELATIONS)
def test_dev_relation_precision(dev_scores: Scores, relation: str) -> None:
    assert (dev_scores.relation(relation).precision or 0.0) >= RELATION_FLOOR, _why(dev_scores)


@pytest.mark.parametrize("relation", RELATIONS)
def test_dev_relation_recall(dev_scores: Scores, relation: str) -> None:
    assert (dev_scores.relation(relation).recall or 0.0) >= RELATION_FLOOR, _why(dev_scores)
