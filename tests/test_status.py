"""Assertion status: negation gives no fact, hedges give investigational, both scoped to the statement."""

from __future__ import annotations

import pytest
from extract_support import facts_of, statuses, triples

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.status import load_status_cues, parse_status_cues


def test_plain_approval_is_approved(tmp_path):
    facts = facts_of("Foximab is approved to treat bladder cancer.", tmp_path)
    assert statuses(facts) == {("foximab", "bladder cancer"): "approved"}


def test_negated_statement_gives_no_fact(tmp_path):
    facts = facts_of("Foximab is not approved for bladder cancer.", tmp_path)
    assert triples(facts) == set()


def test_does_not_work_against_gives_no_fact(tmp_path):
    facts = facts_of("Foximab does not work well against pancreatic cancer.", tmp_path)
    assert triples(facts) == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "Researchers are studying foximab as a way to treat pancreatic cancer.",
        "Foximab is being tested in clinical trials for pancreatic cancer.",
        "Foximab is an experimental drug used to treat pancreatic cancer.",
    ],
)
def test_hedged_treatment_is_investigational(sentence, tmp_path):
    assert statuses(facts_of(sentence, tmp_path)) == {
        ("foximab", "pancreatic cancer"): "investigational"
    }


def test_hedge_in_another_clause_does_not_reach_the_statement(tmp_path):
    text = "Foximab is used to treat bladder cancer, but its use in other cancers is still being studied."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "bladder cancer"): "approved"}


def test_negation_outside_the_statement_does_not_drop_it(tmp_path):
    text = "Foximab is used to treat bladder cancer and does not need a hospital stay."
    assert ("foximab", "treats", "bladder cancer") in triples(facts_of(text, tmp_path))


def test_one_approved_evidence_makes_the_fact_approved(tmp_path):
    text = "Foximab is being studied for melanoma.\n\nFoximab is approved for melanoma.\n"
    facts = facts_of(text, tmp_path)
    (fact,) = [f for f in facts if f.relation == "treats"]
    assert fact.status == "approved"
    assert sorted(ev.status for ev in fact.evidence) == ["approved", "investigational"]


def test_bundled_cues_load_with_every_kind():
    assert {cue.kind for cue in load_status_cues()} == {"negation", "hedge", "choice"}


def test_an_option_offered_to_the_reader_is_not_a_hedge(tmp_path):
    text = "You might have foximab with chemotherapy for bladder cancer."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "bladder cancer"): "approved"}


def test_a_hedging_modal_still_hedges(tmp_path):
    text = "Foximab might be used for bladder cancer one day."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "bladder cancer"): "investigational"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            '{"id": "x", "kind": "doubt", "pattern": [{"LOWER": "x"}], "example": "x"}',
            "kind 'doubt'",
        ),
        ('{"id": "x", "kind": "hedge", "pattern": [{"LOWER": "x"}]}', "exactly the keys"),
        ('{"id": "x", "kind": "hedge", "pattern": [], "example": "x"}', "non-empty list"),
    ],
)
def test_bad_cue_is_rejected_naming_file_and_line(line, problem):
    with pytest.raises(DataFileError, match=f"cues.jsonl:1: .*{problem}"):
        parse_status_cues(line, "cues.jsonl")


def test_duplicate_cue_id_is_rejected():
    line = '{"id": "x", "kind": "hedge", "pattern": [{"LOWER": "x"}], "example": "x"}'
    with pytest.raises(DataFileError, match="duplicate cue id 'x'"):
        parse_status_cues(f"{line}\n{line}", "cues.jsonl")


def test_not_yet_approved_after_but_it_is_investigational(tmp_path):
    text = (
        "Foximab is new. In a small trial, foximab helped every patient, "
        "but it is not yet approved for rectal cancer."
    )
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "rectal cancer"): "investigational"}


def test_could_one_day_be_used_is_investigational(tmp_path):
    text = "Researchers hope foximab could one day be used for melanoma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "melanoma"): "investigational"}


def test_a_trial_that_tested_a_drug_in_a_counted_group_is_investigational(tmp_path):

    text = (
        "The trial tested foximab, an experimental antibody from a small biotech, in 212 "
        "people with previously untreated bladder cancer. It did not help them live longer.\n"
    )
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "bladder cancer"): "investigational"}
