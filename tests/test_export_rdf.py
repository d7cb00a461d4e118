"""RDF exports, parsed back by rdflib and by pyoxigraph, are the stored graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyoxigraph
import pytest
from export_support import stored_fixture
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from immunokg.graph.export.rdf import GRAPH_IRI
from immunokg.graph.export.registry import export
from immunokg.graph.rdf.store import load_graph

# format name -> (file name, rdflib parser, pyoxigraph format)
RDF_FORMATS = {
    "turtle": ("graph.ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
    "ntriples": ("graph.nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "nquads": ("graph.nq", "nquads", pyoxigraph.RdfFormat.N_QUADS),
    "jsonld": ("graph.jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD),
    "rdfxml": ("graph.rdf", "xml", pyoxigraph.RdfFormat.RDF_XML),
}


@pytest.fixture
def stored(tmp_path):
    return stored_fixture(tmp_path)


def _same(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"missing: {sorted(only_expected)[:5]}\nunexpected: {sorted(only_actual)[:5]}")


def _rdflib_read(path, parser: str) -> Graph:
    if parser == "nquads":
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        graph = Graph()
        for subject, predicate, obj, _ in dataset.quads():
            graph.add((subject, predicate, obj))
        return graph
    return Graph().parse(path, format=parser)


def _oxigraph_read(path, fmt) -> Graph:
    """pyoxigraph parses; its triples go to rdflib as N-Triples for the comparison."""
    quads = list(pyoxigraph.parse(path=str(path), format=fmt))
    triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=text.decode("utf-8"), format="nt")


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdflib_reads_back_the_stored_graph(stored, tmp_path, fmt) -> None:
    name, parser, _ = RDF_FORMATS[fmt]
    [path] = export(stored, fmt, tmp_path / name)
    _same(load_graph(stored), _rdflib_read(path, parser))


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_pyoxigraph_reads_back_the_stored_graph(stored, tmp_path, fmt) -> None:
    name, _, oxigraph_format = RDF_FORMATS[fmt]
    [path] = export(stored, fmt, tmp_path / name)
    _same(load_graph(stored), _oxigraph_read(path, oxigraph_format))


def test_nquads_put_every_triple_in_the_named_graph(stored, tmp_path) -> None:
    [path] = export(stored, "nquads", tmp_path / "graph.nq")
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(quads) == len(load_graph(stored))
    assert {quad.graph_name.value for quad in quads} == {str(GRAPH_IRI)}


def test_jsonld_is_compact_with_the_project_prefixes(stored, tmp_path) -> None:
    [path] = export(stored, "jsonld", tmp_path / "graph.jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"]["ikg"] == "https://w3id.org/immunokg/vocab#"
    node = next(item for item in document["@graph"] if item["@id"] == "entity:pembrolizumab")
    assert node["@type"] == "ikg:Drug"
    assert node["ikg:brandName"] == "Keytruda"


def test_ntriples_lines_are_sorted(stored, tmp_path) -> None:
    [path] = export(stored, "ntriples", tmp_path / "graph.nt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert path.read_bytes() == (stored / "graph.nt").read_bytes()


def test_serialisations_do_not_change_with_the_hash_seed(stored, tmp_path) -> None:
    script = (
        "import sys; from immunokg.graph.export.registry import export\n"
        "for fmt in ('turtle', 'jsonld', 'rdfxml', 'nquads'):\n"
        "    export(sys.argv[1], fmt, sys.argv[2] + '/' + fmt)\n"
    )
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"seed{seed}"
        target.mkdir()
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(stored), str(target)], check=True, env=environment
        )
        outputs.append({path.name: path.read_bytes() for path in sorted(target.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 4


def test_rdfxml_bytes_do_not_depend_on_the_order_triples_were_added(tmp_path) -> None:
    from export_support import fixture_graph

    from immunokg.graph.export.rdf import write_rdfxml

    graph = fixture_graph()
    backwards = Graph()
    for triple in sorted(graph, reverse=True):
        backwards.add(triple)
    [first] = write_rdfxml(graph, tmp_path / "a.rdf")
    [second] = write_rdfxml(backwards, tmp_path / "b.rdf")
    assert first.read_bytes() == second.read_bytes()


def test_rdfxml_declares_the_project_prefixes(stored, tmp_path) -> None:
    [path] = export(stored, "rdfxml", tmp_path / "graph.rdf")
    text = path.read_text(encoding="utf-8")
    assert 'xmlns:ikg="https://w3id.org/immunokg/vocab#"' in text
    assert 'rdf:about="https://w3id.org/immunokg/entity/pembrolizumab"' in text


def test_oxigraph_recipe_answers_from_the_turtle_or_the_union_of_the_nquads(tmp_path) -> None:
    """docs/exports.md: Turtle loads into the default graph; N-Quads need the union default
    graph (the server's --union-default-graph) or a GRAPH clause, else 0 rows."""
    import pyoxigraph
    from querygraph import write_fixture_graph_dir

    from immunokg.graph.export.registry import export

    directory = write_fixture_graph_dir(tmp_path / "graph")
    [nq] = export(directory, "nquads", tmp_path / "immunokg.nq")
    [ttl] = export(directory, "turtle", tmp_path / "immunokg.ttl")
    ask = "SELECT ?d WHERE { ?d <https://w3id.org/immunokg/vocab#targets> ?t }"
    quads = pyoxigraph.Store()
    quads.load(path=str(nq), format=pyoxigraph.RdfFormat.N_QUADS)
    assert list(quads.query(ask)) == []
    assert list(quads.query(ask, use_default_graph_as_union=True))
    in_graph = ask.replace("WHERE {", "WHERE { GRAPH <https://w3id.org/immunokg/graph> {") + " }"
    assert list(quads.query(in_graph))
    triples = pyoxigraph.Store()
    triples.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
    assert list(triples.query(ask))
