"""One build of a corpus, stage by stage, in its own process so its peak memory is its own.

Run by run.py: python benchmarks/build_child.py CORPUS GRAPH_DIR RESULT_JSON [--jobs J]
[--speedup-jobs J2] [--profile]. Each stage's figures are written to RESULT_JSON as
soon as the stage ends, so a stage that fails or times out still leaves the earlier ones.
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
        self.data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.data, indent=1, sort_keys=True))
        temporary.replace(self.path)


def timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    clock = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - clock


def run(args: argparse.Namespace) -> None:
    record = Recorder(Path(args.result))
    from immunokg.extract.corpus import read_corpus

    corpus, seconds = timed(read_corpus, [args.corpus])
    documents = corpus.documents
    texts = [document.text for document in documents]
    words = sum(len(text.split()) for text in texts)
    record.set(documents=len(documents), words=words, problems=len(corpus.problems))
    record.stage("read", seconds)
    tokenizer_pass(texts, record)
    facts = extract(documents, args, record)
    if facts is None:
        return
    triples = graph_stages(documents, facts, args, record)
    if triples is not None:
        shacl(args.graph_dir, record)


def tokenizer_pass(texts: list[str], record: Recorder) -> None:
    """The bound extraction cannot beat: spaCy's blank English tokenizer over the same text."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    clock = time.perf_counter()
    tokens = sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=64))
    record.set(tokens=tokens)
    record.stage("tokenizer", time.perf_counter() - clock)


def extract(documents: list[Any], args: argparse.Namespace, record: Recorder) -> list[Any] | None:
    try:
        from immunokg.extract.pipeline import extract_facts
    except ImportError as error:
        record.skip("extract", f"immunokg.extract.pipeline not importable ({error})")
        return None
    # Start-up (loading the pipeline, lexicon and rules) is timed apart from throughput.
    _, seconds = timed(extract_facts, documents[:1], jobs=1)
    record.stage("extract_startup", seconds)
    if args.profile:
        profile_extraction(extract_facts, documents, record)
    facts, seconds = timed(extract_facts, documents, jobs=args.jobs)
    record.set(facts=len(facts), evidence=sum(len(fact.evidence) for fact in facts))
    record.stage("extract", seconds)
    if args.speedup_jobs > 1:
        _, parallel = timed(extract_facts, documents, jobs=args.speedup_jobs)
        record.set(speedup_jobs=args.speedup_jobs)
        record.stage(f"extract_jobs{args.speedup_jobs}", parallel)
    return facts


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


def graph_stages(
    documents: list[Any], facts: list[Any], args: argparse.Namespace, record: Recorder
) -> Any:
    try:
        from immunokg.graph.build import build_ntriples
        from immunokg.graph.store import write_graph_dir
    except ImportError as error:
        record.skip("rdf", f"immunokg.graph.build/store not importable ({error})")
        return None
    triples, seconds = timed(build_ntriples, documents, facts)
    record.set(triples=len(triples.lines))
    record.stage("rdf", seconds)
    _, seconds = timed(write_graph_dir, triples, args.graph_dir, {"benchmark": True})
    record.stage("store", seconds)
    return triples


def shacl(graph_dir: str, record: Recorder) -> None:
    """SHACL as the build runs it: the shapes as SPARQL on the written Oxigraph store."""
    try:
        from immunokg.graph.validate_fast import validate_graph_dir
    except ImportError as error:
        record.skip("shacl", f"immunokg.graph.validate_fast not importable ({error})")
        return
    report, seconds = timed(validate_graph_dir, graph_dir)
    record.set(conforms=report.conforms, violations=report.violations)
    record.stage("shacl", seconds)


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
