"""Fresh pages in publisher voices the rules had not seen: gold written first, then scored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gold_support import (
    assert_every_text_has_required_facts,
    assert_gold_quotes_its_texts,
    assert_gold_reads_with_its_aliases,
)

from immunokg.extract.evaluate.scoring import Scores, evaluate
from immunokg.extract.rules.relation_rules import load_relation_rules
from immunokg.graph.cli.evaluate import report_text

FRESH = Path(__file__).parent / "data" / "fresh_rules"
GOLD = FRESH / "fresh_rules.gold.tsv"
ALIASES = FRESH / "fresh_rules.aliases.tsv"
TEXT_SUFFIXES = (".txt", ".md")
# Measured when the set was added (7 texts, 147 required facts): first pass with the
# 76 rules before it, precision 0.974 and recall 0.517; with the rules written from
# its misses, 0.980 and 0.667. The bars sit below the latter, with room for engine
# changes; the recall bar stays above the first pass, so losing the new rules fails.
OVERALL_PRECISION = 0.95
OVERALL_RECALL = 0.62
# Rules written from this set's misses: each must still find a fact in it.
RULES_FROM_THIS_SET = (
    "targets-verb-described-molecule",
    "targets-one-end-binds",
    "targets-apposition-drug-that-blocks",
    "treats-for-cancer-drug-given",
    "treats-for-cancer-people-have-drug",
    "treats-for-cancer-there-are-drugs",
    "treats-recommend-drug-if-you-have",
    "treats-one-of-class-for",
    "treats-shown-to",
    "treats-approved-for-and-for",
    "treats-combination-is-treatment-for",
    "treats-used-for-people-with",
    "side-effect-damages-and-leads-to",
    "side-effect-inflames-organ-named",
)


def _paths() -> list[Path]:
    """The texts; the README describes the set and is not one of them."""
    return [
        path
        for path in sorted(FRESH.iterdir())
        if path.suffix in TEXT_SUFFIXES and path.name != "README.md"
    ]


def _texts() -> dict[str, str]:
    """Each text by document id (its file stem), whitespace collapsed as quotes are."""
    return {path.stem: re.sub(r"\s+", " ", path.read_text(encoding="utf-8")) for path in _paths()}


@pytest.fixture(scope="module")
def fresh_scores() -> Scores:
    result = evaluate(GOLD, aliases_path=ALIASES, paths=_paths())
    assert not result.warnings, result.warnings
    return result.scores


def test_fresh_overall_precision(fresh_scores: Scores) -> None:
    precision = fresh_scores.overall.precision or 0.0
    assert precision >= OVERALL_PRECISION, "\n" + report_text(fresh_scores)


def test_fresh_overall_recall(fresh_scores: Scores) -> None:
    recall = fresh_scores.overall.recall or 0.0
    assert recall >= OVERALL_RECALL, "\n" + report_text(fresh_scores)


def test_treats_status_is_right_wherever_a_treats_fact_is_found(fresh_scores: Scores) -> None:
    assert fresh_scores.status_accuracy == 1.0, "\n" + report_text(fresh_scores)


def test_every_rule_written_from_this_set_still_finds_a_fact_in_it() -> None:
    from immunokg.extract.engine.pipeline import extract_facts
    from immunokg.extract.read.corpus import read_corpus

    known = {rule.id for rule in load_relation_rules()}
    assert set(RULES_FROM_THIS_SET) <= known
    corpus = read_corpus(_paths())
    fired = {ev.rule for fact in extract_facts(corpus.documents) for ev in fact.evidence}
    assert set(RULES_FROM_THIS_SET) - fired == set()


# --- the set itself: these hold whatever the engine does -----------------------


def test_fresh_set_has_seven_page_sized_texts_in_both_formats() -> None:
    texts = _texts()
    assert len(texts) == 7
    assert {p.suffix for p in FRESH.iterdir()} >= {".txt", ".md"}
    for doc, text in texts.items():
        assert 300 <= len(text.split()) <= 650, doc
    for path in FRESH.glob("f*.md"):
        assert path.read_text(encoding="utf-8").startswith("---\n"), path.name


def test_every_gold_row_names_a_fresh_text_and_quotes_it() -> None:
    assert_gold_quotes_its_texts(GOLD, _texts())


def test_every_fresh_text_has_required_gold_facts() -> None:
    assert_every_text_has_required_facts(GOLD, _texts())


def test_fresh_gold_reads_with_its_aliases() -> None:
    assert_gold_reads_with_its_aliases(GOLD, ALIASES)
