"""Facts and documents to RDF, written as sorted N-Triples lines (the graph model's contract).

Building the lines directly, instead of adding triples one by one to an rdflib graph, keeps
a corpus of millions of words fast: the lines go straight into graph.nt and Oxigraph's bulk
loader. ``build_rdf`` parses them into rdflib for small graphs and validation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol
from urllib.parse import quote

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from immunokg.extract.model import Document, Entity, Fact
from immunokg.extract.rules.combinations import load_combinations
from immunokg.graph.build.axioms import axiom_entities, axiom_lines, part_lines
from immunokg.graph.build.lines.evidence import antecedent_lines, span_lines
from immunokg.graph.build.statistics import document_statistics_lines, void_lines
from immunokg.graph.rdf.namespace import (
    DOC,
    ENTITY,
    EVIDENCE,
    FACT,
    IKG,
    RELATION_PROPERTIES,
    RULE,
    STATUS_TERMS,
)
from immunokg.graph.rdf.ntriples import NTriples, integer_line, iri_line, literal, literal_line
from immunokg.graph.rdf.taxonomy import Axiom, load_taxonomy

# CURIE prefixes of cross-references, and the IRI each identifier is written under.
XREF_IRI_PREFIXES: dict[str, str] = {
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "HGNC": "http://identifiers.org/hgnc/",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "CL": "http://purl.obolibrary.org/obo/CL_",
    "DRUGBANK": "http://identifiers.org/drugbank/",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "UNIPROTKB": "http://purl.uniprot.org/uniprot/",
    "RXCUI": "http://purl.bioontology.org/ontology/RXNORM/",
}

# Document metadata (names used by the corpus reader and the seed manifest) to dcterms.
METADATA_PROPERTIES: dict[str, str] = {
    "title": str(DCTERMS.title),
    "publisher": str(DCTERMS.publisher),
    "licence": str(DCTERMS.license),
    "reviewed": str(DCTERMS.modified),
    "date": str(DCTERMS.date),
    "language": str(DCTERMS.language),
    "citation": str(DCTERMS.bibliographicCitation),
}

_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class LexiconLike(Protocol):
    """What the builder needs of ``immunokg.extract.rules.lexicon.Lexicon``."""

    def get(self, entity_id: str) -> Any: ...


def build_rdf(
    documents: Iterable[Document],
    facts: Iterable[Fact],
    *,
    lexicon: LexiconLike | None = None,
    rule_examples: Mapping[str, str] | None = None,
    taxonomy: Iterable[Axiom] | None = None,
) -> Graph:
    """The graph of ``facts`` and their ``documents`` as an rdflib Graph."""
    return build_ntriples(
        documents, facts, lexicon=lexicon, rule_examples=rule_examples, taxonomy=taxonomy
    ).to_rdflib()


def build_ntriples(
    documents: Iterable[Document],
    facts: Iterable[Fact],
    *,
    lexicon: LexiconLike | None = None,
    rule_examples: Mapping[str, str] | None = None,
    taxonomy: Iterable[Axiom] | None = None,
) -> NTriples:
    """Every triple of the graph model for ``facts`` and ``documents``, sorted.

    ``lexicon``, ``rule_examples`` and ``taxonomy`` default to the curated lexicon, the
    relation rules' examples and the ontology's class axioms; tests pass their own.
    """
    if lexicon is None:
        from immunokg.extract.rules.lexicon import load_lexicon

        lexicon = load_lexicon()
    if rule_examples is None:
        rule_examples = default_rule_examples()
    lines: set[str] = set()
    facts = list(facts)
    document_ids = []
    for document in documents:
        lines.update(document_lines(document))
        document_ids.append(document.id)
    entities = {fact.subject.id: fact.subject for fact in facts}
    entities.update({f.object.id: f.object for f in facts if isinstance(f.object, Entity)})
    lines.update(entity_part_lines(entities, lexicon, taxonomy))
    rules: set[str] = set()
    for fact in facts:
        lines.update(fact_lines(fact))
        rules.update(ev.rule for ev in fact.evidence)
    for rule_id in sorted(rules):
        lines.update(rule_lines(rule_id, rule_examples.get(rule_id)))
    lines.update(document_statistics_lines(document_ids, facts, document_iri=document_iri))
    lines.update(void_lines(entities, len(lines), entity_space=str(ENTITY)))
    return NTriples(tuple(sorted(lines)))


def entity_part_lines(
    entities: dict[str, Entity], lexicon: LexiconLike, taxonomy: Iterable[Axiom] | None
) -> list[str]:
    """Axioms, combination parts and entity lines; ``entities`` gains those they name (shared
    with the streamed build, graph_lines.py, so both write the same lines)."""
    axioms, named = axiom_entities(load_taxonomy() if taxonomy is None else taxonomy, lexicon)
    entities.update({entity.id: entity for entity in named if entity.id not in entities})
    lines = [line for axiom in axioms for line in axiom_lines(axiom, entity_iri)]
    lines.extend(part_lines(load_combinations(), entities, lexicon, entity_iri))
    for entity in list(entities.values()):  # a composed cancer's parents are entities too
        for parent_id in entity.broader:
            entry = lexicon.get(parent_id)
            if parent_id not in entities and entry is not None:
                entities[parent_id] = Entity(entry.id, entry.label, entry.type, "lexicon")
    for entity_id in sorted(entities):
        lines.extend(entity_lines(entities[entity_id], lexicon.get(entity_id)))
    return lines


def default_rule_examples() -> dict[str, str]:
    """Rule id -> example sentence, from the curated relation rules."""
    from immunokg.extract.rules.grammar import rule_examples

    return rule_examples()


def fact_id(fact: Fact) -> str:
    """First 16 hex digits of SHA-256 over ``subject|relation|object`` (graph-model.md)."""
    return _hash("|".join(fact.key))


def evidence_id(fact_identifier: str, document: str, start: int, end: int, rule: str) -> str:
    """First 16 hex digits of SHA-256 over ``fact|document|start|end|rule`` (graph-model.md)."""
    return _hash(f"{fact_identifier}|{document}|{start}|{end}|{rule}")


def entity_iri(entity_id: str) -> str:
    return str(ENTITY) + _segment(entity_id)


def document_iri(document_id: str) -> str:
    return str(DOC) + _segment(document_id)


def rule_iri(rule_id: str) -> str:
    return str(RULE) + _segment(rule_id)


def entity_lines(entity: Entity, entry: Any = None) -> list[str]:
    """Type, labels, synonyms, cross-references and how the entity was found."""
    subject = entity_iri(entity.id)
    lines = [
        iri_line(subject, RDF.type, str(IKG) + entity.type),
        literal_line(subject, SKOS.prefLabel, entity.label),
        literal_line(subject, RDFS.label, entity.label),
        iri_line(subject, IKG.foundBy, str(IKG) + entity.source),
    ]
    # Derived from the name, never a text fact: no evidence (issue 15 walks skos:broader*).
    lines += [iri_line(subject, SKOS.broader, entity_iri(parent)) for parent in entity.broader]
    if entry is not None:
        for synonym in entry.synonyms:
            if synonym != entity.label:
                lines.append(literal_line(subject, SKOS.altLabel, synonym))
        for xref in entry.xrefs:
            lines.append(literal_line(subject, IKG.xref, xref))
            iri = xref_iri(xref)
            if iri is not None:
                lines.append(iri_line(subject, SKOS.exactMatch, iri))
    return lines


def xref_iri(curie: str) -> str | None:
    """The IRI of a CURIE with a known prefix (NCIT:C106432 -> obo NCIT_C106432), else None."""
    prefix, _, local = curie.partition(":")
    base = XREF_IRI_PREFIXES.get(prefix.upper())
    if base is None or not local or not re.fullmatch(r"[A-Za-z0-9._-]+", local):
        return None
    return base + local


def fact_lines(fact: Fact) -> list[str]:
    """The direct triple, the reified fact node and one node per evidence record."""
    subject = entity_iri(fact.subject.id)
    prop = RELATION_PROPERTIES[fact.relation]
    if isinstance(fact.object, str):
        direct = literal_line(subject, prop, fact.object)
        obj_term = literal(fact.object)
    else:
        obj_term = f"<{entity_iri(fact.object.id)}>"
        direct = f"<{subject}> <{prop}> {obj_term} ."
    identifier = fact_id(fact)
    node = str(FACT) + identifier
    lines = [
        direct,
        iri_line(node, RDF.type, IKG.Fact),
        iri_line(node, RDF.type, RDF.Statement),
        iri_line(node, RDF.subject, subject),
        iri_line(node, RDF.predicate, prop),
        f"<{node}> <{RDF.object}> {obj_term} .",
        literal_line(node, IKG.relation, fact.relation),
        iri_line(node, IKG.status, _status(fact.status)),
        integer_line(node, IKG.evidenceCount, len(fact.evidence)),
    ]
    if fact.relation == "subclass_of":
        lines.append(f"<{subject}> <{SKOS.broader}> {obj_term} .")
    for ev in fact.evidence:
        evidence = str(EVIDENCE) + evidence_id(identifier, ev.document, ev.start, ev.end, ev.rule)
        document = document_iri(ev.document)
        lines += [
            iri_line(node, IKG.hasEvidence, evidence),
            iri_line(evidence, RDF.type, IKG.Evidence),
            iri_line(evidence, IKG.document, document),
            literal_line(evidence, IKG.sentence, ev.sentence),
            integer_line(evidence, IKG.start, ev.start),
            integer_line(evidence, IKG.end, ev.end),
            iri_line(evidence, IKG.rule, rule_iri(ev.rule)),
            iri_line(evidence, IKG.status, _status(ev.status)),
            iri_line(evidence, PROV.wasDerivedFrom, document),
        ]
        lines += span_lines(evidence, ev.spans)
        lines += antecedent_lines(evidence, ev.antecedent, entity_iri)
    return lines


def document_lines(document: Document) -> list[str]:
    """Type, dcterms metadata, content hash and length of a source document."""
    subject = document_iri(document.id)
    lines = [
        iri_line(subject, RDF.type, IKG.Document),
        iri_line(subject, RDF.type, PROV.Entity),
        literal_line(subject, DCTERMS.identifier, document.id),
        literal_line(subject, IKG.sha256, document.sha256),
        integer_line(subject, IKG.length, document.original_length),
    ]
    for key, value in sorted(document.metadata.items()):
        if key == "url":
            if _URL.match(value):
                lines.append(iri_line(subject, DCTERMS.source, value))
        elif key in METADATA_PROPERTIES and value:
            lines.append(literal_line(subject, METADATA_PROPERTIES[key], value))
    return lines


def rule_lines(rule_id: str, example: str | None) -> list[str]:
    subject = rule_iri(rule_id)
    lines = [iri_line(subject, RDF.type, IKG.Rule), literal_line(subject, RDFS.label, rule_id)]
    if example:
        lines.append(literal_line(subject, IKG.example, example))
    return lines


def _status(status: str) -> str:
    return str(STATUS_TERMS[status])


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _segment(identifier: str) -> str:
    return quote(identifier, safe="-._~")
