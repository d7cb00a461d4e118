"""The build: read texts, extract facts, write RDF, validate it, and store the graph atomically."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.model import Document, Entity, Fact

from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.build.locate import package_version
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.store import StagedGraph
from immunokg.graph.validate.reference import ValidationReport
from immunokg.graph.validate.fast import check_engine, validate_nt_file
from immunokg.graph.validate.parts import validate_ntriples

BATCH_DOCUMENTS = 40  # documents per extraction call when progress is shown
PROGRESS_MIN_DOCUMENTS = 20


@dataclass
class BuildSummary:
    """What a build read, found and wrote; ``written`` is False if the graph was refused."""

    directory: Path
    documents: int
    sentences: int
    entities: dict[str, int]
    facts: dict[str, int]
    evidence: int
    triples: int
    report: ValidationReport
    written: bool
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def text(self) -> str:
        """The summary printed at the end of ``immunokg build``."""
        lines = [
            f"documents: {self.documents}",
            f"sentences with facts: {self.sentences}",
            f"entities: {sum(self.entities.values())} ({_counts(self.entities)})",
            f"facts: {sum(self.facts.values())} ({_counts(self.facts)})",
            f"evidence records: {self.evidence}",
            f"triples: {self.triples}",
            "SHACL: " + ("conforms" if self.report.conforms else "does not conform"),
        ]
        if self.seconds:
            lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        if self.written:
            lines.append(f"graph written to {self.directory}")
        else:
            lines.append(f"graph NOT written; {self.directory} left as it was")
        return "\n".join(lines)


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
    show = progress if progress is not None else _interactive(len(documents))
    with (_RichProgress if show else _Progress)(len(documents)) as progress_display:
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
            summary = _summary(Path(directory), documents, facts, count, report, seconds)
            summary.problems, summary.warnings = problems, warnings
            if report.conforms or keep_invalid:
                progress_display.stage("loading the store")
                clock = time.perf_counter()
                staged.load()
                seconds["store"] += time.perf_counter() - clock
                staged.commit(_record(paths, documents, summary))
                summary.written = True
    if summary.written:
        from immunokg.graph.ask.names import prepare_name_index

        prepare_name_index(Path(directory))
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


def _extract(documents: list[Document], jobs: int, progress: _Progress | None) -> list[Fact]:
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


def _summary(
    directory: Path,
    documents: list[Document],
    facts: list[Fact],
    triples: int,
    report: ValidationReport,
    seconds: dict[str, float],
) -> BuildSummary:
    entities: dict[str, Entity] = {}
    for fact in facts:
        entities[fact.subject.id] = fact.subject
        if isinstance(fact.object, Entity):
            entities[fact.object.id] = fact.object
    evidence = [ev for fact in facts for ev in fact.evidence]
    return BuildSummary(
        directory=directory,
        documents=len(documents),
        sentences=len({(ev.document, ev.start, ev.end) for ev in evidence}),
        entities=dict(sorted(Counter(e.type for e in entities.values()).items())),
        facts=dict(sorted(Counter(f.relation for f in facts).items())),
        evidence=len(evidence),
        triples=triples,
        report=report,
        written=False,
        seconds=seconds,
    )


def _record(
    paths: Sequence[str | Path] | None, documents: list[Document], summary: BuildSummary
) -> dict[str, Any]:
    """The build record: what went in, what came out, when, and whether it conforms."""
    return {
        "tool": "immunokg",
        "version": package_version(),
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": "bundled seeds" if not paths else "paths",
        "arguments": [str(path) for path in paths or ()],
        "inputs": [
            {"document": doc.id, "path": doc.path, "sha256": doc.sha256} for doc in documents
        ],
        "skipped": summary.problems,
        "counts": {
            "documents": summary.documents,
            "sentences_with_facts": summary.sentences,
            "entities": summary.entities,
            "facts": summary.facts,
            "evidence": summary.evidence,
        },
        "shacl": summary.report.to_record(),
        "status": "conforms" if summary.report.conforms else "failing",
        "seconds": {stage: round(value, 3) for stage, value in summary.seconds.items()},
    }


def _interactive(documents: int) -> bool:
    import sys

    return documents >= PROGRESS_MIN_DOCUMENTS and sys.stderr.isatty()


class _Progress:
    """Progress of a build; this base class shows nothing."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, documents: int) -> None:
        return None

    def stage(self, description: str) -> None:
        return None


class _RichProgress(_Progress):
    """A one-line rich progress bar on stderr: documents extracted, then the later stages."""

    def __enter__(self) -> _Progress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.__enter__()
        self._task = self._bar.add_task("extracting facts", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def advance(self, documents: int) -> None:
        self._bar.advance(self._task, documents)

    def stage(self, description: str) -> None:
        self._bar.update(self._task, description=description)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"
