"""The export registry and ``export()`` on a stored graph directory."""

from __future__ import annotations

import pytest
from export_support import fixture_graph, stored_fixture
from rdflib import Graph
from rdflib.compare import isomorphic

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.export import neighbourhood
from immunokg.graph.export.registry import EXPORTERS, export, export_graph
from immunokg.graph.rdf.namespace import ENTITY


def test_the_registry_holds_every_format_of_the_issue() -> None:
    assert set(EXPORTERS) == {
        "graphml",
        "turtle",
        "ntriples",
        "nquads",
        "jsonld",
        "rdfxml",
        "kgx",
        "cytoscape",
        "csv",
    }


def test_an_unknown_format_names_the_known_ones(tmp_path) -> None:
    with pytest.raises(ImmunokgError, match=r"unknown export format 'gexf'.*graphml"):
        export_graph(fixture_graph(), "gexf", tmp_path / "x")


def test_an_unknown_format_fails_before_reading_the_graph(tmp_path) -> None:
    with pytest.raises(ImmunokgError, match="unknown export format"):
        export(tmp_path / "no-graph-here", "gexf", tmp_path / "x")


def test_around_exports_the_same_piece_as_neighbourhood(tmp_path) -> None:
    stored = stored_fixture(tmp_path)
    [path] = export(stored, "turtle", tmp_path / "pd1.ttl", around="PD-1", depth=2)
    expected = neighbourhood.neighbourhood(fixture_graph(), ENTITY["pd-1"], 2)
    assert isomorphic(Graph().parse(path, format="turtle"), expected)


def test_no_temporary_files_are_left_behind(tmp_path) -> None:
    export_graph(fixture_graph(), "turtle", tmp_path / "out" / "graph.ttl")
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["graph.ttl"]
