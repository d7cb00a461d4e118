"""Summary statistics the build writes into the graph, so that queries read them instead of counting.

Counting over every evidence record or entity grows with the graph (seconds at
1000x); the build already holds the facts, so it states the figures once: on
each document node its evidence records, the facts it supports and the facts
only it supports, and a VoID description of the dataset with one class
partition per entity type (docs/graph-model.md, "Statistics").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping

from rdflib.namespace import RDF

from immunokg.extract.model import Entity, Fact
from immunokg.graph.rdf.namespace import BASE, IKG, VOID
from immunokg.graph.rdf.ntriples import integer_line, iri_line

DATASET = BASE + "dataset"
PARTITION = BASE + "dataset/class/"


def document_statistics_lines(
    document_ids: Iterable[str], facts: Iterable[Fact], *, document_iri: Callable[[str], str]
) -> list[str]:
    """Evidence given, facts supported and facts only this document supports, per document."""
    statistics = DocumentStatistics()
    for fact in facts:
        statistics.add(fact)
    return statistics.lines(document_ids, document_iri=document_iri)


class DocumentStatistics:
    """The per-document figures, counted one fact at a time (a streamed build sees each once).

    Counted as the graph holds them: distinct evidence nodes per fact and document
    (an evidence id hashes the fact with document, offsets and rule, so the tuple
    stands for the node without hashing again); a fact is only this document's when
    all of its evidence (its evidence count) is.
    """

    def __init__(self) -> None:
        self.given: Counter[str] = Counter()
        self.supported: Counter[str] = Counter()
        self.only_here: Counter[str] = Counter()

    def add(self, fact: Fact) -> None:
        nodes: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
        for ev in fact.evidence:
            nodes[ev.document].add((ev.start, ev.end, ev.rule))
        for document, found in nodes.items():
            self.given[document] += len(found)
            self.supported[document] += 1
            self.only_here[document] += len(found) == len(fact.evidence)

    def lines(
        self, document_ids: Iterable[str], *, document_iri: Callable[[str], str]
    ) -> list[str]:
        lines = []
        for document in sorted(set(document_ids)):
            subject = document_iri(document)
            lines += [
                integer_line(subject, IKG.evidenceGiven, self.given[document]),
                integer_line(subject, IKG.factsSupported, self.supported[document]),
                integer_line(subject, IKG.factsOnlyHere, self.only_here[document]),
            ]
        return lines


def void_lines(
    entities: Mapping[str, Entity], other_triples: int, *, entity_space: str
) -> list[str]:
    """The VoID description of the graph: its size, its entities and one partition per type.

    ``void:triples`` counts the whole graph, this description included: the
    ``other_triples`` lines plus these, whose number does not depend on the figures.
    """
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for entity in entities.values():
        by_type[entity.type][entity.source] += 1

    def lines_for(triples: int) -> list[str]:
        lines = [
            iri_line(DATASET, str(RDF.type), VOID + "Dataset"),
            integer_line(DATASET, VOID + "triples", triples),
            integer_line(DATASET, VOID + "entities", len(entities)),
            f'<{DATASET}> <{VOID}uriSpace> "{entity_space}" .',
        ]
        for entity_type in sorted(by_type):
            partition = PARTITION + entity_type
            counts = by_type[entity_type]
            lines += [
                iri_line(DATASET, VOID + "classPartition", partition),
                iri_line(partition, VOID + "class", str(IKG) + entity_type),
                integer_line(partition, VOID + "entities", sum(counts.values())),
                integer_line(partition, IKG.lexiconEntities, counts["lexicon"]),
                integer_line(partition, IKG.patternEntities, counts["pattern"]),
            ]
        return lines

    return lines_for(other_triples + len(lines_for(0)))
