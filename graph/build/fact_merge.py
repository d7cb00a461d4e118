"""Facts from separate extraction calls (batches, cluster tasks) merged as one call merges them,
in memory or, past a budget, through shards sorted by fact key on disk (an external merge sort).

One call to ``extract_facts`` gives one fact per (subject, relation, object) with all its
evidence, a treats fact approved if any evidence is, and for each entity id the smallest
(source, label) it was written with. Merging the facts of several calls by the same rules
gives the same facts whatever the grouping of documents into calls, and whatever order the
calls finish in: every step is a union or a minimum.
"""

from __future__ import annotations

import heapq
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import reduce
from itertools import groupby
from pathlib import Path

from immunokg.extract.model import Entity, Evidence, Fact
from immunokg.graph.rdf.shard_files import ShardFiles

# Evidence records held in memory before the facts are sorted into a shard file (each
# record holds its sentence: some 500 bytes with the fact's share of the rest).
EVIDENCE_BUDGET = 400_000


class FactMerger(ShardFiles):
    """Facts added batch by batch; ``merged`` gives them combined, sorted by key."""

    def __init__(
        self, *, evidence_budget: int = EVIDENCE_BUDGET, directory: str | Path | None = None
    ) -> None:
        super().__init__(prefix="immunokg-facts-", directory=directory)
        self.evidence_budget = evidence_budget
        self._held: dict[tuple[str, str, str], Fact] = {}
        self._evidence = 0
        self.entities: dict[str, Entity] = {}

    def add(self, facts: Iterable[Fact]) -> None:
        """Facts of one extraction call (each key once within it)."""
        for fact in facts:
            self._note(fact.subject)
            if isinstance(fact.object, Entity):
                self._note(fact.object)
            earlier = self._held.get(fact.key)
            self._held[fact.key] = fact if earlier is None else combine(earlier, fact)
            self._evidence += len(fact.evidence)
        if self._evidence > self.evidence_budget:
            self._spill()

    def merged(self) -> Iterator[Fact]:
        """Every fact once, sorted by key, with all its evidence and canonical entities."""
        held = sorted(self._held.values(), key=_key)
        if not self.paths:
            runs: Iterable[Fact] = held
        else:
            runs = heapq.merge(*(_read_shard(path) for path in self.paths), held, key=_key)
        for _, group in groupby(runs, key=_key):
            yield self._canonical(reduce(combine, group))

    def _note(self, entity: Entity) -> None:
        current = self.entities.get(entity.id)
        if current is None or (entity.source, entity.label) < (current.source, current.label):
            self.entities[entity.id] = entity

    def _canonical(self, fact: Fact) -> Fact:
        subject = self.entities[fact.subject.id]
        obj = fact.object
        if isinstance(obj, Entity):
            obj = self.entities[obj.id]
        if subject is fact.subject and obj is fact.object:
            return fact
        return replace(fact, subject=subject, object=obj)

    def _spill(self) -> None:
        with self.next_path(".pickle").open("wb") as out:
            for fact in sorted(self._held.values(), key=_key):
                pickle.dump(fact, out, protocol=pickle.HIGHEST_PROTOCOL)
        self._held = {}
        self._evidence = 0


def combine(first: Fact, second: Fact) -> Fact:
    """Two facts with one key as one: all evidence, sorted; treats approved if any evidence is."""
    evidence: tuple[Evidence, ...] = tuple(sorted(set(first.evidence) | set(second.evidence)))
    status = first.status
    if first.relation == "treats":
        approved = any(ev.status == "approved" for ev in evidence)
        status = "approved" if approved else "investigational"
    return replace(first, evidence=evidence, status=status)


def merge_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Facts from separate extraction calls merged in memory, as one call would have merged them."""
    merger = FactMerger(evidence_budget=2**62)
    merger.add(facts)
    return list(merger.merged())


def _key(fact: Fact) -> tuple[str, str, str]:
    return fact.key


def _read_shard(path: Path) -> Iterator[Fact]:
    """The facts of a shard this process wrote (pickle is safe here: never read from outside)."""
    with path.open("rb") as shard:
        while True:
            try:
                yield pickle.load(shard)
            except EOFError:
                return
