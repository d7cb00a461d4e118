"""SHA-256 of what extraction and the build write, for the seeds and every text set in tests/data.

A refactoring that must not change behaviour is checked by running this before and after
and comparing the two listings (docs/architecture.md records one such check):

    python -m benchmarks.output_digests > before.txt    # on the old commit
    python -m benchmarks.output_digests > after.txt     # on the new one
    diff before.txt after.txt

Each line is ``digest  set/output``: ``extract.jsonl`` is `immunokg extract --format jsonl`,
``graph.nt`` the graph that `immunokg build` writes from the same texts.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = (".txt", ".md", ".html")


def text_sets() -> dict[str, list[Path]]:
    """The seeds (no paths: the CLI's default) and each folder of texts under tests/data."""
    sets: dict[str, list[Path]] = {"seeds": []}
    for folder in sorted(p for p in (ROOT / "tests" / "data").rglob("*") if p.is_dir()):
        texts = sorted(
            p for p in folder.iterdir() if p.suffix in TEXT_SUFFIXES and p.name != "README.md"
        )
        if texts:
            sets[folder.relative_to(ROOT / "tests" / "data").as_posix()] = texts
    return sets


def digests(name: str, texts: list[Path], work: Path) -> list[str]:
    """The digest lines of one set's extracted facts and built graph."""
    command = [str(Path(sys.executable).with_name("immunokg"))]
    paths = [str(path) for path in texts]
    extracted = subprocess.run(
        [*command, "extract", "--format", "jsonl", *paths], capture_output=True, check=False
    )
    graph_dir = work / name.replace("/", "_")
    built = subprocess.run(
        [*command, "build", "--graph", str(graph_dir), *paths], capture_output=True, check=False
    )
    nt = graph_dir / "graph.nt"
    graph = hashlib.sha256(nt.read_bytes()).hexdigest() if built.returncode == 0 else "not built"
    return [
        f"{hashlib.sha256(extracted.stdout).hexdigest()}  {name}/extract.jsonl",
        f"{graph}  {name}/graph.nt",
    ]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="immunokg-digests-") as work:
        for name, texts in text_sets().items():
            print("\n".join(digests(name, texts, Path(work))), flush=True)


if __name__ == "__main__":
    main()
