"""The shared JSON-lines reader behind the curated data files."""

from __future__ import annotations

import pytest

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.datafile import jsonl_records


def test_records_come_with_their_line_numbers_and_blank_lines_are_skipped() -> None:
    text = '{"id": "a"}\n\n{"id": "b", "x": 1}\n'
    assert list(jsonl_records(text, "f.jsonl", "rule")) == [
        (1, {"id": "a"}),
        (3, {"id": "b", "x": 1}),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "a"}\n{"id": \n', r"f\.jsonl:2: not one JSON record per line"),
        ('{"id": "a"}\n["a"]\n', r"f\.jsonl:2: a cue must be a JSON object"),
        ('{"id": "a"}\n{"id": "b"}\n{"id": "a"}\n', r"f\.jsonl:3: duplicate cue id 'a'"),
    ],
)
def test_a_broken_line_is_named_by_file_and_line(text: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        list(jsonl_records(text, "f.jsonl", "cue"))
