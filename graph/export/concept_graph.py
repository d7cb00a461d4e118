"""Reads the stored RDF graph into plain node and edge records for the non-RDF exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from immunokg.graph.rdf.namespace import AXIOM, DOC, ENTITY, EVIDENCE, FACT, IKG, RULE, curie

ENTITY_TYPES: dict[URIRef, str] = {
    IKG.Drug: "Drug",
    IKG.DrugClass: "DrugClass",
    IKG.Target: "Target",
    IKG.CancerType: "CancerType",
    IKG.SideEffect: "SideEffect",
    IKG.ImmuneCell: "ImmuneCell",
}
STATUS_NAMES: dict[URIRef, str] = {
    IKG.approved: "approved",
    IKG.investigational: "investigational",
    IKG.stated: "stated",
}


@dataclass(frozen=True)
class EvidenceRecord:
    """One sentence that states a fact, with where it was found."""

    id: str
    document: str
    sentence: str
    start: int
    end: int
    rule: str
    status: str


@dataclass(frozen=True)
class DocumentRecord:
    """A source document: its id, title, publisher and URL when known."""

    id: str
    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Node:
    """An entity (or, with provenance, an evidence or document node) of the concept graph."""

    id: str
    iri: str
    label: str
    type: str
    synonyms: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Edge:
    """A fact between two entities (or, with provenance, a link to evidence or a document)."""

    id: str
    source: str
    target: str
    relation: str
    status: str = ""
    evidence_count: int = 0
    documents: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    inferred: bool = False
    asserted_by: str = "text"  # "ontology" for an axiom of the class taxonomy
    source_page: str = ""  # an axiom's checked source page


@dataclass(frozen=True)
class ConceptGraph:
    """Nodes and edges sorted by id, plus the evidence and documents that the edges cite."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    evidence: dict[str, EvidenceRecord] = field(default_factory=dict)
    documents: dict[str, DocumentRecord] = field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)


def local_name(iri: object, namespace: str) -> str:
    """The part of ``iri`` after ``namespace`` (the id used throughout the project)."""
    text = str(iri)
    return text[len(namespace) :] if text.startswith(namespace) else text


def _texts(graph: Graph, subject: URIRef, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted({str(value) for value in graph.objects(subject, predicate)}))


def _text(graph: Graph, subject: URIRef, *predicates: URIRef) -> str:
    for predicate in predicates:
        values = _texts(graph, subject, predicate)
        if values:
            return values[0]
    return ""


def _entity_nodes(graph: Graph, brands: dict[str, list[str]]) -> list[Node]:
    nodes = []
    seen: set[URIRef] = set()
    for rdf_type, type_name in sorted(ENTITY_TYPES.items()):
        for subject in graph.subjects(RDF.type, rdf_type):
            if not isinstance(subject, URIRef) or subject in seen:
                continue
            seen.add(subject)
            entity_id = local_name(subject, str(ENTITY))
            label = _text(graph, subject, SKOS.prefLabel, RDFS.label) or entity_id
            nodes.append(
                Node(
                    id=curie(entity_id),
                    iri=str(subject),
                    label=label,
                    type=type_name,
                    synonyms=_texts(graph, subject, SKOS.altLabel),
                    identifiers=_texts(graph, subject, IKG.xref),
                    brands=tuple(sorted(brands.get(str(subject), ()))),
                )
            )
    return nodes


def _evidence(graph: Graph) -> dict[str, EvidenceRecord]:
    records = {}
    for subject in graph.subjects(RDF.type, IKG.Evidence):
        evidence_id = local_name(subject, str(EVIDENCE))
        records[evidence_id] = EvidenceRecord(
            id=evidence_id,
            document=local_name(graph.value(subject, IKG.document), str(DOC)),
            sentence=_text(graph, subject, IKG.sentence),
            start=int(graph.value(subject, IKG.start) or 0),
            end=int(graph.value(subject, IKG.end) or 0),
            rule=local_name(graph.value(subject, IKG.rule), str(RULE)),
            status=STATUS_NAMES.get(graph.value(subject, IKG.status), ""),
        )
    return records


def _documents(graph: Graph) -> dict[str, DocumentRecord]:
    records = {}
    for subject in graph.subjects(RDF.type, IKG.Document):
        document_id = local_name(subject, str(DOC))
        records[document_id] = DocumentRecord(
            id=document_id,
            title=_text(graph, subject, DCTERMS.title),
            publisher=_text(graph, subject, DCTERMS.publisher),
            url=_text(graph, subject, DCTERMS.source),
        )
    return records


