"""Curated entity patterns (spaCy token patterns with an id), loaded with strict checks."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.datafile import jsonl_records, token_pattern
from immunokg.extract.rules.lexicon import ENTITY_TYPES, Lexicon, LexiconEntry

PATTERN_KEYS = ("id", "label", "pattern")
# "entity": a lexicon id the span names, for phrases worded with a verb ("lower your blood
# counts" names lowered blood counts); without it a span is named by its own words.
OPTIONAL_KEYS = ("entity",)
# Brand: a brand name; Symbol: a gene-like symbol that names a target only where a rule says so.
PATTERN_LABELS = (*ENTITY_TYPES, "Brand", "Symbol")


@dataclass(frozen=True)
class EntityPattern:
    """One curated pattern from entity_patterns.jsonl."""

    id: str
    label: str
    pattern: list[dict[str, object]]
    entity: str = ""


def load_entity_patterns() -> tuple[EntityPattern, ...]:
    """The bundled entity patterns, checked: known keys and labels, unique ids, token lists."""
    resource = files("immunokg.extract") / "data" / "entity_patterns.jsonl"
    return parse_entity_patterns(resource.read_text(encoding="utf-8"), str(resource))


def parse_entity_patterns(text: str, path: str) -> tuple[EntityPattern, ...]:
    patterns: list[EntityPattern] = []
    for number, record in jsonl_records(text, path, "pattern"):
        unknown = sorted(set(record) - set(PATTERN_KEYS) - set(OPTIONAL_KEYS))
        if unknown or not set(PATTERN_KEYS) <= set(record):
            raise DataFileError(
                path, number, f"keys must be {list(PATTERN_KEYS)}, optionally {list(OPTIONAL_KEYS)}"
            )
        entity = record.get("entity", "")
        if not isinstance(entity, str):
            raise DataFileError(path, number, "entity must be a lexicon id (a string)")
        if record["label"] not in PATTERN_LABELS:
            raise DataFileError(path, number, f"label {record['label']!r} not in {PATTERN_LABELS}")
        pattern = token_pattern(record["pattern"], path, number)
        patterns.append(EntityPattern(record["id"], record["label"], pattern, entity))
    return tuple(patterns)


def pattern_entries(
    patterns: tuple[EntityPattern, ...], lexicon: Lexicon
) -> dict[str, tuple[str, LexiconEntry | None]]:
    """Pattern id → (label, the lexicon entry it names if it carries an entity id)."""
    kinds: dict[str, tuple[str, LexiconEntry | None]] = {}
    for pattern in patterns:
        entry = lexicon.get(pattern.entity) if pattern.entity else None
        if pattern.entity and (entry is None or entry.type != pattern.label):
            raise DataFileError(
                "entity_patterns.jsonl",
                None,
                f"{pattern.id}: no {pattern.label} {pattern.entity!r}",
            )
        kinds[pattern.id] = (pattern.label, entry)
    return kinds
