"""GraphML export, read back by networkx and by python-igraph."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import pytest
from export_support import fixture_graph

from immunokg.graph.export.graphml import write_graphml

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture
def graphml(tmp_path):
    return write_graphml(fixture_graph(), tmp_path / "graph.graphml")[0]


def test_networkx_reads_every_entity_and_fact(graphml) -> None:
    network = nx.read_graphml(graphml, force_multigraph=True)
    assert network.number_of_nodes() == 11
    assert network.number_of_edges() == 9  # 10 facts less the brand name, a string
    node = network.nodes["IMMUNOKG:pembrolizumab"]
    assert node["label"] == "pembrolizumab"
    assert node["type"] == "Drug"
    assert node["synonyms"] == "MK-3475|lambrolizumab"
    assert node["identifiers"] == "NCIT:C106432"
    assert node["brands"] == "Keytruda"


def test_edge_attributes_come_back_with_their_types(graphml) -> None:
    network = nx.read_graphml(graphml, force_multigraph=True)
    edge = network.edges["IMMUNOKG:pembrolizumab", "IMMUNOKG:pd-1", "1a00000000000003"]
    assert edge["label"] == edge["interaction"] == edge["relation"] == "targets"
    assert edge["evidence_count"] == 2 and isinstance(edge["evidence_count"], int)
    assert edge["documents"] == "001_aaaaaaaaaaaaaaaa|002_bbbbbbbbbbbbbbbb"
    assert edge["inferred"] is False
    treats = network.edges[
        "IMMUNOKG:pembrolizumab", "IMMUNOKG:merkel-cell-carcinoma", "1a00000000000005"
    ]
    assert treats["status"] == "investigational"


def test_igraph_reads_the_same_graph(graphml) -> None:
    read = igraph.Graph.Read_GraphML(str(graphml))
    assert read.is_directed()
    assert (read.vcount(), read.ecount()) == (11, 9)
    ids = read.vs["id"]
    pd1 = read.vs[ids.index("IMMUNOKG:pd-1")]
    assert (pd1["label"], pd1["type"]) == ("PD-1", "Target")
    incoming = sorted(read.vs[edge.source]["label"] for edge in read.es.select(_target=pd1.index))
    assert incoming == ["nivolumab", "pembrolizumab"]
    assert sorted(read.es.select(_target=pd1.index)["evidence_count"]) == [1, 2]
    assert all(isinstance(value, bool) for value in read.es["inferred"])


def test_keys_are_declared_as_string_int_or_boolean_only(graphml) -> None:
    keys = ET.parse(graphml).getroot().findall(f"{GRAPHML}key")
    types = {(key.get("for"), key.get("attr.name")): key.get("attr.type") for key in keys}
    assert set(types.values()) == {"string", "int", "boolean"}
    assert types[("edge", "evidence_count")] == "int"
    assert types[("edge", "inferred")] == "boolean"
    assert {"label", "type", "synonyms", "identifiers"} <= {
        name for kind, name in types if kind == "node"
    }
    assert len({key.get("id") for key in keys}) == len(keys)


def test_the_same_graph_gives_the_same_bytes(tmp_path) -> None:
    first = write_graphml(fixture_graph(), tmp_path / "a.graphml")[0].read_bytes()
    second = write_graphml(fixture_graph(), tmp_path / "b.graphml")[0].read_bytes()
    assert first == second


def test_the_bytes_do_not_depend_on_lxml_being_installed(tmp_path, monkeypatch) -> None:
    pytest.importorskip("lxml")  # the test extra installs it, so both writers can be tried
    with_lxml = write_graphml(fixture_graph(), tmp_path / "lxml.graphml")[0].read_bytes()
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    without_lxml = write_graphml(fixture_graph(), tmp_path / "plain.graphml")[0].read_bytes()
    assert with_lxml == without_lxml


def test_provenance_adds_evidence_and_document_nodes(tmp_path) -> None:
    path = write_graphml(fixture_graph(), tmp_path / "p.graphml", provenance=True)[0]
    network = nx.read_graphml(path, force_multigraph=True)
    types = {data["type"] for _, data in network.nodes(data=True)}
    assert {"Evidence", "Document"} <= types
    evidence = network.nodes["evidence:e000000000000004"]
    assert evidence["label"] == "Pembrolizumab is approved to treat advanced melanoma."
    relations = {
        data["relation"] for *_, data in network.out_edges("evidence:e000000000000004", data=True)
    }
    assert relations == {"mentions", "found_in"}
    assert network.has_edge("evidence:e000000000000004", "doc:001_aaaaaaaaaaaaaaaa")
