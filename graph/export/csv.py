"""CSV export: nodes.csv and edges.csv for spreadsheets and Neo4j's bulk importer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Graph

from immunokg.graph.export.concept_graph import read_concept_graph
from immunokg.graph.export.write import pair_paths, write_atomic

# Neo4j's importer splits array columns (``name:string[]``) on this character.
ARRAY_SEPARATOR = ";"

NODE_HEADER = (
    "id:ID",
    "name",
    ":LABEL",
    "type",
    "synonyms:string[]",
    "identifiers:string[]",
    "brands:string[]",
    "iri",
    "description",
)
EDGE_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    "relation",
    "status",
    "evidence_count:int",
    "documents:string[]",
    "evidence:string[]",
    "inferred:boolean",
)


def _array(values: tuple[str, ...]) -> str:
    return ARRAY_SEPARATOR.join(value.replace(ARRAY_SEPARATOR, ",") for value in values)


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(graph: Graph, path: Path | str, *, provenance: bool = False) -> list[Path]:
    """``nodes.csv`` and ``edges.csv`` with Neo4j import headers (``:ID``, ``:START_ID`` ...).

    A node's ``:LABEL`` is ``Entity;<type>`` (or ``Evidence`` / ``Document``) and a
    relationship's ``:TYPE`` is the relation in upper case, as Neo4j names them.
    """
    concepts = read_concept_graph(graph, provenance=provenance)
    node_rows = [
        [
            node.id,
            node.label,
            node.type if node.type in ("Evidence", "Document") else f"Entity;{node.type}",
            node.type,
            _array(node.synonyms),
            _array(node.identifiers),
            _array(node.brands),
            node.iri,
            node.description,
        ]
        for node in concepts.nodes
    ]
    edge_rows = [
        [
            edge.source,
            edge.target,
            edge.relation.upper(),
            edge.id,
            edge.relation,
            edge.status,
            str(edge.evidence_count),
            _array(edge.documents),
            _array(edge.evidence),
            "true" if edge.inferred else "false",
        ]
        for edge in concepts.edges
    ]
    nodes_path, edges_path = pair_paths(path, "csv")
    write_atomic(nodes_path, _csv(NODE_HEADER, node_rows))
    write_atomic(edges_path, _csv(EDGE_HEADER, edge_rows))
    return [nodes_path, edges_path]
