"""Cytoscape.js JSON export: ``{"elements": {"nodes": [...], "edges": [...]}}`` for web pages."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from immunokg.graph.export.concept_graph import read_concept_graph
from immunokg.graph.export.write import write_atomic


def cytoscape_elements(graph: Graph, *, provenance: bool = False) -> dict[str, object]:
    """The elements document: every node and edge as ``{"data": {...}}``, sorted by id."""
    concepts = read_concept_graph(graph, provenance=provenance)
    nodes = [
        {
            "data": {
                "id": node.id,
                "label": node.label,
                "name": node.label,
                "shared name": node.label,
                "value": node.id,
                "type": node.type,
                "synonyms": list(node.synonyms),
                "identifiers": list(node.identifiers),
                "brands": list(node.brands),
                "iri": node.iri,
                "description": node.description,
            }
        }
        for node in concepts.nodes
    ]
    edges = [
        {
            "data": {
                "id": edge.id,
                "key": edge.id,
                "source": edge.source,
                "target": edge.target,
                "label": edge.relation,
                "interaction": edge.relation,
                "relation": edge.relation,
                "status": edge.status,
                "evidence_count": edge.evidence_count,
                "documents": list(edge.documents),
                "evidence": list(edge.evidence),
                "inferred": edge.inferred,
                "asserted_by": edge.asserted_by,
                "source_page": edge.source_page,
            }
        }
        for edge in concepts.edges
    ]
    # "data", "directed" and "multigraph" let networkx.cytoscape_graph read the file back.
    return {
        "data": {"name": "immunokg"},
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(graph: Graph, path: Path | str, *, provenance: bool = False) -> list[Path]:
    """Cytoscape.js JSON, also opened by Cytoscape desktop (File > Import > Network from File)."""
    document = cytoscape_elements(graph, provenance=provenance)
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return [write_atomic(path, text)]
