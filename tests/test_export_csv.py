"""CSV export with the headers that Neo4j's bulk importer reads."""

from __future__ import annotations

import csv

import pytest
from export_support import fixture_graph

from immunokg.graph.export.registry import export_graph


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def tables(tmp_path):
    nodes, edges = export_graph(fixture_graph(), "csv", f"{tmp_path}/csv/")
    return _rows(nodes), _rows(edges)


def test_files_are_named_nodes_and_edges(tmp_path) -> None:
    written = export_graph(fixture_graph(), "csv", f"{tmp_path}/neo4j/")
    assert [path.name for path in written] == ["nodes.csv", "edges.csv"]


def test_headers_follow_neo4j_import_conventions(tables) -> None:
    nodes, edges = tables
    assert list(nodes[0])[:3] == ["id:ID", "name", ":LABEL"]
    assert list(edges[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "evidence_count:int" in edges[0]
    assert "synonyms:string[]" in nodes[0]


def test_rows_hold_labels_types_and_arrays(tables) -> None:
    nodes, edges = tables
    pd1 = next(row for row in nodes if row["id:ID"] == "IMMUNOKG:pd-1")
    assert pd1["name"] == "PD-1"
    assert pd1[":LABEL"] == "Entity;Target"
    assert pd1["synonyms:string[]"] == "PDCD1;programmed cell death protein 1"
    targets = [row for row in edges if row[":TYPE"] == "TARGETS"]
    assert {(row[":START_ID"], row[":END_ID"]) for row in targets} == {
        ("IMMUNOKG:pembrolizumab", "IMMUNOKG:pd-1"),
        ("IMMUNOKG:nivolumab", "IMMUNOKG:pd-1"),
        ("IMMUNOKG:ipilimumab", "IMMUNOKG:ctla-4"),
    }


def test_every_relationship_end_is_a_node(tables) -> None:
    nodes, edges = tables
    ids = {row["id:ID"] for row in nodes}
    assert len(ids) == len(nodes) == 11
    assert {row[":START_ID"] for row in edges} | {row[":END_ID"] for row in edges} <= ids


def test_sentences_with_commas_and_quotes_survive_quoting(tmp_path) -> None:
    nodes, _ = export_graph(fixture_graph(), "csv", f"{tmp_path}/p/", provenance=True)
    sentences = {row["name"] for row in _rows(nodes) if row[":LABEL"] == "Evidence"}
    expected = (
        'Pembrolizumab is being studied in Merkel cell carcinoma; results are "promising" | early.'
    )
    assert expected in sentences
