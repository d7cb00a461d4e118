"""Curated entity patterns (spaCy token patterns with an id), loaded with strict checks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files

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
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(
                path, number, f"not one JSON record per line: {error.msg}"
            ) from None
        if not isinstance(record, dict):
            raise DataFileError(path, number, "a record must be a JSON object")
        unknown = sorted(set(record) - set(PATTERN_KEYS))
        if unknown or len(record) != len(PATTERN_KEYS):
            raise DataFileError(path, number, f"keys must be exactly {list(PATTERN_KEYS)}")
        if record["id"] in seen:
            raise DataFileError(path, number, f"duplicate id {record['id']!r}")
        if record["label"] not in PATTERN_LABELS:
            raise DataFileError(path, number, f"label {record['label']!r} not in {PATTERN_LABELS}")
        pattern = record["pattern"]
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(t, dict) for t in pattern)
        ):
            raise DataFileError(path, number, "pattern must be a non-empty list of token objects")
        seen.add(record["id"])
        patterns.append(EntityPattern(record["id"], record["label"], pattern))
    return tuple(patterns)
