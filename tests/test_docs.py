"""The docs are tested: every command has help and is shown in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from immunokg.graph.cli.main import COMMANDS, main

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_shown_in_the_readme(name: str) -> None:
    assert re.search(rf"\bimmunokg {re.escape(name)}\b", README), f"README never shows {name}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary.split()) >= 4, f"{name} --help says too little: {summary!r}"


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = README.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    install_and_run, install_and_test = block
    assert "pip install ." in install_and_run and "immunokg build" in install_and_run
    assert "[test]" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    test_command = README.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()[1]
    assert test_command in ci
