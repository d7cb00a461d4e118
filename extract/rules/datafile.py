"""Curated JSON-lines data files: one record a line, read with checks that name file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator

from immunokg.extract.errors import DataFileError


def jsonl_records(text: str, path: str, kind: str) -> Iterator[tuple[int, dict[str, object]]]:
    """Each non-blank line as ``(line number, record)``.

    A line that is not one JSON object, or a record whose ``id`` an earlier line
    already used, raises DataFileError; the caller checks the record's own keys.
    """
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
            raise DataFileError(path, number, f"a {kind} must be a JSON object")
        record_id = record.get("id")
        if isinstance(record_id, str):
            if record_id in seen:
                raise DataFileError(path, number, f"duplicate {kind} id {record_id!r}")
            seen.add(record_id)
        yield number, record


def token_pattern(value: object, path: str, number: int) -> list[dict[str, object]]:
    """A spaCy token pattern: a non-empty list of token objects."""
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        raise DataFileError(path, number, "pattern must be a non-empty list of token objects")
    return value
