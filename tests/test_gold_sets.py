"""Every gold set scored by ``evaluate``, against bars that sit a little below what the engine
measured: losing a mechanism fails a test. One table says each set's role.

Roles: ``dev`` (the seeds' gold, bars of issue 13), ``regression`` (earlier sets, tuned on
before: precision must not fall), ``development`` (fresh_genres and fresh_dev4: their misses
are read) and ``sealed`` (never opened: only their aggregate per-relation tables are ever
shown). fresh_sealed4 is the newest sealed batch, written during round 4 by someone who never
saw the engine and scored once after it; fresh_final and sealed are older ones, on whose
aggregates rounds 3 and 4 each dropped a mechanism (docs/extraction.md), so they are no longer
fully independent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from gold_support import (
    assert_every_text_has_required_facts,
    assert_gold_quotes_its_texts,
    assert_gold_reads_with_its_aliases,
)

from immunokg.extract.evaluate.scoring import Scores, evaluate
from immunokg.extract.model import RELATIONS
from immunokg.graph.cli.evaluate import report_text
from immunokg.graph.cli.main import main

DATA = Path(__file__).parent / "data"
TEXT_SUFFIXES = (".txt", ".md", ".html")


@dataclass(frozen=True)
class GoldSet:
    name: str
    folder: str  # under tests/data; "" for the seeds
    gold: str
    role: str
    precision: float  # bars, a little below what was measured
    recall: float


SETS = (
    GoldSet("dev", "", "eval/seeds.gold.tsv", "dev", 0.95, 0.95),
    GoldSet("unseen", "unseen", "unseen/unseen.gold.tsv", "regression", 0.95, 0.95),
    GoldSet("heldout", "heldout", "heldout/heldout.gold.tsv", "regression", 0.95, 0.95),
    GoldSet("extract", "extract", "extract/unseen.gold.tsv", "regression", 0.95, 0.95),
    GoldSet(
        "fresh_rules", "fresh_rules", "fresh_rules/fresh_rules.gold.tsv", "regression", 0.95, 0.80
    ),
    GoldSet(
        "lexicon_coverage",
        "lexicon_coverage",
        "lexicon_coverage/lexicon_coverage.gold.tsv",
        "regression",
        0.95,
        0.95,
    ),
    GoldSet(
        "fresh_genres",
        "fresh_genres",
        "fresh_genres/fresh_genres.gold.tsv",
        "development",
        0.95,
        0.85,
    ),
    # First pass 0.770 / 0.397 (its README); a development set since.
    GoldSet(
        "fresh_dev4", "fresh_dev4", "fresh_dev4/fresh_dev4.gold.tsv", "development", 0.85, 0.65
    ),
    # The sealed set's bars are its first pass less a margin: never raised from its scores.
    GoldSet("sealed", "sealed", "sealed/sealed.gold.tsv", "sealed", 0.80, 0.30),
    GoldSet("fresh_final", "fresh_final", "fresh_final/fresh_final.gold.tsv", "sealed", 0.85, 0.45),
    GoldSet(
        "fresh_sealed4",
        "fresh_sealed4",
        "fresh_sealed4/fresh_sealed4.gold.tsv",
        "sealed",
        0.65,
        0.42,
    ),
)
OPEN = [s for s in SETS if s.role != "sealed"]
SEALED = [s for s in SETS if s.role == "sealed"]
DEV_RELATION_FLOOR = 0.85


def _paths(gold_set: GoldSet) -> list[Path]:
    if not gold_set.folder:
        return []  # the bundled seeds
    folder = DATA / gold_set.folder
    return [
        p for p in sorted(folder.iterdir()) if p.suffix in TEXT_SUFFIXES and p.name != "README.md"
    ]


def _texts(gold_set: GoldSet) -> dict[str, str]:
    return {p.stem: re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in _paths(gold_set)}


@cache
def scores(name: str) -> Scores:
    gold_set = next(s for s in SETS if s.name == name)
    result = evaluate(DATA / gold_set.gold, paths=_paths(gold_set))
    assert not result.warnings, result.warnings
    return result.scores


def aggregate(result: Scores) -> str:
    """Per relation and overall counts and rates: no fact, no sentence, no document name."""
    rows = [f"{'relation':16} {'tp':>4} {'fp':>4} {'fn':>4}  precision recall"]
    for count in (*result.relations, result.overall):
        p, r = count.precision, count.recall
        rows.append(
            f"{count.relation:16} {count.tp:4} {count.fp:4} {count.fn:4}  "
            f"{'-' if p is None else f'{p:.3f}':>9} {'-' if r is None else f'{r:.3f}':>6}"
        )
    return "\n".join(rows)


@pytest.mark.parametrize("gold_set", OPEN, ids=lambda s: s.name)
def test_precision_holds_its_bar(gold_set: GoldSet) -> None:
    result = scores(gold_set.name)
    assert (result.overall.precision or 0.0) >= gold_set.precision, "\n" + report_text(result)


@pytest.mark.parametrize("gold_set", OPEN, ids=lambda s: s.name)
def test_recall_holds_its_bar(gold_set: GoldSet) -> None:
    result = scores(gold_set.name)
    assert (result.overall.recall or 0.0) >= gold_set.recall, "\n" + report_text(result)


@pytest.mark.parametrize("gold_set", OPEN, ids=lambda s: s.name)
def test_treats_status_is_right_wherever_a_treats_fact_is_found(gold_set: GoldSet) -> None:
    result = scores(gold_set.name)
    assert result.status_accuracy in (None, 1.0), "\n" + report_text(result)


@pytest.mark.parametrize("relation", [r for r in RELATIONS if r != "subclass_of"])
def test_dev_every_relation_holds_its_floor(relation: str) -> None:
    result = scores("dev")
    count = next(c for c in result.relations if c.relation == relation)
    assert (count.precision or 0.0) >= DEV_RELATION_FLOOR, "\n" + report_text(result)
    assert (count.recall or 0.0) >= DEV_RELATION_FLOOR, "\n" + report_text(result)


@pytest.mark.parametrize("gold_set", SEALED, ids=lambda s: s.name)
def test_sealed_set_is_scored_and_shows_only_aggregates(gold_set: GoldSet) -> None:
    """The honest measure: scored, never read. A failure shows the aggregate table only."""
    result = scores(gold_set.name)
    table = aggregate(result)
    precision, recall = result.overall.precision or 0.0, result.overall.recall or 0.0
    assert precision >= gold_set.precision and recall >= gold_set.recall, "\n" + table


def test_the_aggregate_table_names_no_fact() -> None:
    table = aggregate(scores("dev"))
    assert "pembrolizumab" not in table.casefold() and "overall" in table


# The extract texts are one-construction pins whose gold predates the quoting convention;
# fresh_genres quotes its HTML pages as read (entities decoded), not as the raw file.
QUOTED = [s for s in OPEN if s.folder and s.name not in ("extract", "fresh_genres")]


@pytest.mark.parametrize("gold_set", QUOTED, ids=lambda s: s.name)
def test_every_gold_row_names_a_text_and_quotes_it(gold_set: GoldSet) -> None:
    assert_gold_quotes_its_texts(DATA / gold_set.gold, _texts(gold_set))


@pytest.mark.parametrize("gold_set", QUOTED, ids=lambda s: s.name)
def test_every_text_has_required_gold_facts(gold_set: GoldSet) -> None:
    assert_every_text_has_required_facts(DATA / gold_set.gold, _texts(gold_set))


@pytest.mark.parametrize("gold_set", [s for s in OPEN if s.name != "extract"], ids=lambda s: s.name)
def test_gold_reads_with_its_aliases(gold_set: GoldSet) -> None:
    gold = DATA / gold_set.gold
    aliases = gold.with_name(gold.name.replace(".gold.tsv", ".aliases.tsv"))
    assert_gold_reads_with_its_aliases(gold, aliases)


def test_evaluate_command_runs_extraction_and_agrees_with_the_library() -> None:
    gold_set = next(s for s in SETS if s.name == "unseen")
    args = ["evaluate", str(DATA / gold_set.gold), "--format", "json", str(DATA / gold_set.folder)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    library = scores("unseen").overall
    assert (overall["tp"], overall["fp"], overall["fn"]) == (library.tp, library.fp, library.fn)


def test_every_role_is_known_and_the_newest_batch_is_sealed() -> None:
    assert {s.role for s in SETS} == {"dev", "regression", "development", "sealed"}
    assert SETS[-1].name == "fresh_sealed4" and SETS[-1].role == "sealed"
