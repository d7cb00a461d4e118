"""Relation rules: the compiled form of constructions × trigger words, as spaCy token patterns."""

from __future__ import annotations

from dataclasses import dataclass

from immunokg.extract.rules.flags import ASIDE_TEST, GAP_TEST

SUBJECT_TYPES = ("Drug", "DrugClass")
OBJECT_TYPES = ("Drug", "DrugClass", "Target", "CancerType", "SideEffect", "Brand", "Word")
# Keys of one token in a pattern: spaCy's own, plus the shorthands spacy_pattern expands.
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
    construction: str = ""
    trigger_at: int = -1  # pattern position of the trigger word, or -1
    particle_at: int = -1  # pattern position of the trigger's particle, or -1
    # (word, trigger id, status, particles) for each word the trigger position may hold
    triggers: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()
    fallback: str = ""  # the trigger id when no trigger word is matched

    def rule_id(self, word: str | None, particle: str | None = None) -> tuple[str, str] | None:
        """The fact's rule id (construction + trigger) and the trigger's own status, for the
        words matched at the trigger and particle positions; None when the particle is not
        one the trigger takes ("bound to" but not "blocked to")."""
        if word is not None:
            for form, trigger, status, particles in self.triggers:
                if form == word:
                    if particle is not None and particle not in particles:
                        return None
                    return f"{self.construction}.{trigger}", status or self.status
        return f"{self.construction}.{self.fallback}", self.status

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
                token = {**GAP_TEST, "OP": f"{{0,{token['GAP']}}}"}
            elif "WIDE_GAP" in token:
                token = {
                    "ORTH": {"NOT_IN": [".", ";", "!", "?"]},
                    "OP": f"{{0,{token['WIDE_GAP']}}}",
                }
            elif "ASIDE" in token:
                token = {**ASIDE_TEST, "OP": f"{{0,{ASIDE_LENGTH}}}"}
            if set(token.get("_") or ()) == {"anaphor"}:
                # The engine keeps a pointing phrase's kind in the token's ENT_ID, which
                # the Matcher reads natively (a "_" test calls Python per token).
                token["ENT_ID"] = token.pop("_")["anaphor"]  # type: ignore[index]
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
