"""Slot expansion over lists: joiners, parentheses, inclusive words, and where a list stops."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples

from immunokg.extract.engine.coordination import expand
from immunokg.extract.engine.pipeline import _engine


@pytest.fixture(scope="module")
def members():
    nlp, recognizer, relations = _engine()

    def run(text: str, word: str, brands: bool = False) -> list[str]:
        doc = relations.prepare(recognizer(nlp(text)))
        sent = next(iter(doc.sents))
        i = next(t.i for t in doc if t.text == word)
        return [m if isinstance(m, str) else m.id for _, m in expand(sent, i, set(), brands)]

    return run


def test_brand_units_name_their_drugs_on_both_sides(members):
    found = members(
        "Keytruda (pembrolizumab), Opdivo (nivolumab) and Libtayo (cemiplimab) work.", "Opdivo"
    )
    assert sorted(found) == ["cemiplimab", "nivolumab", "pembrolizumab"]


def test_including_extends_a_list_of_cancers_but_not_of_drugs(members):
    cancers = members(
        "It treats blood cancers, including some types of leukemia and lymphoma.", "blood cancers"
    )
    assert cancers == ["blood-cancer", "leukemia", "lymphoma"]
    drugs = members("Pembrolizumab, including nivolumab, works.", "Pembrolizumab")
    assert drugs == ["pembrolizumab"]


def test_a_list_stops_at_a_word_that_is_not_a_joiner(members):
    assert members("Melanoma responds but lymphoma does not.", "Melanoma") == ["melanoma"]


def test_brands_inside_one_parenthesis(members):
    assert members("Imiquimod (Aldara®, Zyclara®) is a cream.", "Aldara®", brands=True) == [
        "Aldara",
        "Zyclara",
    ]


def test_target_list_skips_where_the_target_sits(members):
    found = members("They block PD-1 on T cells or PD-L1 on tumour cells.", "PD-1")
    assert found == ["pd-1", "pd-l1"]


def test_articles_inside_a_list_of_side_effects(tmp_path):
    text = "Possible side effects of foximab are tiredness, an itchy rash and a tummy upset."
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "has_side_effect", "fatigue"),
        ("foximab", "has_side_effect", "itchy rash"),
        ("foximab", "has_side_effect", "upset stomach"),
    } <= found


def test_repeated_for_inside_a_list_of_cancers(tmp_path):
    text = "Foximab is used for blood cancers and for solid tumours."
    assert ("foximab", "treats", "solid tumor") in triples(facts_of(text, tmp_path))


def test_a_frequency_aside_inside_a_list_of_side_effects(members):
    found = members("It causes rash and, rarely, fatigue.", "rash")
    assert found == ["rash", "fatigue"]
    # a frequency word not set off after a joiner still ends the list
    assert members("It causes rash rarely fatigue.", "rash") == ["rash"]


def test_where_on_the_body_inside_a_list_of_side_effects(members):
    text = "It causes rash, numbness or tingling in the hands and feet, and fatigue."
    assert members(text, "rash") == ["rash", "numbness", "tingling", "fatigue"]
    # a place that is not a body part, or no list comma after it, ends the list
    assert members("It causes tingling in the clinic, and fatigue.", "tingling") == ["tingling"]
    assert members("It causes tingling in the hands and fatigue.", "tingling") == ["tingling"]


def test_for_people_with_between_two_cancers(members):
    text = "It is an option for some people with melanoma and for people with lymphoma."
    assert members(text, "melanoma") == ["melanoma", "lymphoma"]
    # without a joiner the people phrase does not continue the list
    assert members("It helps melanoma for people with lymphoma.", "melanoma") == ["melanoma"]
    # people without "with" is not a list continuation
    text = "It treats melanoma and for people who smoke, lymphoma."
    assert members(text, "melanoma") == ["melanoma"]


def test_a_verb_said_once_serves_each_drug_and_cancer_pair_after_it(tmp_path):

    text = (
        "Newer antibodies are now given in haematology clinics: foximab in follicular lymphoma, "
        "barlimab and corilimab in multiple myeloma, and dexalimab in mantle cell lymphoma.\n"
    )
    found = {t for t in triples(facts_of(text, tmp_path)) if t[1] == "treats"}
    assert found == {
        ("foximab", "treats", "follicular lymphoma"),
        ("barlimab", "treats", "multiple myeloma"),
        ("corilimab", "treats", "multiple myeloma"),
        ("dexalimab", "treats", "mantle cell lymphoma"),
    }


def test_a_list_of_drugs_steps_over_their_settings_and_partners(tmp_path):

    text = (
        "Kidney cancer: foximab with barlimab, or corilimab with a kinase inhibitor.\n\n"
        "Checkpoint inhibitors now in use: foximab in melanoma, corilimab in lung cancer.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "treats", "kidney cancer"),
        ("corilimab", "treats", "kidney cancer"),
    } <= found
    assert ("barlimab", "treats", "kidney cancer") not in found
    classes = {s for s, r, o in found if r == "in_class" and o == "checkpoint inhibitor"}
    assert classes == {"foximab", "corilimab"}


def test_a_plain_list_after_the_verb_is_no_gapping(tmp_path):
    text = "A trial added foximab to barlimab and chemotherapy for small cell lung cancer.\n"
    subjects = {s for s, r, _ in triples(facts_of(text, tmp_path)) if r == "treats"}
    assert "chemotherapy" not in subjects
