"""Split YAML front matter from a document body and keep the metadata users ask for."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from immunokg.extract.errors import InputError

_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)

# Front-matter keys, as publishers spell them, mapped to the metadata names we keep.
KEY_ALIASES: dict[str, str] = {
    "title": "title",
    "source": "publisher",
    "publisher": "publisher",
    "author": "publisher",
    "url": "url",
    "link": "url",
    "source_url": "url",
    "license": "licence",
    "licence": "licence",
    "lastreviewed": "reviewed",
    "last_reviewed": "reviewed",
    "reviewed": "reviewed",
    "review_date": "reviewed",
    "date": "date",
    "language": "language",
    "citation": "citation",
}


def split_front_matter(path: str, text: str) -> tuple[dict[str, str], int]:
    """Metadata from a leading ``---`` YAML block, and where the body starts.

    The body keeps its offsets into the whole file, so evidence still points at
    the right place. Front matter never reaches extraction.
    """
    opening = _OPENING.match(text)
    if not opening:
        return {}, 0
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        raise InputError(path, "front matter opened with '---' is never closed")
    block = text[opening.end() : closing.start()]
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        raise InputError(path, _yaml_problem(error, text[: opening.end()].count("\n"))) from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, "front matter must be a YAML mapping of keys to values")
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    return _metadata(data), body_start


def _metadata(data: dict[object, object]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key, value in data.items():
        name = KEY_ALIASES.get(str(key).lower().replace("-", "_"))
        if name is None or value is None or isinstance(value, dict | list):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        metadata.setdefault(name, str(value).strip())
    return metadata


def _yaml_problem(error: yaml.YAMLError, lines_before: int) -> str:
    """One line: where in the file the YAML breaks and what PyYAML expected there."""
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1 + lines_before}" if mark else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    detail = f"{context}: {problem}" if context else problem
    return f"malformed YAML front matter{where}: {' '.join(detail.split())}"
