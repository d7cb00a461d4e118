"""The phrase grammar of `immunokg ask`: patterns kept as data in data/ask_patterns.tsv."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from immunokg.extract.errors import DataFileError

COLUMNS = ("id", "pattern", "lookup", "example")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TRAILING = re.compile(r"[\s?!.]+$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Phrase:
    """One readable phrase: a regex with a ``name`` group, the lookup it asks, an example."""

    id: str
    pattern: re.Pattern[str]
    lookup: str
    example: str


def load_phrases(lookups: Collection[str], path: Path | None = None) -> tuple[Phrase, ...]:
    """Read the grammar strictly: every problem names the file and line."""
    if path is None:
        where = "graph/data/ask_patterns.tsv"
        text = (files("immunokg.graph") / "data" / "ask_patterns.tsv").read_text("utf-8")
    else:
        where, text = str(path), path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise DataFileError(where, 1, f"the header must be the columns {', '.join(COLUMNS)}")
    phrases: list[Phrase] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            phrases.append(_phrase(where, number, line, lookups, phrases))
    return tuple(phrases)


def _phrase(
    where: str, number: int, line: str, lookups: Collection[str], seen: list[Phrase]
) -> Phrase:
    fields = line.split("\t")
    if len(fields) != len(COLUMNS) or not all(field.strip() for field in fields):
        raise DataFileError(
            where, number, f"a line has {len(COLUMNS)} non-empty tab-separated fields"
        )
    phrase_id, pattern_text, lookup, example = fields
    if not _ID.match(phrase_id):
        raise DataFileError(
            where, number, f"id {phrase_id!r} is not lower-case words joined by hyphens"
        )
    if any(phrase.id == phrase_id for phrase in seen):
        raise DataFileError(where, number, f"duplicate id {phrase_id!r}")
    if lookup not in lookups:
        raise DataFileError(
            where, number, f"unknown lookup {lookup!r}; known: {', '.join(sorted(lookups))}"
        )
    try:
        pattern = re.compile(pattern_text, re.IGNORECASE)
    except re.error as error:
        raise DataFileError(where, number, f"pattern does not compile: {error}") from None
    if set(pattern.groupindex) != {"name"}:
        raise DataFileError(where, number, "a pattern has exactly one named group, (?P<name>...)")
    if not pattern.fullmatch(clean_phrase(example)):
        raise DataFileError(
            where, number, f"the example {example!r} does not match its own pattern"
        )
    return Phrase(phrase_id, pattern, lookup, example)


def clean_phrase(phrase: str) -> str:
    """One line, single spaces, no closing question mark or full stop."""
    return _TRAILING.sub("", _SPACES.sub(" ", phrase).strip())


def read_phrase(phrases: tuple[Phrase, ...], phrase: str) -> list[tuple[Phrase, str]]:
    """Every pattern that reads the phrase, in the grammar's order, with the name it found."""
    text = clean_phrase(phrase)
    found = []
    for candidate in phrases:
        match = candidate.pattern.fullmatch(text)
        if match and match.group("name").strip():
            found.append((candidate, match.group("name").strip()))
    return found
