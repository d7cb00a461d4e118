"""One build of a corpus in its own process, so its peak memory is its own.

Run by run.py: python -m benchmarks.build_child CORPUS GRAPH_DIR RESULT_JSON [--jobs J]
[--speedup-jobs J2] [--profile]. First a bare tokenizer pass and the extraction start-up
(timed apart), then the build exactly as `immunokg build --jobs J` runs it
(``build_graph_dir``), with its own stage times; then, optionally, extraction alone with
J2 processes. Figures are written to RESULT_JSON as soon as they are known, so a stage
that fails or times out still leaves the earlier ones.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

_WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)


class Recorder:
    """Stage results, saved atomically after each change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {"seconds": {}, "skipped": {}}

    def stage(self, name: str, seconds: float) -> None:
        self.data["seconds"][name] = seconds
        self.save()

    def skip(self, name: str, reason: str) -> None:
        self.data["skipped"][name] = reason
        self.save()

    def set(self, **values: Any) -> None:
        self.data.update(values)
        self.save()

    def save(self) -> None:
        # The largest process: this one or a forked worker (extraction, validation).
        peak = max(resource.getrusage(who).ru_maxrss for who in _WHO)
        self.data["peak_rss_mb"] = peak / 1024
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.data, indent=1, sort_keys=True))
        temporary.replace(self.path)


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    clock = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - clock


def run(args: argparse.Namespace) -> None:
    record = Recorder(Path(args.result))
    from immunokg.extract.read.corpus import read_corpus

    documents = read_corpus([args.corpus]).documents
    texts = [document.text for document in documents]
    record.set(words=sum(len(text.split()) for text in texts))
    tokenizer_pass(texts, record)
    del texts
    if not startup(documents, args, record):
        return
    del documents  # the build reads the corpus itself, as `immunokg build` does
    if build(args, record) and args.speedup_jobs and args.speedup_jobs != args.jobs:
        speedup(args, record)


def startup(documents: list[Any], args: argparse.Namespace, record: Recorder) -> bool:
    """Loading the pipeline, lexicon and rules, timed apart from the build's throughput."""
    try:
        from immunokg.extract.engine.pipeline import extract_facts
    except ImportError as error:
        record.skip("extract", f"immunokg.extract.engine.pipeline not importable ({error})")
        return False
    _, seconds = timed(extract_facts, documents[:1], jobs=1)
    record.stage("extract_startup", seconds)
    if args.profile:
        profile_extraction(extract_facts, documents, record)
    return True


def build(args: argparse.Namespace, record: Recorder) -> bool:
    """The whole build as `immunokg build --jobs J` runs it, its stages as it times them.

    ``finish`` is the rest of the call: the name index and the build record.
    """
    try:
        from immunokg.graph.build.pipeline import build_graph_dir
    except ImportError as error:
        record.skip("rdf", f"immunokg.graph.build.pipeline not importable ({error})")
        return False
    summary, seconds = timed(
        build_graph_dir, [args.corpus], args.graph_dir, jobs=args.jobs, progress=False
    )
    stages = dict(summary.seconds)
    stages["shacl"] = stages.pop("validate", 0.0)
    stages["finish"] = seconds - sum(stages.values())
    record.set(
        documents=summary.documents,
        facts=sum(summary.facts.values()),
        evidence=summary.evidence,
        triples=summary.triples,
        conforms=summary.report.conforms,
        violations=summary.report.violations,
        jobs=args.jobs,
    )
    for name, value in stages.items():
        record.stage(name, value)
    return summary.written


def speedup(args: argparse.Namespace, record: Recorder) -> None:
    """Extraction alone with ``--speedup-jobs`` processes, next to the build's ``--jobs``."""
    from immunokg.extract.engine.pipeline import extract_facts
    from immunokg.extract.read.corpus import read_corpus

    documents = read_corpus([args.corpus]).documents
    _, parallel = timed(extract_facts, documents, jobs=args.speedup_jobs)
    record.set(speedup_jobs=args.speedup_jobs)
    record.stage(f"extract_jobs{args.speedup_jobs}", parallel)


def tokenizer_pass(texts: list[str], record: Recorder) -> None:
    """The bound extraction cannot beat: spaCy's blank English tokenizer over the same text."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    clock = time.perf_counter()
    tokens = sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=64))
    record.set(tokens=tokens)
    record.stage("tokenizer", time.perf_counter() - clock)


def profile_extraction(extract_facts: Any, documents: list[Any], record: Recorder) -> None:
    """The functions extraction spends its time in: evidence for where the bound lies."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(extract_facts, documents, jobs=1)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(15)
    record.set(profile=out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("graph_dir")
    parser.add_argument("result")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--speedup-jobs", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    try:
        run(args)
    except Exception:  # the parent reports it next to whatever stages did finish
        path = Path(args.result)
        data = json.loads(path.read_text()) if path.exists() else {"seconds": {}, "skipped": {}}
        data["error"] = traceback.format_exc(limit=3).strip().splitlines()[-1]
        path.write_text(json.dumps(data, indent=1, sort_keys=True))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
