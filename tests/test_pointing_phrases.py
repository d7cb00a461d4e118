"""Pointing phrases as data: the loader's rejections, and the engine's kinds all in the file."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from immunokg.extract.engine.tokens import marks
from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.pointing_phrases import load_pointing_phrases, parse_pointing_phrases

ENGINE = Path(str(files("immunokg.extract"))) / "engine"
GOOD = '{"id": "topic-pronoun", "pattern": [{"LOWER": "it"}], "example": "It works."}'


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        (
            '{"id": "x", "pattern": [{"LOWER": "it"}], "example": "It.", "op": 1}',
            "exactly the keys",
        ),
        ('{"id": "x", "pattern": [{"LOWER": "it"}]}', "exactly the keys"),
        (GOOD, "duplicate pointing phrase id 'topic-pronoun'"),
        ('{"id": "", "pattern": [{"LOWER": "it"}], "example": "It."}', "id must name"),
        ('{"id": "x", "pattern": [], "example": "It."}', "pattern must be a non-empty list"),
        ('{"id": "x", "pattern": [{"LOWER": "it"}], "example": " "}', "example must be"),
    ],
)
def test_a_bad_phrase_is_named_by_file_and_line(second_line: str, message: str) -> None:
    with pytest.raises(DataFileError, match=r"^phrases\.jsonl:2: .*" + re.escape(message)):
        parse_pointing_phrases(f"{GOOD}\n{second_line}\n", "phrases.jsonl")


def test_every_kind_the_engine_resolves_is_in_the_file() -> None:
    named = set()
    for module in ENGINE.glob("*.py"):
        text = re.sub(r'word_list\("[^"]*"\)', "", module.read_text(encoding="utf-8"))
        named |= set(re.findall(r'"((?:topic|section|heading|prior)-[a-z-]+)"', text))
    assert named, "no kinds named in the engine"
    assert named <= {phrase.id for phrase in load_pointing_phrases()}


def test_each_example_is_merged_as_its_own_kind() -> None:
    from immunokg.extract.engine.pipeline import _engine

    nlp, recognizer, relations = _engine()
    for phrase in load_pointing_phrases():
        doc = relations.prepare(recognizer(nlp(phrase.example)))
        kinds = {marks.anaphor(t) for t in doc if marks.anaphor(t)}
        assert kinds == {phrase.id}, phrase.example


def test_every_number_word_of_all_three_has_a_value() -> None:
    from immunokg.extract.engine.referents import _NUMBERS

    (phrase,) = [p for p in load_pointing_phrases() if p.id == "topic-all"]
    assert set(phrase.pattern[1]["LOWER"]["IN"]) <= set(_NUMBERS)


def test_the_file_is_one_record_a_line() -> None:
    path = ENGINE.parent / "data" / "pointing_phrases.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.dumps(json.loads(line), ensure_ascii=False) for line in lines] == lines
