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


def _subclasses(text: str, tmp_path) -> set[tuple[str, str]]:
    found = triples(facts_of(text, tmp_path))
    return {(s, o) for s, r, o in found if r == "subclass_of"}


def test_sub_headings_under_a_kinds_heading_are_its_subclasses(tmp_path):
    text = (
        "# Kinds of cell therapy\n\n## TIL therapy\n\nCells from the tumour.\n\n"
        "## TCR therapy (TCR-T)\n\nCells given a new receptor.\n"
    )
    assert _subclasses(text, tmp_path) == {
        ("til therapy", "adoptive cell therapy"),
        ("tcr therapy", "adoptive cell therapy"),
    }


def test_a_heading_that_is_no_class_name_ends_the_run_of_kinds(tmp_path):
    text = (
        "## Immunotherapy types\n\n### Oncolytic viruses\n\nViruses that infect tumours.\n\n"
        "## Other treatments\n\n### Chemotherapy\n\nDrugs that kill dividing cells.\n"
    )
    assert _subclasses(text, tmp_path) == {("oncolytic virus", "immunotherapy")}


def test_items_under_a_kinds_heading_whose_line_names_nothing_are_its_subclasses(tmp_path):
    text = (
        "## The main types of immunotherapy\n\nYou may hear about these:\n\n"
        "- **Cytokines.** Proteins that signal.\n- **Oncolytic viruses.** Viruses that infect.\n"
    )
    found = _subclasses(text, tmp_path)
    assert found == {("cytokine", "immunotherapy"), ("oncolytic virus", "immunotherapy")}


def test_evidence_of_a_kind_heading_shows_both_headings_verbatim(tmp_path):
    text = "# Forms of immunotherapy\n\n## Cancer vaccines\n\nThey train the body.\n"
    (fact,) = [f for f in facts_of(text, tmp_path) if f.relation == "subclass_of"]
    (evidence,) = fact.evidence
    assert [text[s.start : s.end] for s in evidence.spans] == [
        "Forms of immunotherapy",
        "Cancer vaccines",
    ]


@pytest.mark.parametrize(
    ("text", "klass"),
    [
        ("Like all other LAG-3 inhibitors, foximab is given by drip.", "lag-3 inhibitor"),
        ("Among checkpoint inhibitors, foximab is the newest.", "checkpoint inhibitor"),
        ("Foximab, the newest checkpoint inhibitor, is given monthly.", "checkpoint inhibitor"),
    ],
)
def test_a_drug_beside_other_members_of_its_class(tmp_path, text, klass):
    assert ("foximab", "in_class", klass) in triples(facts_of(text, tmp_path))


def test_like_without_other_compares_and_names_no_class(tmp_path):
    text = "Like cancer vaccines, oncolytic viruses can cause a fever.\n"
    assert _subclasses(text, tmp_path) == set()


def test_a_known_class_before_a_class_noun_names_both(tmp_path):
    text = "Foximab is a humanised IgG4 anti-PD-1 monoclonal antibody.\n"
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "in_class", "pd-1 inhibitor"),
            ("foximab", "in_class", "monoclonal antibody"),
            ("foximab", "targets", "pd-1")} <= found  # fmt: skip


def test_label_words_before_a_class_describe_the_subject_of_is(tmp_path):
    """A label's "human immunoglobulin G1 kappa" is stepped over; the class describes "It"."""
    text = (
        "Foximab is an FDA-approved immunotherapy. It is a human immunoglobulin G1 kappa "
        "monoclonal antibody that blocks the interaction of LAG-3 with its ligand.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "in_class", "immunotherapy"),
            ("foximab", "in_class", "monoclonal antibody"),
            ("foximab", "targets", "lag-3")} <= found  # fmt: skip
    assert not any(s == "monoclonal antibody" for s, _, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Foximab is what's known as a checkpoint inhibitor.",
        "Foximab is what specialists call a checkpoint inhibitor.",
        "Zorbex (foximab), Acme's newest checkpoint inhibitor, was approved in May.",
        "Foximab and barolimab belong to the same family of drugs known as checkpoint inhibitors.",
    ],
)
def test_news_and_leaflet_ways_of_naming_a_class(tmp_path, text):
    assert ("foximab", "in_class", "checkpoint inhibitor") in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    "text",
    [
        "There are two TIGIT inhibitors in late trials: foximab and barolimab.",
        "Two TIGIT inhibitors exist, foximab and barolimab.",
        "TIGIT inhibitors (foximab, barolimab) are still experimental.",
        "TIGIT inhibitors being tested in lung cancer include foximab and barolimab.",
    ],
)
def test_a_class_and_its_members_in_a_count_a_bracket_a_dash_or_a_described_group(tmp_path, text):
    found = triples(facts_of(text + "\n", tmp_path))
    assert {("foximab", "in_class", "tigit inhibitor"),
            ("barolimab", "in_class", "tigit inhibitor")} <= found  # fmt: skip


def test_a_drug_in_brackets_after_a_word_that_is_no_class_is_no_member(tmp_path):
    text = "There are many trials for melanoma, including foximab. Treatment (foximab) helps.\n"
    assert not any(r == "in_class" for _, r, _ in triples(facts_of(text, tmp_path)))


def test_a_class_opening_a_line_then_a_dash_and_its_member(tmp_path):
    text = "Cancer vaccines - Sipuleucel-T is made from your own white cells.\n"
    assert ("sipuleucel-t", "in_class", "cancer vaccine") in triples(facts_of(text, tmp_path))


def test_a_class_line_with_a_target_modifier_heads_its_members(tmp_path):
    text = "**Anti-CD22 CAR-T**\n\n- Foximab (Zorbex): lymphoma.\n- Barolimab: leukaemia.\n"
    found = triples(facts_of(text, tmp_path))
    for drug in ("foximab", "barolimab"):
        assert {(drug, "in_class", "car t-cell therapy"), (drug, "targets", "cd22")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "Of all cancer drugs, the most widely prescribed immunotherapy medicines are checkpoint inhibitors.",
        "The main immunotherapy treatments are checkpoint inhibitors.",
    ],
)
def test_the_most_used_class_are_a_class_is_said_of_the_class_after_are(tmp_path, text):
    assert _subclasses(text + "\n", tmp_path) == {("checkpoint inhibitor", "immunotherapy")}


def test_oncolytic_became_the_first_names_the_class(tmp_path):
    text = "Foximab became the first oncolytic virus licensed in Europe.\n"
    assert ("foximab", "in_class", "oncolytic virus") in triples(facts_of(text, tmp_path))


def test_members_after_a_class_inside_a_longer_subject_are_not_its_members(tmp_path):
    text = "Alternatives to chemotherapy for this cancer include foximab.\n"
    assert not any(r == "in_class" for _, r, _ in triples(facts_of(text, tmp_path)))
