"""Bare "This", "These" and "The combination" as subject: resolved one sentence back, or not at all."""

from __future__ import annotations

from extract_support import facts_of, triples


def test_this_points_to_the_one_agent_the_sentence_before_opens_with(tmp_path):
    text = (
        "CAR-T cells multiply and release large amounts of cytokines. "
        "This can lead to cytokine release syndrome."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("car t-cell therapy", "has_side_effect", "cytokine release syndrome") in found


def test_this_after_a_sentence_opening_with_two_drugs_stays_unresolved(tmp_path):
    text = (
        "Nivolumab and pembrolizumab release a brake on T cells. "
        "This can lead to cytokine release syndrome."
    )
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "has_side_effect" for _, r, _ in found)


def test_this_does_not_reach_into_the_paragraph_before(tmp_path):
    text = (
        "CAR-T cells multiply and release cytokines.\n\nThis can lead to cytokine release syndrome."
    )
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "has_side_effect" for _, r, _ in found)


def test_these_points_to_the_drugs_the_sentence_before_names(tmp_path):
    text = (
        "For myeloma there are two products, idecabtagene vicleucel and ciltacabtagene "
        "autoleucel. These recognise BCMA."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("idecabtagene vicleucel", "targets", "bcma") in found
    assert ("ciltacabtagene autoleucel", "targets", "bcma") in found


def test_these_after_one_drug_stays_unresolved(tmp_path):
    text = "Idecabtagene vicleucel is given once in hospital. These recognise BCMA."
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "targets" for _, r, _ in found)


def test_the_combination_points_to_the_drugs_given_together(tmp_path):
    text = (
        "Nivolumab is sometimes given together with ipilimumab. Ipilimumab works on a "
        "different checkpoint. The combination is an option for some people with melanoma."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("nivolumab", "treats", "melanoma") in found
    assert ("ipilimumab", "treats", "melanoma") in found


def test_the_combination_after_another_drug_is_named_stays_unresolved(tmp_path):
    text = (
        "Nivolumab is sometimes given together with ipilimumab. Pembrolizumab works on "
        "PD-1. The combination is an option for some people with melanoma."
    )
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "treats" for _, r, _ in found)


def test_pronoun_after_a_question_word_points_to_the_drug_asked_about(tmp_path):
    found = triples(facts_of("## What is BCG and how does it treat bladder cancer?\n", tmp_path))
    assert ("bcg", "treats", "bladder cancer") in found


def test_pronoun_inside_a_clause_without_a_question_word_stays_unresolved(tmp_path):
    found = triples(
        facts_of("## What is BCG and does the trial say it treats bladder cancer?\n", tmp_path)
    )
    assert not any(r == "treats" for _, r, _ in found)


def test_the_vaccine_points_to_the_drug_the_page_named_it(tmp_path):
    text = (
        "The vaccine, known as intismeran autogene, is made for each patient.\n\n"
        "The vaccine is now being tested in people with lung cancer."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("intismeran autogene", "treats", "lung cancer") in found


def test_the_vaccine_never_named_or_named_twice_stays_unresolved(tmp_path):
    unnamed = "The vaccine is now being tested in people with lung cancer."
    assert not triples(facts_of(unnamed, tmp_path))
    twice = (
        "The vaccine, known as intismeran autogene, is made for each patient. Another team "
        "tested the vaccine, called sipuleucel-T.\n\n"
        "The vaccine is now being tested in people with lung cancer."
    )
    found = triples(facts_of(twice, tmp_path))
    assert not any(r == "treats" for _, r, _ in found)
