"""The fast engine (shapes compiled to SPARQL on Oxigraph) reports exactly what pySHACL reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_fixtures import build_kwargs, trial_documents, trial_facts
from rdflib import Graph

from immunokg.graph.build.locate import resolve_graph_dir
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.rdf.store import read_ntriples, to_ntriples
from immunokg.graph.validate.fast import validate_lines
from immunokg.graph.validate.reference import validate

FIXTURES = sorted((Path(__file__).parent / "data" / "shapes").glob("*.ttl"))
IKG = "https://w3id.org/immunokg/vocab#"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_report_equals_pyshacl_report(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    fast = validate_lines(to_ntriples(graph))
    assert fast == validate(graph), fast.text()


def broken(triples: NTriples) -> NTriples:
    """Damage of many kinds at once: offsets, labels, types, statuses, evidence links."""
    lines = []
    for number, line in enumerate(triples.lines):
        if "#end>" in line and number % 3 == 0:
            line = line.replace('"^^', '0000"^^')
        elif "#prefLabel>" in line and number % 5 == 0:
            continue
        elif f"{IKG}status> <{IKG}stated>" in line and number % 4 == 0:
            line = line.replace(f"<{IKG}stated>", '"stated"')
        elif f"<{IKG}hasEvidence>" in line and number % 7 == 0:
            continue
        elif f"<{IKG}Target> ." in line and number % 2 == 0:
            line = line.replace(f"<{IKG}Target>", f"<{IKG}Drug>")
        elif f"<{IKG}start>" in line and number % 11 == 0:
            line = line.replace("#integer>", "#decimal>")
        lines.append(line)
    return NTriples(tuple(sorted(lines)))


def test_trial_build_and_its_damaged_copy_equal_pyshacl() -> None:
    triples = build_ntriples(trial_documents(), trial_facts(), **build_kwargs())
    assert validate_lines(triples) == validate(triples.to_rdflib())
    damaged = broken(triples)
    fast = validate_lines(damaged)
    assert not fast.conforms
    assert fast == validate(damaged.to_rdflib()), fast.text()


def test_seed_graph_and_its_damaged_copy_equal_pyshacl() -> None:
    triples = read_ntriples(resolve_graph_dir(None))
    assert validate_lines(triples).conforms
    damaged = broken(triples)
    fast = validate_lines(damaged)
    assert len(fast.shapes) >= 5, fast.text()
    assert fast == validate(damaged.to_rdflib()), fast.text()


def test_validate_command_gives_the_same_report_with_either_engine() -> None:
    from click.testing import CliRunner

    from immunokg.graph.cli.main import main

    path = str(FIXTURES[0].parent / "FactEvidence-invalid.ttl")
    outputs = [
        CliRunner().invoke(main, ["validate", path, "--engine", engine])
        for engine in ("fast", "pyshacl")
    ]
    assert [result.exit_code for result in outputs] == [1, 1]
    assert outputs[0].output == outputs[1].output
    assert "FactEvidence: 1 violation(s)" in outputs[0].output


@pytest.fixture
def trial_build(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_fixtures import RULE_EXAMPLES

    from immunokg.graph.build import pipeline
    from immunokg.graph.build import triples as build

    facts = trial_facts()
    monkeypatch.setattr(pipeline, "_extract", lambda documents, jobs, progress: (facts, {}))
    monkeypatch.setattr(build, "default_rule_examples", lambda: RULE_EXAMPLES)


@pytest.mark.usefixtures("trial_build")
def test_build_validates_the_staged_store_as_pyshacl_would(tmp_path: Path) -> None:
    from graph_fixtures import CORPUS

    from immunokg.graph.build.pipeline import build_graph_dir
    from immunokg.graph.rdf.store import read_record

    fast = build_graph_dir([CORPUS], tmp_path / "fast", engine="fast")
    reference = build_graph_dir([CORPUS], tmp_path / "ref", engine="pyshacl")
    assert fast.report == reference.report and fast.report.conforms
    graphs = [(tmp_path / name / "graph.nt").read_bytes() for name in ("fast", "ref")]
    assert graphs[0] == graphs[1]
    assert read_record(tmp_path / "fast")["graph"] == read_record(tmp_path / "ref")["graph"]
    assert set(fast.seconds) == {"read", "extract", "rdf", "store", "validate"}


@pytest.mark.usefixtures("trial_build")
def test_unknown_engine_is_refused_before_any_work(tmp_path: Path) -> None:
    from graph_fixtures import CORPUS

    from immunokg.extract.errors import ImmunokgError
    from immunokg.graph.build.pipeline import build_graph_dir

    with pytest.raises(ImmunokgError, match="unknown validation engine 'jena'"):
        build_graph_dir([CORPUS], tmp_path / "g", engine="jena")
    assert not (tmp_path / "g").exists()


def test_checks_shared_among_processes_give_the_same_report(tmp_path: Path) -> None:
    from immunokg.graph.rdf.store import STORE_DIR, StagedGraph
    from immunokg.graph.validate.fast import validate_store

    damaged = broken(build_ntriples(trial_documents(), trial_facts(), **build_kwargs()))
    with StagedGraph(damaged, tmp_path / "g") as staged:
        assert staged.store is not None
        alone = validate_store(staged.store)
        shared = validate_store(staged.store, jobs=2, path=staged.path / STORE_DIR)
    assert not alone.conforms and shared == alone


def test_in_memory_store_checked_by_forked_workers_equals_pyshacl(tmp_path: Path) -> None:
    from immunokg.graph.validate.fast import validate_nt_file

    damaged = broken(build_ntriples(trial_documents(), trial_facts(), **build_kwargs()))
    path = tmp_path / "graph.nt"
    path.write_text(damaged.text(), encoding="utf-8")
    alone = validate_nt_file(path)
    shared = validate_nt_file(path, jobs=2)
    assert not alone.conforms
    assert shared == alone == validate(damaged.to_rdflib())


@pytest.mark.usefixtures("trial_build")
def test_failing_graph_is_never_loaded_into_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph_fixtures import CORPUS

    from immunokg.graph.build import pipeline
    from immunokg.graph.rdf import store

    loads: list[Path] = []
    monkeypatch.setattr(store, "_load_store", lambda directory, nt: loads.append(nt))
    monkeypatch.setattr(pipeline, "build_ntriples", lambda documents, facts: broken_trial())
    summary = pipeline.build_graph_dir([CORPUS], tmp_path / "g", engine="fast", jobs=2)
    assert not summary.report.conforms and not summary.written
    assert loads == [] and not (tmp_path / "g").exists()


def broken_trial() -> NTriples:
    return broken(build_ntriples(trial_documents(), trial_facts(), **build_kwargs()))
