"""KGX TSV export: nodes.tsv and edges.tsv with Biolink categories and predicates."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from immunokg.graph.export.concept_graph import ConceptGraph, Edge, read_concept_graph
from immunokg.graph.export.write import pair_paths, write_atomic
from immunokg.graph.rdf.identifiers import CATEGORIES, preferred_id
from immunokg.graph.rdf.namespace import AXIOM, DOC, FACT, IKG, RELATION_PROPERTIES

# The infores id under which the graph's knowledge is provided (KGX provided_by / sources).
INFORES = "infores:immunokg"

# Biolink predicate of each relation; treats depends on the fact's status.
PREDICATES: dict[str, str] = {
    "in_class": "biolink:subclass_of",
    "subclass_of": "biolink:subclass_of",
    "targets": "biolink:directly_physically_interacts_with",
    "has_side_effect": "biolink:has_side_effect",
}
TREATS_PREDICATES: dict[str, str] = {
    "approved": "biolink:treats",
    "investigational": "biolink:studied_to_treat",
}

NODE_COLUMNS = (
    "id",
    "category",
    "name",
    "synonym",
    "xref",
    "trade_name",
    "iri",
    "provided_by",
)
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "clinical_approval_status",
    "evidence_count",
    "publications",
    "supporting_text",
)


def clean(value: str) -> str:
    """A value safe inside a TSV cell of a pipe-separated list: no tab, newline or pipe."""
    return " ".join(value.replace("|", "/").split())


def joined(values: tuple[str, ...] | list[str]) -> str:
    """KGX's multi-valued form: values separated by ``|``."""
    return "|".join(clean(value) for value in values)


def predicate(edge: Edge) -> str:
    """The Biolink predicate of a fact edge."""
    if edge.relation == "treats":
        return TREATS_PREDICATES.get(edge.status, "biolink:studied_to_treat")
    return PREDICATES.get(edge.relation, "biolink:related_to")


def node_ids(concepts: ConceptGraph) -> dict[str, str]:
    """Each node's KGX id: the Biolink-preferred CURIE of its category, else its IMMUNOKG id."""
    return {
        node.id: preferred_id(node.type, node.identifiers) or node.id for node in concepts.nodes
    }


def _node_rows(concepts: ConceptGraph, ids: dict[str, str]) -> list[list[str]]:
    return [
        [
            ids[node.id],
            CATEGORIES.get(node.type, "biolink:NamedThing"),
            clean(node.label),
            joined([*node.synonyms, *(b for b in node.brands if b not in node.synonyms)]),
            # the other identifiers, the IMMUNOKG one too when the id is another's
            joined(sorted({*node.identifiers, node.id} - {ids[node.id]})),
            # Biolink's trade_name holds one value: the first brand; all brands are synonyms too
            clean(node.brands[0]) if node.brands else "",
            node.iri,
            INFORES,
        ]
        for node in concepts.nodes
    ]


def _edge_rows(concepts: ConceptGraph, ids: dict[str, str]) -> list[list[str]]:
    rows = []
    for edge in concepts.edges:
        if edge.asserted_by == "ontology":
            rows.append(_axiom_row(edge, ids))
            continue
        records = [concepts.evidence[item] for item in edge.evidence if item in concepts.evidence]
        publications = []
        for document_id in edge.documents:
            document = concepts.documents.get(document_id)
            publications.append(
                document.url if document and document.url else str(DOC[document_id])
            )
        original = RELATION_PROPERTIES.get(edge.relation, IKG.relation)
        approved = edge.relation == "treats" and edge.status == "approved"
        rows.append(
            [
                str(FACT[edge.id]),
                ids.get(edge.source, edge.source),
                predicate(edge),
                ids.get(edge.target, edge.target),
                str(original),
                "logical_entailment" if edge.inferred else "knowledge_assertion",
                "automated_agent" if edge.inferred else "text_mining_agent",
                INFORES,
                "approved_for_condition" if approved else "",
                str(edge.evidence_count),
                joined(sorted(set(publications))),
                joined(sorted({record.sentence for record in records})),
            ]
        )
    return rows


def _axiom_row(edge: Edge, ids: dict[str, str]) -> list[str]:
    """An ontology axiom: curated knowledge about classes, its source page as publication."""
    original = RELATION_PROPERTIES.get(edge.relation, IKG.relation)
    return [
        str(AXIOM[edge.id]),
        ids.get(edge.source, edge.source),
        predicate(edge),
        ids.get(edge.target, edge.target),
        str(original),
        "knowledge_assertion",
        "manual_agent",
        INFORES,
        "",
        "0",
        clean(edge.source_page),
        "",
    ]


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    lines = ["\t".join(columns)] + ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def write_kgx(graph: Graph, path: Path | str, *, provenance: bool = False) -> list[Path]:
    """``nodes.tsv`` and ``edges.tsv`` (or ``PREFIX_nodes.tsv`` ...) in KGX TSV form.

    Evidence is not a node in KGX: each edge carries its sentences
    (``supporting_text``) and source documents (``publications``) instead.
    """
    concepts = read_concept_graph(graph)
    ids = node_ids(concepts)
    nodes_path, edges_path = pair_paths(path, "tsv")
    write_atomic(nodes_path, _table(NODE_COLUMNS, _node_rows(concepts, ids)))
    write_atomic(edges_path, _table(EDGE_COLUMNS, _edge_rows(concepts, ids)))
    return [nodes_path, edges_path]
