"""A graph's name index kept beside its store (names.sqlite), so a lookup reads one key, not every label.

The index is what graph/names.py reads from the store (each normalised name with the
entities that have it and their rank, each entity's preferred label, the stated
literals); building it means normalising every name of the graph, which grows with
the graph. The file records graph.nt's size and time and the normaliser's source; a
file that does not match them is rebuilt. It is written to a temporary file and
renamed into place; a graph directory that cannot be written keeps the index in memory.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from immunokg.extract.normalise import normalise_name

if TYPE_CHECKING:
    from pyoxigraph import Store

ENTITY_NS = "https://w3id.org/immunokg/entity/"
FORMAT = 1  # bump when the tables change
FILE_NAME = "names.sqlite"
_SCHEMA = """
CREATE TABLE stamp (value TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, iri TEXT NOT NULL, rank INTEGER NOT NULL);
CREATE INDEX names_key ON names (key);
CREATE TABLE labels (iri TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE literals (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def index_path(graph_dir: Path) -> Path:
    """Where the name index of this graph directory lives."""
    return graph_dir / FILE_NAME


def graph_stamp(graph_dir: Path) -> str | None:
    """What the index must have been built from: graph.nt's size and time, the normaliser."""
    from immunokg.extract import normalise

    try:
        stat = (graph_dir / "graph.nt").stat()
        normaliser = hashlib.sha256(Path(normalise.__file__).read_bytes()).hexdigest()
    except OSError:
        return None
    return f"{FORMAT}|{stat.st_size}|{stat.st_mtime_ns}|{normaliser}"


class NameFile:
    """The on-disk index, read key by key."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = self._db.execute("SELECT value FROM stamp").fetchone()
        self.stamp = None if row is None else row[0]

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


def open_name_file(path: Path, stamp: str) -> NameFile | None:
    """The index at path if it was built from this graph (stamp), else None."""
    if not path.is_file():
        return None
    try:
        found = NameFile(path)
    except sqlite3.Error:  # damaged, or an older layout
        return None
    return found if found.stamp == stamp else None


def write_name_file(
    path: Path,
    stamp: str,
    by_key: dict[str, dict[str, int]],
    labels: dict[str, str],
    literals: dict[str, str],
) -> bool:
    """Write the index atomically; False when the cache cannot be written (it is only a cache)."""
    rows = sorted((key, iri, rank) for key, found in by_key.items() for iri, rank in found.items())
    tables = {
        "names": rows,
        "labels": sorted(labels.items()),
        "literals": sorted(literals.items()),
    }
    return write_sqlite_file(path, _SCHEMA, stamp, tables)


def write_sqlite_file(
    path: Path, schema: str, stamp: str, tables: dict[str, list[tuple[object, ...]]]
) -> bool:
    """A cache file beside the store (names, cards): its schema, its stamp and each table's
    rows as given, written to a temporary file and moved into place, so a reader sees the old
    file or the new one whole. False when it cannot be written: a cache is never required."""
    temporary = path.with_name(f".{path.name}.{id(tables)}.tmp")
    try:
        temporary.unlink(missing_ok=True)
        db = sqlite3.connect(temporary)
        try:
            db.executescript(schema)
            db.execute("INSERT INTO stamp VALUES (?)", (stamp,))
            for table, rows in tables.items():
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            db.commit()
        finally:
            db.close()
        temporary.replace(path)
    except (OSError, sqlite3.Error):
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True


# Every name of every entity with its rank: a label beats a synonym, a synonym a brand,
# a brand the bare id. The text is fixed; nothing a user types goes into it.
_NAMES_QUERY = """
PREFIX ikg: <https://w3id.org/immunokg/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?name ?rank ?label WHERE {
  ?entity skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/immunokg/entity/"))
  { ?entity skos:prefLabel ?name . BIND(0 AS ?rank) }
  UNION { ?entity skos:altLabel ?name . BIND(1 AS ?rank) }
  UNION { ?entity ikg:brandName ?name . BIND(2 AS ?rank) }
}
"""
_LITERALS_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX ikg: <https://w3id.org/immunokg/vocab#>
SELECT DISTINCT ?value WHERE { ?fact a ikg:Fact ; rdf:object ?value . FILTER(isLiteral(?value)) }
"""


@dataclass(frozen=True)
class NameIndex:
    """Normalised name → entities with that name at their best rank; IRI → preferred label."""

    by_key: dict[str, dict[str, int]]
    labels: dict[str, str]

    def entities(self, key: str) -> dict[str, int]:
        return self.by_key.get(key, {})

    def label(self, iri: str) -> str | None:
        return self.labels.get(iri)

    def keys(self) -> list[str]:
        return sorted(self.by_key)


class Names(Protocol):
    """A name index in memory (NameIndex) or on disk (name_file.NameFile)."""

    def entities(self, key: str) -> dict[str, int]: ...
    def label(self, iri: str) -> str | None: ...
    def keys(self) -> list[str]: ...


def read_name_index(store: Store) -> NameIndex:
    """Every name of every entity, normalised, with its best rank; every preferred label."""
    by_key: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for row in store.query(_NAMES_QUERY):
        iri, name, rank = row["entity"].value, row["name"].value, int(row["rank"].value)
        labels[iri] = row["label"].value
        key = normalise_name(name)
        if key:
            entities = by_key.setdefault(key, {})
            entities[iri] = min(rank, entities.get(iri, rank))
    for iri in labels:
        by_key.setdefault(normalise_name(local_id(iri)), {}).setdefault(iri, 3)
    return NameIndex(by_key, labels)


def stated_literals(store: Store) -> dict[str, str]:
    """The literals the graph states as facts' objects (brand names), by normalised form."""
    return {
        normalise_name(row["value"].value): row["value"].value
        for row in store.query(_LITERALS_QUERY)
    }


def local_id(iri: str) -> str:
    """The entity id at the end of an entity IRI."""
    return iri.rsplit("/", 1)[-1]


def write_name_index(graph_dir: Path) -> None:
    """Write a new graph's name index at build time, so its first lookup reads one key too."""
    from immunokg.graph.rdf.store import open_store

    store = open_store(graph_dir)
    stamp = graph_stamp(graph_dir)
    if stamp is None:
        return
    index = read_name_index(store)
    write_name_file(
        index_path(graph_dir), stamp, index.by_key, index.labels, stated_literals(store)
    )
