"""The engine end to end: evidence located in the original file, merging, determinism, dev-gold quality."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_support import EXTRACT_DATA, facts_of

from immunokg.extract.bundled import seed_paths
from immunokg.extract.corpus import read_corpus
from immunokg.extract.evaluate import evaluate
from immunokg.extract.pipeline import extract_facts
from immunokg.extract.table import facts_jsonl

EVAL = Path(__file__).parent / "data" / "eval"


@pytest.fixture(scope="module")
def seed_facts():
    corpus = read_corpus(seed_paths())
    return corpus.documents, extract_facts(corpus.documents)


def test_evidence_offsets_point_at_the_sentence_in_the_original_file(seed_facts):
    documents, facts = seed_facts
    originals = {doc.id: Path(doc.path).read_text(encoding="utf-8") for doc in documents}
    checked = 0
    for fact in facts:
        for ev in fact.evidence:
            if " … " in ev.sentence or ": " in ev.sentence:
                continue  # a list item glued to its header spans both lines
            original = originals[ev.document][ev.start : ev.end]
            words = _words(ev.sentence)
            assert _words(original)[:1] == words[:1] and _in_order(words, _words(original)), (
                ev.sentence,
                original,
            )
            checked += 1
    assert checked > 100


def test_markdown_offsets_skip_link_markup(tmp_path):
    text = "Intro line.\n\n[Foximab](http://x.org/a) is used to treat **bladder cancer**.\n"
    (fact,) = facts_of(text, tmp_path)
    (ev,) = fact.evidence
    assert text[ev.start : ev.end].startswith("Foximab](http://x.org/a) is used")
    assert text[ev.start : ev.end].endswith("cancer**.")


def test_every_fact_has_evidence_with_a_rule(seed_facts):
    _, facts = seed_facts
    assert facts and all(fact.evidence for fact in facts)
    assert all(ev.rule and ev.document for fact in facts for ev in fact.evidence)


def test_same_fact_from_two_sentences_keeps_both_evidences(tmp_path):
    text = "Foximab is approved for melanoma.\n\nDoctors say foximab is used to treat melanoma.\n"
    (fact,) = facts_of(text, tmp_path)
    assert len(fact.evidence) == 2
    assert len({ev.start for ev in fact.evidence}) == 2


def test_parallel_extraction_gives_the_same_output(seed_facts):
    documents, facts = seed_facts
    assert facts_jsonl(extract_facts(documents, jobs=2)) == facts_jsonl(facts)


def test_dev_gold_scores_hold():
    scores = evaluate(EVAL / "seeds.gold.tsv").scores
    assert scores.overall.precision >= 0.95
    assert scores.overall.recall >= 0.90
    for count in scores.relations:
        assert count.precision is None or count.precision >= 0.85, count.relation
        assert count.recall is None or count.recall >= 0.85, count.relation


def test_unseen_texts_score_above_the_generalisation_bar():
    paths = sorted(EXTRACT_DATA.glob("unseen_*.*"))
    scores = evaluate(
        EXTRACT_DATA / "unseen.gold.tsv", aliases_path=EVAL / "seeds.aliases.tsv", paths=paths
    ).scores
    assert scores.overall.precision >= 0.90
    assert scores.overall.recall >= 0.80


def _words(text: str) -> list[str]:
    """Words of a text once Markdown marks inside words ("p[omalidomide]") are removed."""
    text = text.replace("[", "").replace("]", "").replace("*", "")
    return "".join(c if c.isalnum() else " " for c in text).split()


def _in_order(words: list[str], within: list[str]) -> bool:
    """The sentence's words appear in the original in order (markup may sit between them)."""
    rest = iter(within)
    return all(word in rest for word in words)
