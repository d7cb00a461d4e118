"""Bounded memory: facts merged and lines sorted through shards on disk give the same graph."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate_corpus import write_corpus
from immunokg.extract.engine.pipeline import extract_facts
from immunokg.extract.read.corpus import read_corpus
from immunokg.graph.build.batched import MemoryPlan
from immunokg.graph.build.fact_merge import FactMerger
from immunokg.graph.build.pipeline import build_graph_dir
from immunokg.graph.rdf.sorted_lines import LineSorter

# Every part spills after a few kilobytes: dozens of shards even for a small corpus.
TINY = MemoryPlan(spill_bytes=0, line_bytes=30_000, fact_evidence=40, batch_bytes=6_000)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(3, folder)
    (folder / "a-latin1.txt").write_bytes(
        "Pembrolizumab (Keytruda\xae) targets PD-1.".encode("cp1252")
    )
    (folder / "z-binary.html").write_bytes(b"<html>\x00</html>")
    return folder


def test_a_streamed_build_is_byte_identical_to_the_in_memory_build(corpus, tmp_path):
    memory = build_graph_dir([corpus], tmp_path / "memory", progress=False)
    streamed = build_graph_dir([corpus], tmp_path / "streamed", memory=TINY, progress=False)
    nt = (tmp_path / "memory" / "graph.nt").read_bytes()
    assert (tmp_path / "streamed" / "graph.nt").read_bytes() == nt
    assert streamed.text().split("seconds:")[0] == memory.text().split("seconds:")[0]
    assert (streamed.problems, streamed.warnings) == (memory.problems, memory.warnings)
    assert streamed.warnings and streamed.problems  # the odd files are reported, not fatal
    records = [
        json.loads((tmp_path / d / "build.json").read_text()) for d in ("memory", "streamed")
    ]
    assert records[1]["streamed"] is True and "streamed" not in records[0]
    assert records[1]["inputs"] == records[0]["inputs"]
    assert records[1]["graph"] == records[0]["graph"]


def test_the_seed_graph_streamed_is_the_seed_graph(tmp_path):
    build_graph_dir(None, tmp_path / "memory", progress=False)
    # two processes: the checks open the on-disk store read-only, beside each other
    build_graph_dir(None, tmp_path / "streamed", memory=TINY, jobs=2, progress=False)
    nt = (tmp_path / "memory" / "graph.nt").read_bytes()
    assert (tmp_path / "streamed" / "graph.nt").read_bytes() == nt


def test_facts_merged_from_batches_through_shards_are_one_call_s_facts(corpus):
    documents = read_corpus([corpus]).documents
    once = extract_facts(documents)
    with FactMerger(evidence_budget=25) as merger:
        for start in range(0, len(documents), 2):
            merger.add(extract_facts(documents[start : start + 2]))
        merged = list(merger.merged())
        assert merger.spilled
    assert merged == once


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(
                min_codepoint=0x20, max_codepoint=0x2FFFF, blacklist_categories=("Cs",)
            ),
            max_size=12,
        )
    ),
    st.lists(st.text(alphabet='<> "abcé😀', max_size=6), max_size=5),
    st.integers(min_value=1, max_value=200),
)
def test_lines_sorted_through_shards_are_lines_sorted_in_memory(lines, extra, budget):
    expected = "".join(line + "\n" for line in sorted(set(lines) | set(extra))).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder, LineSorter(shard_bytes=budget) as sorter:
        for start in range(0, len(lines), 3):
            sorter.add(lines[start : start + 3])
        assert sorter.count() == len(set(lines))
        count, _ = sorter.write(Path(folder) / "out.nt", extra)
        assert (Path(folder) / "out.nt").read_bytes() == expected
        assert count == len(set(lines) | set(extra))


def test_a_local_build_reads_fsspec_urls_too(corpus, tmp_path):
    pytest.importorskip("fsspec")
    build_graph_dir([corpus], tmp_path / "paths", progress=False)
    build_graph_dir([f"file://{corpus.resolve()}"], tmp_path / "url", progress=False)
    nt = (tmp_path / "paths" / "graph.nt").read_bytes()
    assert (tmp_path / "url" / "graph.nt").read_bytes() == nt


def test_a_streamed_build_keeps_nested_ids_and_isolates_a_failing_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14, failures 1 and 2, through the batched path: ids from the path under the
    corpus root, and one document the engine fails on is a problem, not a failed build."""
    from immunokg.extract.engine import pipeline as engine

    root = tmp_path / "corpus"
    for name, text in {
        "a/notes.txt": "Pembrolizumab (Keytruda) is a PD-1 inhibitor.",
        "b/notes.txt": "Ipilimumab is a CTLA-4 inhibitor. It treats melanoma.",
        "b/notes.md": "# Nivolumab\n\nNivolumab targets PD-1.",
        "faq/index.html": "<p>Atezolizumab targets PD-L1.</p>",
        "bad.txt": "Durvalumab targets PD-L1.",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    real = engine.document_statements

    def fails_on_bad(document):
        if document.id == "bad":
            raise ValueError("a fault in the engine")
        return real(document)

    monkeypatch.setattr(engine, "document_statements", fails_on_bad)
    memory = build_graph_dir([root], tmp_path / "memory", progress=False)
    streamed = build_graph_dir([root], tmp_path / "streamed", memory=TINY, progress=False)
    nt = (tmp_path / "memory" / "graph.nt").read_bytes()
    assert (tmp_path / "streamed" / "graph.nt").read_bytes() == nt
    assert streamed.problems == memory.problems
    assert streamed.problems == [
        f"{root / 'bad.txt'}: extraction failed (ValueError: a fault in the engine)"
    ]
    record = json.loads((tmp_path / "streamed" / "build.json").read_text(encoding="utf-8"))
    assert sorted(item["document"] for item in record["inputs"]) == [
        "a/notes",
        "b/notes.md",
        "b/notes.txt",
        "faq/index",
    ]
