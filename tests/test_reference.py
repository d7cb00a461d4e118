"""Pointing words and asides: which phrases are merged, and which tokens an aside covers."""

from __future__ import annotations

import pytest
from extract_support import facts_of, statuses, triples

from immunokg.extract.engine.pipeline import _engine
from immunokg.extract.engine.tokens import marks


@pytest.fixture(scope="module")
def prepared():
    nlp, recognizer, relations = _engine()

    def run(text: str):
        return relations.prepare(recognizer(nlp(text)))

    return run


def _anaphors(doc) -> dict[str, str]:
    return {t.text: marks.anaphor(t) for t in doc if t.ent_type_ == "Anaphor"}


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


def test_place_year_and_stage_are_stepped_over_between_verb_and_object(tmp_path):
    text = (
        "Foximab is licensed in Europe for melanoma. Gemtuzumab was approved in 2025 for "
        "nasopharyngeal carcinoma. Belimumab is used after surgery for people with kidney cancer."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "treats", "melanoma") in found
    assert ("gemtuzumab", "treats", "nasopharyngeal cancer") in found
    assert ("belimumab", "treats", "kidney cancer") in found


def test_combination_partner_is_not_the_subject(tmp_path):
    text = "Doctors may use foximab together with chemotherapy to treat stomach cancer."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "treats", "gastric cancer") in found
    assert ("chemotherapy", "treats", "gastric cancer") not in found


def test_trial_with_a_partner_is_investigational_for_the_drug_only(tmp_path):
    text = "Foximab is new. It is being tested with nivolumab in people with melanoma."
    facts = facts_of(text, tmp_path)
    assert statuses(facts) == {("foximab", "melanoma"): "investigational"}


def test_treated_with_is_not_a_combination_partner(tmp_path):
    text = "Melanoma is often treated with foximab."
    assert ("foximab", "treats", "melanoma") in triples(facts_of(text, tmp_path))


def test_both_opening_a_clause_points_to_the_drugs_before(tmp_path):
    text = "Foximab and gemtuzumab target BCMA. Both are approved to treat multiple myeloma."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "treats", "multiple myeloma") in found
    assert ("gemtuzumab", "treats", "multiple myeloma") in found


def test_an_agent_set_off_by_not_is_no_subject(tmp_path):
    text = "Chemotherapy, not foximab, is the usual first treatment for pancreatic cancer."
    found = triples(facts_of(text, tmp_path))
    assert not any(s == "foximab" for s, _, _ in found)


def test_an_approval_aside_between_subject_and_verb(tmp_path):
    text = (
        "Zorbex (foximab), approved for melanoma in 2015, remains one of the few"
        " PD-1 inhibitors in routine use."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "in_class", "pd-1 inhibitor") in found
    assert ("foximab", "treats", "melanoma") in found


def test_a_drug_inside_an_approval_aside_is_not_the_subject(tmp_path):
    found = triples(facts_of("Foximab, licensed like nivolumab, is a PD-1 inhibitor.", tmp_path))
    assert ("foximab", "in_class", "pd-1 inhibitor") in found
    assert not any(s == "nivolumab" for s, _, _ in found)


def test_the_first_dose_points_to_the_one_drug_spoken_of(tmp_path):
    text = (
        "Foximab (Zorbex)\n\nFoximab targets CD38. The first dose can cause an infusion reaction.\n"
    )
    assert ("foximab", "has_side_effect", "infusion reaction") in triples(facts_of(text, tmp_path))


def test_the_first_dose_under_a_class_or_two_drugs_points_nowhere(tmp_path):
    text = (
        "# Checkpoint inhibitors\n\nThe first dose can cause fatigue.\n\n"
        "Foximab and nivolumab are PD-1 inhibitors. The first dose can cause a rash.\n\n"
        "Foximab targets CD38. Tell us if the infusion can cause pain.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "has_side_effect" for _, r, _ in found)


def test_a_side_effect_is_common_under_one_drug(tmp_path):
    text = "# Foximab\n\nFoximab targets CD38.\n\nSkin. A rash or itchy skin is common.\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "has_side_effect", "rash"),
        ("foximab", "has_side_effect", "itching"),
    } <= found


