"""The code's shape: one folder per stage, small modules, imports that run one way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extract", "graph", "benchmarks")
MAX_MODULE_LINES = 300
MAX_MODULES_PER_FOLDER = 12


def _folders() -> list[Path]:
    return sorted(
        folder
        for package in PACKAGES
        for folder in [ROOT / package, *(ROOT / package).rglob("*")]
        if folder.is_dir() and (folder / "__init__.py").is_file()
    )


@pytest.mark.parametrize("folder", _folders(), ids=lambda f: f.relative_to(ROOT).as_posix())
def test_every_stage_folder_says_what_it_takes_and_gives(folder: Path) -> None:
    docstring = (folder / "__init__.py").read_text(encoding="utf-8").strip()
    assert docstring.startswith('"""') and len(docstring) > 40, "a one-docstring __init__.py"


@pytest.mark.parametrize("folder", _folders(), ids=lambda f: f.relative_to(ROOT).as_posix())
def test_no_folder_holds_more_than_a_dozen_modules(folder: Path) -> None:
    modules = [p.name for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert len(modules) <= MAX_MODULES_PER_FOLDER, sorted(modules)


def test_no_module_is_over_300_lines() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_imports_keep_the_layer_contracts() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    done = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
