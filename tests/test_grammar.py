"""Constructions × trigger words: strict loading, rule ids, every variant firing on its own
example, and one trigger word added in a test working in every construction of its frame."""

from __future__ import annotations

import json

import pytest
from extract_support import facts_of, triples

from immunokg.extract.engine import pipeline
from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.constructions import load_constructions, parse_constructions
from immunokg.extract.rules.grammar import compile_rules, load_relation_rules, rule_examples
from immunokg.extract.rules.triggers import load_triggers, parse_triggers

RULES = load_relation_rules()
CONSTRUCTIONS = load_constructions()
TRIGGERS = load_triggers()
GOOD_TRIGGER = {
    "id": "targets.zorble",
    "relation": "targets",
    "word": "zorble",
    "frames": ["transitive"],
    "example": "Foximab zorbles PD-1.",
}


def _as_document(rule) -> str:
    """List rules need a header line and an item; table rules are written as a table; other
    rules need only their sentence."""
    if not rule.list_only or rule.example.startswith("|"):
        return rule.example + "\n"
    header, item = rule.example.rsplit(": ", 1)
    return f"{header}:\n\n- {item}\n"


def _statements(text: str, tmp_path) -> list:
    """Every statement the engine makes of a text, before one evidence is kept per sentence."""
    from immunokg.extract.read.corpus import read_corpus

    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    (document,) = read_corpus([path]).documents
    return [statement for statement, _ in pipeline.document_statements(document)]


def _variants() -> dict[str, list]:
    """The compiled rules of each construction variant: one per relation it serves, all
    sharing the variant's one example."""
    variants: dict[str, list] = {}
    for rule in RULES:
        variants.setdefault(rule.id.rsplit("/", 1)[0], []).append(rule)
    return variants


VARIANTS = _variants()


@pytest.mark.parametrize("rules", list(VARIANTS.values()), ids=list(VARIANTS))
def test_every_variant_fires_its_construction_on_its_own_example(rules, tmp_path):
    """A variant serving several relations has one example, written for one of them: its
    construction must state at least one of the variant's relations there."""
    rule = rules[0]
    assert len({r.example for r in rules}) == 1, "a variant's rules share its example"
    statements = _statements(_as_document(rule), tmp_path)
    served = {r.relation for r in rules}
    stated = {
        s.relation.replace("subclass_of", "in_class")
        for s in statements
        if s.rule.split(".")[0] == rule.construction
    }
    assert served & stated, f"{rule.id} stated none of {sorted(served)} on: {rule.example}"


def test_every_fact_names_a_construction_and_a_trigger(tmp_path):
    text = "Pembrolizumab (Keytruda) is a PD-1 inhibitor. It is approved for melanoma.\n"
    rules = {ev.rule for fact in facts_of(text, tmp_path) for ev in fact.evidence}
    constructions = {c.id for c in CONSTRUCTIONS}
    triggers = {t.id for t in TRIGGERS}
    assert rules
    for rule in rules:
        construction, _, trigger = rule.partition(".")
        assert construction in constructions and trigger in triggers, rule
    assert set(rules) <= set(rule_examples())


def test_trigger_words_cover_every_relation_and_construction_family():
    assert {t.relation for t in TRIGGERS} == {
        "brand_name", "in_class", "targets", "treats", "has_side_effect"
    }  # fmt: skip
    assert {c.family for c in CONSTRUCTIONS} >= {
        "copula", "apposition", "active", "passive", "nominal", "list", "table"
    }  # fmt: skip


@pytest.fixture()
def with_zorble(monkeypatch):
    """The engine with one trigger word more, added here and nowhere else."""
    nlp, recognizer, engine = pipeline._engine()
    (zorble,) = parse_triggers(json.dumps(GOOD_TRIGGER), "test.jsonl")
    rules = compile_rules(CONSTRUCTIONS, (*TRIGGERS, zorble))
    extended = type(engine)(nlp, rules, engine.cues)
    monkeypatch.setattr(pipeline, "_engine", lambda: (nlp, recognizer, extended))


@pytest.mark.parametrize(
    ("sentence", "construction"),
    [
        ("Foximab zorbles PD-1.", "active"),
        ("Foximab is an antibody that zorbles PD-1.", "active"),
        ("Foximab works by zorbling PD-1.", "active"),
        ("Foximab, a drug that zorbles PD-1, is given by drip.", "active"),
        ("PD-1 is zorbled by foximab.", "passive"),
        ("Foximab does not zorble PD-1.", None),  # negation still holds
        ("Doctors use foximab to zorble PD-1.", "purpose"),
    ],
)
def test_a_trigger_word_added_in_a_test_works_in_every_construction(
    with_zorble, sentence, construction, tmp_path
):
    facts = facts_of(sentence + "\n", tmp_path)
    rules = {statement.rule for statement in _statements(sentence + "\n", tmp_path)}
    if construction is None:
        assert ("foximab", "targets", "pd-1") not in triples(facts)
        return
    assert ("foximab", "targets", "pd-1") in triples(facts)
    assert f"{construction}.targets.zorble" in rules


