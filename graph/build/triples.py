"""Facts and documents to RDF, written as sorted N-Triples lines (the graph model's contract).

Building the lines directly, instead of adding triples one by one to an rdflib
graph, keeps a corpus of millions of words fast: the lines go straight into
graph.nt and Oxigraph's bulk loader. ``build_rdf`` parses them into rdflib for
small graphs and validation.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any, Protocol
from urllib.parse import quote

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from immunokg.extract.model import Document, Entity, Fact
from immunokg.graph.build.statistics import DocumentStatistics, void_lines
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
from immunokg.graph.rdf.sorted_lines import LineSorter, SortedGraph

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
    "UNIPROT": "http://purl.uniprot.org/uniprot/",
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
) -> Graph:
    """The graph of ``facts`` and their ``documents`` as an rdflib Graph."""
    return build_ntriples(
        documents, facts, lexicon=lexicon, rule_examples=rule_examples
    ).to_rdflib()


def build_ntriples(
    documents: Iterable[Document],
    facts: Iterable[Fact],
    *,
    lexicon: LexiconLike | None = None,
    rule_examples: Mapping[str, str] | None = None,
) -> NTriples:
    """Every triple of the graph model for ``facts`` and ``documents``, sorted.

    ``lexicon`` and ``rule_examples`` default to the curated lexicon and the
    relation rules' examples; tests pass their own.
    """
    builder = GraphLines(LineSorter(shard_bytes=sys.maxsize), lexicon, rule_examples)
    for document in documents:
        builder.add_document(document)
    for fact in facts:
        builder.add_fact(fact)
    return NTriples(builder.finish().in_memory())


class GraphLines:
    """The graph's lines for documents and facts given one at a time, gathered in ``sorter``:
    in memory, or through sorted shards on disk for a corpus too large to hold."""

    def __init__(
        self,
        sorter: LineSorter,
        lexicon: LexiconLike | None = None,
        rule_examples: Mapping[str, str] | None = None,
    ) -> None:
        if lexicon is None:
            from immunokg.extract.rules.lexicon import load_lexicon

            lexicon = load_lexicon()
        self.sorter, self.lexicon = sorter, lexicon
        self.rule_examples = default_rule_examples() if rule_examples is None else rule_examples
        self.document_ids: list[str] = []
        self.subjects: dict[str, Entity] = {}
        self.objects: dict[str, Entity] = {}
        self.rules: set[str] = set()
        self.statistics = DocumentStatistics()

    def add_document(self, document: Document) -> None:
        self.sorter.add(document_lines(document))
        self.document_ids.append(document.id)

    def add_fact(self, fact: Fact) -> None:
        self.sorter.add(fact_lines(fact))
        self.subjects[fact.subject.id] = fact.subject
        if isinstance(fact.object, Entity):
            self.objects[fact.object.id] = fact.object
        self.rules.update(ev.rule for ev in fact.evidence)
        self.statistics.add(fact)

    def finish(self) -> SortedGraph:
        """Entity, rule and statistics lines added; the VoID lines follow from the count."""
        entities = {**self.subjects, **self.objects}
        for entity_id in sorted(entities):
            self.sorter.add(entity_lines(entities[entity_id], self.lexicon.get(entity_id)))
        for rule_id in sorted(self.rules):
            self.sorter.add(rule_lines(rule_id, self.rule_examples.get(rule_id)))
        self.sorter.add(self.statistics.lines(self.document_ids, document_iri=document_iri))
        return SortedGraph(
            self.sorter, lambda count: void_lines(entities, count, entity_space=str(ENTITY))
        )


def default_rule_examples() -> dict[str, str]:
    """Rule id -> example sentence, from the curated relation rules."""
    from immunokg.extract.rules.relation_rules import load_relation_rules

    return {rule.id: rule.example for rule in load_relation_rules() if rule.example}


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
