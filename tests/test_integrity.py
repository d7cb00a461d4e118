"""A graph directory checked against itself (issue 14, failure 7): every command that finds a
damaged graph says so in one line with the command that rebuilds it, and `validate` checks
graph.nt's SHA-256 against build.json and the store against graph.nt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from graph_fixtures import CORPUS, RULE_EXAMPLES, run_cli, trial_facts, use_trial_extraction

from immunokg.graph.build import pipeline
from immunokg.graph.build import triples as build
from immunokg.graph.cli.main import main

LOOKUPS = [
    ["drugs", "--target", "PD-1"],
    ["show", "pembrolizumab"],
    ["ask", "drugs targeting PD-1"],
    ["query", "drugs-targeting", "-p", "target", "PD-1"],
    ["facts"],
]


@pytest.fixture(autouse=True)
def fixture_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    use_trial_extraction(monkeypatch)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = tmp_path_factory.mktemp("pristine") / "g"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "_extract", lambda documents, jobs, progress: (trial_facts(), {}))
        patch.setattr(build, "default_rule_examples", lambda: RULE_EXAMPLES)
        result = CliRunner().invoke(main, ["build", str(CORPUS), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return graph


@pytest.fixture
def graph(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "g"
    shutil.copytree(pristine, copy)
    return copy


run = run_cli


def damaged(graph: Path, *args: str) -> str:
    """Run a command on ``graph``: it must fail in one line naming the damage and the fix."""
    code, out, err = run(*args, "--graph", str(graph))
    assert code == 1, (args, out, err)
    assert err.startswith(f"Error: {graph}: the graph is damaged ("), err
    assert err.rstrip().endswith(f"--graph {graph}`"), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_an_emptied_graph_nt_no_longer_conforms_but_is_damaged(graph: Path, engine: str) -> None:
    (graph / "graph.nt").write_bytes(b"")
    assert "graph.nt is 0 bytes" in damaged(graph, "validate", "--engine", engine)


def test_an_emptied_graph_nt_is_not_exported_as_a_one_byte_file(
    graph: Path, tmp_path: Path
) -> None:
    (graph / "graph.nt").write_bytes(b"")
    damaged(graph, "export", "turtle", "-o", str(tmp_path / "out.ttl"))
    assert not (tmp_path / "out.ttl").exists()


def test_a_label_added_by_hand_fails_validate_and_export(graph: Path, tmp_path: Path) -> None:
    line = '<https://w3id.org/immunokg/entity/pd-1> <http://www.w3.org/2000/01/rdf-schema#label> "forged" .\n'
    with (graph / "graph.nt").open("a", encoding="utf-8") as nt:
        nt.write(line)
    damaged(graph, "validate")
    damaged(graph, "export", "ntriples", "-o", str(tmp_path / "out.nt"))


def test_an_edit_that_keeps_the_size_is_caught_by_the_sha256(graph: Path) -> None:
    data = (graph / "graph.nt").read_bytes()
    (graph / "graph.nt").write_bytes(data.replace(b'"PD-1"', b'"PD-X"', 1))
    assert "SHA-256 of graph.nt" in damaged(graph, "validate")


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_half_truncated_graph_nt_is_one_line_not_a_parser_traceback(
    graph: Path, tmp_path: Path, engine: str
) -> None:
    path = graph / "graph.nt"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    damaged(graph, "validate", "--engine", engine)
    damaged(graph, "export", "jsonld", "-o", str(tmp_path / "out.jsonld"))


@pytest.mark.parametrize("command", [*LOOKUPS, ["validate"]], ids=lambda c: c[0])
def test_an_invalid_build_json_is_one_line_everywhere(graph: Path, command: list[str]) -> None:
    (graph / "build.json").write_text("{not json", encoding="utf-8")
    err = damaged(graph, *command)
    assert "build.json: Expecting property name" in err
    assert f"`immunokg build PATH... --graph {graph}`" in err  # no record: a generic command


def test_a_build_json_without_the_graph_record_is_damaged(graph: Path) -> None:
    record = json.loads((graph / "build.json").read_text(encoding="utf-8"))
    del record["graph"]["sha256"]
    (graph / "build.json").write_text(json.dumps(record), encoding="utf-8")
    err = damaged(graph, "drugs", "--target", "PD-1")
    assert f"rebuild it with `immunokg build {CORPUS} --graph {graph}`" in err


def test_a_wrong_sha256_in_build_json_is_caught_by_validate(graph: Path) -> None:
    record = json.loads((graph / "build.json").read_text(encoding="utf-8"))
    record["graph"]["sha256"] = "0" * 64
    (graph / "build.json").write_text(json.dumps(record), encoding="utf-8")
    damaged(graph, "validate")


@pytest.mark.parametrize("command", [*LOOKUPS, ["validate"]], ids=lambda c: c[0])
def test_a_truncated_store_file_is_one_line_everywhere(graph: Path, command: list[str]) -> None:
    table = max((graph / "store").glob("*.sst"), key=lambda path: path.stat().st_size)
    table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])
    assert "Corruption" in damaged(graph, *command)


@pytest.mark.parametrize("command", [*LOOKUPS, ["validate"]], ids=lambda c: c[0])
def test_a_deleted_store_current_is_one_line_everywhere(graph: Path, command: list[str]) -> None:
    (graph / "store" / "CURRENT").unlink()
    assert "store/CURRENT is missing" in damaged(graph, *command)


def test_a_store_that_lost_triples_is_caught_by_validate(graph: Path) -> None:
    store = pyoxigraph.Store(str(graph / "store"))
    quad = next(iter(store))
    store.remove(quad)
    store.flush()
    del store
    assert "the store holds" in damaged(graph, "validate")


def test_a_store_with_other_triples_of_the_same_count_is_caught_by_its_sample(graph: Path) -> None:
    store = pyoxigraph.Store(str(graph / "store"))
    quads = list(store)
    for quad in quads:  # every literal changed: the count stands, the triples do not
        if isinstance(quad.object, pyoxigraph.Literal):
            store.remove(quad)
            store.add(
                pyoxigraph.Quad(
                    quad.subject, quad.predicate, pyoxigraph.Literal(quad.object.value + "!")
                )
            )
    store.flush()
    del store
    assert "the store lacks a triple of graph.nt" in damaged(graph, "validate")


def test_an_intact_graph_passes_every_check(graph: Path) -> None:
    for engine in ("fast", "pyshacl"):
        code, out, err = run("validate", "--engine", engine, "--graph", str(graph))
        assert (code, err) == (0, "") and "conforms" in out


@pytest.mark.parametrize("command", [*LOOKUPS, ["export", "turtle", "-o", "-"]], ids=lambda c: c[0])
def test_a_graph_kept_despite_failing_shacl_warns_on_every_lookup(
    graph: Path, command: list[str], tmp_path: Path
) -> None:
    record = json.loads((graph / "build.json").read_text(encoding="utf-8"))
    record.update(status="failing", shacl={**record["shacl"], "conforms": False, "violations": 3})
    (graph / "build.json").write_text(json.dumps(record), encoding="utf-8")
    if command[0] == "export":
        command = [*command[:-1], str(tmp_path / "out.ttl")]
    code, _, err = run(*command, "--graph", str(graph))
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"warning: {graph} was built with --keep-invalid and does not conform to the SHACL "
        "shapes (3 violations); answers may rest on bad data (see `immunokg validate`)"
    )


@pytest.mark.parametrize("command", [*LOOKUPS, ["validate"]], ids=lambda c: c[0])
def test_a_store_block_that_fails_its_checksum_is_one_line_everywhere(
    graph: Path, command: list[str]
) -> None:
    """Damage RocksDB finds only on reading: every table's data blocks spoiled, sizes kept.

    (Oxigraph's SPARQL ASK never returns on such a block, so `validate` reads the indexes
    with plain pattern lookups, which report it, before any SHACL query runs.)
    """
    for table in (graph / "store").glob("*.sst"):
        data = bytearray(table.read_bytes())
        for index in range(64, len(data) - 1024, 97):
            data[index] ^= 0xFF
        table.write_bytes(bytes(data))
    assert "Corruption" in damaged(graph, *command)
