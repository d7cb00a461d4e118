"""Curated entity patterns (spaCy token patterns with an id), loaded with strict checks."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from .datafile import jsonl_records, token_pattern
from .errors import DataFileError
from .lexicon import ENTITY_TYPES

PATTERN_KEYS = ("id", "label", "pattern")
# Brand: a brand name; Symbol: a gene-like symbol that names a target only where a rule says so.
PATTERN_LABELS = (*ENTITY_TYPES, "Brand", "Symbol")


@dataclass(frozen=True)
class EntityPattern:
    """One curated pattern from entity_patterns.jsonl."""

    id: str
    label: str
    pattern: list[dict[str, object]]


def load_entity_patterns() -> tuple[EntityPattern, ...]:
    """The bundled entity patterns, checked: known keys and labels, unique ids, token lists."""
    resource = files("immunokg.extract") / "data" / "entity_patterns.jsonl"
    return parse_entity_patterns(resource.read_text(encoding="utf-8"), str(resource))


def parse_entity_patterns(text: str, path: str) -> tuple[EntityPattern, ...]:
    patterns: list[EntityPattern] = []
    for number, record in jsonl_records(text, path, "pattern"):
        unknown = sorted(set(record) - set(PATTERN_KEYS))
        if unknown or len(record) != len(PATTERN_KEYS):
            raise DataFileError(path, number, f"keys must be exactly {list(PATTERN_KEYS)}")
        if record["label"] not in PATTERN_LABELS:
            raise DataFileError(path, number, f"label {record['label']!r} not in {PATTERN_LABELS}")
        pattern = token_pattern(record["pattern"], path, number)
        patterns.append(EntityPattern(record["id"], record["label"], pattern))
    return tuple(patterns)
