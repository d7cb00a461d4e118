"""The build: read texts, extract facts, write RDF, validate it, and store the graph atomically."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.model import Document, Fact
from immunokg.graph.build.progress import Progress, RichProgress, interactive
from immunokg.graph.build.summary import BuildSummary, build_record, summarise
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.store import StagedGraph
from immunokg.graph.validate.engines import check_engine
from immunokg.graph.validate.fast import validate_nt_file
from immunokg.graph.validate.parts import validate_ntriples
from immunokg.graph.validate.report import ValidationReport

BATCH_DOCUMENTS = 40  # documents per extraction call when progress is shown


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
    """
    check_engine(engine)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    documents, problems, warnings = _read(paths)
    seconds["read"] = time.perf_counter() - clock
    show = progress if progress is not None else interactive(len(documents))
    with (RichProgress if show else Progress)(len(documents)) as progress_display:
        clock = time.perf_counter()
        facts = _extract(documents, jobs, progress_display if show else None)
        seconds["extract"] = time.perf_counter() - clock
        progress_display.stage("building RDF")
        clock = time.perf_counter()
        triples: NTriples | None = build_ntriples(documents, facts)
        seconds["rdf"] = time.perf_counter() - clock
        progress_display.stage("writing graph.nt")
        clock = time.perf_counter()
        with StagedGraph(triples, directory, load=False) as staged:
            count = staged.triples
            if engine == "fast":
                triples = None  # graph.nt holds them now; validation and the store read it
            seconds["store"] = time.perf_counter() - clock
            progress_display.stage(f"validating (SHACL, {engine} engine)")
            clock = time.perf_counter()
            report = _validate(triples, staged, engine, jobs)
            seconds["validate"] = time.perf_counter() - clock
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

        write_name_index(Path(directory))
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


def _extract(documents: list[Document], jobs: int, progress: Progress | None) -> list[Fact]:
    """All facts; with a progress display, in batches of documents merged afterwards."""
    from immunokg.extract.engine.pipeline import extract_facts

    if progress is None:
        return extract_facts(documents, jobs=jobs)
    facts: list[Fact] = []
    for start in range(0, len(documents), BATCH_DOCUMENTS):
        batch = documents[start : start + BATCH_DOCUMENTS]
        facts.extend(extract_facts(batch, jobs=jobs))
        progress.advance(len(batch))
    return merge_facts(facts)


def merge_facts(facts: Iterable[Fact]) -> list[Fact]:
    """Facts from separate extraction calls merged by key, as one call would have merged them.

    A treats fact is approved if any of its evidence is approved, else investigational.
    """
    merged: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        earlier = merged.get(fact.key)
        if earlier is None:
            merged[fact.key] = fact
            continue
        evidence = tuple(sorted(set(earlier.evidence) | set(fact.evidence)))
        status = earlier.status
        if fact.relation == "treats":
            approved = any(ev.status == "approved" for ev in evidence)
            status = "approved" if approved else "investigational"
        merged[fact.key] = replace(earlier, evidence=evidence, status=status)
    return list(merged.values())
