"""A group described by what its members do, then the members ("Drugs that target X include
A and B"), and what a bracket or ", which" clause after one of several coordinated drugs says:
said of that drug only, never swapped onto the others."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples


@pytest.mark.parametrize(
    "text",
    [
        "Medicines that switch off LAG-3 include foximab and barolimab.",
        "Antibodies which latch onto LAG-3 include foximab and barolimab.",
        "Agents directed against LAG-3 include foximab and barolimab.",
        "Treatments targeting LAG-3 are foximab and barolimab.",
        "Two drugs that block LAG-3: foximab and barolimab.",
    ],
)
def test_a_group_described_by_its_target_gives_each_member_the_target(tmp_path, text):
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "targets", "lag-3"), ("barolimab", "targets", "lag-3")} <= found


def test_a_group_described_by_its_approval_gives_each_member_the_cancer(tmp_path):
    text = "Medicines licensed for mesothelioma include foximab and barolimab.\n"
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "treats", "mesothelioma"), ("barolimab", "treats", "mesothelioma")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "Foximab (which blocks LAG-3) and barolimab (which blocks TIGIT) are given together.",
        "Foximab, which blocks LAG-3, and barolimab, which blocks TIGIT, are given together.",
    ],
)
def test_a_clause_after_one_coordinated_drug_is_said_of_it_alone(tmp_path, text):
    found = {t for t in triples(facts_of(text, tmp_path)) if t[1] == "targets"}
    assert found == {("foximab", "targets", "lag-3"), ("barolimab", "targets", "tigit")}


def test_a_clause_after_the_last_of_coordinated_drugs_is_said_of_all(tmp_path):
    text = "Foximab and barolimab (which both block LAG-3) are given together.\n"
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "targets", "lag-3"), ("barolimab", "targets", "lag-3")} <= found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Foximab (a LAG-3 inhibitor) and barolimab (a TIGIT inhibitor) are given together.",
            {("foximab", "lag-3 inhibitor"), ("barolimab", "tigit inhibitor")},
        ),
        (
            "Foximab and barolimab (both LAG-3 inhibitors) are given together.",
            {("foximab", "lag-3 inhibitor"), ("barolimab", "lag-3 inhibitor")},
        ),
    ],
)
def test_a_class_in_brackets_after_a_drug_is_its_class(tmp_path, text, expected):
    found = {(s, o) for s, r, o in triples(facts_of(text, tmp_path)) if r == "in_class"}
    assert found == expected


def test_words_in_brackets_that_run_past_a_comma_name_no_class(tmp_path):
    text = "Foximab (an antibody, given with chemotherapy) is used for melanoma.\n"
    assert not any(r == "in_class" for _, r, _ in triples(facts_of(text, tmp_path)))


def test_a_class_set_beside_a_partner_drug_is_the_partners_class(tmp_path):
    text = "Foximab is licensed with barolimab, a targeted drug, for kidney cancer.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("barolimab", "in_class", "targeted therapy") in found
    assert ("foximab", "in_class", "targeted therapy") not in found
    assert ("barolimab", "treats", "kidney cancer") not in found
