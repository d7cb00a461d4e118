"""The sorted run files of an external merge sort, kept in a private temporary folder.

Two sorters spill to disk (graph lines here, extracted facts in the build); both need the
same folder made on first use, named runs in order, and removal however the sort ends.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Self


class ShardFiles:
    """Run files made on demand under ``directory`` (or the system's temporary folder)."""

    def __init__(self, *, prefix: str, directory: str | Path | None = None) -> None:
        self._prefix = prefix
        self._parent = directory
        self._folder: Path | None = None
        self.paths: list[Path] = []

    @property
    def spilled(self) -> bool:
        """True once any run file was made."""
        return bool(self.paths)

    def next_path(self, suffix: str) -> Path:
        """The path for the next run, numbered so runs list in the order they were made."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=self._prefix, dir=self._parent))
        path = self._folder / f"{len(self.paths):05d}{suffix}"
        self.paths.append(path)
        return path

    def close(self) -> None:
        """Remove the runs and their folder."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self.paths = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
