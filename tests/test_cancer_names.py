"""Composed cancer names: the most specific name the text gives, linked to the cancer it
narrows, and written to the graph as skos:broader (derived from the name, no evidence)."""

from __future__ import annotations

import pytest
from extract_support import facts_of

from immunokg.extract.engine.names.prenominal import lexicon_parents
from immunokg.extract.rules.lexicon import load_lexicon
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.namespace import SKOS


@pytest.mark.parametrize(
    ("sentence", "name", "parent"),
    [
        ("Tebentafusp treats uveal melanoma.", "uveal melanoma", "melanoma"),
        (
            "Foximab is approved for HER2-positive breast cancer.",
            "HER2-positive breast cancer",
            "breast-cancer",
        ),
        (
            "Foximab is approved for dMMR/MSI-H colorectal cancer.",
            "dMMR/MSI-H colorectal cancer",
            "colorectal-cancer",
        ),
        (
            "Interferon treats AIDS-related Kaposi sarcoma.",
            "AIDS-related Kaposi sarcoma",
            "kaposi-sarcoma",
        ),
    ],
)
def test_a_qualified_cancer_is_named_whole_and_narrows_its_parent(sentence, name, parent, tmp_path):
    (fact,) = [f for f in facts_of(sentence + "\n", tmp_path) if f.relation == "treats"]
    assert fact.object.label == name
    assert fact.object.broader[0] == parent


def test_a_stage_word_is_not_part_of_the_name(tmp_path):
    (fact,) = facts_of("Tebentafusp treats advanced uveal melanoma.\n", tmp_path)
    assert fact.object.label == "uveal melanoma"


def test_lexicon_cancers_narrow_the_cancer_their_name_ends_with():
    parents = lexicon_parents(load_lexicon())
    assert parents["non-small-cell-lung-cancer"] == ("lung-cancer",)
    assert "melanoma" not in parents


def test_the_graph_links_a_composed_cancer_to_its_parent_without_evidence(tmp_path):
    from immunokg.extract.read.corpus import read_corpus

    path = tmp_path / "doc.md"
    path.write_text("Tebentafusp treats uveal melanoma.\n", encoding="utf-8")
    corpus = read_corpus([path])
    from immunokg.extract.engine.pipeline import extract_facts

    lines = build_ntriples(corpus.documents, extract_facts(corpus.documents)).lines
    broader = [line for line in lines if f"<{SKOS.broader}>" in line and "uveal-melanoma" in line]
    assert broader and broader[0].endswith("/melanoma> .")
    assert any("melanoma>" in line and "prefLabel" in line for line in lines)


@pytest.mark.parametrize(
    ("sentence", "names", "parents"),
    [
        (
            "Foximab is approved for bowel cancer with mismatch repair deficiency.",
            ["mismatch repair deficient colorectal cancer"],
            ["colorectal-cancer"],
        ),
        (
            "Foximab is approved for lung cancer with an EGFR mutation.",
            ["EGFR-mutant lung cancer"],
            ["lung-cancer"],
        ),
        (
            "Foximab is approved for breast cancer that is HER2-positive.",
            ["HER2-positive breast cancer"],
            ["breast-cancer"],
        ),
        (
            "Foximab is given for breast cancer that is HER2-low and tests negative for ER.",
            ["HER2-low breast cancer", "ER-negative breast cancer"],
            ["breast-cancer", "breast-cancer"],
        ),
        (
            "Foximab is used for adenocarcinoma of the lung.",
            ["lung adenocarcinoma"],
            ["adenocarcinoma"],
        ),
    ],
)
def test_a_name_built_after_the_noun_is_named_whole(sentence, names, parents, tmp_path):
    facts = [f for f in facts_of(sentence + "\n", tmp_path) if f.relation == "treats"]
    assert sorted(f.object.label for f in facts) == sorted(names)
    by_label = {f.object.label: f.object for f in facts}
    assert [by_label[name].broader[0] for name in names] == parents


def test_a_generic_head_with_its_site_is_the_site_cancer(tmp_path):
    facts = facts_of("Foximab is used for carcinoma of the cervix.\n", tmp_path)
    assert [f.object.label for f in facts if f.relation == "treats"] == ["cervical cancer"]


def test_a_site_after_the_noun_gives_the_lexicon_name_when_it_has_one(tmp_path):
    facts = facts_of("Foximab treats squamous cell carcinoma of the esophagus.\n", tmp_path)
    assert [f.object.id for f in facts] == ["esophageal-squamous-cell-carcinoma"]


def test_biomarkers_joined_by_or_before_a_cancer_make_one_name(tmp_path):
    facts = facts_of("Foximab is approved for MSI-H or dMMR colorectal cancer.\n", tmp_path)
    assert [f.object.label for f in facts] == ["MSI-H or dMMR colorectal cancer"]


def test_a_phrase_after_the_noun_that_names_no_marker_leaves_the_name(tmp_path):
    facts = facts_of("Foximab is approved for melanoma with brain metastases.\n", tmp_path)
    assert [f.object.label for f in facts] == ["melanoma"]


# Cancers described rather than named: entity patterns with the id of the entry they describe.
@pytest.mark.parametrize(
    ("sentence", "relation", "label"),
    [
        (
            "Sipuleucel-T is used for prostate cancer that has spread and no longer responds "
            "to hormone therapy.",
            "treats",
            "castration-resistant prostate cancer",
        ),
        (
            "Pembrolizumab is approved for prostate cancer that has stopped responding to "
            "hormone treatment.",
            "treats",
            "castration-resistant prostate cancer",
        ),
        (
            "Nivolumab is approved for cancer where the oesophagus joins the stomach.",
            "treats",
            "gastroesophageal junction cancer",
        ),
        (
            "Ciltacabtagene autoleucel can cause a new cancer of the T cells.",
            "has_side_effect",
            "secondary T-cell malignancy",
        ),
    ],
)
def test_a_described_cancer_is_named_by_its_entry(sentence, relation, label, tmp_path):
    facts = [f for f in facts_of(sentence + "\n", tmp_path) if f.relation == relation]
    assert [f.object.label for f in facts] == [label]


def test_a_prostate_cancer_that_responds_to_hormone_therapy_is_not_castration_resistant(
    tmp_path,
):
    sentence = "Pembrolizumab is approved for prostate cancer that responds to hormone therapy.\n"
    labels = [f.object.label for f in facts_of(sentence, tmp_path) if f.relation == "treats"]
    assert "castration-resistant prostate cancer" not in labels
