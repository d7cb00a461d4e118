"""Cytoscape.js JSON export: elements with data, ready for cy.add() or Cytoscape desktop."""

from __future__ import annotations

import json

from export_support import fixture_graph

from immunokg.graph.export.registry import export_graph


def _elements(tmp_path, **options) -> dict:
    [path] = export_graph(fixture_graph(), "cytoscape", tmp_path / "graph.cyjs", **options)
    return json.loads(path.read_text(encoding="utf-8"))["elements"]


def test_nodes_and_edges_are_wrapped_in_data(tmp_path) -> None:
    elements = _elements(tmp_path)
    assert len(elements["nodes"]) == 11 and len(elements["edges"]) == 9
    assert all(set(item) == {"data"} for item in elements["nodes"] + elements["edges"])


def test_ids_are_unique_and_edges_join_known_nodes(tmp_path) -> None:
    elements = _elements(tmp_path, provenance=True)
    node_ids = [item["data"]["id"] for item in elements["nodes"]]
    edge_ids = [item["data"]["id"] for item in elements["edges"]]
    assert len(set(node_ids + edge_ids)) == len(node_ids) + len(edge_ids)
    for item in elements["edges"]:
        assert item["data"]["source"] in node_ids and item["data"]["target"] in node_ids


def test_data_keeps_types_lists_and_numbers(tmp_path) -> None:
    elements = _elements(tmp_path)
    pembrolizumab = next(
        item["data"] for item in elements["nodes"] if item["data"]["id"] == "IMMUNOKG:pembrolizumab"
    )
    assert pembrolizumab["type"] == "Drug"
    assert pembrolizumab["synonyms"] == ["MK-3475", "lambrolizumab"]
    treats = next(
        item["data"]
        for item in elements["edges"]
        if item["data"]["target"] == "IMMUNOKG:melanoma"
        and item["data"]["source"] == "IMMUNOKG:pembrolizumab"
    )
    assert treats["interaction"] == "treats"
    assert treats["status"] == "approved"
    assert treats["evidence_count"] == 1


def test_output_is_deterministic(tmp_path) -> None:
    first = export_graph(fixture_graph(), "cytoscape", tmp_path / "a.cyjs")[0].read_bytes()
    second = export_graph(fixture_graph(), "cytoscape", tmp_path / "b.cyjs")[0].read_bytes()
    assert first == second
