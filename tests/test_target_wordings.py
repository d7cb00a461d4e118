"""Targets said by verbs of stopping and seeking, or introduced by their kind ("an enzyme called"):
each a trigger word that works in every construction of its frame."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples


@pytest.mark.parametrize(
    "sentence",
    [
        "Foximab stops CTLA-4 from doing its job.",
        "Foximab prevents CTLA-4 from sending its signal.",
        "Foximab is built to seek out CTLA-4 on T cells.",
        "Foximab, which seeks CTLA-4, is given by drip.",
        "Foximab works by stopping CTLA-4.",
    ],
)
def test_stop_prevent_and_seek_name_a_target(tmp_path, sentence):
    assert ("foximab", "targets", "ctla-4") in triples(facts_of(sentence, tmp_path))


def test_what_a_drug_stops_is_no_target_unless_it_is_one(tmp_path):
    text = "Foximab stops melanoma cells from hiding and may prevent a rash.\n"
    assert not any(r == "targets" for _, r, _ in triples(facts_of(text, tmp_path)))


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("Foximab blocks an enzyme called IDO1.", "ido1"),
        ("Foximab blocks a checkpoint named LAG-3.", "lag-3"),
        ("Foximab binds to the ligand known as PD-L1.", "pd-l1"),
    ],
)
def test_a_target_introduced_by_what_kind_of_molecule_it_is(tmp_path, sentence, target):
    assert ("foximab", "targets", target) in triples(facts_of(sentence, tmp_path))


@pytest.mark.parametrize(
    "text",
    [
        "The target of foximab is LAG-3.",
        "LAG-3 is the main target of foximab.",
        "Foximab's target is LAG-3.",
        "Foximab’s primary target is LAG-3.",
        "# Foximab\n\nTarget: LAG-3 on T cells.",
        "# Foximab\n\nIts main target is LAG-3.",
    ],
)
def test_the_target_noun_names_a_target(tmp_path, text):
    assert ("foximab", "targets", "lag-3") in triples(facts_of(text + "\n", tmp_path))


def test_a_target_line_mid_sentence_or_about_something_else_names_none(tmp_path):
    text = "# Foximab\n\nThe target for the trial is 300 people. We aim at LAG-3 research.\n"
    assert not any(r == "targets" for _, r, _ in triples(facts_of(text, tmp_path)))


@pytest.mark.parametrize(
    ("text", "klass", "targets"),
    [
        (
            "Foximab is a CD22-directed genetically engineered autologous T cell immunotherapy.",
            "immunotherapy",
            {"cd22"},
        ),
        (
            "Foximab, a bispecific GPRC5D-directed CD3 T-cell engager, is given weekly.",
            "bispecific t-cell engager",
            {"gprc5d", "cd3"},
        ),
    ],
)
def test_a_target_directing_a_class_in_a_label_style_noun_phrase(tmp_path, text, klass, targets):
    found = triples(facts_of(text + "\n", tmp_path))
    assert ("foximab", "in_class", klass) in found
    assert {o for s, r, o in found if r == "targets"} == targets


def test_a_target_outside_the_class_noun_phrase_is_not_its_target(tmp_path):
    text = "Foximab, given for CD22-directed relapse, is a monoclonal antibody.\n"
    assert not any(r == "targets" for _, r, _ in triples(facts_of(text, tmp_path)))


def test_a_class_with_a_target_clause_after_a_drug_with_another_name(tmp_path):
    text = "Foximab (Zorbex), also called FX-1, is a CAR T-cell therapy that recognises CD22.\n"
    assert ("foximab", "targets", "cd22") in triples(facts_of(text, tmp_path))


def test_a_verb_that_joins_two_targets_takes_them_coordinated(tmp_path):
    found = triples(facts_of("Foximab connects GPRC5D and CD3.\n", tmp_path))
    assert {("foximab", "targets", "gprc5d"), ("foximab", "targets", "cd3")} <= found


def test_the_first_of_these_drugs_is_one_member_not_the_group(tmp_path):
    text = (
        "Barolimab and cibolimab are bispecific antibodies. "
        "Foximab (Zorbex), the first of these drugs, joins CD19 and CD3.\n"
    )
    found = {(s, o) for s, r, o in triples(facts_of(text, tmp_path)) if r == "targets"}
    assert found == {("foximab", "cd19"), ("foximab", "cd3")}


def test_a_table_cell_that_opens_with_a_verb_is_said_of_the_rows_drug(tmp_path):
    text = (
        "| Medicine | How it works | Given for |\n|---|---|---|\n"
        "| Foximab | Switches off LAG-3 on T cells | Mesothelioma |\n"
        "| Barolimab | Latches onto TIGIT | Melanoma |\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "targets", "lag-3"),
        ("barolimab", "targets", "tigit"),
        ("foximab", "treats", "mesothelioma"),
        ("barolimab", "treats", "melanoma"),
    } <= found
    assert ("foximab", "targets", "tigit") not in found


def test_by_and_a_target_verb_late_in_the_clause(tmp_path):
    text = "Foximab works to wake up the immune system by switching off LAG-3.\n"
    assert ("foximab", "targets", "lag-3") in triples(facts_of(text, tmp_path))


def test_by_and_a_target_verb_after_another_drug_is_not_said_of_the_first(tmp_path):
    text = "Foximab is given after barolimab by blocking LAG-3.\n"
    found = {(s, o) for s, r, o in triples(facts_of(text, tmp_path)) if r == "targets"}
    assert ("foximab", "lag-3") not in found


def test_a_count_of_targets_before_the_list_of_them(tmp_path):
    text = (
        "Foximab is a bispecific antibody. This means it attaches to two targets: GPRC5D and CD3.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "targets", "gprc5d"), ("foximab", "targets", "cd3")} <= found


def test_a_paired_target_name_gives_both_targets_the_lexicon_knows(tmp_path):
    found = triples(facts_of("Foximab is a GPRC5DxCD3 bispecific antibody.\n", tmp_path))
    assert {o for s, r, o in found if r == "targets"} == {"gprc5d", "cd3"}


def test_a_paired_name_with_an_unknown_half_gives_no_target(tmp_path):
    found = triples(facts_of("Foximab is a ZZQ9xCD3 bispecific antibody.\n", tmp_path))
    assert not any(r == "targets" for _, r, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Foximab (Zorbex), a GPRC5D × CD3 bispecific antibody, is given weekly.",
        "Foximab, a GPRC5D × CD3 bispecific, is given weekly.",
        "Foximab is a GPRC5D/CD3 bispecific antibody.",
    ],
)
def test_two_targets_crossed_before_a_bispecific_class(tmp_path, text):
    found = triples(facts_of(text + "\n", tmp_path))
    assert ("foximab", "in_class", "bispecific antibody") in found
    assert {o for s, r, o in found if r == "targets"} == {"gprc5d", "cd3"}


def test_one_arm_after_a_semicolon_belongs_to_the_class_before(tmp_path):
    text = "Bispecific antibodies are ready-made medicines; one arm latches onto CD3 on T cells.\n"
    assert ("bispecific antibody", "targets", "cd3") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    "text",
    [
        "Foximab holds on to T cells through a protein called CD3.",
        "Foximab grabs a T cell by CD3.",
    ],
)
def test_a_cell_held_by_its_protein_names_the_protein_as_target(tmp_path, text):
    found = triples(facts_of(text + "\n", tmp_path))
    assert {o for s, r, o in found if r == "targets"} == {"cd3"}


def test_two_verbs_joined_before_one_target(tmp_path):
    text = "Foximab targets and switches off a protein called LAG-3.\n"
    assert ("foximab", "targets", "lag-3") in triples(facts_of(text, tmp_path))


def test_a_generic_target_with_named_examples_gives_the_examples(tmp_path):
    text = "Foximab blocks checkpoint proteins such as LAG-3 and TIGIT.\n"
    found = {o for s, r, o in triples(facts_of(text, tmp_path)) if r == "targets"}
    assert found == {"lag-3", "tigit"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TIGIT inhibitors tested in lung cancer switch off TIGIT.", ("targets", "tigit")),
        (
            "Bispecific antibodies given for myeloma can cause infections.",
            ("has_side_effect", "infection"),
        ),
    ],
)
def test_a_subject_with_a_participle_phrase_before_its_verb(tmp_path, text, expected):
    found = {(r, o) for s, r, o in triples(facts_of(text + "\n", tmp_path))}
    assert expected in found


def test_a_participle_phrase_naming_a_partner_drug_is_not_stepped_over(tmp_path):
    text = "Foximab used with barolimab can switch off TIGIT.\n"
    assert ("foximab", "targets", "tigit") not in triples(facts_of(text, tmp_path))


def test_a_participle_in_an_apposition_names_the_drugs_target(tmp_path):
    text = "Foximab, a peptide vaccine aimed at a mutant protein called LAG-3, failed in 2016.\n"
    assert ("foximab", "targets", "lag-3") in triples(facts_of(text, tmp_path))
