"""The build: read texts, extract facts, write RDF, validate it, and store the graph atomically."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.model import Document, Fact
from immunokg.graph.build.batched import (
    Extracted,
    MemoryPlan,
    extract_in_batches,
    input_bytes,
    plan_files,
)
from immunokg.graph.build.batches import extract_isolated, is_url
from immunokg.graph.build.fact_merge import merge_facts
from immunokg.graph.build.guard.lock import build_lock
from immunokg.graph.build.guard.target import (
    cannot_write,
    clear_leftovers,
    prepare_target,
    recover,
)
from immunokg.graph.build.progress import Progress, RichProgress, interactive
from immunokg.graph.build.summary import BuildSummary, build_record, summarise
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.faults import crash_point
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.sorted_lines import SortedGraph
from immunokg.graph.rdf.store import StagedGraph, open_store, read_ntriples
from immunokg.graph.validate.engines import check_engine
from immunokg.graph.validate.fast import validate_nt_file, validate_store
from immunokg.graph.validate.parts import validate_ntriples
from immunokg.graph.validate.report import ValidationReport

BATCH_DOCUMENTS = 40  # documents per extraction call when progress is shown

__all__ = ["build_graph_dir", "merge_facts"]


def build_graph_dir(
    paths: Sequence[str | Path] | None,
    directory: str | Path,
    *,
    jobs: int = 1,
    keep_invalid: bool = False,
    progress: bool | None = None,
    engine: str = "fast",
    scheduler: str | None = None,
    memory: MemoryPlan | None = None,
) -> BuildSummary:
    """Read ``paths`` (default: the bundled seeds), build and validate the graph, write it.

    A graph that does not conform is written only with ``keep_invalid`` (marked
    failing in build.json); otherwise the previous graph stays in place. The
    ``engine`` that validates is ``fast`` (SPARQL on the staged Oxigraph store)
    or ``pyshacl`` (the reference engine). With a ``scheduler`` (``local:N`` or a
    Dask scheduler's address) extraction runs on a Dask cluster; a corpus larger
    than ``memory.spill_bytes`` streams through sorted shards on disk. The graph is
    byte-identical either way.

    Before any text is read, the target is checked and the build lock taken (one build
    per graph at a time, graph/build/guard/); a crash of an earlier build is undone or
    cleaned up. A document that cannot be read or extracted is reported in
    ``summary.problems`` and left out; a write that fails is one line, and the previous
    graph stays.
    """
    check_engine(engine)
    target = prepare_target(directory)
    with build_lock(target):
        recover(target)
        clear_leftovers(target)
        crash_point("locked")
        return _build(
            paths, directory, target, jobs, keep_invalid, progress, engine, scheduler, memory
        )


def _build(
    paths: Sequence[str | Path] | None,
    directory: str | Path,
    target: Path,
    jobs: int,
    keep_invalid: bool,
    progress: bool | None,
    engine: str,
    scheduler: str | None,
    memory: MemoryPlan | None,
) -> BuildSummary:
    memory = memory or MemoryPlan()
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    files, listing_problems = plan_files(paths)
    urls = any(is_url(str(path)) for path in paths or ())
    batched = scheduler is not None or urls or input_bytes(files) > memory.spill_bytes
    if not batched:
        documents, problems, warnings = _read(paths)
    seconds["read"] = time.perf_counter() - clock
    crash_point("read")
    show = progress if progress is not None else interactive(len(files))
    with (RichProgress if show else Progress)(len(files)) as progress_display:
        clock = time.perf_counter()
        if batched:
            extracted = extract_in_batches(
                paths,
                files,
                listing_problems,
                jobs=jobs,
                scheduler=scheduler,
                memory=memory,
                progress=progress_display,
            )
            documents, problems, warnings = (
                extracted.documents,
                extracted.problems,
                extracted.warnings,
            )
            facts: list[Fact] = []
            triples: NTriples | SortedGraph | None = extracted.graph
            seconds["extract"] = time.perf_counter() - clock - extracted.merge_seconds
            seconds["merge"] = extracted.merge_seconds
        else:
            facts, failed = _extract(documents, jobs, progress_display if show else None)
            documents = [document for document in documents if document.id not in failed]
            problems += failed.values()
            seconds["extract"] = time.perf_counter() - clock
            crash_point("extracted")
            progress_display.stage("building RDF")
            clock = time.perf_counter()
            triples = build_ntriples(documents, facts)
            seconds["rdf"] = time.perf_counter() - clock
        crash_point("rdf")
        streamed = batched and extracted.streamed
        progress_display.stage("writing graph.nt")
        clock = time.perf_counter()
        try:
            with StagedGraph(triples, directory, load=streamed) as staged:
                count = staged.triples
                if engine == "fast" or streamed:
                    triples = None  # graph.nt holds them now; validation and the store read it
                seconds["store"] = time.perf_counter() - clock
                progress_display.stage(f"validating (SHACL, {engine} engine)")
                clock = time.perf_counter()
                report = _validate(triples, staged, engine, jobs)
                seconds["validate"] = time.perf_counter() - clock
                crash_point("validated")
                if batched:
                    summary = _batched_summary(Path(directory), extracted, count, report, seconds)
                else:
                    summary = summarise(Path(directory), documents, facts, count, report, seconds)
                summary.problems, summary.warnings = problems, warnings
                if report.conforms or keep_invalid:
                    progress_display.stage("loading the store")
                    clock = time.perf_counter()
                    staged.load()
                    seconds["store"] += time.perf_counter() - clock
                    staged.commit(build_record(paths, documents, summary))
                    summary.written = True
            if summary.written:
                from immunokg.graph.rdf.name_index import write_name_index

                crash_point("committed")
                write_name_index(Path(directory))
        except OSError as error:  # a full disk, a folder gone read-only: one line
            raise cannot_write(target, error) from None
        finally:
            if batched:
                extracted.close()
    return summary


def _batched_summary(
    directory: Path,
    extracted: Extracted,
    count: int,
    report: ValidationReport,
    seconds: dict[str, float],
) -> BuildSummary:
    """The summary of a batched build: from its facts, or counted as they streamed past."""
    if not extracted.streamed:
        summary = summarise(directory, extracted.documents, extracted.facts, count, report, seconds)
    else:
        counts = extracted.counts
        summary = BuildSummary(
            directory=directory,
            documents=len(extracted.documents),
            sentences=counts["sentences"],
            entities=counts["entities"],
            facts=counts["facts"],
            evidence=counts["evidence"],
            identifiers=counts["identifiers"],
            triples=count,
            report=report,
            written=False,
            seconds=seconds,
        )
    summary.cluster, summary.streamed = extracted.cluster, extracted.streamed
    return summary


def _validate(
    triples: NTriples | None, staged: StagedGraph, engine: str, jobs: int
) -> ValidationReport:
    """The fast engine checks graph.nt on an in-memory store; pySHACL checks the lines in parts.

    Both share their work among ``jobs`` processes. In memory, Oxigraph answers the
    checks in about 40% of the on-disk store's CPU time (docs/build-performance.md),
    and a graph that fails is never loaded on disk. A streamed build (a corpus too
    large to hold) has loaded its store already and is checked there: the in-memory
    store would grow with the graph (about 0.4 GB per million triples).
    """
    if engine == "fast" and staged.loaded:
        staged.release()  # every checker opens it read-only: nothing compacts beneath them
        return validate_store(open_store(staged.path), jobs=jobs, path=staged.store_path)
    if engine == "fast":
        return validate_nt_file(staged.nt_path, jobs=jobs)
    if triples is None:
        triples = read_ntriples(staged.path)
    return validate_ntriples(triples, jobs=jobs)


def _read(paths: Sequence[str | Path] | None) -> tuple[list[Document], list[str], list[str]]:
    from immunokg.extract.read.bundled import seed_metadata, seed_paths
    from immunokg.extract.read.corpus import read_corpus

    corpus = read_corpus(paths or seed_paths())
    if not corpus.documents:
        detail = "; ".join(corpus.problems) or "no supported files (.txt, .md, .html) found"
        raise ImmunokgError(f"no document could be read: {detail}")
    documents = corpus.documents
    if not paths:
        manifest = seed_metadata()
        documents = [
            replace(doc, metadata={**manifest.get(doc.id, {}), **doc.metadata}) for doc in documents
        ]
    return documents, corpus.problems, corpus.warnings


def _extract(
    documents: list[Document], jobs: int, progress: Progress | None
) -> tuple[list[Fact], dict[str, str]]:
    """All facts, and the documents whose extraction failed (by id, with the problem); with a
    progress display, in batches of documents merged afterwards."""
    if progress is None:
        return extract_isolated(documents, jobs)
    facts: list[Fact] = []
    failed: dict[str, str] = {}
    for start in range(0, len(documents), BATCH_DOCUMENTS):
        batch = documents[start : start + BATCH_DOCUMENTS]
        batch_facts, batch_failed = extract_isolated(batch, jobs)
        facts.extend(batch_facts)
        failed.update(batch_failed)
        progress.advance(len(batch))
    return merge_facts(facts), failed
