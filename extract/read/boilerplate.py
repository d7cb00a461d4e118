"""Recognise web boilerplate lines by the curated patterns in data/boilerplate.tsv."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from immunokg.extract.errors import DataFileError

_FILE = "boilerplate.tsv"
_COLUMNS = ["id", "pattern", "example"]


@cache
def boilerplate_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The bundled ``(id, pattern)`` pairs, checked once."""
    resource = files("immunokg.extract") / "data" / _FILE
    return parse_patterns(resource.read_text(encoding="utf-8"), _FILE)


def parse_patterns(text: str, source: str = _FILE) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Parse a patterns file strictly: the header, unique ids, and each example matching."""
    patterns: list[tuple[str, re.Pattern[str]]] = []
    seen: set[str] = set()
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields != _COLUMNS:
                raise DataFileError(source, number, f"header must be {'/'.join(_COLUMNS)}")
            header_seen = True
            continue
        if len(fields) != len(_COLUMNS):
            raise DataFileError(source, number, f"expected {len(_COLUMNS)} tab-separated fields")
        rule_id, pattern, example = fields
        if rule_id in seen:
            raise DataFileError(source, number, f"duplicate id {rule_id!r}")
        seen.add(rule_id)
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise DataFileError(
                source, number, f"pattern {rule_id!r} does not compile: {error}"
            ) from error
        if not compiled.fullmatch(example.strip()):
            raise DataFileError(source, number, f"pattern {rule_id!r} does not match its example")
        patterns.append((rule_id, compiled))
    return tuple(patterns)


def boilerplate_rule(line: str) -> str | None:
    """The id of the pattern that marks ``line`` as boilerplate, or None."""
    text = line.strip()
    for rule_id, pattern in boilerplate_patterns():
        if pattern.fullmatch(text):
            return rule_id
    return None


@cache
def _any_pattern() -> re.Pattern[str]:
    """All patterns as one alternation: one call per line instead of one per pattern."""
    joined = "|".join(f"(?:{pattern.pattern})" for _, pattern in boilerplate_patterns())
    return re.compile(joined, re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """Whether the whole line is web chrome (the same answer as ``boilerplate_rule``)."""
    return _any_pattern().fullmatch(line.strip()) is not None
