"""Which graph a command reads: --graph / IMMUNOKG_GRAPH, else the seed graph in the user cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from graph_fixtures import build_kwargs, trial_documents, trial_facts

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build import locate, pipeline
from immunokg.graph.build.locate import resolve_graph_dir, seed_cache_dir
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.store import write_graph_dir
from immunokg.graph.validate.report import ValidationReport


def write_small_graph(directory: Path) -> Path:
    triples = build_ntriples(trial_documents(), trial_facts(), **build_kwargs())
    return write_graph_dir(triples, directory, {})


def test_explicit_graph_is_used(tmp_path: Path) -> None:
    graph = write_small_graph(tmp_path / "g")
    assert resolve_graph_dir(str(graph)) == graph


def test_environment_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = write_small_graph(tmp_path / "g")
    monkeypatch.setenv("IMMUNOKG_GRAPH", str(graph))
    assert resolve_graph_dir(None) == graph


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImmunokgError, match="no such graph directory"):
        resolve_graph_dir(str(tmp_path / "absent"))


def test_directory_without_a_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImmunokgError, match="not a graph directory"):
        resolve_graph_dir(str(tmp_path))


def test_seed_cache_is_keyed_by_version_and_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = seed_cache_dir()
    assert path.parent == tmp_path / "immunokg"
    version, digest = path.name.rsplit("-", 1)
    assert version == locate.package_version() and len(digest) == 16


def test_seed_graph_is_built_once_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("IMMUNOKG_GRAPH", raising=False)
    calls: list[Path] = []

    def fake_build(paths: object, directory: Path, **options: object) -> SimpleNamespace:
        calls.append(Path(directory))
        write_small_graph(Path(directory))
        return SimpleNamespace(report=ValidationReport(conforms=True))

    monkeypatch.setattr(pipeline, "build_graph_dir", fake_build)
    first = resolve_graph_dir(None)
    assert "building the seed graph (first use)..." in capsys.readouterr().err
    second = resolve_graph_dir(None)
    assert capsys.readouterr().err == ""
    assert first == second == seed_cache_dir()
    assert calls == [first]


def test_warm_lookup_imports_neither_spacy_nor_pyshacl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("IMMUNOKG_GRAPH", raising=False)
    write_small_graph(seed_cache_dir())
    code = (
        "import sys\n"
        "from immunokg.graph.build.locate import resolve_graph_dir\n"
        "from immunokg.graph.rdf.store import open_store\n"
        "open_store(resolve_graph_dir(None))\n"
        "print(sorted(m for m in ('spacy', 'pyshacl') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert "building" not in result.stderr
