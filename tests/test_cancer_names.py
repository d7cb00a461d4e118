"""Composed cancer names: the most specific name the text gives, linked to the cancer it
narrows, and written to the graph as skos:broader (derived from the name, no evidence)."""

from __future__ import annotations

import pytest
from extract_support import facts_of

from immunokg.extract.engine.entity_spans import lexicon_parents
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
