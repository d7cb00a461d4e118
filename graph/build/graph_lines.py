"""The graph's lines for documents and facts given one at a time, for a corpus too large to hold:
the lines ``build_ntriples`` writes, gathered in a LineSorter that spills sorted shards to disk.

It assembles the same lines, by the same functions of graph/build/triples.py (the
entities' and the ontology's by ``entity_part_lines``, shared), as ``build_ntriples`` does
from whole lists; tests/test_streamed_build.py holds the two
byte-identical on the seeds and on a generated corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from immunokg.extract.model import Document, Entity, Fact
from immunokg.graph.build.statistics import DocumentStatistics, void_lines
from immunokg.graph.build.triples import (
    LexiconLike,
    default_rule_examples,
    document_iri,
    document_lines,
    entity_part_lines,
    fact_lines,
    rule_lines,
)
from immunokg.graph.rdf.namespace import ENTITY
from immunokg.graph.rdf.sorted_lines import LineSorter, SortedGraph
from immunokg.graph.rdf.taxonomy import Axiom


class GraphLines:
    """Documents and facts in, one at a time; ``finish`` gives the graph to write."""

    def __init__(
        self,
        sorter: LineSorter,
        lexicon: LexiconLike | None = None,
        rule_examples: Mapping[str, str] | None = None,
        taxonomy: Iterable[Axiom] | None = None,
    ) -> None:
        if lexicon is None:
            from immunokg.extract.rules.lexicon import load_lexicon

            lexicon = load_lexicon()
        self.sorter, self.lexicon, self.taxonomy = sorter, lexicon, taxonomy
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
        """The ontology's axioms, entity, rule and statistics lines added; the VoID lines
        follow from the final count."""
        entities = {**self.subjects, **self.objects}
        self.sorter.add(entity_part_lines(entities, self.lexicon, self.taxonomy))
        for rule_id in sorted(self.rules):
            self.sorter.add(rule_lines(rule_id, self.rule_examples.get(rule_id)))
        self.sorter.add(self.statistics.lines(self.document_ids, document_iri=document_iri))
        return SortedGraph(
            self.sorter, lambda count: void_lines(entities, count, entity_space=str(ENTITY))
        )
