"""Trigger words of the relations, loaded from triggers.jsonl with strict checks, and their forms.

A trigger is one word (a verb, a noun, or a word said as it stands) that makes a relation
where a construction meets it; ``frames`` say which constructions it takes part in and so
which side each argument takes. Its inflected forms are made here, by rule, so that adding
one word to the file makes it work in every construction of its frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from immunokg.extract.errors import DataFileError
from immunokg.extract.model import RELATIONS
from immunokg.extract.rules.datafile import jsonl_records

KEYS = ("id", "relation", "word", "frames", "example")
OPTIONAL_KEYS = ("particles", "status", "inflect", "forms", "names")
FORM_KEYS = ("present", "past", "gerund", "plural")
# The frames a trigger can take part in; constructions name the same frames.
FRAMES = (
    "beneficiary",
    "brand-name",
    "brand-noun",
    "bridging",
    "causative",
    "class-name",
    "column",
    "compound",
    "consequence",
    "effect-name",
    "examples",
    "experiencer",
    "fronted",
    "ingredient",
    "inverse",
    "members",
    "noun-for",
    "noun-of",
    "noun-of-for",
    "oblique",
    "organ",
    "receive",
    "transitive",
)
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Trigger:
    """One trigger word of one relation; an empty ``word`` is a trigger the construction
    itself carries (a class's own name after "is a", a brand in brackets)."""

    id: str
    relation: str
    word: str
    frames: tuple[str, ...]
    example: str
    particles: tuple[str, ...] = ()
    status: str = ""
    inflect: bool = True
    forms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    names: tuple[str, ...] = ()  # how an organ after the verb names the effect: "{} damage"

    def words(self, form: str) -> tuple[str, ...]:
        """The trigger's words in one form: verb (every form), base, finite, participle,
        gerund, noun (singular and plural) or word (as written)."""
        if not self.word:
            return ()
        if not self.inflect or form == "word":
            return (self.word,)
        extra = dict(self.forms)
        base = self.word
        present = extra.get("present") or (_third_person(base),)
        past = extra.get("past") or (_past(base),)
        gerund = extra.get("gerund") or (_gerund(base),)
        plural = extra.get("plural") or (_third_person(base),)
        table = {
            "base": (base,),
            "finite": (base, *present, *past),
            "participle": past,
            "gerund": gerund,
            "verb": (base, *present, *past, *gerund),
            "noun": (base, *plural),
        }
        return tuple(dict.fromkeys(table[form]))


def _third_person(word: str) -> str:
    if re.search(r"(?:s|x|z|ch|sh)$", word):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return word[:-1] + "ied"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


@lru_cache(maxsize=1)
def load_triggers() -> tuple[Trigger, ...]:
    """The bundled trigger words, read and checked once per process."""
    resource = files("immunokg.extract") / "data" / "triggers.jsonl"
    return parse_triggers(resource.read_text(encoding="utf-8"), str(resource))


def parse_triggers(text: str, path: str) -> tuple[Trigger, ...]:
    """Every line one trigger, sorted by id; the first broken line raises DataFileError."""
    triggers = []
    previous = ""
    for number, record in jsonl_records(text, path, "trigger"):
        trigger = _trigger(record, lambda problem, n=number: DataFileError(path, n, problem))
        if trigger.id <= previous:
            raise DataFileError(path, number, f"{trigger.id!r} after {previous!r}: sort by id")
        previous = trigger.id
        triggers.append(trigger)
    if not triggers:
        raise DataFileError(path, None, "no triggers")
    return tuple(triggers)


def _trigger(record: dict[str, object], fail) -> Trigger:
    unknown = sorted(set(record) - set(KEYS) - set(OPTIONAL_KEYS))
    missing = [key for key in KEYS if key not in record]
    if unknown or missing:
        raise fail(f"unknown keys {unknown}" if unknown else f"missing keys {missing}")
    relation, word = record["relation"], record["word"]
    if relation not in RELATIONS:
        raise fail(f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
    if not isinstance(word, str) or word != word.lower().strip():
        raise fail(f"word {word!r} must be one lower-case word (or empty for a built-in trigger)")
    if record["id"] != f"{relation}.{word or record['id'].partition('.')[2]}":
        raise fail(f"id {record['id']!r} must be '{relation}.' followed by the word")
    frames = record["frames"]
    if not isinstance(frames, list) or not frames or any(f not in FRAMES for f in frames):
        raise fail(f"frames must be a non-empty list of {', '.join(FRAMES)}")
    particles = record.get("particles", [])
    if not isinstance(particles, list) or any(not isinstance(p, str) for p in particles):
        raise fail("particles must be a list of words ('' where none is needed)")
    status = record.get("status", "")
    if status not in ("", "investigational"):
        raise fail("status must be 'investigational' (approved is the default for treats)")
    forms = record.get("forms", {})
    if not isinstance(forms, dict) or set(forms) - set(FORM_KEYS):
        raise fail(f"forms must map some of {', '.join(FORM_KEYS)} to lists of words")
    names = record.get("names", [])
    if not isinstance(names, list) or any(not isinstance(n, str) or "{}" not in n for n in names):
        raise fail("names must be a list of effect names with {} where the organ goes")
    example = record["example"]
    if not isinstance(example, str) or not example.strip():
        raise fail("example must be a sentence the trigger makes a fact of")
    return Trigger(
        id=str(record["id"]),
        relation=str(relation),
        word=word,
        frames=tuple(frames),
        example=example,
        particles=tuple(particles),
        status=str(status),
        inflect=bool(record.get("inflect", True)),
        forms=tuple((key, tuple(value)) for key, value in sorted(forms.items())),
        names=tuple(names),
    )