def test_is_common_needs_a_side_effect_first_and_no_population_after(tmp_path):
    text = (
        "# Overview\n\nFoximab targets CD38. Fatigue is common in people with cancer. "
        "Treatment is common.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "has_side_effect" for _, r, _ in found)


def test_is_common_belongs_to_every_drug_just_spoken_of(tmp_path):
    text = "# Antibodies\n\nFoximab and nivolumab are PD-1 inhibitors. Fatigue is common too.\n"
    found = triples(facts_of(text, tmp_path))
    assert {s for s, r, o in found if r == "has_side_effect" and o == "fatigue"} == {
        "foximab",
        "nivolumab",
    }


def test_a_frequency_table_row_credits_its_side_effects_to_the_one_drug(tmp_path):
    text = (
        "# Foximab\n\nThe table lists side effects.\n\n| How common | Side effect |\n|---|---|\n"
        "| Very common (more than 1 in 10 people) | Tiredness, rash |\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "fatigue") in found
    assert ("foximab", "has_side_effect", "rash") in found


def test_a_frequency_word_inside_a_table_cell_is_not_a_header(tmp_path):
    text = "# Foximab\n\n| Drug | Note |\n|---|---|\n| Foximab | Very common (1 in 10) | rash |\n"
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "rash") not in found


def test_a_heading_on_a_new_subject_ends_the_section_of_the_class_before(tmp_path):
    text = (
        "# Other treatments\n\nBesides checkpoint inhibitors, our clinic offers several other "
        "kinds of treatment that help the immune system.\n\n"
        "## Cancer vaccines\n\nThese teach the immune system.\n\n"
        "## Viruses that infect tumours\n\nFoovec is injected into the tumour. "
        "Most people get a fever.\n"
    )
    assert not {t for t in triples(facts_of(text, tmp_path)) if t[0] == "cancer vaccine"}


def test_a_heading_on_the_drug_s_care_keeps_its_section(tmp_path):
    text = "# Our clinic\n\n## Foximab\n\nFoximab is an antibody.\n\n## How is it given?\n\n"
    text += "Most people get a fever.\n"
    assert ("foximab", "has_side_effect", "fever") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    ("text", "effect"),
    [
        ("# Foximab\n\nFoximab can harm many organs. The commonest are rash and fever.\n", "rash"),
        ("# Foximab\n\nFoximab is an antibody. Myocarditis is rare but serious.\n", "myocarditis"),
        ("# Foximab\n\nFoximab is an antibody. Pneumonitis is less common.\n", "pneumonitis"),
    ],
)
def test_effects_said_common_or_rare_with_no_noun_belong_to_the_drug(text, effect, tmp_path):
    found = {(s, o) for s, r, o in triples(facts_of(text, tmp_path)) if r == "has_side_effect"}
    assert any(
        (s == "foximab" and effect in o) or o == "inflammation of the lungs" for s, o in found
    )


def test_the_most_common_before_a_noun_is_no_pointing_phrase(prepared):
    doc = prepared("The most common cancer in men is prostate cancer.")
    assert "section-effects" not in _anaphors(doc).values()


def test_a_restrictive_clause_after_the_subject_is_stepped_over(tmp_path):
    text = "Cancer vaccines that teach T cells to find CD19 are being tested for lymphoma.\n"
    assert statuses(facts_of(text, tmp_path)) == {("cancer vaccine", "lymphoma"): "investigational"}


def test_people_get_after_sentences_about_one_drug_is_that_drug_s(tmp_path):
    text = (
        "# Our unit\n\n## Newer options\n\nNivolumab is an antibody given by drip. "
        "It is usually given every two weeks. Most people get a mild fever and headaches.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert ("nivolumab", "has_side_effect", "fever") in found


def test_people_get_after_sentences_of_the_block_about_drugs_is_those_drugs_s(tmp_path):
    text = (
        "# Our unit\n\n## Nivolumab\n\nNivolumab is an antibody.\n\n## Risks\n\n"
        "Atezolizumab and durvalumab block PD-L1. They are given by drip. "
        "Most people get a mild fever.\n"
    )
    found = {t[0] for t in triples(facts_of(text, tmp_path)) if t[2] == "fever"}
    assert found == {"atezolizumab", "durvalumab"}


LISTED_BY_TARGET = (
    "# Our clinic\n\nWe give all four checkpoint inhibitors approved for lung cancer. "
    "Most are given every few weeks.\n\n"
    "Treatments that block PD-1:\n\n- nivolumab (Opdivo)\n- pembrolizumab\n\n"
    "Treatments that block PD-L1:\n\n- atezolizumab\n- durvalumab\n"
)


def test_a_bare_plural_heading_a_list_is_the_class_just_named_in_the_plural(tmp_path):
    found = triples(facts_of(LISTED_BY_TARGET, tmp_path))
    for drug in ("nivolumab", "pembrolizumab", "atezolizumab", "durvalumab"):
        assert (drug, "in_class", "checkpoint inhibitor") in found
    assert ("durvalumab", "targets", "pd-l1") in found
    # the relative clause restricts the class: it says nothing of the whole class
    assert not {t for t in found if t[0] == "checkpoint inhibitor" and t[1] == "targets"}


def test_a_bare_plural_heading_a_list_with_no_class_before_names_none(tmp_path):
    text = "# Our clinic\n\nWe see many patients.\n\nTreatments that block PD-1:\n\n- nivolumab\n"
    found = triples(facts_of(text, tmp_path))
    assert not {t for t in found if t[1] == "in_class"}


def test_a_class_noun_after_the_class_before_like(tmp_path):
    text = "Immunotherapy medicines like nivolumab and ipilimumab can cause a rash.\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("nivolumab", "in_class", "immunotherapy"),
        ("ipilimumab", "in_class", "immunotherapy"),
    } <= found


