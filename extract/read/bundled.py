"""Where the bundled seed texts live, and what their manifest says of each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class SeedEntry:
    id: str
    file: str
    title: str
    publisher: str
    url: str
    licence: str
    reviewed: str


def seed_manifest() -> list[SeedEntry]:
    data = json.loads((files("immunokg.seeds") / MANIFEST).read_text(encoding="utf-8"))
    return [SeedEntry(**entry) for entry in data["documents"]]


def seed_paths() -> list[Path]:
    """The seed files as real paths (the package is installed as files, not a zip)."""
    paths = []
    for entry in seed_manifest():
        with as_file(files("immunokg.seeds") / entry.file) as path:
            paths.append(Path(path))
    return paths


def seed_metadata() -> dict[str, dict[str, str]]:
    """Manifest fields by document id, for documents whose text carries no front matter."""
    return {
        entry.id: {
            key: value
            for key, value in vars(entry).items()
            if value and key in ("title", "publisher", "url", "licence", "reviewed")
        }
        for entry in seed_manifest()
    }
