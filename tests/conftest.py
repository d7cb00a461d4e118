"""Shared fixtures."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# The running `immunokg serve` that the server's tests share (tests/serve_support.py).
pytest_plugins = ["serve_support"]

ROOT = Path(__file__).resolve().parents[1]

# Property tests (the fuzzers among them) run derandomised by default, so CI sees the same
# examples every run and a failure reproduces; HYPOTHESIS_PROFILE=explore draws new ones
# each run (with IMMUNOKG_FUZZ_SCALE=N, N times as many fuzz examples) for a local hunt.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@dataclass
class SetupRun:
    """The README's first set-up command after its install step, run once for the session."""

    commands: list[str]
    done: list[subprocess.CompletedProcess[str]]
    cache: Path  # XDG_CACHE_HOME, which now holds the seed graph

    @property
    def build_output(self) -> str:
        (build,) = [
            d for c, d in zip(self.commands, self.done, strict=True) if c.endswith(" build")
        ]
        return build.stderr + build.stdout


def readme_setup_commands() -> list[str]:
    """The README's two set-up lines: install and run, install and test."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()


@pytest.fixture(scope="session")
def readme_setup_run(tmp_path_factory: pytest.TempPathFactory) -> SetupRun:
    """Run what follows ``pip install .`` in the README's first line, as a newcomer would.

    The install itself is what CI does; here ``.venv/bin/`` is this interpreter's folder.
    The commands build the seed graph into a fresh cache, which the doc tests then use.
    """
    parts = readme_setup_commands()[0].split(" && ")
    (install,) = [i for i, part in enumerate(parts) if " install " in part]
    commands = parts[install + 1 :]
    cache = tmp_path_factory.mktemp("readme-cache")
    env = {k: v for k, v in os.environ.items() if k != "IMMUNOKG_GRAPH"}
    env["XDG_CACHE_HOME"] = str(cache)
    bin_dir = str(Path(sys.executable).parent) + os.sep
    done = [
        subprocess.run(
            shlex.split(command.replace(".venv/bin/", bin_dir)),
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path_factory.mktemp("newcomer"),
            check=False,
        )
        for command in commands
    ]
    return SetupRun(commands, done, cache)
