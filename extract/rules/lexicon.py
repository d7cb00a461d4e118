"""The curated lexicon: entity names, types and identifiers, loaded with strict checks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from immunokg.extract.errors import DataFileError
from immunokg.extract.normalise import normalise_name

ENTITY_TYPES = ("Drug", "DrugClass", "Target", "CancerType", "SideEffect", "ImmuneCell")
# CURIE prefixes as Biolink writes them; each is a registered prefix (tests/test_lexicon.py
# resolves them with bioregistry, offline).
XREF_PREFIXES = (
    "NCIT",
    "HGNC",
    "MESH",
    "CHEBI",
    "DOID",
    "MONDO",
    "UNII",
    "DRUGBANK",
    "HP",
    "CL",
    "UniProtKB",
    "RXCUI",
)
KEYS = ("id", "type", "label", "synonyms", "brands", "xrefs")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_XREF = re.compile(r"([A-Za-z][A-Za-z0-9.]*):([A-Za-z0-9_.]+)")


@dataclass(frozen=True)
class LexiconEntry:
    """One named entity: its id, type, preferred label and the other names it goes by."""

    id: str
    type: str
    label: str
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()

    def surfaces(self) -> Iterator[tuple[str, str]]:
        """The entry's names as written, each with its kind (label, synonym or brand)."""
        yield self.label, "label"
        for synonym in self.synonyms:
            yield synonym, "synonym"
        for brand in self.brands:
            yield brand, "brand"


@dataclass(frozen=True)
class Lexicon:
    """All entries, indexed by id and by normalised name."""

    entries: tuple[LexiconEntry, ...]
    path: str = ""
    _by_id: dict[str, LexiconEntry] = field(default_factory=dict, repr=False, compare=False)
    _by_key: dict[str, LexiconEntry] = field(default_factory=dict, repr=False, compare=False)

    def get(self, entity_id: str) -> LexiconEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entity_id)

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry that a label, synonym or brand names, compared through normalise_name."""
        return self._by_key.get(normalise_name(surface))

    def surface_forms(self) -> Iterator[tuple[str, LexiconEntry, str]]:
        """Every (surface, entry, kind) in file order, for building a phrase matcher."""
        for entry in self.entries:
            for surface, kind in entry.surfaces():
                yield surface, entry, kind

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled lexicon, read once per process."""
    resource = files("immunokg.extract") / "data" / "lexicon.jsonl"
    return parse_lexicon(resource.read_text(encoding="utf-8"), str(resource))


def load_lexicon_file(path: str | Path) -> Lexicon:
    """A lexicon from a user's file, with the same checks as the bundled one."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), None, f"cannot read lexicon: {error}") from error
    return parse_lexicon(text, str(path))


def parse_lexicon(text: str, path: str) -> Lexicon:
    """Check every record and build the indexes; the first problem raises DataFileError."""
    entries: list[LexiconEntry] = []
    by_id: dict[str, LexiconEntry] = {}
    by_key: dict[str, LexiconEntry] = {}
    previous_id = ""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        entry = _parse_record(line, path, number)
        if entry.id in by_id:
            raise DataFileError(path, number, f"duplicate id {entry.id!r}")
        if entry.id < previous_id:
            raise DataFileError(
                path, number, f"records not sorted by id: {entry.id!r} after {previous_id!r}"
            )
        previous_id = entry.id
        _index_surfaces(entry, by_key, path, number)
        by_id[entry.id] = entry
        entries.append(entry)
    return Lexicon(tuple(entries), path, by_id, by_key)


def _index_surfaces(
    entry: LexiconEntry, by_key: dict[str, LexiconEntry], path: str, number: int
) -> None:
    seen: set[str] = set()
    for surface, kind in entry.surfaces():
        if surface in seen:
            raise DataFileError(path, number, f"{entry.id}: {kind} {surface!r} is listed twice")
        seen.add(surface)
        key = normalise_name(surface)
        if not key:
            raise DataFileError(path, number, f"{entry.id}: {kind} {surface!r} has no letters")
        owner = by_key.setdefault(key, entry)
        if owner is not entry:
            raise DataFileError(
                path,
                number,
                f"{kind} {surface!r} of {entry.id!r} normalises to {key!r}, "
                f"already a name of {owner.id!r}",
            )


def _parse_record(line: str, path: str, number: int) -> LexiconEntry:
    if not line.strip():
        raise DataFileError(path, number, "blank line; write one JSON record per line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise DataFileError(path, number, f"not one JSON record per line: {error.msg}") from None
    if not isinstance(record, dict):
        raise DataFileError(path, number, "a record must be a JSON object")
    unknown = sorted(set(record) - set(KEYS))
    if unknown:
        raise DataFileError(path, number, f"unknown keys {unknown}; allowed: {list(KEYS)}")
    missing = [key for key in KEYS if key not in record]
    if missing:
        raise DataFileError(path, number, f"missing keys {missing}")
    if tuple(record) != KEYS:
        raise DataFileError(path, number, f"keys not in canonical order {list(KEYS)}")
    for key in ("id", "type", "label"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise DataFileError(path, number, f"{key} must be a non-empty string")
    for key in ("synonyms", "brands", "xrefs"):
        value = record[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise DataFileError(path, number, f"{key} must be a list of non-empty strings")
    if not _ID.fullmatch(record["id"]):
        raise DataFileError(path, number, f"id {record['id']!r} must match [a-z0-9]+(-[a-z0-9]+)*")
    if record["type"] not in ENTITY_TYPES:
        raise DataFileError(
            path, number, f"type {record['type']!r} is not one of {', '.join(ENTITY_TYPES)}"
        )
    for xref in record["xrefs"]:
        _check_xref(xref, path, number)
    return LexiconEntry(
        id=record["id"],
        type=record["type"],
        label=record["label"],
        synonyms=tuple(record["synonyms"]),
        brands=tuple(record["brands"]),
        xrefs=tuple(record["xrefs"]),
    )


def _check_xref(xref: str, path: str, number: int) -> None:
    match = _XREF.fullmatch(xref)
    if not match:
        raise DataFileError(path, number, f"xref {xref!r} is not a CURIE PREFIX:LOCAL")
    if match.group(1) not in XREF_PREFIXES:
        raise DataFileError(
            path,
            number,
            f"xref {xref!r} has unknown prefix {match.group(1)!r}; known: {', '.join(XREF_PREFIXES)}",
        )
