"""Side effects as other genres say them: a trial report's graded events, a Medication
Guide's effect subheadings, an agentless statistic on a page about one drug, a clause that
leans on the sentence's subject, a combination product, tables and lists of several kinds."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples


@pytest.mark.parametrize(
    "sentence",
    [
        "Grade 3 or higher events included a rash.",
        "Serious adverse events included a rash.",
        "Treatment-related adverse events were a rash and nausea.",
    ],
)
def test_a_trial_reports_graded_events_of_the_drug_it_tested(tmp_path, sentence):
    text = f"# Trial results\n\nThe study tested cemiplimab in cervical cancer. {sentence}\n"
    assert ("cemiplimab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path))


GUIDE = """MEDICATION GUIDE
Bavencio (avelumab)

What are the possible side effects of Bavencio?

Bavencio can cause serious side effects, including:

Lung problems (pneumonitis). Signs and symptoms of pneumonitis may include:
- chest pain
- new or worse cough

Kidney problems (nephritis)
Signs of kidney problems may include:
- blood in your urine

Getting medical help right away may keep these problems from becoming more serious.

Headache. Call your doctor if it does not go away.
"""


def test_a_medication_guide_subheading_names_an_effect_of_the_line_above(tmp_path):
    found = triples(facts_of(GUIDE, tmp_path, "guide.txt"))
    assert {
        ("avelumab", "has_side_effect", "inflammation of the lungs"),
        ("avelumab", "has_side_effect", "kidney problems"),
    } <= found


def test_the_symptoms_under_a_subheading_are_not_effects(tmp_path):
    effects = {o for _, r, o in triples(facts_of(GUIDE, tmp_path, "guide.txt"))}
    assert not effects & {"chest pain", "cough", "blood in the urine"}


def test_a_line_that_opens_with_an_effect_after_other_text_is_no_subheading(tmp_path):
    effects = {o for _, r, o in triples(facts_of(GUIDE, tmp_path, "guide.txt"))}
    assert "headache" not in effects


@pytest.mark.parametrize(
    "sentence",
    [
        "Cytokine release syndrome occurs in up to 70% of patients.",
        "Cytokine release syndrome was reported in about half of the people.",
    ],
)
def test_a_share_of_patients_on_a_page_about_one_drug_is_that_drugs(tmp_path, sentence):
    text = f"# Talquetamab: notes for clinicians\n\n{sentence}\n"
    expected = ("talquetamab", "has_side_effect", "cytokine release syndrome")
    assert expected in triples(facts_of(text, tmp_path))


def test_a_share_of_patients_on_another_drug_is_not_the_pages(tmp_path):
    text = "# Talquetamab\n\nA rash occurred in 30% of patients receiving placebo.\n"
    assert not any(r == "has_side_effect" for _, r, _ in triples(facts_of(text, tmp_path)))


def test_a_header_whose_bracket_closes_before_its_colon_introduces_its_list(tmp_path):
    text = (
        "What to expect with durvalumab\n\n"
        "Common side effects (affecting more than 1 in 10 people):\n- a cough\n"
    )
    found = triples(facts_of(text, tmp_path, "leaflet.txt"))
    assert ("durvalumab", "has_side_effect", "cough") in found


@pytest.mark.parametrize("modifier", ["Serious", "Severe", "The most common"])
def test_reactions_to_a_drug_with_a_modifier_before_them(tmp_path, modifier):
    text = f"{modifier} reactions to avelumab include a rash.\n"
    assert ("avelumab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    "phrase", ["The main problem with both drugs", "Side effects of both medicines"]
)
def test_both_after_an_effect_nouns_preposition_stands_for_the_pair(tmp_path, phrase):
    text = f"Avelumab and durvalumab block PD-L1. {phrase} include a rash.\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("avelumab", "has_side_effect", "rash"),
        ("durvalumab", "has_side_effect", "rash"),
    } <= found


def test_both_drugs_after_a_partners_with_is_still_no_subject(tmp_path):
    text = "Avelumab and durvalumab block PD-L1. Foximab is used with both drugs for melanoma.\n"
    found = triples(facts_of(text, tmp_path))
    assert not any(s in ("avelumab", "durvalumab") and r == "treats" for s, r, _ in found)


@pytest.mark.parametrize("aside", ["usually within a day of the first dose", "mostly mild"])
def test_an_aside_between_two_effects_does_not_end_their_list(tmp_path, aside):
    text = f"Tarlatamab can cause cytokine release syndrome, {aside}, and a headache.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("tarlatamab", "has_side_effect", "headache") in found


def test_an_aside_that_names_a_drug_ends_the_list(tmp_path):
    text = "Tarlatamab can cause a rash, usually unlike nivolumab, and a headache.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("tarlatamab", "has_side_effect", "headache") not in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Aldesleukin lets fluid seep out of small blood vessels, leading to swelling.",
        "Aldesleukin can cause capillary leak syndrome, in which fluid seeps out, causing swelling.",
        "Doctors watch closely because aldesleukin makes vessels leaky, resulting in swelling.",
    ],
)
def test_a_clause_closing_on_a_gerund_says_what_the_drug_brings_about(tmp_path, sentence):
    assert ("aldesleukin", "has_side_effect", "swelling") in triples(facts_of(sentence, tmp_path))


def test_a_gerund_clause_after_a_second_drug_is_not_the_firsts(tmp_path):
    text = "Aldesleukin was replaced by nivolumab in many clinics, leading to less swelling.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("aldesleukin", "has_side_effect", "swelling") not in found


def test_an_effect_of_a_fixed_combination_product_is_each_of_its_drugs(tmp_path):
    text = "Starting Opdualag: a guide\n\nVery common:\n- itching\n\nOpdualag can cause a rash.\n"
    found = triples(facts_of(text, tmp_path, "guide.txt"))
    expected = {
        (d, "has_side_effect", e) for d in ("nivolumab", "relatlimab") for e in ("itching", "rash")
    }
    assert expected <= found
    assert not any(s == "nivolumab and relatlimab" and r == "has_side_effect" for s, r, _ in found)


def test_a_relative_clause_between_two_effects_does_not_end_their_list(tmp_path):
    text = "Foximab can cause cytokine release syndrome, which often begins with a fever, and a rash.\n"
    assert ("foximab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize("verb", ["raises", "increases"])
def test_a_drug_that_raises_the_risk_of_an_effect(tmp_path, verb):
    text = f"Teclistamab {verb} the risk of infections.\n"
    assert ("teclistamab", "has_side_effect", "infection") in triples(facts_of(text, tmp_path))


TABLE = """<html><body><h1>Our antibody clinic</h1>
<table><tr><th>Medicine</th><th>Target</th></tr>
<tr><td>teclistamab</td><td>BCMA</td></tr>
<tr><td>talquetamab</td><td>GPRC5D</td></tr></table>
<h2>What to expect</h2>
<p>All of these medicines can cause a rash.</p>
</body></html>
"""


def test_all_of_these_after_a_table_counts_the_tables_drugs(tmp_path):
    found = triples(facts_of(TABLE, tmp_path, "clinic.html"))
    assert {
        ("teclistamab", "has_side_effect", "rash"),
        ("talquetamab", "has_side_effect", "rash"),
    } <= found


@pytest.mark.parametrize(
    "sentence", ["Some people have developed seizures.", "Some patients later had seizures."]
)
def test_people_who_have_had_an_effect_on_a_page_about_one_drug(tmp_path, sentence):
    text = f"# Blinatumomab\n\n{sentence}\n"
    assert ("blinatumomab", "has_side_effect", "seizure") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    "sentence",
    [
        "Blinatumomab has two main side effects: seizures and a rash.",
        "Blinatumomab and tebentafusp share some serious adverse effects, such as seizures.",
    ],
)
def test_a_drug_that_has_or_shares_effects_named_after_a_colon(tmp_path, sentence):
    assert ("blinatumomab", "has_side_effect", "seizure") in triples(facts_of(sentence, tmp_path))


def test_a_medication_guide_list_for_the_drug_with_a_named_partner_is_the_drugs(tmp_path):
    text = (
        "The most common side effects of Yervoy when used in combination with nivolumab "
        "include:\n- fever\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert ("ipilimumab", "has_side_effect", "fever") in found
    assert ("nivolumab", "has_side_effect", "fever") not in found


@pytest.mark.parametrize(
    "sentence", ["Low blood pressure can also happen.", "Infections may sometimes occur."]
)
def test_an_effect_that_can_happen_on_a_page_about_one_drug_is_its(tmp_path, sentence):
    text = f"# Tebentafusp\n\nTebentafusp is given weekly. {sentence}\n"
    found = {o for s, r, o in triples(facts_of(text, tmp_path)) if s == "tebentafusp"}
    assert found & {"low blood pressure", "infection"}


def test_an_effect_that_can_happen_with_another_drug_is_that_drugs_only(tmp_path):
    text = "# Tebentafusp\n\nLow blood pressure can also happen with aldesleukin.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("tebentafusp", "has_side_effect", "low blood pressure") not in found


def test_a_table_of_effects_and_how_common_they_are_is_the_page_drugs(tmp_path):
    text = (
        "# Durvalumab\n\n| Side effect | How often |\n|---|---|\n"
        "| Cough | Very common |\n| Pneumonitis | Uncommon |\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {
        ("durvalumab", "has_side_effect", "cough"),
        ("durvalumab", "has_side_effect", "inflammation of the lungs"),
    } <= found
    assert not any(o.startswith(("very", "uncommon")) for _, _, o in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "Neutropenia and a rash are also frequent.",
        "Tiredness and a rash are the most common.",
    ],
)
def test_effects_said_to_be_common_in_other_words_are_the_drugs(tmp_path, sentence):
    text = f"# Elranatamab\n\nElranatamab is given weekly. {sentence}\n"
    assert ("elranatamab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path))


def test_organs_with_their_effects_in_brackets_make_one_list(tmp_path):
    text = (
        "Cemiplimab can inflame the skin (dermatitis), liver (hepatitis) and lungs (pneumonitis).\n"
    )
    found = {o for s, r, o in triples(facts_of(text, tmp_path)) if s == "cemiplimab"}
    assert {"inflammation of the liver", "inflammation of the lungs"} <= found


def test_a_relative_clause_after_one_effect_of_a_list_does_not_end_it(tmp_path):
    text = "Side effects of lifileucel include low blood counts that can last weeks, and serious infections.\n"
    assert ("lifileucel", "has_side_effect", "infection") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize("word", ["characteristic", "typical"])
def test_an_effect_characteristic_of_a_drug(tmp_path, word):
    text = f"A rash is {word} of relatlimab.\n"
    assert ("relatlimab", "has_side_effect", "rash") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize("opening", ["", "Serious but uncommon: "])
def test_the_immune_system_inflaming_organs_on_a_drugs_page_is_the_drugs_effect(tmp_path, opening):
    text = (
        f"Starting nivolumab\n\n{opening}Your immune system can inflame the lungs or the liver.\n"
    )
    found = triples(facts_of(text, tmp_path, "handout.txt"))
    assert ("nivolumab", "has_side_effect", "inflammation of the liver") in found


def test_the_immune_system_inside_a_sentence_points_at_nothing(tmp_path):
    text = "# Nivolumab\n\nThis drug helps your immune system inflame tumours in the liver.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("nivolumab", "has_side_effect", "inflammation of the liver") not in found


def test_a_kind_of_all_effects_heads_a_list_as_side_effects_does(tmp_path):
    text = (
        "# Checkpoint inhibitors\n\nCheckpoint inhibitors can cause immune-related adverse "
        "events (irAEs). Common irAEs include hepatitis and a rash.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert ("checkpoint inhibitor", "has_side_effect", "rash") in found


def test_an_effect_of_another_kind_heading_a_sentence_heads_no_list(tmp_path):
    text = "# Nivolumab\n\nInfusion reactions include fever and chills.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("nivolumab", "has_side_effect", "chills") not in found
