"""Classes inside classes (subclass_of) and a class named by a pattern before its noun, in
wordings of encyclopedias, leaflets and news: "Cs called D", "a subtype of C", "the main
types of C are A and B", "an anti-TIGIT monoclonal antibody", "doctors count them as C"."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples


@pytest.mark.parametrize(
    ("text", "subclass", "klass"),
    [
        (
            "Several kinds of immunotherapy, known as cancer vaccines, teach the body.",
            "cancer vaccine",
            "immunotherapy",
        ),
        (
            "Immunotherapy medicines called checkpoint inhibitors take the brakes off.",
            "checkpoint inhibitor",
            "immunotherapy",
        ),
        (
            "Some cancer vaccines, known as dendritic cell vaccines, are made from blood.",
            "dendritic cell vaccine",
            "cancer vaccine",
        ),
        (
            "PD-1 inhibitors are a subclass of checkpoint inhibitors.",
            "pd-1 inhibitor",
            "checkpoint inhibitor",
        ),
        (
            "Oncolytic viruses are a newer branch of immunotherapy.",
            "oncolytic virus",
            "immunotherapy",
        ),
    ],
)
def test_a_class_named_inside_another_is_its_subclass(tmp_path, text, subclass, klass):
    assert (subclass, "subclass_of", klass) in triples(facts_of(text, tmp_path))


def test_the_class_that_describes_a_drug_is_no_subclass_of_the_class_it_renames(tmp_path):
    """Both classes describe the drug: the one named last is meant, neither holds the other."""
    text = "Foximab is a kind of targeted drug called a bispecific antibody.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "in_class", "bispecific antibody") in found
    assert not any(r == "subclass_of" for _, r, _ in found)


def test_the_group_after_types_of_is_not_the_subject_of_the_copula(tmp_path):
    text = "The three main types of immunotherapy are checkpoint inhibitors, cancer vaccines and CAR T-cell therapy.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("cancer vaccine", "subclass_of", "immunotherapy") in found
    assert not any(s == "immunotherapy" for s, _, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Barolimab, an investigational anti-TIGIT monoclonal antibody, is in phase 3 trials.",
        "Barolimab is an experimental anti-TIGIT monoclonal antibody.",
    ],
)
def test_a_pattern_class_before_a_class_noun_gives_its_target_and_the_noun(tmp_path, text):
    found = triples(facts_of(text, tmp_path))
    assert ("barolimab", "in_class", "monoclonal antibody") in found
    assert ("barolimab", "targets", "tigit") in found
    assert not any(o.startswith("anti-") for _, r, o in found if r == "in_class")


def test_a_class_name_ending_in_a_broader_class_names_both(tmp_path):
    text = "Foximab is an anti-CD38 monoclonal antibody given weekly.\n"
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "in_class", "anti-cd38 antibody"),
            ("foximab", "in_class", "monoclonal antibody"),
            ("foximab", "targets", "cd38")} <= found  # fmt: skip


def test_a_bare_class_word_at_the_end_of_a_name_is_no_broader_class(tmp_path):
    """ "therapy" or "antibody" alone would make every class a member of one."""
    found = triples(facts_of("Foximab is a PD-1 antibody.\n", tmp_path))
    assert {o for _, r, o in found if r == "in_class"} == {"pd-1 inhibitor"}


@pytest.mark.parametrize(
    "text",
    [
        "Foximab and barolimab calm the immune system. Specialists class them as immunosuppressants.",
        "Foximab and barolimab calm the immune system, so specialists class them as immunosuppressants.",
    ],
)
def test_them_after_a_naming_verb_stands_for_the_drugs_before(tmp_path, text):
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "in_class", "immunosuppressant") in found
    assert ("barolimab", "in_class", "immunosuppressant") in found


def test_them_after_another_verb_stands_for_nothing(tmp_path):
    text = "Foximab and barolimab calm the immune system. Specialists watch them as immunosuppressants.\n"
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "in_class" for _, r, _ in found)
