"""The spaCy pipeline: table rows as sentences, and text tests compiled to lexeme flags."""

from __future__ import annotations

import pytest
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher

from immunokg.extract.engine.nlp import build_nlp, flag_matcher, lexical_pattern

PATTERNS = [
    [{"LOWER": {"REGEX": "^[a-z]{3,}mab$"}}, {"LOWER": {"IN": ["and", "or"]}, "OP": "?"}],
    [{"TEXT": {"NOT_IN": ["(", ")"]}, "OP": "*"}, {"ORTH": {"IN": ["Keytruda"]}}],
    [{"LOWER": "the"}, {"ENT_TYPE": {"IN": ["", "Drug"]}}],
]
TEXT = "Nivolumab and the Keytruda (pembrolizumab) or rituximab were given."


def test_table_rows_are_sentences_of_their_own():
    doc = build_nlp()("Drug | Target | Cancer\nnivolumab | PD-1 | melanoma\nIt works.")
    assert [s.text.strip() for s in doc.sents] == [
        "Drug | Target | Cancer",
        "nivolumab | PD-1 | melanoma",
        "It works.",
    ]


def test_lines_without_bars_still_join():
    doc = build_nlp()("Nivolumab is a\nPD-1 inhibitor.")
    assert len(list(doc.sents)) == 1


def test_flag_matcher_finds_what_the_plain_matcher_finds():
    nlp = build_nlp()
    plain, flagged = Matcher(nlp.vocab), flag_matcher(nlp.vocab)
    for number, pattern in enumerate(PATTERNS):
        plain.add(str(number), [pattern])
        flagged.add(str(number), [pattern])
    doc = nlp(TEXT)
    assert sorted(flagged(doc)) == sorted(plain(doc))
    assert flagged(doc)


def test_text_tests_become_flags_and_token_tests_stay():
    nlp = build_nlp()
    compiled = lexical_pattern(nlp.vocab, PATTERNS[2] + PATTERNS[0])
    assert compiled[1] == {"ENT_TYPE": {"IN": ["", "Drug"]}}
    assert all(isinstance(key, int) for key in compiled[2])
    assert lexical_pattern(nlp.vocab, PATTERNS[0]) == lexical_pattern(nlp.vocab, PATTERNS[0])


def test_flag_matcher_still_validates_patterns_as_written():
    with pytest.raises(MatchPatternError):
        flag_matcher(build_nlp().vocab, validate=True).add("x", [[{"LOWER": {"IN": 3}}]])
