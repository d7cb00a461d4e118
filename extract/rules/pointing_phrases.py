"""Pointing phrases ("these drugs", "its brand name", "This"), spaCy token patterns loaded with strict checks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.datafile import jsonl_records, token_pattern

PHRASE_KEYS = ("id", "pattern", "example")


@dataclass(frozen=True)
class PointingPhrase:
    """One kind of pointing phrase: the engine resolves it by its id, in context."""

    id: str
    pattern: tuple[dict[str, object], ...]
    example: str


@lru_cache(maxsize=1)
def load_pointing_phrases() -> tuple[PointingPhrase, ...]:
    """The bundled pointing phrases, checked, in file order (the order matchers are built in)."""
    resource = files("immunokg.extract") / "data" / "pointing_phrases.jsonl"
    return parse_pointing_phrases(resource.read_text(encoding="utf-8"), str(resource))


def parse_pointing_phrases(text: str, path: str) -> tuple[PointingPhrase, ...]:
    """Each line one phrase; unknown keys, duplicate ids or a bad pattern raise DataFileError."""
    phrases: list[PointingPhrase] = []
    for number, record in jsonl_records(text, path, "pointing phrase"):
        if sorted(record) != sorted(PHRASE_KEYS):
            raise DataFileError(
                path, number, f"a pointing phrase has exactly the keys {list(PHRASE_KEYS)}"
            )
        if not isinstance(record["id"], str) or not record["id"]:
            raise DataFileError(path, number, "id must name the kind of phrase")
        if not isinstance(record["example"], str) or not record["example"].strip():
            raise DataFileError(path, number, "example must be a sentence holding the phrase")
        pattern = token_pattern(record["pattern"], path, number)
        phrases.append(PointingPhrase(record["id"], tuple(pattern), record["example"]))
    return tuple(phrases)
