"""The build's extraction and RDF in batches: on a Dask cluster, or in bounded memory, or both.

Batches of files are read and extracted (here, or as cluster tasks), their facts merged
by key (graph/build/fact_merge.py) and their lines sorted (graph/rdf/sorted_lines.py).
Below ``MemoryPlan.spill_bytes`` of input everything stays in memory and the graph's
lines are built exactly as the one-call build builds them; above it, facts and lines go
through sorted shards on disk, so that memory does not grow with the corpus. Either way
graph.nt is byte-identical to a local in-memory build of the same files.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.model import Document, Fact
from immunokg.graph.build.batches import (
    BATCH_BYTES,
    Batch,
    FileRef,
    group_by_size,
    list_files,
    run_batch,
)
from immunokg.graph.build.fact_merge import EVIDENCE_BUDGET, FactMerger
from immunokg.graph.build.graph_lines import GraphLines
from immunokg.graph.build.progress import Progress
from immunokg.graph.build.summary import identifier_coverage
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.sorted_lines import SHARD_BYTES, LineSorter, SortedGraph


@dataclass(frozen=True)
class MemoryPlan:
    """When a build streams through shards, and how much each part holds before it spills."""

    spill_bytes: int = 16 * 1024 * 1024  # input above this streams through shards
    line_bytes: int = SHARD_BYTES
    fact_evidence: int = EVIDENCE_BUDGET
    batch_bytes: int = BATCH_BYTES
    task_bytes: int | None = None  # input per cluster task; None: by the number of workers


@dataclass
class Extracted:
    """What the batches gave: documents (file order), messages, the graph's lines and counts."""

    documents: list[Document]
    problems: list[str]
    warnings: list[str]
    graph: NTriples | SortedGraph
    streamed: bool
    facts: list[Fact] = field(default_factory=list)  # only when not streamed
    counts: dict[str, Any] = field(default_factory=dict)
    cluster: dict[str, Any] | None = None
    merge_seconds: float = 0.0  # of the extraction stage, spent merging here (not extracting)
    cleanup: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for part in self.cleanup:
            part.close()


def plan_files(paths: Sequence[str | Path] | None) -> tuple[list[FileRef], list[Any]]:
    """The files of a build (default: the bundled seeds) and the paths that gave none."""
    from immunokg.extract.read.bundled import seed_paths

    return list_files(list(paths) if paths else seed_paths())


def input_bytes(files: Sequence[FileRef]) -> int:
    return sum(ref.size for ref in files)


def extract_in_batches(
    paths: Sequence[str | Path] | None,
    files: Sequence[FileRef],
    listing_problems: list[Any],
    *,
    jobs: int,
    scheduler: str | None,
    memory: MemoryPlan,
    progress: Progress,
) -> Extracted:
    """Read, extract and merge the files in batches; the graph's lines, in memory or on disk."""
    streamed = input_bytes(files) > memory.spill_bytes
    merger = FactMerger(evidence_budget=memory.fact_evidence if streamed else 2**62)
    sorter = LineSorter(shard_bytes=memory.line_bytes if streamed else 2**62)
    lines = GraphLines(sorter) if streamed else None
    collected = _Collected(manifest=None if paths else _seed_manifest())
    cluster_record = None
    try:
        if scheduler is None:
            groups = group_by_size(files, memory.batch_bytes)
            for group in groups:
                collected.add(run_batch(group, jobs=jobs), merger, lines, progress)
        else:
            from immunokg.graph.build.cluster import ClusterExtraction

            with ClusterExtraction(scheduler) as cluster:
                for batch in cluster.batches(cluster.groups(files, memory.task_bytes)):
                    collected.add(batch, merger, lines, progress)
                cluster_record = cluster.record
        documents = collected.documents()
        if not documents:
            detail = "; ".join(collected.messages(collected.problems + listing_problems))
            raise ImmunokgError(
                f"no document could be read: {detail or 'no supported files (.txt, .md, .html) found'}"
            )
        facts: list[Fact] = []
        if lines is None:
            clock = time.perf_counter()
            facts = list(merger.merged())
            graph: NTriples | SortedGraph = build_ntriples(documents, facts)
            counts: dict[str, Any] = {}
            collected.seconds += time.perf_counter() - clock
        else:
            progress.stage("merging facts and sorting lines on disk")
            clock = time.perf_counter()
            counts = _stream_facts(merger, lines, collected.sentences)
            graph = lines.finish()
            collected.seconds += time.perf_counter() - clock
        return Extracted(
            documents=documents,
            problems=collected.messages(collected.problems + listing_problems),
            warnings=collected.messages(collected.warnings),
            graph=graph,
            streamed=streamed,
            facts=facts,
            counts=counts,
            cluster=cluster_record,
            merge_seconds=collected.seconds,
            cleanup=[merger, sorter],
        )
    except BaseException:
        merger.close()
        sorter.close()
        raise


@dataclass
class _Collected:
    """Documents and messages gathered from batches arriving in any order."""

    manifest: dict[str, dict[str, str]] | None
    parts: list[tuple[int, list[Document]]] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    sentences: int = 0
    seconds: float = 0.0

    def add(
        self, batch: Batch, merger: FactMerger, lines: GraphLines | None, progress: Progress
    ) -> None:
        clock = time.perf_counter()
        documents = [self._with_manifest(document) for document in batch.documents]
        self.parts.append((batch.first, documents))
        self.problems += batch.problems
        self.warnings += batch.warnings
        self.sentences += batch.sentences
        merger.add(batch.facts)
        if lines is not None:
            for document in documents:
                lines.add_document(document)
        progress.advance(len(batch.documents) + len(batch.problems))
        self.seconds += time.perf_counter() - clock

    def documents(self) -> list[Document]:
        return [doc for _, part in sorted(self.parts, key=lambda p: p[0]) for doc in part]

    @staticmethod
    def messages(tagged: Iterable[Any]) -> list[str]:
        return [message for _, message in sorted(tagged, key=lambda item: item[0])]

    def _with_manifest(self, document: Document) -> Document:
        if self.manifest is None:
            return document
        merged = {**self.manifest.get(document.id, {}), **document.metadata}
        return replace(document, metadata=merged)


def _stream_facts(merger: FactMerger, lines: GraphLines, sentences: int) -> dict[str, Any]:
    """Each merged fact's lines into the sorter, counted for the build summary as it passes."""
    relations: Counter[str] = Counter()
    evidence = 0
    for fact in merger.merged():
        lines.add_fact(fact)
        relations[fact.relation] += 1
        evidence += len(fact.evidence)
    types = Counter(entity.type for entity in merger.entities.values())
    return {
        "identifiers": identifier_coverage(list(merger.entities.values())),
        "sentences": sentences,
        "entities": dict(sorted(types.items())),
        "facts": dict(sorted(relations.items())),
        "evidence": evidence,
    }


def _seed_manifest() -> dict[str, dict[str, str]]:
    from immunokg.extract.read.bundled import seed_metadata

    return seed_metadata()
