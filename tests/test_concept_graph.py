"""Reading the stored RDF graph into node and edge records."""

from __future__ import annotations

from export_support import fixture_graph

from immunokg.graph.export.concept_graph import read_concept_graph


def test_entities_become_nodes_with_curies_and_their_lexicon_data() -> None:
    concepts = read_concept_graph(fixture_graph())
    assert len(concepts.nodes) == 11
    pd1 = concepts.node("IMMUNOKG:pd-1")
    assert (pd1.label, pd1.type) == ("PD-1", "Target")
    assert pd1.synonyms == ("PDCD1", "programmed cell death protein 1")
    assert pd1.identifiers == ("NCBIGene:5133",)
    assert pd1.iri == "https://w3id.org/immunokg/entity/pd-1"


def test_brand_names_go_on_the_drug_not_into_edges() -> None:
    concepts = read_concept_graph(fixture_graph())
    assert concepts.node("IMMUNOKG:pembrolizumab").brands == ("Keytruda",)
    assert all(edge.relation != "brand_name" for edge in concepts.edges)


def test_fact_edges_carry_status_counts_documents_and_evidence() -> None:
    concepts = read_concept_graph(fixture_graph())
    edge = next(e for e in concepts.edges if e.id == "1a00000000000003")
    assert (edge.source, edge.relation, edge.target) == (
        "IMMUNOKG:pembrolizumab",
        "targets",
        "IMMUNOKG:pd-1",
    )
    assert (edge.status, edge.evidence_count, edge.inferred) == ("stated", 2, False)
    assert edge.documents == ("001_aaaaaaaaaaaaaaaa", "002_bbbbbbbbbbbbbbbb")
    assert edge.evidence == ("e000000000000002", "e000000000000003")


def test_provenance_adds_evidence_and_document_nodes_and_links() -> None:
    concepts = read_concept_graph(fixture_graph(), provenance=True)
    evidence = concepts.node("evidence:e000000000000004")
    assert evidence.type == "Evidence"
    assert evidence.description == (
        "rule treats-approved-to-treat; approved; 001_aaaaaaaaaaaaaaaa [200:252]"
    )
    document = concepts.node("doc:001_aaaaaaaaaaaaaaaa")
    assert (document.label, document.type) == ("Immunotherapy to Treat Cancer", "Document")
    links = {
        (e.source, e.relation, e.target)
        for e in concepts.edges
        if e.source == "evidence:e000000000000004"
    }
    assert links == {
        ("evidence:e000000000000004", "mentions", "IMMUNOKG:pembrolizumab"),
        ("evidence:e000000000000004", "mentions", "IMMUNOKG:melanoma"),
        ("evidence:e000000000000004", "found_in", "doc:001_aaaaaaaaaaaaaaaa"),
    }


def test_nodes_and_edges_are_sorted() -> None:
    concepts = read_concept_graph(fixture_graph(), provenance=True)
    assert [node.id for node in concepts.nodes] == sorted(node.id for node in concepts.nodes)
    keys = [(e.source, e.relation, e.target, e.id) for e in concepts.edges]
    assert keys == sorted(keys)
