"""Which files a corpus holds, and each one's document id.

Folders are walked in sorted order; links are followed, and a broken link, a link
loop or a second way to the same file is reported, never dropped in silence.

A document's id is its path relative to the corpus root without the suffix
(``reviews/pd1``); the root is the folder given, or the deepest folder holding every
path given, so a file at the root keeps its stem as id (``notes``). Two files that
differ only in suffix keep it (``b/notes.md``, ``b/notes.txt``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CorpusFile:
    """A file to read and the id its document gets."""

    path: Path
    id: str


def corpus_files(
    paths: Iterable[str | Path], suffixes: Collection[str], problems: list[str]
) -> list[CorpusFile]:
    """Files under ``paths`` with a supported suffix, in order, each with a unique id."""
    walk = _Walk(suffixes, problems)
    roots: list[Path] = []
    for given in paths:
        path = Path(given)
        kind = walk.kind(path)
        if kind == "folder":
            roots.append(path)
            walk.folder(path, ancestors=frozenset())
        elif kind == "file":
            roots.append(path.parent)
            walk.file(path)
    return _with_ids(walk.found, roots)


class _Walk:
    def __init__(self, suffixes: Collection[str], problems: list[str]) -> None:
        self.suffixes, self.problems = suffixes, problems
        self.found: list[Path] = []
        self.seen: dict[tuple[int, int], Path] = {}  # (device, inode) → first path

    def kind(self, path: Path) -> str | None:
        """ "file", "folder", or None once the problem is reported."""
        try:
            info = path.stat()
        except OSError as error:
            self.problems.append(f"{path}: {_why(path, error)}")
            return None
        if stat.S_ISDIR(info.st_mode):
            return "folder"
        if stat.S_ISREG(info.st_mode):
            return "file"
        self.problems.append(f"{path}: not a regular file or folder")
        return None

    def file(self, path: Path) -> None:
        if self._first_time(path, "file"):
            self.found.append(path)

    def folder(self, path: Path, ancestors: frozenset[tuple[int, int]]) -> None:
        info = path.stat()
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            self.problems.append(f"{path}: link loop (leads back to a folder above it)")
            return
        if not self._first_time(path, "folder"):
            return
        try:
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except OSError as error:
            self.problems.append(f"{path}: cannot list folder: {error.strerror or error}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = path / entry.name
            if not entry.is_symlink() and not entry.is_dir() and not self._wanted(child):
                continue  # other files in a folder are not part of the corpus
            kind = self.kind(child)
            if kind == "folder":
                self.folder(child, ancestors | {key})
            elif kind == "file" and self._wanted(child):
                self.file(child)

    def _wanted(self, path: Path) -> bool:
        return path.suffix.lower() in self.suffixes

    def _first_time(self, path: Path, what: str) -> bool:
        info = path.stat()
        key = (info.st_dev, info.st_ino)
        first = self.seen.setdefault(key, path)
        if first != path:
            self.problems.append(f"{path}: the same {what} as {first} (reached twice); read once")
            return False
        return True


def _why(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "link loop (the link leads back to itself)"
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"broken link (its target {path.readlink()} does not exist)"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read: {error.strerror or error}"


def _with_ids(files: list[Path], roots: list[Path]) -> list[CorpusFile]:
    if not files:
        return []
    # Absolute but not resolved: a file reached through a linked folder keeps its path there.
    root = Path(os.path.commonpath([Path(r).absolute() for r in roots]))
    relative = [Path(f).absolute().relative_to(root) for f in files]
    plain = [r.with_suffix("").as_posix() for r in relative]
    clashes = Counter(plain)
    return [
        CorpusFile(path, name if clashes[name] == 1 else rel.as_posix())
        for path, rel, name in zip(files, relative, plain, strict=True)
    ]
