"""Facts and documents to RDF: the triples graph-model.md promises, deterministic and valid."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from graph_fixtures import build_kwargs, trial_documents, trial_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from immunokg.extract.model import Entity, Evidence, Fact
from immunokg.graph.build.triples import build_ntriples, build_rdf, fact_lines, xref_iri
from immunokg.graph.rdf.namespace import DOC, ENTITY, EVIDENCE, FACT, IKG, RULE
from immunokg.graph.validate.reference import validate

PEMBRO = ENTITY["pembrolizumab"]


def graph() -> Graph:
    return build_rdf(trial_documents(), trial_facts(), **build_kwargs())


def sha16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_every_fact_is_a_direct_triple() -> None:
    g = graph()
    assert (PEMBRO, IKG.targets, ENTITY["pd-1"]) in g
    assert (PEMBRO, IKG.treats, ENTITY["melanoma"]) in g
    assert (PEMBRO, IKG.inClass, ENTITY["pd-1-inhibitor"]) in g
    assert (PEMBRO, IKG.hasSideEffect, ENTITY["fatigue"]) in g
    assert (PEMBRO, IKG.brandName, Literal("Keytruda")) in g
    assert (ENTITY["pd-1-inhibitor"], IKG.subClassOf, ENTITY["checkpoint-inhibitor"]) in g


def test_subclass_of_is_also_skos_broader() -> None:
    g = graph()
    assert (ENTITY["pd-1-inhibitor"], SKOS.broader, ENTITY["checkpoint-inhibitor"]) in g
    assert len(list(g.triples((None, SKOS.broader, None)))) == 1


def test_fact_node_is_a_reified_statement_with_documented_id() -> None:
    g = graph()
    node = FACT[sha16("pembrolizumab|treats|melanoma")]
    assert (node, RDF.type, IKG.Fact) in g
    assert (node, RDF.type, RDF.Statement) in g
    assert g.value(node, RDF.subject) == PEMBRO
    assert g.value(node, RDF.predicate) == IKG.treats
    assert g.value(node, RDF.object) == ENTITY["melanoma"]
    assert g.value(node, IKG.relation) == Literal("treats")
    assert g.value(node, IKG.status) == IKG.approved
    assert g.value(node, IKG.evidenceCount) == Literal(1, datatype=XSD.integer)


def test_brand_fact_object_is_the_brand_string() -> None:
    g = graph()
    node = FACT[sha16("pembrolizumab|brand_name|Keytruda")]
    assert g.value(node, RDF.object) == Literal("Keytruda")


def test_evidence_node_carries_provenance() -> None:
    g = graph()
    fact = sha16("pembrolizumab|treats|melanoma")
    document = trial_documents()[0]
    sentence = "Pembrolizumab is approved to treat melanoma."
    start = Path(document.path).read_text(encoding="utf-8").index(sentence)
    node = EVIDENCE[sha16(f"{fact}|trial|{start}|{start + len(sentence)}|treats-approved-to-treat")]
    assert (FACT[fact], IKG.hasEvidence, node) in g
    assert g.value(node, IKG.document) == DOC["trial"]
    assert g.value(node, PROV.wasDerivedFrom) == DOC["trial"]
    assert g.value(node, IKG.sentence) == Literal(sentence)
    assert g.value(node, IKG.start) == Literal(start, datatype=XSD.integer)
    assert g.value(node, IKG.end) == Literal(start + len(sentence), datatype=XSD.integer)
    assert g.value(node, IKG.rule) == RULE["treats-approved-to-treat"]
    assert g.value(node, IKG.status) == IKG.approved


def test_entities_get_labels_synonyms_and_cross_references_from_the_lexicon() -> None:
    g = graph()
    assert g.value(PEMBRO, RDF.type) == IKG.Drug
    assert g.value(PEMBRO, SKOS.prefLabel) == Literal("pembrolizumab")
    assert g.value(PEMBRO, RDFS.label) == Literal("pembrolizumab")
    assert set(g.objects(PEMBRO, SKOS.altLabel)) == {Literal("MK-3475")}
    assert g.value(PEMBRO, IKG.xref) == Literal("NCIT:C106432")
    assert g.value(PEMBRO, SKOS.exactMatch) == URIRef("http://purl.obolibrary.org/obo/NCIT_C106432")
    assert g.value(ENTITY["pd-1"], SKOS.exactMatch) == URIRef("http://identifiers.org/hgnc/8760")
    assert set(g.objects(ENTITY["pd-1"], SKOS.altLabel)) == {Literal("PDCD1")}
    assert g.value(PEMBRO, IKG.foundBy) == IKG.lexicon


def test_brands_come_only_from_extracted_facts() -> None:
    g = graph()
    assert set(g.objects(PEMBRO, IKG.brandName)) == {Literal("Keytruda")}
    assert Literal("Keytruda") not in set(g.objects(PEMBRO, SKOS.altLabel))


def test_entity_found_by_pattern_is_marked() -> None:
    drug = Entity("zanidatamab", "zanidatamab", "Drug", "pattern")
    evidence = (Evidence("trial", 0, 5, "Zanidatamab targets HER2.", "targets-verb", "stated"),)
    fact = Fact(drug, "targets", Entity("her2", "HER2", "Target", "pattern"), "stated", evidence)
    g = build_rdf([], [fact], **build_kwargs())
    assert g.value(ENTITY["zanidatamab"], IKG.foundBy) == IKG.pattern


def test_document_node_has_metadata_hash_and_length() -> None:
    g = graph()
    document = trial_documents()[0]
    node = DOC["trial"]
    assert (node, RDF.type, IKG.Document) in g
    assert (node, RDF.type, PROV.Entity) in g
    assert g.value(node, DCTERMS.identifier) == Literal("trial")
    assert g.value(node, DCTERMS.title) == Literal("Checkpoint inhibitors in brief")
    assert g.value(node, DCTERMS.source) == URIRef("https://example.org/checkpoint")
    assert g.value(node, IKG.sha256) == Literal(document.sha256)
    assert g.value(node, IKG.length) == Literal(document.original_length, datatype=XSD.integer)


def test_rule_nodes_carry_their_example() -> None:
    g = graph()
    assert (RULE["targets-verb"], RDF.type, IKG.Rule) in g
    assert g.value(RULE["targets-verb"], IKG.example) == Literal("Nivolumab targets PD-1.")
    assert g.value(RULE["brand-paren"], RDFS.label) == Literal("brand-paren")


def test_literals_are_plain_strings() -> None:
    g = graph()
    for literal in g.objects(None, SKOS.prefLabel):
        assert literal.datatype is None and literal.language is None


def test_quotes_in_labels_survive() -> None:
    assert graph().value(ENTITY["kidney-cancer"], SKOS.prefLabel) == Literal('kidney "cancer"')


def test_seed_like_graph_conforms() -> None:
    report = validate(graph())
    assert report.conforms, report.text()


def test_output_is_sorted_and_independent_of_fact_order() -> None:
    facts = trial_facts()
    first = build_ntriples(trial_documents(), facts, **build_kwargs())
    random.Random(4).shuffle(facts)
    second = build_ntriples(trial_documents(), facts, **build_kwargs())
    assert first == second
    assert list(first.lines) == sorted(set(first.lines))


def test_document_ids_are_escaped_in_iris() -> None:
    evidence = (Evidence("my notes #1", 0, 5, "Nivolumab targets PD-1.", "targets-verb", "stated"),)
    drug = Entity("nivolumab", "nivolumab", "Drug")
    fact = Fact(drug, "targets", Entity("pd-1", "PD-1", "Target"), "stated", evidence)
    lines = fact_lines(fact)
    assert any("<https://w3id.org/immunokg/document/my%20notes%20%231>" in line for line in lines)


def test_unknown_xref_prefix_stays_a_literal_only() -> None:
    assert xref_iri("UNII:DPT0O3T46P") is None
    assert xref_iri("MESH:D000077594") == "http://id.nlm.nih.gov/mesh/D000077594"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_sentence_round_trips_through_ntriples(sentence: str) -> None:
    drug = Entity("nivolumab", "nivolumab", "Drug")
    evidence = (Evidence("d", 0, 1, sentence, "targets-verb", "stated"),)
    fact = Fact(drug, "targets", Entity("pd-1", "PD-1", "Target"), "stated", evidence)
    g = build_rdf([], [fact], **build_kwargs())
    assert set(g.objects(None, IKG.sentence)) == {Literal(sentence)}


def test_an_evidence_names_the_antecedent_its_pointing_words_stood_for() -> None:
    drug = Entity("foximab", "foximab", "Drug")
    effect = Entity("rash", "rash", "SideEffect")
    pointed = Evidence(
        "d", 40, 60, "It causes a rash.", "r", "stated", antecedent=(("foximab", 0, 7),)
    )
    untold = Evidence(
        "d", 70, 90, "It may cause rash.", "r", "stated", antecedent=(("foximab", -1, -1),)
    )
    plain = Evidence("d", 100, 120, "Foximab causes rash.", "r", "stated")
    g = Graph()
    for line in fact_lines(
        Fact(drug, "has_side_effect", effect, "stated", (pointed, untold, plain))
    ):
        g.parse(data=line, format="nt")
    antecedents = {(ev, node) for ev, node in g.subject_objects(IKG.antecedent)}
    assert len(antecedents) == 2
    for _, node in antecedents:
        assert (node, RDF.type, IKG.Antecedent) in g
        assert g.value(node, IKG.standsFor) == ENTITY["foximab"]
    offsets = sorted((g.value(n, IKG.start), g.value(n, IKG.end)) for _, n in antecedents)
    assert offsets[0] == (None, None)
    assert offsets[1] == (Literal(0, datatype=XSD.integer), Literal(7, datatype=XSD.integer))
