"""The ontology's class taxonomy: its shape, its sources, and how the build marks it."""

from __future__ import annotations

from importlib.resources import files

import pytest

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.lexicon import load_lexicon
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.namespace import IKG
from immunokg.graph.rdf.taxonomy import load_taxonomy, parse_taxonomy
from immunokg.graph.validate.reference import validate

HEADER = """@prefix ikg: <https://w3id.org/immunokg/vocab#> .
@prefix entity: <https://w3id.org/immunokg/entity/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""


def test_every_axiom_names_lexicon_classes_and_targets() -> None:
    lexicon = load_lexicon()
    for axiom in load_taxonomy():
        assert lexicon.get(axiom.subject).type == "DrugClass", axiom
        wanted = "DrugClass" if axiom.relation == "subclass_of" else "Target"
        assert lexicon.get(axiom.object).type == wanted, axiom


def test_every_axiom_has_a_checked_source_page() -> None:
    for axiom in load_taxonomy():
        assert axiom.source.startswith(("http://", "https://")), axiom
        assert not axiom.ncit or axiom.ncit.startswith("NCIT:C"), axiom


def test_every_axiom_ncit_code_is_its_class_xref_with_a_checked_source() -> None:
    rows = files("immunokg.extract").joinpath("data", "identifiers.tsv").read_text("utf-8")
    sourced = {tuple(line.split("\t")[:2]) for line in rows.splitlines()[1:]}
    lexicon = load_lexicon()
    coded = [a for a in load_taxonomy() if a.ncit]
    assert len(coded) >= len(load_taxonomy()) - 6  # the classes no stored page codes
    for axiom in coded:
        assert axiom.ncit in lexicon.get(axiom.subject).xrefs, axiom
        assert (axiom.subject, axiom.ncit) in sourced, axiom


def test_the_taxonomy_holds_the_classes_the_issue_names() -> None:
    subclasses = {(a.subject, a.object) for a in load_taxonomy() if a.relation == "subclass_of"}
    assert ("lag-3-inhibitor", "checkpoint-inhibitor") in subclasses
    assert ("tcr-therapy", "adoptive-cell-therapy") in subclasses
    assert ("oncolytic-virus", "immunotherapy") in subclasses
    assert ("immunomodulatory-drug", "immunotherapy") in subclasses


def test_the_taxonomy_alone_holds_its_shapes() -> None:
    """Every class reachable from immunotherapy; every axiom sourced and about a class."""
    graph = build_ntriples([], []).to_rdflib()
    assert len(list(graph.subjects(predicate=None, object=IKG.Axiom))) == len(load_taxonomy())
    report = validate(graph)
    assert report.conforms, report.text()


def test_each_target_named_inhibitor_has_its_defining_target() -> None:
    targets = {(a.subject, a.object) for a in load_taxonomy() if a.relation == "targets"}
    assert {("pd-1-inhibitor", "pd-1"), ("pd-l1-inhibitor", "pd-l1")} <= targets
    assert ("ctla-4-inhibitor", "ctla-4") in targets


def test_a_triple_without_its_axiom_is_rejected() -> None:
    text = HEADER + "entity:a ikg:subClassOf entity:b .\n"
    with pytest.raises(DataFileError, match="without a sourced ikg:Axiom"):
        parse_taxonomy(text, "taxonomy.ttl")


def test_an_axiom_without_a_source_is_rejected() -> None:
    text = HEADER + (
        "entity:a ikg:subClassOf entity:b .\n"
        "[] a ikg:Axiom ; rdf:subject entity:a ; rdf:predicate ikg:subClassOf ;"
        " rdf:object entity:b .\n"
    )
    with pytest.raises(DataFileError, match="no source page"):
        parse_taxonomy(text, "taxonomy.ttl")


def test_axioms_carry_no_evidence_and_no_status() -> None:
    lines = build_ntriples([], []).lines
    axiom_lines = [line for line in lines if line.startswith("<https://w3id.org/immunokg/axiom/")]
    assert axiom_lines
    assert not any(str(IKG.hasEvidence) in line or str(IKG.status) in line for line in axiom_lines)
