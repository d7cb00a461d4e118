"""Pointing words and asides: which phrases are merged, and which tokens an aside covers."""

from __future__ import annotations

import pytest

from immunokg.extract.pipeline import _engine


@pytest.fixture(scope="module")
def prepared():
    nlp, recognizer, relations = _engine()

    def run(text: str):
        return relations.prepare(recognizer(nlp(text)))

    return run


def _anaphors(doc) -> dict[str, str]:
    return {t.text: t._.anaphor for t in doc if t.ent_type_ == "Anaphor"}


def test_these_drugs_and_this_type_of_therapy_are_merged(prepared):
    doc = prepared("These three drugs help. It is an example of this type of therapy.")
    assert _anaphors(doc) == {
        "These three drugs": "topic-these",
        "It": "topic-pronoun",
        "this type of therapy": "heading-this-type",
    }


def test_pronoun_inside_a_clause_is_not_a_subject(prepared):
    assert _anaphors(prepared("Doctors think about it every day.")) == {}
    assert _anaphors(prepared("Doctors use it to treat melanoma.")) == {"it": "topic-object"}


def test_side_effects_opening_a_sentence_point_to_the_section(prepared):
    assert _anaphors(prepared("The most common side effects are rash.")) == {
        "The most common side effects": "section-effects"
    }
    assert _anaphors(prepared("The side effects of foximab are rash.")) == {}


def test_which_clause_and_parenthesis_are_asides(prepared):
    doc = prepared("Foximab (Zorbex), which blocks PD-1, is approved.")
    asides = [t.text for t in doc if "a" in t.tag_]
    assert asides == ["(", "Zorbex", ")", ",", "which", "blocks", "PD-1", ","]
    clause = [t.text for t in doc if "c" in t.tag_]
    assert clause == [",", "which", "blocks", "PD-1", ","]
