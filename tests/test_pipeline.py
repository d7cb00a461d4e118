"""The whole build on the bundled seeds, and merging facts extracted in batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_fixtures import trial_facts

from immunokg.extract.engine.pipeline import extract_facts
from immunokg.extract.model import Evidence
from immunokg.extract.read.bundled import seed_paths
from immunokg.extract.read.corpus import read_corpus
from immunokg.extract.table import facts_jsonl, facts_table
from immunokg.graph.ask.read_facts import facts_from_graph
from immunokg.graph.build.pipeline import build_graph_dir, merge_facts
from immunokg.graph.rdf.store import read_record


@pytest.fixture(scope="module")
def seed_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("seeds")
    build_graph_dir(None, root / "a", progress=False)
    build_graph_dir(None, root / "b", progress=False)
    return root / "a", root / "b"


def test_seed_graph_conforms(seed_builds: tuple[Path, Path]) -> None:
    record = read_record(seed_builds[0])
    assert record["shacl"] == {"conforms": True, "violations": 0, "shapes": {}}
    assert record["counts"]["documents"] == 5
    assert record["source"] == "bundled seeds"


def test_seed_graph_rebuilds_byte_identical(seed_builds: tuple[Path, Path]) -> None:
    first, second = seed_builds
    assert (first / "graph.nt").read_bytes() == (second / "graph.nt").read_bytes()


def test_facts_from_graph_equal_extracted_facts(seed_builds: tuple[Path, Path]) -> None:
    extracted = extract_facts(read_corpus(seed_paths()).documents)
    assert facts_table(facts_from_graph(seed_builds[0])) == facts_table(extracted)


def test_evidence_read_back_from_the_graph_keeps_its_spans_and_antecedents(
    seed_builds: tuple[Path, Path],
) -> None:
    """Every record, list items (two spans) and markup-split sentences too, as extract gives."""
    extracted = extract_facts(read_corpus(seed_paths()).documents)
    assert {len(ev.spans) for fact in extracted for ev in fact.evidence} >= {1, 2, 3}
    assert any(ev.antecedent for fact in extracted for ev in fact.evidence)
    assert facts_jsonl(facts_from_graph(seed_builds[0])) == facts_jsonl(extracted)


def test_seed_documents_carry_manifest_metadata(seed_builds: tuple[Path, Path]) -> None:
    text = (seed_builds[0] / "graph.nt").read_text(encoding="utf-8")
    assert '<http://purl.org/dc/terms/publisher> "Cancer Health (Smart + Strong)"' in text


def test_merge_joins_evidence_and_recomputes_treats_status() -> None:
    treats = next(f for f in trial_facts() if f.relation == "treats" and f.status == "approved")
    hedged = Evidence(
        "other", 0, 10, "It is being studied in melanoma.", "treats-studied-in", "investigational"
    )
    investigational = type(treats)(
        treats.subject, "treats", treats.object, "investigational", (hedged,)
    )
    merged = merge_facts([investigational, treats])
    assert len(merged) == 1
    assert merged[0].status == "approved"
    assert set(merged[0].evidence) == {hedged, *treats.evidence}


def test_merge_keeps_investigational_when_no_evidence_is_approved() -> None:
    treats = next(f for f in trial_facts() if f.status == "investigational")
    merged = merge_facts([treats, treats])
    assert merged == [treats]
