"""Every format exports the graph built from the bundled seeds and is read back by its consumer.

The expected PD-1 neighbours come from a sentence of seed 002: "Keytruda
(pembrolizumab), Opdivo (nivolumab) and Libtayo (cemiplimab) are PD-1 inhibitors".
"""

from __future__ import annotations

import csv
import json

import igraph
import networkx as nx
import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from immunokg.graph.export.draw import draw
from immunokg.graph.export.registry import export


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed graph (built once: extraction needs spaCy): its entities, and its facts between
    entities plus the ontology's class axioms, which are edges too (asserted_by "ontology")."""
    pytest.importorskip(
        "immunokg.extract.engine.pipeline", reason="the extraction engine is missing"
    )
    from immunokg.graph.ask.read_facts import axioms_from_graph, facts_from_graph
    from immunokg.graph.build.pipeline import build_graph_dir

    directory = tmp_path_factory.mktemp("seed") / "graph"
    build_graph_dir(None, directory, keep_invalid=True, progress=False)
    facts = facts_from_graph(directory)
    entities = {f.subject.id for f in facts} | {
        f.object.id for f in facts if not isinstance(f.object, str)
    }
    # A composed or narrower cancer's parent is an entity of the graph too (skos:broader).
    from immunokg.graph.rdf.namespace import ENTITY, SKOS

    broader = f"<{SKOS.broader}> <{ENTITY}"
    for line in (directory / "graph.nt").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"<{ENTITY}") and broader in line:
            entities.add(line.split(broader, 1)[1].split(">", 1)[0])
    linked = [f for f in facts if not isinstance(f.object, str)]
    axioms = axioms_from_graph(directory)
    store_entities = _entity_count(directory)
    assert store_entities >= len(entities)
    return directory, store_entities, len(linked) + len(axioms)


def _entity_count(directory) -> int:
    from immunokg.graph.rdf.store import open_store

    query = "SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    return int(next(iter(open_store(directory).query(query)))["n"].value)


def test_graphml_of_the_seeds_reads_in_networkx_and_igraph(seed, tmp_path) -> None:
    directory, entities, facts = seed
    [path] = export(directory, "graphml", tmp_path / "seed.graphml")
    network = nx.read_graphml(path, force_multigraph=True)
    assert (network.number_of_nodes(), network.number_of_edges()) == (entities, facts)
    read = igraph.Graph.Read_GraphML(str(path))
    assert (read.vcount(), read.ecount()) == (entities, facts)
    assert set(read.es["relation"]) >= {"targets", "treats", "in_class", "has_side_effect"}


@pytest.mark.parametrize(
    ("fmt", "parser", "oxigraph_format"),
    [
        ("turtle", "turtle", pyoxigraph.RdfFormat.TURTLE),
        ("ntriples", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD),
        ("rdfxml", "xml", pyoxigraph.RdfFormat.RDF_XML),
        ("nquads", None, pyoxigraph.RdfFormat.N_QUADS),
    ],
)
def test_rdf_of_the_seeds_is_the_stored_graph(seed, tmp_path, fmt, parser, oxigraph_format) -> None:
    from immunokg.graph.rdf.store import load_graph

    directory, _, _ = seed
    stored = load_graph(directory)
    [path] = export(directory, fmt, tmp_path / f"seed.{fmt}")
    quads = list(pyoxigraph.parse(path=str(path), format=oxigraph_format))
    assert len(quads) == len(stored)
    if parser is not None:
        assert isomorphic(Graph().parse(path, format=parser), stored)


def test_kgx_csv_and_cytoscape_of_the_seeds_hold_every_entity_and_fact(seed, tmp_path) -> None:
    directory, entities, facts = seed
    kgx_nodes, kgx_edges = export(directory, "kgx", f"{tmp_path}/kgx/")
    csv_nodes, csv_edges = export(directory, "csv", f"{tmp_path}/csv/")
    [cyjs] = export(directory, "cytoscape", tmp_path / "seed.cyjs")
    with kgx_nodes.open(encoding="utf-8") as nodes, kgx_edges.open(encoding="utf-8") as edges:
        kgx = (
            list(csv.DictReader(nodes, delimiter="\t", quoting=csv.QUOTE_NONE)),
            list(csv.DictReader(edges, delimiter="\t", quoting=csv.QUOTE_NONE)),
        )
    assert (len(kgx[0]), len(kgx[1])) == (entities, facts)
    assert all(row["category"].startswith("biolink:") for row in kgx[0])
    assert all(row["predicate"].startswith("biolink:") for row in kgx[1])
    text_edges = [row for row in kgx[1] if row["agent_type"] != "manual_agent"]
    assert all(row["supporting_text"] for row in text_edges)
    axiom_edges = [row for row in kgx[1] if row["agent_type"] == "manual_agent"]
    assert axiom_edges and all(row["publications"].startswith("http") for row in axiom_edges)
    with csv_nodes.open(encoding="utf-8") as nodes, csv_edges.open(encoding="utf-8") as edges:
        assert (len(list(csv.DictReader(nodes))), len(list(csv.DictReader(edges)))) == (
            entities,
            facts,
        )
    elements = json.loads(cyjs.read_text(encoding="utf-8"))["elements"]
    assert (len(elements["nodes"]), len(elements["edges"])) == (entities, facts)


def test_pd1_picture_of_the_seeds_shows_its_drugs(seed, tmp_path) -> None:
    directory, _, _ = seed
    svg = draw(directory, "PD-1", tmp_path / "pd1.svg").read_text(encoding="utf-8")
    for name in ("PD-1", "pembrolizumab", "nivolumab", "cemiplimab", "targets", "Drug"):
        assert name in svg


def test_around_pd1_exports_a_smaller_closed_piece(seed, tmp_path) -> None:
    directory, entities, _ = seed
    [path] = export(directory, "graphml", tmp_path / "pd1.graphml", around="PD-1", depth=1)
    network = nx.read_graphml(path, force_multigraph=True)
    assert 4 <= network.number_of_nodes() < entities
    centre = "IMMUNOKG:pd-1"
    neighbours = set(network.predecessors(centre)) | set(network.successors(centre))
    assert set(network.nodes) == neighbours | {centre}


def test_kgx_of_the_seeds_has_no_biolink_errors(seed, tmp_path) -> None:
    from biolink_check import check_kgx

    directory, _, _ = seed
    nodes, edges = export(directory, "kgx", f"{tmp_path}/kgx/")
    assert check_kgx(nodes, edges).errors == []


def test_cytoscape_json_of_the_seeds_reads_in_networkx_with_names(seed, tmp_path) -> None:
    directory, entities, facts = seed
    [cyjs] = export(directory, "cytoscape", tmp_path / "seed.cyjs")
    network = nx.cytoscape_graph(json.loads(cyjs.read_text(encoding="utf-8")))
    assert (network.number_of_nodes(), network.number_of_edges()) == (entities, facts)
    assert network.nodes["IMMUNOKG:pd-1"]["name"] == network.nodes["IMMUNOKG:pd-1"]["shared name"]


def test_provenance_keeps_the_evidence_of_brand_name_facts(seed, tmp_path) -> None:
    directory, _, _ = seed
    [cyjs] = export(directory, "cytoscape", tmp_path / "prov.cyjs", provenance=True)
    nodes = json.loads(cyjs.read_text(encoding="utf-8"))["elements"]["nodes"]
    evidence = [n for n in nodes if n["data"]["type"] == "Evidence"]
    assert any("Keytruda" in n["data"]["label"] for n in evidence)
