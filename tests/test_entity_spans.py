"""Entity span boundaries: labels, conjugate words from the lexicon, longest-first choice."""

from __future__ import annotations

from immunokg.extract.engine.entity_spans import (
    Candidate,
    longest_first,
    pattern_label,
    payload_words,
)
from immunokg.extract.rules.lexicon import load_lexicon


def test_pattern_labels_lower_case_title_words_only():
    assert pattern_label("Serplulimab", "Drug") == "serplulimab"
    assert pattern_label("HER2-positive Kibebaoma", "CancerType") == "HER2-positive kibebaoma"
    assert pattern_label("Tumor antigen", "Target") == "Tumor antigen"


def test_payload_words_come_from_lexicon_conjugates():
    words = payload_words(load_lexicon())
    assert {"deruxtecan", "vedotin"} <= words
    assert "cancer" not in words


def test_longer_span_wins_then_lexicon_over_pattern():
    short = Candidate(1, 2, "Drug", None, "drug-inn-mab")
    long = Candidate(0, 2, "CancerType", None, "cancer-site")
    later = Candidate(3, 4, "Drug", None, "drug-inn-mab")
    assert longest_first([short, later, long]) == [long, later]
