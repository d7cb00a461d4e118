"""The RDF namespaces of the graph, and the typed vocabulary of ontology/immunokg.ttl."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, DefinedNamespace

if TYPE_CHECKING:
    from rdflib import Graph

VOID = "http://rdfs.org/ns/void#"

BASE = "https://w3id.org/immunokg/"

ENTITY = Namespace(BASE + "entity/")
FACT = Namespace(BASE + "fact/")
EVIDENCE = Namespace(BASE + "evidence/")  # evidence nodes, and their spans (``<id>-<start>-<end>``)
DOC = Namespace(BASE + "document/")
RULE = Namespace(BASE + "rule/")
AXIOM = Namespace(BASE + "axiom/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")

CURIE_PREFIX = "IMMUNOKG"


class IKG(DefinedNamespace):
    """Terms of the immunokg vocabulary; a test checks they equal the ontology file's."""

    _fail = True
    _NS = Namespace(BASE + "vocab#")

    # classes
    Entity: URIRef
    Drug: URIRef
    DrugClass: URIRef
    Target: URIRef
    CancerType: URIRef
    SideEffect: URIRef
    ImmuneCell: URIRef
    Fact: URIRef
    Axiom: URIRef
    Evidence: URIRef
    Span: URIRef
    Antecedent: URIRef
    Document: URIRef
    Rule: URIRef
    Status: URIRef
    Source: URIRef

    # relations between entities (the six of the contract)
    brandName: URIRef
    inClass: URIRef
    subClassOf: URIRef
    targets: URIRef
    treats: URIRef
    hasSideEffect: URIRef
    hasPart: URIRef

    # facts, evidence and provenance
    relation: URIRef
    status: URIRef
    evidenceCount: URIRef
    hasEvidence: URIRef
    inferred: URIRef
    ncitCode: URIRef
    document: URIRef
    sentence: URIRef
    start: URIRef
    end: URIRef
    span: URIRef
    antecedent: URIRef
    standsFor: URIRef
    rule: URIRef
    example: URIRef
    xref: URIRef
    foundBy: URIRef
    sha256: URIRef
    length: URIRef

    # statistics the build writes (graph/statistics.py)
    evidenceGiven: URIRef
    factsSupported: URIRef
    factsOnlyHere: URIRef
    lexiconEntities: URIRef
    patternEntities: URIRef

    # individuals
    approved: URIRef
    investigational: URIRef
    stated: URIRef
    lexicon: URIRef
    pattern: URIRef


RELATION_PROPERTIES: dict[str, URIRef] = {
    "brand_name": IKG.brandName,
    "in_class": IKG.inClass,
    "subclass_of": IKG.subClassOf,
    "targets": IKG.targets,
    "treats": IKG.treats,
    "has_side_effect": IKG.hasSideEffect,
}

STATUS_TERMS: dict[str, URIRef] = {
    "approved": IKG.approved,
    "investigational": IKG.investigational,
    "stated": IKG.stated,
}


def curie(entity_id: str) -> str:
    """The CURIE that names an entity outside RDF (KGX, GraphML, JSON)."""
    return f"{CURIE_PREFIX}:{entity_id}"


def bind_prefixes(graph: Graph) -> Graph:
    """The prefixes of graph-model.md, so that Turtle output reads like the docs."""
    for prefix, namespace in (
        ("ikg", IKG._NS),
        ("entity", ENTITY),
        ("fact", FACT),
        ("evidence", EVIDENCE),
        ("doc", DOC),
        ("rule", RULE),
        ("axiom", AXIOM),
        ("skos", SKOS),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("void", VOID),
    ):
        graph.bind(prefix, namespace, override=True)
    return graph
