"""Constructions as data: sentence shapes with a trigger slot, loaded from constructions.jsonl
with strict checks.

A construction (copula, apposition, active, passive, nominal, list, table) is a set of token
patterns, its variants, in the rule language of relation_rules.py plus four shorthands:
``TRIGGER`` (the trigger word in one form), ``PARTICLE`` (the trigger's preposition),
``LEAD`` (words that may open the object: the relation's lead list and the particles) and
``WORDS`` (a named word list). Which relations a construction serves follows from its
frames and the trigger words that share them; grammar.py compiles the two together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from immunokg.extract.errors import DataFileError
from immunokg.extract.model import RELATIONS
from immunokg.extract.rules.datafile import jsonl_records
from immunokg.extract.rules.relation_rules import (
    OBJECT_TYPES,
    SHORTHAND_KEYS,
    SPACY_TOKEN_KEYS,
    SUBJECT_TYPES,
)
from immunokg.extract.rules.triggers import FRAMES

KEYS = ("id", "family", "frames", "note", "variants")
OPTIONAL_KEYS = ("trigger",)
VARIANT_KEYS = ("pattern", "example")
VARIANT_OPTIONAL = (
    "frame",
    "relations",
    "subject",
    "object",
    "status",
    "list_only",
    "topic",
    "fallback",
    "replaces",
)
FAMILIES = ("copula", "apposition", "active", "passive", "nominal", "list", "table", "question")
TRIGGER_FORMS = ("verb", "base", "finite", "participle", "gerund", "noun", "word")
GRAMMAR_KEYS = frozenset({"TRIGGER", "PARTICLE", "LEAD", "WORDS"})


@dataclass(frozen=True)
class Variant:
    """One token pattern of a construction, with what it narrows (frame, relations, types)."""

    pattern: tuple[dict[str, object], ...]
    example: str
    frame: str = ""
    relations: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    status: str = ""
    list_only: bool = False
    topic: str = ""
    fallback: str = ""
    replaces: str = ""


@dataclass(frozen=True)
class Construction:
    """A sentence shape that makes a fact wherever it meets a trigger word of its frames."""

    id: str
    family: str
    frames: tuple[str, ...]
    note: str
    variants: tuple[Variant, ...]
    trigger: str = ""


@lru_cache(maxsize=1)
def load_constructions() -> tuple[Construction, ...]:
    """The bundled constructions, read and checked once per process."""
    resource = files("immunokg.extract") / "data" / "constructions.jsonl"
    return parse_constructions(resource.read_text(encoding="utf-8"), str(resource))


def parse_constructions(text: str, path: str) -> tuple[Construction, ...]:
    """Every line one construction; the first broken line raises DataFileError."""
    found = []
    for number, record in jsonl_records(text, path, "construction"):
        found.append(_construction(record, lambda p, n=number: DataFileError(path, n, p)))
    ids = [c.id for c in found]
    if len(set(ids)) != len(ids):
        raise DataFileError(path, None, "construction ids must be unique")
    if not found:
        raise DataFileError(path, None, "no constructions")
    return tuple(found)


def _construction(record: dict[str, object], fail) -> Construction:
    unknown = sorted(set(record) - set(KEYS) - set(OPTIONAL_KEYS))
    missing = [key for key in KEYS if key not in record]
    if unknown or missing:
        raise fail(f"unknown keys {unknown}" if unknown else f"missing keys {missing}")
    cid = record["id"]
    if not isinstance(cid, str) or not cid.replace("-", "").isalpha() or cid != cid.lower():
        raise fail(f"id {cid!r} must be lower-case words joined by hyphens")
    if record["family"] not in FAMILIES:
        raise fail(f"{cid}: family must be one of {', '.join(FAMILIES)}")
    frames = record["frames"]
    if not isinstance(frames, list) or not frames or any(f not in FRAMES for f in frames):
        raise fail(f"{cid}: frames must be a non-empty list of {', '.join(FRAMES)}")
    variants = record["variants"]
    if not isinstance(variants, list) or not variants:
        raise fail(f"{cid}: variants must be a non-empty list")
    return Construction(
        id=cid,
        family=str(record["family"]),
        frames=tuple(frames),
        note=str(record["note"]),
        variants=tuple(
            _variant(v, f"{cid} variant {i + 1}", frames, fail) for i, v in enumerate(variants)
        ),
        trigger=str(record.get("trigger", "")),
    )


def _variant(record: object, where: str, frames: list[str], fail) -> Variant:
    if not isinstance(record, dict):
        raise fail(f"{where}: must be an object")
    unknown = sorted(set(record) - set(VARIANT_KEYS) - set(VARIANT_OPTIONAL))
    missing = [key for key in VARIANT_KEYS if key not in record]
    if unknown or missing:
        raise fail(f"{where}: " + (f"unknown keys {unknown}" if unknown else f"missing {missing}"))
    if record.get("frame", frames[0]) not in frames:
        raise fail(f"{where}: frame must be one of the construction's frames {frames}")
    if any(r not in RELATIONS for r in record.get("relations", [])):
        raise fail(f"{where}: relations must be among {', '.join(RELATIONS)}")
    for key, allowed in (("subject", SUBJECT_TYPES), ("object", OBJECT_TYPES)):
        if any(t not in allowed for t in record.get(key, [])):
            raise fail(f"{where}: {key} types must be among {', '.join(allowed)}")
    if record.get("topic", "") not in ("", "subject", "object"):
        raise fail(f"{where}: topic must be 'subject' or 'object'")
    if record.get("status", "") not in ("", "investigational"):
        raise fail(f"{where}: status may only narrow to 'investigational' triggers")
    _check_pattern(record["pattern"], where, fail)
    return Variant(
        pattern=tuple(record["pattern"]),
        example=str(record["example"]),
        frame=str(record.get("frame", "")),
        relations=tuple(record.get("relations", ())),
        subject=tuple(record.get("subject", ())),
        object=tuple(record.get("object", ())),
        status=str(record.get("status", "")),
        list_only=bool(record.get("list_only", False)),
        topic=str(record.get("topic", "")),
        fallback=str(record.get("fallback", "")),
        replaces=str(record.get("replaces", "")),
    )


def _check_pattern(pattern: object, where: str, fail) -> None:
    if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
        raise fail(f"{where}: pattern must be a non-empty list of token objects")
    roles, triggers = [], 0
    for position, token in enumerate(pattern, start=1):
        unknown = sorted(set(token) - SPACY_TOKEN_KEYS - SHORTHAND_KEYS - GRAMMAR_KEYS)
        if unknown:
            raise fail(f"{where}: token {position} has unknown keys {unknown}")
        if "SLOT" in token:
            roles.append(token["SLOT"])
        if "TRIGGER" in token:
            triggers += 1
            if token["TRIGGER"] not in TRIGGER_FORMS:
                raise fail(f"{where}: TRIGGER form must be one of {', '.join(TRIGGER_FORMS)}")
    if sorted(roles) != ["object", "subject"]:
        raise fail(f"{where}: pattern needs exactly one subject SLOT and one object SLOT")
    if triggers > 1:
        raise fail(f"{where}: a pattern has at most one TRIGGER")
