"""docs/architecture.md names real modules and functions, and its module map is current."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
_ROW = re.compile(r"^\| [^|]+ \| (?P<functions>.+) \| `(?P<module>immunokg\.[\w.]+)` \|$", re.M)
_CALL = re.compile(r"`(?:(\w+)\.)?(\w+)\(")  # `name(` or `Class.method(`


def _rows() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [(m["module"], m["functions"]) for m in _ROW.finditer(text)]


def test_the_table_has_rows() -> None:
    assert len(_rows()) >= 20


@pytest.mark.parametrize(("module", "functions"), _rows(), ids=lambda v: v[:40])
def test_every_named_function_exists_in_its_module(module: str, functions: str) -> None:
    loaded = importlib.import_module(module)
    calls = _CALL.findall(functions)
    assert calls, f"no function named for {module}"
    missing = [
        f"{owner}.{name}" if owner else name
        for owner, name in calls
        if not hasattr(getattr(loaded, owner, None) if owner else loaded, name)
    ]
    assert not missing, f"{module} lacks {missing}"


def test_the_module_map_is_current() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(DOC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, "docs/architecture.md is stale: run `cog -r docs/architecture.md`"
