"""The build: read texts, extract facts, write RDF, validate it, and store the graph atomically."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.model import Document
from immunokg.graph.build.extraction import extract_in_batches, merge_facts
from immunokg.graph.build.lock import build_lock
from immunokg.graph.build.progress import Progress, RichProgress, interactive
from immunokg.graph.build.summary import BuildSummary, build_record, summarise
from immunokg.graph.build.target import cannot_write, clear_leftovers, prepare_target, recover
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.faults import crash_point
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.store import StagedGraph
from immunokg.graph.validate.engines import check_engine
from immunokg.graph.validate.fast import validate_nt_file
from immunokg.graph.validate.parts import validate_ntriples
from immunokg.graph.validate.report import ValidationReport

__all__ = ["build_graph_dir", "merge_facts"]


def build_graph_dir(
    paths: Sequence[str | Path] | None,
    directory: str | Path,
    *,
    jobs: int = 1,
    keep_invalid: bool = False,
    progress: bool | None = None,
    engine: str = "fast",
) -> BuildSummary:
    """Read ``paths`` (default: the bundled seeds), build and validate the graph, write it.

    A graph that does not conform is written only with ``keep_invalid`` (marked
    failing in build.json); otherwise the previous graph stays in place. The
    ``engine`` that validates is ``fast`` (SPARQL on the staged Oxigraph store)
    or ``pyshacl`` (the reference engine).

    Before any text is read, the target is checked (graph/build/target.py) and the
    build lock taken (one build per graph at a time); a crash of an earlier build is
    undone or cleaned up. A document that cannot be read or extracted is reported in
    ``summary.problems`` and left out; the others are built.
    """
    check_engine(engine)
    target = prepare_target(directory)
    with build_lock(target):
        recover(target)
        clear_leftovers(target)
        crash_point("locked")
        return _build(paths, Path(directory), target, jobs, keep_invalid, progress, engine)


def _build(
    paths: Sequence[str | Path] | None,
    directory: Path,
    target: Path,
    jobs: int,
    keep_invalid: bool,
    progress: bool | None,
    engine: str,
) -> BuildSummary:
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    documents, problems, warnings = _read(paths)
    seconds["read"] = time.perf_counter() - clock
    crash_point("read")
    show = progress if progress is not None else interactive(len(documents))
    with (RichProgress if show else Progress)(len(documents)) as progress_display:
        clock = time.perf_counter()
        facts, failed = extract_in_batches(documents, jobs, progress_display if show else None)
        documents = [doc for doc in documents if doc.id not in failed]
        problems += failed.values()
        seconds["extract"] = time.perf_counter() - clock
        crash_point("extracted")
        progress_display.stage("building RDF")
        clock = time.perf_counter()
        triples: NTriples | None = build_ntriples(documents, facts)
        seconds["rdf"] = time.perf_counter() - clock
        crash_point("rdf")
        progress_display.stage("writing graph.nt")
        clock = time.perf_counter()
        try:
            with StagedGraph(triples, directory, load=False) as staged:
                count = staged.triples
                if engine == "fast":
                    triples = None  # graph.nt holds them now; validation and the store read it
                seconds["store"] = time.perf_counter() - clock
                progress_display.stage(f"validating (SHACL, {engine} engine)")
                clock = time.perf_counter()
                report = _validate(triples, staged, engine, jobs)
                seconds["validate"] = time.perf_counter() - clock
                crash_point("validated")
                summary = summarise(directory, documents, facts, count, report, seconds)
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
                write_name_index(directory)
        except OSError as error:  # a full disk, a folder gone read-only: one line
            raise cannot_write(target, error) from None
    return summary


def _validate(
    triples: NTriples | None, staged: StagedGraph, engine: str, jobs: int
) -> ValidationReport:
    """The fast engine checks graph.nt on an in-memory store; pySHACL checks the lines in parts.

    Both share their work among ``jobs`` processes. In memory, Oxigraph answers the
    checks in about 40% of the on-disk store's CPU time (docs/build-performance.md),
    and a graph that fails is never loaded on disk.
    """
    if engine == "fast":
        return validate_nt_file(staged.nt_path, jobs=jobs)
    assert triples is not None
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
