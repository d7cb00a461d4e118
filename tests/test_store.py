"""The graph directory: sorted N-Triples, Oxigraph store, build record, atomic replacement."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from graph_fixtures import build_kwargs, trial_documents, trial_facts

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build.triples import build_ntriples, build_rdf
from immunokg.graph.rdf import store
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.store import (
    is_graph_dir,
    load_graph,
    open_store,
    read_record,
    write_graph_dir,
)


def triples() -> NTriples:
    return build_ntriples(trial_documents(), trial_facts(), **build_kwargs())


def test_writes_sorted_ntriples_store_and_record(tmp_path: Path) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {"tool": "immunokg"})
    assert is_graph_dir(target)
    lines = (target / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(triples().lines)
    record = read_record(target)
    assert record["tool"] == "immunokg"
    assert record["graph"]["triples"] == len(lines)
    assert len(record["graph"]["sha256"]) == 64


def test_store_holds_the_same_triples(tmp_path: Path) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {})
    count = next(iter(open_store(target).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    assert int(count["n"].value) == len(triples().lines)
    assert len(load_graph(target)) == len(triples().lines)


def test_store_is_opened_read_only(tmp_path: Path) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {})
    with pytest.raises(RuntimeError, match="read-write"):
        open_store(target).update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_rdflib_graph_and_ntriples_write_the_same_bytes(tmp_path: Path) -> None:
    graph = build_rdf(trial_documents(), trial_facts(), **build_kwargs())
    first = write_graph_dir(graph, tmp_path / "a", {})
    second = write_graph_dir(triples(), tmp_path / "b", {})
    assert (first / "graph.nt").read_bytes() == (second / "graph.nt").read_bytes()


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "g"
    write_graph_dir(triples(), target, {"n": 1})
    before = (target / "graph.nt").read_bytes()
    write_graph_dir(triples(), target, {"n": 2})
    assert (target / "graph.nt").read_bytes() == before
    assert read_record(target)["n"] == 2


def test_failure_mid_write_leaves_previous_graph_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {"n": 1})
    before = (target / "graph.nt").read_bytes()

    def crash(store_dir: Path, nt_path: Path) -> None:
        assert nt_path.is_file()  # graph.nt is written, the store is not: a crash mid-build
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_load_store", crash)
    smaller = NTriples(triples().lines[:3])
    with pytest.raises(RuntimeError, match="disk full"):
        write_graph_dir(smaller, target, {"n": 2})
    assert (target / "graph.nt").read_bytes() == before
    assert read_record(target)["n"] == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["g"]


def test_failure_at_swap_restores_previous_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {"n": 1})
    real_replace = Path.replace

    def flaky(self: Path, other: Path) -> Path:
        if ".building-" in self.name:
            raise OSError("rename failed")
        return real_replace(self, other)

    monkeypatch.setattr(Path, "replace", flaky)
    with pytest.raises(OSError, match="rename failed"):
        write_graph_dir(triples(), target, {"n": 2})
    monkeypatch.undo()
    assert read_record(target)["n"] == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["g"]


def test_refuses_to_replace_a_folder_that_is_not_a_graph(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(ImmunokgError, match="not empty and holds no graph"):
        write_graph_dir(triples(), folder, {})
    assert (folder / "thesis.txt").read_text(encoding="utf-8") == "precious"


def test_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImmunokgError, match="run `immunokg build` first"):
        open_store(tmp_path)
    with pytest.raises(ImmunokgError, match="run `immunokg build` first"):
        load_graph(tmp_path)


def test_record_is_stable_json(tmp_path: Path) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {"b": 1, "a": [1, 2]})
    text = (target / "build.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_staged_graph_without_commit_leaves_the_old_graph_and_no_trace(tmp_path: Path) -> None:
    target = write_graph_dir(triples(), tmp_path / "g", {"n": 1})
    smaller = NTriples(triples().lines[:3])
    with store.StagedGraph(smaller, target) as staged:
        assert staged.store is not None and len(staged.store) == 3
        assert (staged.path / "graph.nt").read_text(encoding="utf-8") == smaller.text()
    assert read_record(target)["n"] == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["g"]


def test_graph_nt_written_in_blocks_is_the_whole_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "WRITE_BLOCK", 2)
    target = write_graph_dir(triples(), tmp_path / "g", {})
    data = (target / "graph.nt").read_bytes()
    assert data == triples().text().encode("utf-8")
    assert read_record(target)["graph"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_store_loaded_in_parts_holds_every_triple(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "LOAD_BLOCK", 7)
    target = write_graph_dir(triples(), tmp_path / "g", {})
    loaded = sorted(str(quad.triple) + " ." for quad in open_store(target))
    assert len(loaded) == len(triples().lines) > 7
    whole = write_graph_dir(triples(), tmp_path / "whole", {})
    assert loaded == sorted(str(quad.triple) + " ." for quad in open_store(whole))


def test_staged_graph_loads_its_store_only_when_asked(tmp_path: Path) -> None:
    with store.StagedGraph(triples(), tmp_path / "g", load=False) as staged:
        assert staged.store is None and not (staged.path / "store").exists()
        assert staged.nt_path.read_text(encoding="utf-8") == triples().text()
        assert len(staged.load()) == len(triples().lines)
        assert staged.load() is staged.store
