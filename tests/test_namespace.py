"""The typed vocabulary in code lists exactly the terms of ontology/immunokg.ttl."""

from __future__ import annotations

from importlib.resources import files

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from immunokg.graph.rdf.namespace import IKG, RELATION_PROPERTIES, STATUS_TERMS

VOCAB = str(IKG._NS)


def ontology() -> Graph:
    text = (files("immunokg.ontology") / "immunokg.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def ontology_terms(graph: Graph) -> set[str]:
    return {
        str(node)[len(VOCAB) :]
        for node in graph.subjects()
        if isinstance(node, URIRef) and str(node).startswith(VOCAB)
    }


def test_every_code_term_is_in_the_ontology() -> None:
    assert set(IKG.__annotations__) - ontology_terms(ontology()) == set()


def test_every_ontology_term_is_in_the_code() -> None:
    assert ontology_terms(ontology()) - set(IKG.__annotations__) == set()


def test_objects_in_the_vocabulary_are_defined_terms() -> None:
    used = {
        str(node)[len(VOCAB) :]
        for node in ontology().objects()
        if isinstance(node, URIRef) and str(node).startswith(VOCAB)
    }
    assert used <= set(IKG.__annotations__)


def test_unknown_term_fails() -> None:
    with pytest.raises(AttributeError):
        IKG.cures  # noqa: B018


@pytest.mark.parametrize("term", sorted(IKG.__annotations__))
def test_term_has_label_and_comment(term: str) -> None:
    graph = ontology()
    node = IKG[term]
    assert graph.value(node, RDFS.label) is not None, term
    assert graph.value(node, RDFS.comment) is not None, term


@pytest.mark.parametrize("term", sorted(IKG.__annotations__))
def test_property_has_domain_and_range(term: str) -> None:
    graph = ontology()
    node = IKG[term]
    kinds = set(graph.objects(node, RDF.type))
    if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
        assert graph.value(node, RDFS.domain) is not None, term
        assert graph.value(node, RDFS.range) is not None, term


def test_relations_and_statuses_are_typed() -> None:
    graph = ontology()
    assert (IKG.brandName, RDF.type, OWL.DatatypeProperty) in graph
    for relation, prop in RELATION_PROPERTIES.items():
        if relation != "brand_name":
            assert (prop, RDF.type, OWL.ObjectProperty) in graph, relation
    for status in STATUS_TERMS.values():
        assert (status, RDF.type, IKG.Status) in graph


def test_biolink_equivalences() -> None:
    graph = ontology()
    biolink = "https://w3id.org/biolink/vocab/"
    assert (IKG.treats, OWL.equivalentProperty, URIRef(biolink + "treats")) in graph
    assert (
        IKG.hasSideEffect,
        OWL.equivalentProperty,
        URIRef(biolink + "has_adverse_event"),
    ) in graph
    assert (IKG.Drug, OWL.equivalentClass, URIRef(biolink + "Drug")) in graph
