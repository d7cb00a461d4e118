"""Combination products are their own entities, linked to their parts, never a part's synonym."""

from __future__ import annotations

import pytest

from immunokg.extract.errors import DataFileError
from immunokg.extract.model import Entity, Evidence, Fact
from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.combinations import load_combinations, parse_combinations
from immunokg.extract.rules.lexicon import load_lexicon
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.namespace import IKG


def test_a_co_formulation_is_not_a_name_of_its_part():
    lexicon = load_lexicon()
    for product, parts in load_combinations().items():
        label = normalise_name(lexicon.get(product).label)
        for part in parts:
            names = {normalise_name(name) for name, _ in lexicon.get(part).surfaces()}
            assert label not in names, (product, part)
    assert lexicon.lookup("pembrolizumab and berahyaluronidase alfa").id == (
        "pembrolizumab-and-berahyaluronidase-alfa"
    )
    assert lexicon.lookup("Keytruda").id == "pembrolizumab"


def test_a_part_must_be_a_lexicon_drug():
    text = '{"id": "nivolumab-and-relatlimab", "parts": ["no-such-drug"]}\n'
    with pytest.raises(DataFileError, match="not a Drug of the lexicon"):
        parse_combinations(text, "combinations.jsonl", load_lexicon())


def test_the_graph_links_a_product_to_its_parts():
    product = Entity("nivolumab-and-relatlimab", "nivolumab and relatlimab", "Drug")
    melanoma = Entity("melanoma", "melanoma", "CancerType")
    evidence = (Evidence("d", 0, 10, "Opdualag treats melanoma.", "r", "approved"),)
    fact = Fact(product, "treats", melanoma, "approved", evidence)
    lines = build_ntriples([], [fact]).lines
    has_part = [line for line in lines if f"<{IKG.hasPart}>" in line]
    assert len(has_part) == 2
    assert any(line.endswith("entity/relatlimab> .") for line in has_part)