def test_without_the_trigger_word_none_of_those_sentences_gives_a_fact(tmp_path):
    assert not facts_of("Foximab zorbles PD-1. PD-1 is zorbled by foximab.\n", tmp_path)


def test_trigger_forms_are_made_by_rule_with_irregulars_from_data():
    by_id = {t.id: t for t in TRIGGERS}
    assert by_id["targets.block"].words("verb") == ("block", "blocks", "blocked", "blocking")
    assert by_id["targets.bind"].words("participle") == ("bound",)
    assert by_id["has_side_effect.cause"].words("gerund") == ("causing",)
    assert by_id["treats.study"].words("finite") == ("study", "studies", "studied")
    assert by_id["has_side_effect.effect"].words("noun") == ("effect", "effects")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"colour": "red"}, "unknown keys \\['colour'\\]"),
        ({"example": None}, "missing keys \\['example'\\]"),
        ({"relation": "cures"}, "relation 'cures' is not one of"),
        ({"frames": ["sideways"]}, "frames must be a non-empty list"),
        ({"id": "targets.other"}, "must be 'targets.' followed by the word"),
        ({"word": "Zorble"}, "must be one lower-case word"),
        ({"status": "approved"}, "status must be 'investigational'"),
    ],
)
def test_bad_trigger_is_rejected_naming_file_and_line(changes, problem):
    first = {**GOOD_TRIGGER, "id": "targets.aaa", "word": "aaa"}
    record = {k: v for k, v in {**GOOD_TRIGGER, **changes}.items() if v is not None}
    text = json.dumps(first) + "\n" + json.dumps(record)
    with pytest.raises(DataFileError, match=f"test.jsonl:2: .*{problem}"):
        parse_triggers(text, "test.jsonl")


def test_triggers_out_of_order_are_rejected():
    second = {**GOOD_TRIGGER, "id": "targets.aaa", "word": "aaa"}
    with pytest.raises(DataFileError, match="sort by id"):
        parse_triggers(json.dumps(GOOD_TRIGGER) + "\n" + json.dumps(second), "test.jsonl")


GOOD_CONSTRUCTION = {
    "id": "demo",
    "family": "active",
    "frames": ["transitive"],
    "note": "X Vs Y.",
    "variants": [
        {
            "pattern": [{"SLOT": "subject"}, {"TRIGGER": "verb"}, {"SLOT": "object"}],
            "example": "Foximab blocks PD-1.",
        }
    ],
}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"family": "poetry"}, "family must be one of"),
        ({"frames": []}, "frames must be a non-empty list"),
        ({"id": "Demo"}, "must be lower-case words"),
        ({"variants": [{"pattern": [{"SLOT": "subject"}], "example": "x"}]}, "exactly one subject"),
        (
            {
                "variants": [
                    {
                        "pattern": [{"SLOT": "subject"}, {"TRIGGER": "past"}, {"SLOT": "object"}],
                        "example": "x",
                    }
                ]
            },
            "TRIGGER form must be one of",
        ),
        (
            {"variants": [{**GOOD_CONSTRUCTION["variants"][0], "frame": "organ"}]},
            "frame must be one of",
        ),
    ],
)
def test_bad_construction_is_rejected_naming_file_and_line(changes, problem):
    text = json.dumps({**GOOD_CONSTRUCTION, **changes})
    with pytest.raises(DataFileError, match=f"c.jsonl:1: .*{problem}"):
        parse_constructions(text, "c.jsonl")


def test_a_construction_compiles_once_per_relation_with_triggers_of_its_frame():
    (construction,) = parse_constructions(json.dumps(GOOD_CONSTRUCTION), "c.jsonl")
    rules = compile_rules((construction,), TRIGGERS)
    assert {rule.relation for rule in rules} == {"targets", "treats", "has_side_effect", "in_class"}
    targets = next(rule for rule in rules if rule.relation == "targets")
    assert targets.rule_id("blocks") == ("demo.targets.block", "stated")
    assert (
        next(r for r in rules if r.relation == "treats").rule_id("cures")[0] == "demo.treats.cure"
    )


def test_bounded_repeats_compile_to_a_length_limit():
    rule = next(r for r in RULES if r.construction == "passive")
    pattern, slots, longest = rule.spacy_pattern()
    assert sorted(slots.values()) == ["object", "subject"]
    assert all(not str(token.get("OP", "")).startswith("{") for token in pattern)
    assert 10 < longest < 80
