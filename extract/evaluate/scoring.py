"""Scoring extracted facts against a gold standard, by the rules of the shared eval README.

Names are compared after one normalisation and alias folding (``goldnames``).
Matching is corpus-level on (subject, relation, object). Gold rows marked
optional are neither rewarded nor punished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from immunokg.extract.evaluate.goldfile import (
    GoldRow,
    PredictedRow,
    read_aliases,
    read_facts_tsv,
    read_gold,
)
from immunokg.extract.evaluate.goldnames import Aliases, alias_folding, normalise_for_scoring
from immunokg.extract.model import RELATIONS, Fact

Predicted = Fact | PredictedRow | Sequence[str]


@dataclass(frozen=True)
class Count:
    """Matches for one relation (or all): predicted counts only predictions that were scored."""

    relation: str
    gold: int
    predicted: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True)
class Miss:
    """A false positive (as printed by the system) or a false negative (as the gold names it)."""

    subject: str
    relation: str
    object: str
    status: str
    docs: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True)
class StatusMiss:
    """A treats fact found with a status the gold does not give it."""

    subject: str
    object: str
    predicted: tuple[str, ...]
    gold: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    """Everything a curator needs to see how the rules did, and why."""

    relations: tuple[Count, ...]
    overall: Count
    status_correct: int
    status_total: int
    false_positives: tuple[Miss, ...] = ()
    false_negatives: tuple[Miss, ...] = ()
    status_errors: tuple[StatusMiss, ...] = ()
    optional_matched: int = 0
    unscored: int = 0

    @property
    def status_accuracy(self) -> float | None:
        return self.status_correct / self.status_total if self.status_total else None

    def relation(self, name: str) -> Count:
        return next(count for count in self.relations if count.relation == name)

    def to_dict(self) -> dict[str, object]:
        def count(c: Count) -> dict[str, object]:
            return {
                **{k: getattr(c, k) for k in ("relation", "gold", "predicted", "tp", "fp", "fn")},
                **{k: _round(getattr(c, k)) for k in ("precision", "recall", "f1")},
            }

        return {
            "relations": [count(c) for c in self.relations],
            "overall": count(self.overall),
            "treats_status": {
                "correct": self.status_correct,
                "total": self.status_total,
                "accuracy": _round(self.status_accuracy),
                "errors": [vars(m) for m in self.status_errors],
            },
            "optional_matched": self.optional_matched,
            "unscored": self.unscored,
            "false_positives": [vars(m) for m in self.false_positives],
            "false_negatives": [vars(m) for m in self.false_negatives],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


Key = tuple[str, str, str]


def score(
    predicted: Iterable[Predicted], gold: Sequence[GoldRow], aliases: Aliases = None
) -> Scores:
    """Corpus-level precision, recall and F1 of ``predicted`` facts against ``gold`` rows."""
    folding = alias_folding(aliases)

    def key(subject: str, relation: str, obj: str) -> Key:
        s, o = normalise_for_scoring(subject), normalise_for_scoring(obj)
        return (folding.get(s, s), relation, folding.get(o, o))

    gold_by_key: dict[Key, list[GoldRow]] = {}
    for row in sorted(gold, key=lambda r: r.line):
        gold_by_key.setdefault(key(row.subject, row.relation, row.object), []).append(row)
    required = {k for k, rows in gold_by_key.items() if any(r.required for r in rows)}
    predicted_by_key: dict[Key, list[PredictedRow]] = {}
    unscored = 0
    for item in predicted:
        row = as_predicted_row(item)
        if row.relation not in RELATIONS:
            unscored += 1
            continue
        predicted_by_key.setdefault(key(row.subject, row.relation, row.object), []).append(row)
    scored = {k for k in predicted_by_key if k in required or k not in gold_by_key}
    counts = tuple(_count(name, required, scored) for name in RELATIONS)
    status_hits, status_errors = _status(required & scored, gold_by_key, predicted_by_key)
    return Scores(
        relations=counts,
        overall=Count("overall", *(sum(getattr(c, f) for c in counts) for f in _FIELDS)),
        status_correct=status_hits,
        status_total=status_hits + len(status_errors),
        false_positives=_sorted(_predicted_miss(predicted_by_key[k]) for k in scored - required),
        false_negatives=_sorted(_gold_miss(gold_by_key[k]) for k in required - scored),
        status_errors=tuple(status_errors),
        optional_matched=len(predicted_by_key.keys() - scored),
        unscored=unscored,
    )


_FIELDS = ("gold", "predicted", "tp", "fp", "fn")


def _count(relation: str, required: set[Key], scored: set[Key]) -> Count:
    gold = {k for k in required if k[1] == relation}
    found = {k for k in scored if k[1] == relation}
    tp = len(gold & found)
    return Count(relation, len(gold), len(found), tp, len(found) - tp, len(gold) - tp)


def _status(
    matched: set[Key], gold: dict[Key, list[GoldRow]], predicted: dict[Key, list[PredictedRow]]
) -> tuple[int, list[StatusMiss]]:
    """Treats facts whose predicted statuses all appear among the gold's required statuses."""
    hits, errors = 0, []
    for k in sorted(k for k in matched if k[1] == "treats"):
        gold_statuses = {row.status for row in gold[k] if row.required}
        found = {row.status for row in predicted[k]}
        if found <= gold_statuses:
            hits += 1
        else:
            first = next(row for row in gold[k] if row.required)
            errors.append(
                StatusMiss(
                    first.subject, first.object, tuple(sorted(found)), tuple(sorted(gold_statuses))
                )
            )
    return hits, errors


