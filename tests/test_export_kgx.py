"""KGX TSV export checked against the KGX format and Biolink Model 4.x terms.

The ``kgx`` tool itself is not a test dependency: importing it downloads the
Biolink Model and JSON-LD contexts from GitHub, which tests must not do
(docs/exports.md records a manual, offline run of ``kgx validate``).
"""

from __future__ import annotations

import csv

import pytest
from export_support import fixture_graph

from immunokg.graph.export.kgx import CATEGORIES, PREDICATES, TREATS_PREDICATES
from immunokg.graph.export.registry import export_graph

# Biolink Model 4.4 classes and predicates (biolink_model.yaml) that the export may use.
BIOLINK_CLASSES = {
    "biolink:Drug",
    "biolink:Protein",
    "biolink:Disease",
    "biolink:PhenotypicFeature",
    "biolink:Cell",
    "biolink:NamedThing",
}
BIOLINK_PREDICATES = {
    "biolink:treats",
    "biolink:studied_to_treat",
    "biolink:subclass_of",
    "biolink:directly_physically_interacts_with",
    "biolink:has_side_effect",
    "biolink:related_to",
}
KNOWLEDGE_LEVELS = {"knowledge_assertion", "logical_entailment"}
AGENT_TYPES = {"text_mining_agent", "automated_agent"}


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture
def kgx(tmp_path):
    nodes, edges = export_graph(fixture_graph(), "kgx", f"{tmp_path}/kgx/")
    return _rows(nodes), _rows(edges)


def test_a_directory_gets_nodes_tsv_and_edges_tsv(tmp_path) -> None:
    written = export_graph(fixture_graph(), "kgx", f"{tmp_path}/out/")
    assert [path.name for path in written] == ["nodes.tsv", "edges.tsv"]


def test_a_prefix_gets_prefix_nodes_and_prefix_edges(tmp_path) -> None:
    written = export_graph(fixture_graph(), "kgx", tmp_path / "immunokg")
    assert [path.name for path in written] == ["immunokg_nodes.tsv", "immunokg_edges.tsv"]


def test_required_kgx_columns_are_present(kgx) -> None:
    nodes, edges = kgx
    assert {"id", "category", "name", "provided_by"} <= set(nodes[0])
    assert {
        "id",
        "subject",
        "predicate",
        "object",
        "knowledge_level",
        "agent_type",
        "primary_knowledge_source",
        "publications",
        "supporting_text",
    } <= set(edges[0])


def test_nodes_are_curies_with_biolink_categories(kgx) -> None:
    nodes, _ = kgx
    assert {row["category"] for row in nodes} <= BIOLINK_CLASSES
    assert set(CATEGORIES.values()) <= BIOLINK_CLASSES
    by_id = {row["id"]: row for row in nodes}
    assert by_id["IMMUNOKG:pd-1"]["category"] == "biolink:Protein"
    assert by_id["MONDO:0005105"]["category"] == "biolink:Disease"
    assert by_id["MONDO:0005105"]["xref"] == "IMMUNOKG:melanoma"
    assert by_id["IMMUNOKG:fatigue"]["category"] == "biolink:PhenotypicFeature"
    assert by_id["IMMUNOKG:t-cell"]["category"] == "biolink:Cell"
    assert all(row["provided_by"] == "infores:immunokg" for row in nodes)


def test_multivalued_fields_are_pipe_separated(kgx) -> None:
    nodes, _ = kgx
    pd1 = next(row for row in nodes if row["id"] == "IMMUNOKG:pd-1")
    assert pd1["synonym"].split("|") == ["PDCD1", "programmed cell death protein 1"]
    pembrolizumab = next(row for row in nodes if row["id"] == "IMMUNOKG:pembrolizumab")
    assert pembrolizumab["trade_name"] == "Keytruda"
    assert pembrolizumab["synonym"].split("|") == ["MK-3475", "lambrolizumab", "Keytruda"]
    assert pembrolizumab["xref"] == "NCIT:C106432"


def test_edges_use_biolink_predicates_by_relation_and_status(kgx) -> None:
    _, edges = kgx
    assert {row["predicate"] for row in edges} <= BIOLINK_PREDICATES
    assert set(PREDICATES.values()) | set(TREATS_PREDICATES.values()) <= BIOLINK_PREDICATES
    by_pair = {(row["subject"], row["object"]): row for row in edges}
    approved = by_pair["IMMUNOKG:pembrolizumab", "MONDO:0005105"]
    assert approved["predicate"] == "biolink:treats"
    assert approved["clinical_approval_status"] == "approved_for_condition"
    studied = by_pair["IMMUNOKG:pembrolizumab", "IMMUNOKG:merkel-cell-carcinoma"]
    assert studied["predicate"] == "biolink:studied_to_treat"
    assert (
        by_pair["IMMUNOKG:nivolumab", "IMMUNOKG:fatigue"]["predicate"] == "biolink:has_side_effect"
    )
    member = by_pair["IMMUNOKG:pembrolizumab", "IMMUNOKG:pd-1-inhibitor"]
    assert member["predicate"] == "biolink:subclass_of"
    assert member["original_predicate"] == "https://w3id.org/immunokg/vocab#inClass"


def test_edges_carry_their_provenance(kgx) -> None:
    _, edges = kgx
    assert {row["knowledge_level"] for row in edges} <= KNOWLEDGE_LEVELS
    assert {row["agent_type"] for row in edges} <= AGENT_TYPES
    targets = next(
        row
        for row in edges
        if (row["subject"], row["object"]) == ("IMMUNOKG:pembrolizumab", "IMMUNOKG:pd-1")
    )
    assert targets["evidence_count"] == "2"
    assert targets["publications"].split("|") == [
        "https://w3id.org/immunokg/document/002_bbbbbbbbbbbbbbbb",
        "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy",
    ]
    assert "Drugs that target PD-1 include pembrolizumab and nivolumab." in targets[
        "supporting_text"
    ].split("|")


def test_text_with_pipes_and_tabs_cannot_break_the_table(kgx) -> None:
    _, edges = kgx
    for row in edges:
        assert len(row) == len(edges[0]) and None not in row
    studied = next(row for row in edges if row["object"] == "IMMUNOKG:merkel-cell-carcinoma")
    assert studied["supporting_text"].count("|") == 0  # the sentence's own "|" became "/"
    side_effect = next(row for row in edges if row["object"] == "IMMUNOKG:fatigue")
    assert side_effect["supporting_text"] == "Side effects of nivolumab include: fatigue"


def test_every_edge_end_is_a_node(kgx) -> None:
    nodes, edges = kgx
    ids = {row["id"] for row in nodes}
    assert {row["subject"] for row in edges} | {row["object"] for row in edges} <= ids


def test_trade_name_is_single_valued_and_every_brand_is_a_synonym(tmp_path) -> None:
    from rdflib import Literal

    from immunokg.graph.rdf.namespace import ENTITY, IKG

    graph = fixture_graph()
    graph.add((ENTITY["pembrolizumab"], IKG.brandName, Literal("Quavlo")))
    fact = next(graph.subjects(IKG.relation, Literal("brand_name")))
    copy = fact + "b"
    for predicate, obj in graph.predicate_objects(fact):
        graph.add((copy, predicate, Literal("Quavlo") if obj == Literal("Keytruda") else obj))
    nodes, _ = export_graph(graph, "kgx", f"{tmp_path}/kgx/")
    row = next(r for r in _rows(nodes) if r["id"] == "IMMUNOKG:pembrolizumab")
    assert row["trade_name"] == "Keytruda"
    assert {"Keytruda", "Quavlo"} <= set(row["synonym"].split("|"))
