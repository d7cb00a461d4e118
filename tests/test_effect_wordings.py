"""Side effects said through the people who take a drug or the problems "with" it: wordings
of patient leaflets and trial summaries, each a construction meeting a trigger word."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples


@pytest.mark.parametrize(
    "sentence",
    [
        "Patients taking nivolumab may develop a rash.",
        "Some patients on nivolumab get a rash.",
        "Many people treated with nivolumab reported a rash.",
        "People who receive nivolumab can have a rash.",
    ],
)
def test_people_on_a_drug_experience_its_effect(tmp_path, sentence):
    assert ("nivolumab", "has_side_effect", "rash") in triples(facts_of(sentence, tmp_path))


def test_people_on_a_drug_name_every_effect_of_their_list(tmp_path):
    text = "People taking avelumab often have fatigue, nausea and diarrhea.\n"
    found = triples(facts_of(text, tmp_path))
    assert {("avelumab", "has_side_effect", e) for e in ("fatigue", "nausea", "diarrhea")} <= found


def test_people_with_a_cancer_are_not_people_on_a_drug(tmp_path):
    text = "Patients with melanoma who develop a rash may take nivolumab.\n"
    assert not any(r == "has_side_effect" for _, r, _ in triples(facts_of(text, tmp_path)))


def test_some_people_alone_still_point_at_the_section_drug(tmp_path):
    text = "# Foximab\n\nSome people get a rash.\n"
    assert ("foximab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize("noun", ["problem", "side effect", "complication"])
def test_the_commonest_problem_with_a_drug_is_its_effect(tmp_path, noun):
    text = f"The most common {noun} with cemiplimab is fatigue.\n"
    assert ("cemiplimab", "has_side_effect", "fatigue") in triples(facts_of(text, tmp_path))


def test_drugs_after_a_verb_with_are_still_partners(tmp_path):
    text = "It is used with pomalidomide and dexamethasone to treat myeloma.\n"
    found = triples(facts_of(text, tmp_path))
    assert not any(s in ("pomalidomide", "dexamethasone") for s, _, _ in found)


def test_a_medication_guide_line_said_of_the_drug_used_alone(tmp_path):
    text = "The most common side effects of nivolumab when used alone include rash and diarrhea.\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("nivolumab", "has_side_effect", "rash"),
        ("nivolumab", "has_side_effect", "diarrhea"),
    } <= found


def test_reactions_to_a_drug(tmp_path):
    found = triples(facts_of("Reactions to nivolumab include a rash.\n", tmp_path))
    assert ("nivolumab", "has_side_effect", "rash") in found


def test_and_also_continues_a_list_of_effects(tmp_path):
    text = "Nivolumab can cause a rash, and also diarrhea.\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("nivolumab", "has_side_effect", "rash"),
        ("nivolumab", "has_side_effect", "diarrhea"),
    } <= found


@pytest.mark.parametrize(
    "sentence",
    [
        "In the trial, a rash occurred in 12% of patients treated with nivolumab.",
        "A rash was reported in up to 5 percent of people receiving nivolumab.",
        "A rash was seen in about a third of patients on nivolumab.",
    ],
)
def test_an_effect_in_a_share_of_the_people_on_a_drug(tmp_path, sentence):
    assert ("nivolumab", "has_side_effect", "rash") in triples(facts_of(sentence, tmp_path))


def test_a_cancer_in_a_share_of_patients_is_no_side_effect(tmp_path):
    text = "Melanoma shrank in 40% of patients treated with nivolumab.\n"
    assert not any(r == "has_side_effect" for _, r, _ in triples(facts_of(text, tmp_path)))