def _predicted_miss(rows: list[PredictedRow]) -> Miss:
    row = min(rows, key=lambda r: (r.subject, r.object, r.status))
    return Miss(row.subject, row.relation, row.object, row.status)


def _gold_miss(rows: list[GoldRow]) -> Miss:
    first = next(row for row in rows if row.required)
    docs = tuple(sorted({row.doc for row in rows if row.required}))
    return Miss(first.subject, first.relation, first.object, first.status, docs, first.evidence)


def _sorted(misses: Iterable[Miss]) -> tuple[Miss, ...]:
    return tuple(
        sorted(
            misses,
            key=lambda m: (RELATIONS.index(m.relation), m.subject.casefold(), m.object.casefold()),
        )
    )


def as_predicted_row(item: Predicted) -> PredictedRow:
    """A Fact, a PredictedRow or a (subject, relation, object, status) sequence, as a row."""
    if isinstance(item, PredictedRow):
        return item
    if isinstance(item, Fact):
        return PredictedRow(item.subject.label, item.relation, item.object_label, item.status)
    subject, relation, obj, status = item
    return PredictedRow(str(subject), str(relation), str(obj), str(status))


@dataclass(frozen=True)
class Evaluation:
    """Scores plus what the reader had to say about the texts or the gold set."""

    scores: Scores
    warnings: list[str] = field(default_factory=list)


def default_aliases_path(gold_path: str | Path) -> Path | None:
    """``x.gold.tsv`` has its aliases in ``x.aliases.tsv`` beside it, when that file exists."""
    gold_path = Path(gold_path)
    if not gold_path.name.endswith(".gold.tsv"):
        return None
    candidate = gold_path.with_name(gold_path.name.removesuffix(".gold.tsv") + ".aliases.tsv")
    return candidate if candidate.is_file() else None


def evaluate(
    gold_path: str | Path,
    *,
    aliases_path: str | Path | None = None,
    facts_path: str | Path | None = None,
    paths: Sequence[str | Path] = (),
) -> Evaluation:
    """Score a saved facts table, or extraction over ``paths`` (default: the seeds), against gold."""
    gold = read_gold(gold_path)
    aliases_path = aliases_path or default_aliases_path(gold_path)
    aliases = read_aliases(aliases_path) if aliases_path else None
    warnings: list[str] = []
    if facts_path is not None:
        predicted: list[Predicted] = list(read_facts_tsv(facts_path))
    else:
        predicted, warnings = _extract(paths, {row.doc for row in gold})
    return Evaluation(score(predicted, gold, aliases), warnings)


def _extract(paths: Sequence[str | Path], gold_docs: set[str]) -> tuple[list[Predicted], list[str]]:
    from immunokg.extract.engine.pipeline import extract_facts
    from immunokg.extract.read.bundled import seed_paths
    from immunokg.extract.read.corpus import read_corpus

    corpus = read_corpus(list(paths) or seed_paths())
    warnings = [*corpus.warnings, *(f"skipped: {problem}" for problem in corpus.problems)]
    missing = sorted(gold_docs - {document.id for document in corpus.documents})
    if missing:
        warnings.append(
            f"{len(missing)} gold document(s) not in the texts read, their facts count as missed: "
            + ", ".join(missing)
        )
    return list(extract_facts(corpus.documents)), warnings
