"""GraphML export of the concept graph for Gephi, Cytoscape and yEd, written through networkx."""

from __future__ import annotations

import io
from pathlib import Path

from rdflib import Graph

from immunokg.graph.export.concept_graph import ConceptGraph, Edge, Node, read_concept_graph
from immunokg.graph.export.write import write_atomic

# Multi-valued fields are joined into one string: GraphML keys hold string, int or boolean only.
SEPARATOR = "|"


def node_attributes(node: Node) -> dict[str, str]:
    """The typed attributes of one node: every node carries every key, empty when unknown."""
    return {
        "label": node.label,
        # Cytoscape desktop shows a node's "name" (and matches networks on "shared name").
        "name": node.label,
        "shared name": node.label,
        "type": node.type,
        "synonyms": SEPARATOR.join(node.synonyms),
        "identifiers": SEPARATOR.join(node.identifiers),
        "brands": SEPARATOR.join(node.brands),
        "iri": node.iri,
        "description": node.description,
    }


def edge_attributes(edge: Edge) -> dict[str, str | int | bool]:
    """The typed attributes of one edge; ``interaction`` is the column Cytoscape styles edges on."""
    return {
        "label": edge.relation,
        "interaction": edge.relation,
        "relation": edge.relation,
        "status": edge.status,
        "evidence_count": edge.evidence_count,
        "documents": SEPARATOR.join(edge.documents),
        "evidence": SEPARATOR.join(edge.evidence),
        "inferred": edge.inferred,
        "asserted_by": edge.asserted_by,
        "source": edge.source_page,
    }


def to_networkx(concepts: ConceptGraph):
    """A networkx MultiDiGraph of the concept graph, nodes and edges added in sorted order."""
    import networkx as nx

    multigraph = nx.MultiDiGraph()
    for node in concepts.nodes:
        multigraph.add_node(node.id, **node_attributes(node))
    for edge in concepts.edges:
        multigraph.add_edge(edge.source, edge.target, key=edge.id, **edge_attributes(edge))
    return multigraph


def write_graphml(graph: Graph, path: Path | str, *, provenance: bool = False) -> list[Path]:
    """GraphML with declared key types; with ``provenance``, evidence and document nodes too."""
    import networkx as nx

    multigraph = to_networkx(read_concept_graph(graph, provenance=provenance))
    buffer = io.BytesIO()
    # networkx's write_graphml picks its lxml writer when lxml is installed, and the two
    # writers lay out the XML differently; the plain writer gives the same bytes everywhere.
    nx.write_graphml_xml(multigraph, buffer, encoding="utf-8", prettyprint=True)
    # networkx declares Python ints as "long"; counts fit GraphML's "int", which every reader knows.
    text = buffer.getvalue().replace(b'attr.type="long"', b'attr.type="int"')
    return [write_atomic(path, text)]
