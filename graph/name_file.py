"""A graph's name index kept on disk (SQLite, in the user cache), so a lookup reads one key, not every label.

The index is what graph/names.py reads from the store (each normalised name with the
entities that have it and their rank, each entity's preferred label, the stated
literals); building it means normalising every name of the graph, which grows with
the graph. The file is keyed by the graph directory's path, graph.nt's size, time
and inode and the normaliser's source, so a rebuilt graph or a changed normaliser
gets a new file; it is written to a temporary file and renamed into place.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import suppress
from pathlib import Path

FORMAT = 1  # bump when the tables change
_SCHEMA = """
CREATE TABLE names (key TEXT NOT NULL, iri TEXT NOT NULL, rank INTEGER NOT NULL);
CREATE INDEX names_key ON names (key);
CREATE TABLE labels (iri TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE literals (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def index_path(graph_dir: Path) -> Path | None:
    """Where the name index of this graph directory lives; None when it has no graph.nt."""
    from immunokg.extract import normalise
    from immunokg.graph.locate import cache_root

    try:
        stat = (graph_dir / "graph.nt").stat()
        normaliser = hashlib.sha256(Path(normalise.__file__).read_bytes()).hexdigest()
    except OSError:
        return None
    identity = f"{FORMAT}|{graph_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"
    digest = hashlib.sha256(f"{identity}|{normaliser}".encode()).hexdigest()[:32]
    return cache_root() / "immunokg" / "names" / f"{digest}.sqlite"


class NameFile:
    """The on-disk index, read key by key."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._db.execute("SELECT 1 FROM names LIMIT 1")  # fails early on a damaged file

    def entities(self, key: str) -> dict[str, int]:
        rows = self._db.execute("SELECT iri, rank FROM names WHERE key = ?", (key,))
        return dict(rows.fetchall())

    def label(self, iri: str) -> str | None:
        row = self._db.execute("SELECT label FROM labels WHERE iri = ?", (iri,)).fetchone()
        return None if row is None else row[0]

    def keys(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT DISTINCT key FROM names ORDER BY key")]

    def literal(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM literals WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]


def open_name_file(path: Path) -> NameFile | None:
    """The index at path, or None when there is none (or it cannot be read)."""
    if not path.is_file():
        return None
    try:
        return NameFile(path)
    except sqlite3.Error:
        return None


def write_name_file(
    path: Path,
    by_key: dict[str, dict[str, int]],
    labels: dict[str, str],
    literals: dict[str, str],
) -> bool:
    """Write the index atomically; False when the cache cannot be written (it is only a cache)."""
    temporary = path.with_name(f".{path.name}.{id(by_key)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        db = sqlite3.connect(temporary)
        try:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT INTO names VALUES (?, ?, ?)",
                sorted(
                    (key, iri, rank) for key, found in by_key.items() for iri, rank in found.items()
                ),
            )
            db.executemany("INSERT INTO labels VALUES (?, ?)", sorted(labels.items()))
            db.executemany("INSERT INTO literals VALUES (?, ?)", sorted(literals.items()))
            db.commit()
        finally:
            db.close()
        temporary.replace(path)
    except (OSError, sqlite3.Error):
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True
