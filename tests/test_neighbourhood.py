"""The neighbourhood of an entity: which entities, facts and provenance it keeps."""

from __future__ import annotations

import pytest
from export_support import fixture_graph
from rdflib import RDF, Literal

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.export.neighbourhood import hops, neighbourhood
from immunokg.graph.rdf.namespace import DOC, ENTITY, EVIDENCE, IKG, RULE


def _entities(graph) -> set[str]:
    return {
        str(subject)[len(str(ENTITY)) :]
        for subject in graph.subjects(RDF.type, None)
        if str(subject).startswith(str(ENTITY))
    }


def test_depth_one_keeps_the_entity_and_its_direct_neighbours() -> None:
    piece = neighbourhood(fixture_graph(), ENTITY["pd-1"], 1)
    assert _entities(piece) == {"pd-1", "pembrolizumab", "nivolumab"}


def test_depth_two_reaches_what_the_neighbours_link_to() -> None:
    piece = neighbourhood(fixture_graph(), ENTITY["pd-1"], 2)
    assert _entities(piece) == {
        "pd-1",
        "pembrolizumab",
        "nivolumab",
        "melanoma",
        "merkel-cell-carcinoma",
        "pd-1-inhibitor",
        "fatigue",
    }
    assert "ipilimumab" not in _entities(piece)


def test_hops_are_counted_in_both_directions() -> None:
    distances = hops(fixture_graph(), ENTITY["melanoma"], 2)
    assert distances[ENTITY["melanoma"]] == 0
    assert distances[ENTITY["pembrolizumab"]] == 1
    assert distances[ENTITY["ipilimumab"]] == 1
    assert distances[ENTITY["pd-1"]] == 2


def test_only_facts_between_kept_entities_are_kept() -> None:
    piece = neighbourhood(fixture_graph(), ENTITY["pd-1"], 1)
    kept = {str(piece.value(fact, IKG.relation)) for fact in piece.subjects(RDF.type, IKG.Fact)}
    # pembrolizumab's treats facts point outside depth 1; its brand name is a string: kept.
    assert kept == {"targets", "brand_name"}
    assert (ENTITY["pembrolizumab"], IKG.treats, None) not in piece
    assert (ENTITY["pembrolizumab"], IKG.brandName, Literal("Keytruda")) in piece


def test_evidence_documents_and_rules_of_kept_facts_come_along() -> None:
    piece = neighbourhood(fixture_graph(), ENTITY["pd-1"], 1)
    assert (EVIDENCE["e000000000000003"], IKG.sentence, None) in piece
    assert (DOC["002_bbbbbbbbbbbbbbbb"], RDF.type, IKG.Document) in piece
    assert (RULE["targets-drugs-that-target"], RDF.type, IKG.Rule) in piece
    span = EVIDENCE["e000000000000003-10-69"]
    assert (EVIDENCE["e000000000000003"], IKG.span, span) in piece
    assert (span, IKG.start, None) in piece and (span, IKG.end, None) in piece
    # the evidence of a fact left out is left out too
    assert (EVIDENCE["e000000000000004"], None, None) not in piece


def test_depth_below_one_is_refused() -> None:
    with pytest.raises(ImmunokgError, match="depth"):
        neighbourhood(fixture_graph(), ENTITY["pd-1"], 0)


def test_an_iri_that_is_no_entity_is_refused() -> None:
    with pytest.raises(ImmunokgError, match="not an entity"):
        neighbourhood(fixture_graph(), ENTITY["no-such-thing"], 1)
