"""The export and draw commands, end to end on a stored graph directory."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from export_support import stored_fixture

from immunokg.graph.cli.main import main
from immunokg.graph.export.registry import EXPORTERS


@pytest.fixture
def stored(tmp_path):
    return stored_fixture(tmp_path)


def test_format_choices_are_the_registry_keys() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    for name in EXPORTERS:
        assert name in result.output


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_format_exports_from_the_command_line(stored, tmp_path, fmt) -> None:
    target = f"{tmp_path}/out-{fmt}/" if fmt in ("kgx", "csv") else str(tmp_path / f"out.{fmt}")
    result = CliRunner().invoke(main, ["export", fmt, "-o", target, "--graph", str(stored)])
    assert result.exit_code == 0, result.output
    written = result.output.split()
    assert written and all((tmp_path / path).stat().st_size > 0 for path in written)


def test_around_exports_only_the_neighbourhood(stored, tmp_path) -> None:
    target = tmp_path / "pd1.graphml"
    arguments = ["export", "graphml", "-o", str(target), "--graph", str(stored)]
    result = CliRunner().invoke(main, [*arguments, "--around", "PD-1", "--depth", "1"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "IMMUNOKG:nivolumab" in text and "IMMUNOKG:ipilimumab" not in text


def test_draw_writes_the_picture(stored, tmp_path) -> None:
    target = tmp_path / "pd1.svg"
    result = CliRunner().invoke(main, ["draw", "PD-1", "-o", str(target), "--graph", str(stored)])
    assert result.exit_code == 0, result.output
    assert "pembrolizumab" in target.read_text(encoding="utf-8")


def test_a_missing_graph_is_one_clear_line(tmp_path) -> None:
    result = CliRunner().invoke(
        main, ["export", "turtle", "-o", str(tmp_path / "x.ttl"), "--graph", str(tmp_path / "nope")]
    )
    assert result.exit_code == 1
    assert "nope" in result.output and "Traceback" not in result.output


def test_an_unknown_format_is_refused_by_the_command(stored, tmp_path) -> None:
    result = CliRunner().invoke(
        main, ["export", "gexf", "-o", str(tmp_path / "x"), "--graph", str(stored)]
    )
    assert result.exit_code == 2
    assert "gexf" in result.output


def test_around_accepts_a_synonym_or_brand(stored, tmp_path) -> None:
    target = tmp_path / "keytruda.cyjs"
    arguments = ["export", "cytoscape", "-o", str(target), "--graph", str(stored)]
    result = CliRunner().invoke(main, [*arguments, "--around", "Keytruda"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "IMMUNOKG:pembrolizumab" in text and "IMMUNOKG:nivolumab" not in text


def test_an_unknown_name_is_one_clear_line(stored, tmp_path) -> None:
    arguments = ["draw", "no-such-drug", "-o", str(tmp_path / "x.svg"), "--graph", str(stored)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert "no-such-drug" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.svg").exists()


def test_loading_the_commands_imports_neither_networkx_nor_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, immunokg.graph.cli.export, immunokg.graph.export.registry\n"
        "print(sorted(m for m in ('networkx', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