def _axiom_edges(graph: Graph) -> list[Edge]:
    """Edges for the ontology's class axioms: asserted by the ontology, with their source page."""
    return [
        Edge(
            id=local_name(axiom, str(AXIOM)),
            source=curie(local_name(graph.value(axiom, RDF.subject), str(ENTITY))),
            target=curie(local_name(graph.value(axiom, RDF.object), str(ENTITY))),
            relation=_text(graph, axiom, IKG.relation),
            asserted_by="ontology",
            source_page=_text(graph, axiom, DCTERMS.source),
        )
        for axiom in graph.subjects(RDF.type, IKG.Axiom)
    ]


def _fact_edges(
    graph: Graph, evidence: dict[str, EvidenceRecord]
) -> tuple[list[Edge], dict[str, list[str]], list[Edge]]:
    """Edges for facts between entities; brand names, whose object is a string, go aside.

    A brand-name fact still gets an edge of its own (subject to itself) in the third list, so
    that the provenance export keeps its evidence.
    """
    edges, brands, brand_edges = [], {}, []
    for fact in graph.subjects(RDF.type, IKG.Fact):
        subject, obj = graph.value(fact, RDF.subject), graph.value(fact, RDF.object)
        evidence_ids = tuple(
            sorted(local_name(item, str(EVIDENCE)) for item in graph.objects(fact, IKG.hasEvidence))
        )
        if isinstance(obj, Literal):
            brands.setdefault(str(subject), []).append(str(obj))
            entity = curie(local_name(subject, str(ENTITY)))
            brand_edges.append(
                Edge(
                    local_name(fact, str(FACT)), entity, entity, "brand_name", evidence=evidence_ids
                )
            )
            continue
        documents = sorted({evidence[item].document for item in evidence_ids if item in evidence})
        edges.append(
            Edge(
                id=local_name(fact, str(FACT)),
                source=curie(local_name(subject, str(ENTITY))),
                target=curie(local_name(obj, str(ENTITY))),
                relation=_text(graph, fact, IKG.relation),
                status=STATUS_NAMES.get(graph.value(fact, IKG.status), ""),
                evidence_count=int(graph.value(fact, IKG.evidenceCount) or len(evidence_ids)),
                documents=tuple(documents),
                evidence=evidence_ids,
                inferred=bool(graph.value(fact, IKG.inferred)),
            )
        )
    return edges, brands, brand_edges


def _provenance(
    edges: list[Edge], evidence: dict[str, EvidenceRecord], documents: dict[str, DocumentRecord]
) -> tuple[list[Node], list[Edge]]:
    """Evidence nodes that mention a fact's two entities, and the document each comes from.

    A fact edge names its evidence ids (``Edge.evidence``), since an edge cannot
    point at another edge in GraphML, CSV or Cytoscape.
    """
    nodes: dict[str, Node] = {}
    links: dict[str, Edge] = {}
    for edge in edges:
        for evidence_id in edge.evidence:
            record = evidence.get(evidence_id)
            if record is None:
                continue
            node_id, document_id = f"evidence:{evidence_id}", f"doc:{record.document}"
            where = f"{record.document} [{record.start}:{record.end}]"
            description = f"rule {record.rule}; {record.status}; {where}"
            nodes[node_id] = Node(
                node_id,
                str(EVIDENCE[evidence_id]),
                record.sentence,
                "Evidence",
                description=description,
            )
            document = documents.get(record.document, DocumentRecord(record.document, "", "", ""))
            nodes[document_id] = Node(
                document_id,
                str(DOC[record.document]),
                document.title or record.document,
                "Document",
                description=document.url,
            )
            for entity in (edge.source, edge.target):
                key = f"{evidence_id}-mentions-{entity}"
                links[key] = Edge(key, node_id, entity, "mentions", documents=(record.document,))
            key = f"{evidence_id}-found-in"
            links[key] = Edge(key, node_id, document_id, "found_in", documents=(record.document,))
    return list(nodes.values()), list(links.values())


def read_concept_graph(graph: Graph, *, provenance: bool = False) -> ConceptGraph:
    """The entities and the facts between them; with ``provenance``, evidence and documents too."""
    evidence = _evidence(graph)
    documents = _documents(graph)
    edges, brands, brand_edges = _fact_edges(graph, evidence)
    edges += _axiom_edges(graph)
    nodes = _entity_nodes(graph, brands)
    known = {node.id for node in nodes}
    edges = [edge for edge in edges if edge.source in known and edge.target in known]
    if provenance:
        extra_nodes, extra_edges = _provenance(edges + brand_edges, evidence, documents)
        nodes += extra_nodes
        edges += extra_edges
    return ConceptGraph(
        nodes=tuple(sorted(nodes, key=lambda node: node.id)),
        edges=tuple(
            sorted(edges, key=lambda edge: (edge.source, edge.relation, edge.target, edge.id))
        ),
        evidence=evidence,
        documents=documents,
    )
