"""KGX TSV export: nodes.tsv and edges.tsv with Biolink categories and predicates."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from immunokg.graph.export.concept_graph import ConceptGraph, Edge, read_concept_graph
from immunokg.graph.export.write import pair_paths, write_atomic
from immunokg.graph.rdf.namespace import DOC, FACT, IKG, RELATION_PROPERTIES

# The infores id under which the graph's knowledge is provided (KGX provided_by / sources).
INFORES = "infores:immunokg"

# Biolink category of each entity type; docs/exports.md says why each was chosen.
CATEGORIES: dict[str, str] = {
    "Drug": "biolink:Drug",
    "DrugClass": "biolink:Drug",
    "Target": "biolink:Protein",
    "CancerType": "biolink:Disease",
    "SideEffect": "biolink:PhenotypicFeature",
    "ImmuneCell": "biolink:Cell",
}

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


def _node_rows(concepts: ConceptGraph) -> list[list[str]]:
    return [
        [
            node.id,
            CATEGORIES.get(node.type, "biolink:NamedThing"),
            clean(node.label),
            joined([*node.synonyms, *(b for b in node.brands if b not in node.synonyms)]),
            joined(node.identifiers),
            # Biolink's trade_name holds one value: the first brand; all brands are synonyms too
            clean(node.brands[0]) if node.brands else "",
            node.iri,
            INFORES,
        ]
        for node in concepts.nodes
    ]


def _edge_rows(concepts: ConceptGraph) -> list[list[str]]:
    rows = []
    for edge in concepts.edges:
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
                edge.source,
                predicate(edge),
                edge.target,
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


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    lines = ["\t".join(columns)] + ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def write_kgx(graph: Graph, path: Path | str, *, provenance: bool = False) -> list[Path]:
    """``nodes.tsv`` and ``edges.tsv`` (or ``PREFIX_nodes.tsv`` ...) in KGX TSV form.

    Evidence is not a node in KGX: each edge carries its sentences
    (``supporting_text``) and source documents (``publications``) instead.
    """
    concepts = read_concept_graph(graph)
    nodes_path, edges_path = pair_paths(path, "tsv")
    write_atomic(nodes_path, _table(NODE_COLUMNS, _node_rows(concepts)))
    write_atomic(edges_path, _table(EDGE_COLUMNS, _edge_rows(concepts)))
    return [nodes_path, edges_path]
