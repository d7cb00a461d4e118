"""Graphs for the query and lookup tests: the hand-written fixture, and the seed graph built once."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph

FIXTURE = Path(__file__).parent / "data" / "query" / "graph.ttl"


def fixture_store() -> pyoxigraph.Store:
    """tests/data/query/graph.ttl in an in-memory Oxigraph store."""
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def write_fixture_graph_dir(directory: Path) -> Path:
    """A graph directory (store/, graph.nt, build.json) holding the fixture, for CLI tests."""
    directory.mkdir(parents=True, exist_ok=True)
    store = pyoxigraph.Store(str(directory / "store"))
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    quads = sorted(str(quad.triple) + " .\n" for quad in store)
    (directory / "graph.nt").write_bytes("".join(quads).encode("utf-8"))
    del store
    return record_fixture(directory)


def record_fixture(directory: Path) -> Path:
    """Write build.json for the graph.nt there now, as a build records it."""
    data = (directory / "graph.nt").read_bytes()
    graph = {
        "triples": data.count(b"\n"),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    record = {"fixture": FIXTURE.name, "status": "conforms", "graph": graph}
    (directory / "build.json").write_text(json.dumps(record), encoding="utf-8")
    return directory
