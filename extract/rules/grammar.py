"""Constructions × trigger words compiled into relation rules: one spaCy pattern per
construction variant and relation, with the trigger slot filled by every form of every
trigger word of the variant's frames.

A matched rule names its fact's rule id as construction + trigger, joined by a dot
(``active.targets.block``); the word at the trigger position says which trigger fired.
"""

from __future__ import annotations

from functools import lru_cache

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.constructions import Construction, load_constructions
from immunokg.extract.rules.relation_rules import RelationRule
from immunokg.extract.rules.triggers import Trigger, load_triggers
from immunokg.extract.rules.word_lists import word_list

# The contract of DESIGN.md: who may be the subject and the object of each relation.
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "brand_name": (("Drug",), ("Brand",)),
    "in_class": (("Drug", "DrugClass"), ("DrugClass",)),
    "targets": (("Drug", "DrugClass"), ("Target",)),
    "treats": (("Drug", "DrugClass"), ("CancerType",)),
    "has_side_effect": (("Drug", "DrugClass"), ("SideEffect",)),
}
_DEFAULT_STATUS = {"treats": "approved"}


@lru_cache(maxsize=1)
def load_relation_rules() -> tuple[RelationRule, ...]:
    """The bundled constructions compiled with the bundled trigger words, once per process."""
    return compile_rules(load_constructions(), load_triggers())


def compile_rules(
    constructions: tuple[Construction, ...], triggers: tuple[Trigger, ...]
) -> tuple[RelationRule, ...]:
    """Every construction variant × relation that has trigger words for it, as a rule."""
    by_id = {trigger.id: trigger for trigger in triggers}
    rules = []
    for construction in constructions:
        for number, variant in enumerate(construction.variants, start=1):
            for relation in SIGNATURES:
                if variant.relations and relation not in variant.relations:
                    continue
                rule = _compile(construction, number, variant, relation, triggers, by_id)
                if rule is not None:
                    rules.append(rule)
    return tuple(rules)


def _compile(construction, number, variant, relation, triggers, by_id) -> RelationRule | None:
    frames = (variant.frame,) if variant.frame else construction.frames
    group = [
        t
        for t in triggers
        if t.relation == relation
        and set(t.frames) & set(frames)
        and (not variant.status or t.status == variant.status)
    ]
    at = next((i for i, token in enumerate(variant.pattern) if "TRIGGER" in token), -1)
    worded = [t for t in group if t.word]
    fallback = _fallback(construction, variant, relation, group, by_id)
    if (at >= 0 and not worded) or (at < 0 and not fallback):
        return None
    particles = sorted({p for t in worded for p in t.particles})
    if any("PARTICLE" in token for token in variant.pattern) and not [p for p in particles if p]:
        return None
    pattern = [_token(token, relation, worded, particles) for token in variant.pattern]
    subject, obj = SIGNATURES[relation]
    form = str(variant.pattern[at]["TRIGGER"]) if at >= 0 else ""
    words = tuple(
        (word, t.id, t.status, t.particles)
        for t in worded
        for word in (t.words(form) if form else ())
    )
    return RelationRule(
        id=f"{construction.id}/{number}/{relation}",
        relation=relation,
        subject=variant.subject or subject,
        object=variant.object or obj,
        pattern=tuple(pattern),
        example=variant.example,
        status=_DEFAULT_STATUS.get(relation, "stated"),
        list_only=variant.list_only,
        topic=variant.topic,
        class_target=relation == "in_class",
        construction=construction.id,
        trigger_at=at,
        particle_at=next((i for i, tok in enumerate(variant.pattern) if "PARTICLE" in tok), -1),
        triggers=words,
        fallback=fallback,
    )


def _fallback(construction, variant, relation, group, by_id) -> str:
    """The trigger a match names when no trigger word stands in it: the variant's or the
    construction's own, else the relation's built-in trigger of the frame."""
    for trigger_id in (variant.fallback, construction.trigger):
        if trigger_id:
            if trigger_id not in by_id:
                raise DataFileError(
                    "constructions.jsonl", None, f"{construction.id}: no trigger {trigger_id!r}"
                )
            if by_id[trigger_id].relation == relation:
                return trigger_id
    built_in = [t.id for t in group if not t.word]
    return built_in[0] if built_in else ""


def _token(token, relation, worded, particles) -> dict[str, object]:
    """One pattern token with the grammar shorthands made plain spaCy tests."""
    if "TRIGGER" in token:
        words = sorted({w for t in worded for w in t.words(str(token["TRIGGER"]))})
        return _in(words, token.get("OP"))
    if "PARTICLE" in token:
        op = "?" if "" in particles else token.get("OP")
        return _in([p for p in particles if p], op)
    if "LEAD" in token:
        lead = word_list(f"lead-{relation.replace('_', '-')}") | {p for p in particles if p}
        return _in(sorted(lead), f"{{0,{token['LEAD']}}}")
    if "WORDS" in token:
        return _in(sorted(word_list(str(token["WORDS"]))), token.get("OP"))
    return dict(token)


def _in(words: list[str], op: object) -> dict[str, object]:
    token: dict[str, object] = {"LOWER": {"IN": words}}
    if op:
        token["OP"] = op
    return token


def rule_examples() -> dict[str, str]:
    """Rule id (construction + trigger) → an example sentence: the trigger's own."""
    examples = {}
    triggers = {t.id: t for t in load_triggers()}
    for rule in load_relation_rules():
        for _, trigger_id, _, _ in rule.triggers:
            examples[f"{rule.construction}.{trigger_id}"] = triggers[trigger_id].example
        if rule.fallback:
            examples.setdefault(f"{rule.construction}.{rule.fallback}", rule.example)
    return dict(sorted(examples.items()))
