"""Curated word lists: the loader's rejections, and every list the engine asks for is there."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.grammar import SIGNATURES
from immunokg.extract.rules.word_lists import load_word_lists, parse_word_lists

EXTRACT = Path(str(files("immunokg.extract")))
GOOD = '{"id": "agencies", "words": ["ema", "fda"], "note": "regulators"}'


def _line(list_id: str, words: object, **extra: object) -> str:
    return json.dumps({"id": list_id, "words": words, "note": "why", **extra})


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        (_line("people", ["adults"], source="x"), "unknown key 'source'"),
        ('{"id": "people", "words": ["adults"]}', "no key 'note'"),
        (_line("agencies", ["nice"]), "duplicate word list id 'agencies'"),
        (_line("Body Parts", ["hands"]), "id must be lower-case words joined by hyphens"),
        (_line("aardvark", ["x"]), "'aardvark' comes before 'agencies': sort by id"),
        (_line("people", ["children", "adults"]), "'adults' comes before 'children': sort"),
        (_line("people", ["adults", "adults"]), "'adults' is listed twice: keep one"),
        (_line("people", []), "words is empty: add words or remove the list"),
        (_line("people", ["adults", 3]), "words must be a list of non-empty strings"),
        (_line("people", ["FDA"]), "tokens are compared lower-cased, write 'fda'"),
        ('{"id": "people", "words": ["adults"], "note": ""}', "note must say why"),
    ],
)
def test_a_bad_list_is_named_by_file_and_line(second_line: str, message: str) -> None:
    with pytest.raises(DataFileError, match=r"^lists\.jsonl:2: .*" + re.escape(message)):
        parse_word_lists(f"{GOOD}\n{second_line}\n", "lists.jsonl")


def test_a_list_the_file_lacks_names_the_line_it_belongs_on() -> None:
    lists = parse_word_lists(f"{GOOD}\n{_line('people', ['adults'])}\n", "lists.jsonl")
    with pytest.raises(DataFileError, match=r"^lists\.jsonl:2: no word list 'body-parts'"):
        lists["body-parts"]
    with pytest.raises(DataFileError, match=r"^lists\.jsonl:3: no word list 'stages'"):
        lists["stages"]


def test_a_list_reads_as_a_set_of_its_words() -> None:
    assert parse_word_lists(GOOD, "lists.jsonl")["agencies"] == frozenset({"ema", "fda"})


def _asked_for() -> set[str]:
    """Every list id the extraction code asks for by name, and those the constructions name
    (WORDS) or take as a relation's lead list (LEAD: "lead-<relation>")."""
    asked = set()
    for module in EXTRACT.rglob("*.py"):
        asked |= set(re.findall(r'word_list\("([^"]+)"\)', module.read_text(encoding="utf-8")))
    constructions = (EXTRACT / "data" / "constructions.jsonl").read_text(encoding="utf-8")
    asked |= set(re.findall(r'"WORDS": "([^"]+)"', constructions))
    if '"LEAD"' in constructions:
        asked |= {f"lead-{relation.replace('_', '-')}" for relation in SIGNATURES}
    return asked


def test_every_list_the_engine_asks_for_is_in_the_file() -> None:
    asked = _asked_for()
    assert asked, "no word_list(...) calls found"
    assert asked <= set(load_word_lists().words)


def test_every_list_in_the_file_is_used() -> None:
    assert set(load_word_lists().words) <= _asked_for()


def test_the_file_is_in_canonical_form() -> None:
    path = EXTRACT / "data" / "word_lists.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [list(record) for record in records] == [["id", "words", "note"]] * len(records)
    assert [json.dumps(record, ensure_ascii=False) for record in records] == lines