def test_all_of_these_drugs_is_every_drug_the_section_spoke_of(tmp_path):
    text = (
        "Nivolumab and pembrolizumab are PD-1 inhibitors. Ipilimumab blocks CTLA-4 instead.\n\n"
        "All of these medicines can cause a rash. These drugs can also cause diarrhoea.\n"
    )
    found = triples(facts_of(text, tmp_path, "doc.txt"))
    for drug in ("nivolumab", "pembrolizumab", "ipilimumab"):
        assert (drug, "has_side_effect", "rash") in found
        assert (drug, "has_side_effect", "diarrhea") in found


def test_these_drugs_without_all_is_the_latest_group_and_all_stops_at_a_new_subject(tmp_path):
    text = (
        "Nivolumab and pembrolizumab are PD-1 inhibitors. Ipilimumab blocks CTLA-4 instead.\n\n"
        "These medicines can cause a rash.\n"
    )
    found = triples(facts_of(text, tmp_path, "doc.txt"))
    assert ("ipilimumab", "has_side_effect", "rash") not in found
    text = (
        "# Our clinic\n\nNivolumab and pembrolizumab are PD-1 inhibitors.\n\n"
        "## Other treatments we offer\n\nIpilimumab blocks CTLA-4. Tremelimumab does too.\n\n"
        "All of these medicines can cause a rash.\n"
    )
    found = {t for t in triples(facts_of(text, tmp_path)) if t[2] == "rash"}
    assert {t[0] for t in found} == {"ipilimumab", "tremelimumab"}


def test_it_after_a_verb_of_causing_is_the_one_effect_the_sentence_before_named(tmp_path):
    text = "Nivolumab is an antibody. The main risk is colitis. It can cause it early on.\n"
    found = triples(facts_of(text, tmp_path, "doc.txt"))
    assert ("nivolumab", "has_side_effect", "inflammation of the intestines") in found
    two = "Nivolumab is an antibody. Colitis and fever are risks."
    alone = triples(facts_of(two + "\n", tmp_path, "doc.txt"))
    assert triples(facts_of(two + " It can cause it early on.\n", tmp_path, "doc.txt")) == alone


def test_the_same_pair_is_the_latest_two_drugs_named_together(tmp_path):
    text = (
        "Nivolumab and ipilimumab are both checkpoint inhibitors. They release two brakes.\n\n"
        "Doctors may offer them together for advanced melanoma.\n\n"
        "The same pair is also given for liver cancer and mesothelioma.\n"
    )
    found = triples(facts_of(text, tmp_path, "doc.txt"))
    for drug in ("nivolumab", "ipilimumab"):
        assert (drug, "treats", "mesothelioma") in found
    text = "Nivolumab, ipilimumab and relatlimab are antibodies.\n\nThe pair treats mesothelioma.\n"
    assert not {t for t in triples(facts_of(text, tmp_path, "doc.txt")) if t[1] == "treats"}


def test_the_items_of_a_list_are_drugs_named_together(tmp_path):
    text = (
        "# Our clinic\n\nWe offer these antibodies:\n\n- daratumumab (Darzalex)\n- isatuximab\n\n"
        "Both drugs are used to treat multiple myeloma.\n"
    )
    found = triples(facts_of(text, tmp_path))
    for drug in ("daratumumab", "isatuximab"):
        assert (drug, "treats", "multiple myeloma") in found
    three = text.replace("- isatuximab\n", "- isatuximab\n- elotuzumab\n")
    assert not {t for t in triples(facts_of(three, tmp_path)) if t[1] == "treats"}


@pytest.mark.parametrize(
    "text",
    [
        "Talquetamab binds GPRC5D. It can cause a rash.",  # a full stop after "5D" ends it
        "Talquetamab is an antibody. Commonly it causes a rash.",
        "Talquetamab is an antibody. Very frequently it causes a rash.",
    ],
)
def test_it_after_a_symbol_s_full_stop_or_a_frequency_adverb_is_the_drug(text, tmp_path):
    assert ("talquetamab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path, "d.txt"))


def test_n_of_them_before_a_colon_list_are_members_of_the_class_just_named(tmp_path):
    text = (
        "Checkpoint inhibitors release a brake on T cells. "
        "Two of them are given for lymphoma: nivolumab (Opdivo) and pembrolizumab.\n"
    )
    found = triples(facts_of(text, tmp_path, "d.txt"))
    assert {("nivolumab", "in_class", "checkpoint inhibitor")} <= found
    assert ("pembrolizumab", "in_class", "checkpoint inhibitor") in found
    # said of two members, not of the whole class
    assert ("checkpoint inhibitor", "treats", "lymphoma") not in found
