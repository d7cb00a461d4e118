"""Relation rules as data: strict loading, and every rule fires on its own example sentence."""

from __future__ import annotations

import json

import pytest
from extract_support import facts_of

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.relation_rules import load_relation_rules, parse_relation_rules

RULES = load_relation_rules()
GOOD = {
    "id": "treats-demo",
    "relation": "treats",
    "subject": ["Drug"],
    "object": ["CancerType"],
    "pattern": [{"SLOT": "subject"}, {"LOWER": "treats"}, {"SLOT": "object"}],
    "example": "Foximab treats melanoma.",
}


def _line(**changes: object) -> str:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not None})


def _as_document(rule) -> str:
    """List rules need a header line and an item; other rules need only their sentence."""
    if not rule.list_only:
        return rule.example + "\n"
    header, item = rule.example.rsplit(": ", 1)
    return f"{header}:\n\n- {item}\n"


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_fires_on_its_own_example(rule, tmp_path):
    facts = facts_of(_as_document(rule), tmp_path)
    fired = {ev.rule for fact in facts for ev in fact.evidence}
    assert rule.id in fired, f"{rule.id} did not fire on: {rule.example}"


def test_rule_ids_are_unique_and_every_relation_has_rules():
    assert len({rule.id for rule in RULES}) == len(RULES)
    relations = {rule.relation for rule in RULES}
    assert {
        "brand_name",
        "in_class",
        "subclass_of",
        "targets",
        "treats",
        "has_side_effect",
    } - relations <= {
        "subclass_of"
    }  # in_class rules name subclass_of when their subject is a class


def test_good_rule_parses():
    (rule,) = parse_relation_rules(_line(), "rules.jsonl")
    assert (rule.id, rule.relation, rule.status) == ("treats-demo", "treats", "approved")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"colour": "red"}, "unknown keys \\['colour'\\]"),
        ({"example": None}, "missing keys \\['example'\\]"),
        ({"relation": "cures"}, "relation 'cures' is not one of"),
        ({"status": "stated"}, "status 'stated' for treats"),
        ({"subject": ["Gene"]}, "subject must be a non-empty list"),
        (
            {"pattern": [{"SLOT": "subject"}, {"LOWER": "x"}]},
            "exactly one subject SLOT and one object SLOT",
        ),
        (
            {"pattern": [{"SLOT": "subject"}, {"COLOUR": "x"}, {"SLOT": "object"}]},
            "unknown keys \\['COLOUR'\\]",
        ),
        ({"id": "Bad Id"}, "must be lower case"),
    ],
)
def test_bad_rule_is_rejected_naming_file_and_line(changes, problem):
    text = _line(id="first", example="Foximab treats melanoma.") + "\n" + _line(**changes)
    with pytest.raises(DataFileError, match=f"rules.jsonl:2: .*{problem}"):
        parse_relation_rules(text, "rules.jsonl")


def test_duplicate_rule_id_is_rejected():
    with pytest.raises(DataFileError, match=r"rules\.jsonl:2: duplicate rule id 'treats-demo'"):
        parse_relation_rules(_line() + "\n" + _line(), "rules.jsonl")


def test_bounded_repeats_compile_to_a_length_limit():
    rule = next(r for r in RULES if r.id == "treats-approved-for")
    pattern, slots, longest = rule.spacy_pattern()
    assert sorted(slots.values()) == ["object", "subject"]
    assert all(not str(token.get("OP", "")).startswith("{") for token in pattern)
    assert 10 < longest < 60
