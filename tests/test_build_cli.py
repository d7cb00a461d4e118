"""`immunokg build`, `facts` and `validate` from the command line, on a small hand-made corpus.

Extraction is replaced by the fixture facts of tests/data/graph/facts.jsonl, so
these tests check the graph side alone; test_pipeline_seeds.py runs the real thing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from graph_fixtures import CORPUS, run_cli, trial_facts, use_trial_extraction

from immunokg.extract.model import Entity
from immunokg.extract.table import facts_jsonl, facts_table
from immunokg.graph.build import pipeline

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"


@pytest.fixture(autouse=True)
def fixture_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    use_trial_extraction(monkeypatch)


run = run_cli


def built(tmp_path: Path) -> Path:
    code, _, stderr = run("build", str(CORPUS), "--graph", str(tmp_path / "g"))
    assert code == 0, stderr
    return tmp_path / "g"


def test_build_prints_summary_and_writes_graph(tmp_path: Path) -> None:
    code, out, _ = run("build", str(CORPUS), "--graph", str(tmp_path / "g"))
    assert code == 0
    assert "documents: 1" in out
    assert "facts: 7 (brand_name 1, has_side_effect 1, in_class 1, subclass_of 1" in out
    assert "evidence records: 7" in out
    assert "SHACL: conforms" in out
    record = json.loads((tmp_path / "g" / "build.json").read_text(encoding="utf-8"))
    assert record["status"] == "conforms"
    assert record["inputs"][0]["document"] == "trial"
    assert record["counts"]["facts"]["treats"] == 2


def test_build_writes_the_name_index_that_lookups_read(tmp_path: Path) -> None:
    from immunokg.graph.rdf.name_index import graph_stamp, index_path, open_name_file

    graph_dir = built(tmp_path)
    stamp = graph_stamp(graph_dir)
    assert stamp is not None
    index = open_name_file(index_path(graph_dir), stamp)
    assert index is not None, "build left no up-to-date names.sqlite beside the store"
    assert index.keys(), "the name index holds no names"


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    first = built(tmp_path)
    data = (first / "graph.nt").read_bytes()
    run("build", str(CORPUS), "--graph", str(first))
    assert (first / "graph.nt").read_bytes() == data


def test_facts_prints_the_extract_table(tmp_path: Path) -> None:
    graph = built(tmp_path)
    code, out, _ = run("facts", "--graph", str(graph))
    assert code == 0
    assert out == facts_table(trial_facts())


def test_facts_jsonl_round_trips_evidence(tmp_path: Path) -> None:
    graph = built(tmp_path)
    _, out, _ = run("facts", "--graph", str(graph), "--format", "jsonl")
    assert out == facts_jsonl(trial_facts())


def test_graph_from_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = built(tmp_path)
    monkeypatch.setenv("IMMUNOKG_GRAPH", str(graph))
    code, out, _ = run("facts")
    assert code == 0 and out == facts_table(trial_facts())


def test_validate_graph_conforms(tmp_path: Path) -> None:
    code, out, _ = run("validate", "--graph", str(built(tmp_path)))
    assert (code, out) == (0, "conforms\n")


def test_validate_broken_file_reports_shape_and_exits_1() -> None:
    code, out, _ = run("validate", str(SHAPES_DATA / "TreatsObject-invalid.ttl"))
    assert code == 1
    assert "TreatsObject: 1 violation(s)" in out
    assert "ikg:treats must point to a CancerType." in out
    assert "focus: entity:nivolumab" in out


def test_build_refuses_a_graph_that_does_not_conform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = built(tmp_path)
    before = (graph / "graph.nt").read_bytes()
    broken = broken_facts()
    monkeypatch.setattr(pipeline, "_extract", lambda documents, jobs, progress: (broken, {}))
    code, out, err = run("build", str(CORPUS), "--graph", str(graph))
    assert code == 1
    assert "TreatsObject: 1 violation(s)" in err
    assert "graph NOT written" in out
    assert (graph / "graph.nt").read_bytes() == before


def test_keep_invalid_writes_graph_marked_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = broken_facts()
    monkeypatch.setattr(pipeline, "_extract", lambda documents, jobs, progress: (broken, {}))
    code, _, _ = run("build", str(CORPUS), "--graph", str(tmp_path / "g"), "--keep-invalid")
    assert code == 1
    record = json.loads((tmp_path / "g" / "build.json").read_text(encoding="utf-8"))
    assert record["status"] == "failing"
    assert record["shacl"]["shapes"] == {"TreatsObject": 1}


def test_building_own_texts_needs_a_graph_directory() -> None:
    code, _, err = run("build", str(CORPUS))
    assert code == 2
    assert "--graph" in err


def test_unreadable_corpus_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, _, err = run("build", str(tmp_path / "empty.txt"), "--graph", str(tmp_path / "g"))
    assert code == 1
    assert "no document could be read" in err and "empty.txt" in err
    assert "Traceback" not in err


def test_facts_on_missing_graph_is_one_clear_error(tmp_path: Path) -> None:
    code, _, err = run("facts", "--graph", str(tmp_path / "nowhere"))
    assert code == 1
    assert "no such graph directory" in err


def broken_facts() -> list:
    """The fixture facts with melanoma mistyped as a Target: TreatsObject must catch it."""
    facts = trial_facts()
    wrong = Entity("melanoma", "melanoma", "Target")
    return [
        replace(f, object=wrong) if f.relation == "treats" and f.object_label == "melanoma" else f
        for f in facts
    ]
