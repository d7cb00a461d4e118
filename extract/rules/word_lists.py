"""Curated word lists the engine looks for or steps over, loaded from word_lists.jsonl with strict checks."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.datafile import jsonl_records

LIST_KEYS = ("id", "words", "note")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class WordLists:
    """The lists of one file by id, with the line each record stands on."""

    path: str
    words: dict[str, frozenset[str]]
    lines: dict[str, int]

    def __getitem__(self, list_id: str) -> frozenset[str]:
        """The words of one list; a list the file lacks raises DataFileError."""
        if list_id in self.words:
            return self.words[list_id]
        ids = sorted(self.lines)
        at = bisect.bisect(ids, list_id)
        line = self.lines[ids[at]] if at < len(ids) else max(self.lines.values(), default=0) + 1
        raise DataFileError(
            self.path,
            line,
            f"no word list {list_id!r}, which the engine asks for: add a line "
            f'{{"id": "{list_id}", "words": [...], "note": "..."}} at this line',
        )


def word_list(list_id: str) -> frozenset[str]:
    """One bundled word list by id; the file is read and checked once per process."""
    return load_word_lists()[list_id]


@lru_cache(maxsize=1)
def load_word_lists() -> WordLists:
    """The bundled word lists, checked."""
    resource = files("immunokg.extract") / "data" / "word_lists.jsonl"
    return parse_word_lists(resource.read_text(encoding="utf-8"), str(resource))


def parse_word_lists(text: str, path: str) -> WordLists:
    """Each line one list: known keys, ids in order, words sorted, unique and lower-case."""
    words: dict[str, frozenset[str]] = {}
    lines: dict[str, int] = {}
    previous = ""
    for number, record in jsonl_records(text, path, "word list"):
        unknown = sorted(set(record) - set(LIST_KEYS))
        missing = [key for key in LIST_KEYS if key not in record]
        if unknown or missing:
            wrong = f"unknown key {unknown[0]!r}" if unknown else f"no key {missing[0]!r}"
            raise DataFileError(
                path, number, f"{wrong}: a word list has exactly the keys {list(LIST_KEYS)}"
            )
        list_id = record["id"]
        if not isinstance(list_id, str) or not _ID.fullmatch(list_id):
            raise DataFileError(path, number, "id must be lower-case words joined by hyphens")
        if list_id < previous:
            raise DataFileError(path, number, f"{list_id!r} comes before {previous!r}: sort by id")
        if not isinstance(record["note"], str) or not record["note"].strip():
            raise DataFileError(path, number, "note must say why the engine needs the list")
        words[list_id] = frozenset(_words(record["words"], path, number))
        lines[list_id] = number
        previous = list_id
    return WordLists(path, words, lines)


def _words(value: object, path: str, number: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise DataFileError(path, number, "words must be a list of non-empty strings")
    if not value:
        raise DataFileError(path, number, "words is empty: add words or remove the list")
    for word in value:
        if word != word.lower() or word != word.strip():
            raise DataFileError(
                path,
                number,
                f"{word!r}: tokens are compared lower-cased, write {word.strip().lower()!r}",
            )
    for before, after in pairwise(value):
        if before == after:
            raise DataFileError(path, number, f"{after!r} is listed twice: keep one")
        if before > after:
            raise DataFileError(path, number, f"{after!r} comes before {before!r}: sort the words")
    return value
