"""Shared helpers of the export tests: the fixture graph as a stored graph directory."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

FIXTURE = Path(__file__).parent / "data" / "export" / "graph.ttl"


def fixture_graph() -> Graph:
    """The hand-written graph of tests/data/export/graph.ttl (follows docs/graph-model.md)."""
    return Graph().parse(FIXTURE, format="turtle")


def stored_fixture(directory: Path) -> Path:
    """The fixture written as a real graph directory (graph.nt, store/, build.json)."""
    from immunokg.graph.rdf.store import write_graph_dir

    return write_graph_dir(fixture_graph(), directory / "graph", {"inputs": []})
