"""Class membership said the way reference pages say it: a group "known as" a class, "part
of" a group, and the antibody's make-up ("a fully human IgG4 ...") before the class noun."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples


@pytest.mark.parametrize(
    ("sentence", "klass"),
    [
        ("Foximab belongs to a family of medicines known as PD-1 inhibitors.", "pd-1 inhibitor"),
        (
            "Foximab is part of a group of drugs called checkpoint inhibitors.",
            "checkpoint inhibitor",
        ),
        ("Foximab is part of a class of medicines known as PD-1 inhibitors.", "pd-1 inhibitor"),
        ("Foximab is a humanised monoclonal antibody.", "monoclonal antibody"),
        ("Foximab is a fully human IgG1 monoclonal antibody.", "monoclonal antibody"),
        ("Foximab is a chimeric monoclonal antibody.", "monoclonal antibody"),
    ],
)
def test_class_membership_wordings(tmp_path, sentence, klass):
    assert ("foximab", "in_class", klass) in triples(facts_of(sentence, tmp_path))


def test_an_antibody_isotype_is_no_target(tmp_path):
    found = triples(facts_of("Foximab is a human IgG4 monoclonal antibody.", tmp_path))
    assert not any(r == "targets" for _, r, _ in found)


def test_what_a_described_antibody_binds_is_said_of_the_drug(tmp_path):
    text = "Foximab is a humanized IgG1 monoclonal antibody that binds CD20.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "targets", "cd20") in found
    assert not any(s == "monoclonal antibody" for s, _, _ in found)


def test_part_of_a_treatment_is_no_class(tmp_path):
    found = triples(facts_of("Foximab is part of the treatment for melanoma.", tmp_path))
    assert not any(r == "in_class" for _, r, _ in found)
