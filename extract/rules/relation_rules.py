"""Relation rules as data: loaded from relation_rules.jsonl with strict checks, compiled to spaCy patterns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from immunokg.extract.errors import DataFileError
from immunokg.extract.model import RELATIONS
from immunokg.extract.rules.datafile import jsonl_records
from immunokg.extract.rules.flags import tags_with

REQUIRED_KEYS = ("id", "relation", "subject", "object", "pattern", "example")
OPTIONAL_KEYS = ("status", "list_only", "topic", "class_target")
SUBJECT_TYPES = ("Drug", "DrugClass")
OBJECT_TYPES = ("Drug", "DrugClass", "Target", "CancerType", "SideEffect", "Brand", "Word")
# Keys of one token in a pattern: spaCy's own, plus three shorthands the loader expands.
SPACY_TOKEN_KEYS = frozenset(
    [
        "ORTH",
        "TEXT",
        "LOWER",
        "NORM",
        "LENGTH",
        "IS_ALPHA",
        "IS_ASCII",
        "IS_DIGIT",
        "IS_LOWER",
        "IS_UPPER",
        "IS_TITLE",
        "IS_PUNCT",
        "IS_SPACE",
        "IS_STOP",
        "IS_SENT_START",
        "LIKE_NUM",
        "SHAPE",
        "ENT_TYPE",
        "OP",
        "_",
    ]
)
SHORTHAND_KEYS = frozenset({"SLOT", "GAP", "WIDE_GAP", "ASIDE"})
ASIDE_LENGTH = 14  # the longest parenthesis or aside a rule may step over
_STATUS_BY_RELATION = {"treats": ("approved", "investigational")}


@dataclass(frozen=True)
class RelationRule:
    """One rule: a token pattern with a subject and an object slot, and what a match states."""

    id: str
    relation: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    pattern: tuple[dict[str, object], ...]
    example: str
    status: str = "stated"
    list_only: bool = False
    topic: str = ""
    class_target: bool = False

    def spacy_pattern(self) -> tuple[list[dict[str, object]], dict[int, str], int]:
        """The pattern in spaCy's format, the slot positions, and the longest match allowed.

        Bounded repeats ("{0,6}") become "*" for the Matcher, which keeps one state per
        repeat instead of one per count; the bound is kept by the match-length limit.
        """
        compiled: list[dict[str, object]] = []
        slots: dict[int, str] = {}
        longest = 0
        for token in self.pattern:
            token = dict(token)
            if "SLOT" in token:
                role = str(token.pop("SLOT"))
                slots[len(compiled)] = role
                types = self.subject if role == "subject" else self.object
                if "Word" not in types:
                    allowed = [*types, "Brand"] if "Drug" in types else list(types)
                    allowed += ["Symbol"] if "Target" in types else []
                    allowed += ["Item"] if "SideEffect" in types else []
                    token.setdefault("ENT_TYPE", {"IN": allowed})
            elif "GAP" in token:
                token = {"TAG": {"IN": tags_with("g")}, "OP": f"{{0,{token['GAP']}}}"}
            elif "WIDE_GAP" in token:
                token = {
                    "ORTH": {"NOT_IN": [".", ";", "!", "?"]},
                    "OP": f"{{0,{token['WIDE_GAP']}}}",
                }
            elif "ASIDE" in token:
                token = {"TAG": {"IN": tags_with("a")}, "OP": f"{{0,{ASIDE_LENGTH}}}"}
            longest += _upper_bound(token)
            compiled.append(token)
        return compiled, slots, longest


def _upper_bound(token: dict[str, object]) -> int:
    """How many tokens one pattern element may take; bounded repeats are turned into "*"/"+"."""
    op = str(token.get("OP", ""))
    if not op.startswith("{"):
        return ASIDE_LENGTH if op in ("*", "+") else 1
    low, _, high = op[1:-1].partition(",")
    token["OP"] = "+" if low and int(low) > 0 else "*"
    return int(high)


@lru_cache(maxsize=1)
def load_relation_rules() -> tuple[RelationRule, ...]:
    """The bundled rules, read and checked once per process."""
    resource = files("immunokg.extract") / "data" / "relation_rules.jsonl"
    return parse_relation_rules(resource.read_text(encoding="utf-8"), str(resource))


def load_relation_rules_file(path: str | Path) -> tuple[RelationRule, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), None, f"cannot read rules: {error}") from error
    return parse_relation_rules(text, str(path))


def parse_relation_rules(text: str, path: str) -> tuple[RelationRule, ...]:
    """Every line one rule; the first broken rule raises DataFileError naming file and line."""
    rules = [
        _parse_rule(record, path, number) for number, record in jsonl_records(text, path, "rule")
    ]
    if not rules:
        raise DataFileError(path, None, "no rules")
    return tuple(rules)


def _parse_rule(record: dict[str, object], path: str, number: int) -> RelationRule:
    def fail(problem: str) -> DataFileError:
        return DataFileError(path, number, problem)

    unknown = sorted(set(record) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise fail(f"unknown keys {unknown}; allowed: {[*REQUIRED_KEYS, *OPTIONAL_KEYS]}")
    missing = [key for key in REQUIRED_KEYS if key not in record]
    if missing:
        raise fail(f"missing keys {missing}")
    rule_id = record["id"]
    if (
        not isinstance(rule_id, str)
        or not rule_id.replace("-", "").isalnum()
        or rule_id.lower() != rule_id
    ):
        raise fail(f"id {rule_id!r} must be lower case letters, digits and hyphens")
    relation = record["relation"]
    if relation not in RELATIONS:
        raise fail(f"{rule_id}: relation {relation!r} is not one of {', '.join(RELATIONS)}")
    subject = _types(record["subject"], SUBJECT_TYPES, f"{rule_id}: subject", fail)
    obj = _types(record["object"], OBJECT_TYPES, f"{rule_id}: object", fail)
    allowed_status = _STATUS_BY_RELATION.get(relation, ("stated",))
    status = record.get("status", allowed_status[0])
    if status not in allowed_status:
        raise fail(f"{rule_id}: status {status!r} for {relation}; allowed: {list(allowed_status)}")
    pattern = _pattern(record["pattern"], rule_id, fail)
    example = record["example"]
    if not isinstance(example, str) or not example.strip():
        raise fail(f"{rule_id}: example must be a sentence the rule fires on")
    topic = record.get("topic", "")
    if topic not in ("", "subject", "object"):
        raise fail(f"{rule_id}: topic must be 'subject' or 'object'")
    for flag in ("list_only", "class_target"):
        if not isinstance(record.get(flag, False), bool):
            raise fail(f"{rule_id}: {flag} must be true or false")
    return RelationRule(
        id=rule_id,
        relation=relation,
        subject=subject,
        object=obj,
        pattern=tuple(pattern),
        example=example,
        status=status,
        list_only=record.get("list_only", False),
        topic=topic,
        class_target=record.get("class_target", False),
    )


def _types(value: object, allowed: tuple[str, ...], what: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(v in allowed for v in value):
        raise fail(f"{what} must be a non-empty list of {', '.join(allowed)}")
    return tuple(value)


def _pattern(value: object, rule_id: str, fail) -> list[dict[str, object]]:
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        raise fail(f"{rule_id}: pattern must be a non-empty list of token objects")
    roles = []
    for position, token in enumerate(value, start=1):
        unknown = sorted(set(token) - SPACY_TOKEN_KEYS - SHORTHAND_KEYS)
        if unknown:
            raise fail(f"{rule_id}: token {position} has unknown keys {unknown}")
        if "SLOT" in token:
            roles.append(token["SLOT"])
    if sorted(roles) != ["object", "subject"]:
        raise fail(f"{rule_id}: pattern needs exactly one subject SLOT and one object SLOT")
    return value
