"""The token flags a relation rule can test, and where the engine writes them.

A blank pipeline leaves ``tag_``, ``lemma_`` and ``ent_kb_id_`` unused. Every flag's letter
goes to ``tag_`` ("a" = inside an aside, "c" = inside an aside clause, "g" = a rule's gap may
cross it), where engine code reads it. What rules test is also written where the Matcher
tests it natively (a set test calls Python per token): the aside flag as ``ent_kb_id_``
"a"; the gap flag as ``lemma_`` "g", and the family of an entity's type (no gap ever
crosses an entity) as its ``lemma_``, so a slot's "ENT_TYPE IN [Drug, DrugClass, Brand]"
becomes "LEMMA agent". Other tokens' lemma is "-": never empty, or the Matcher refuses LEMMA.
"""

from __future__ import annotations

# Flag bits of a token, written to ``tag_`` as letters.
ASIDE, CLAUSE, GAP = 1, 2, 4
FLAG_TAGS = tuple(
    "".join(ch for ch, bit in (("a", ASIDE), ("c", CLAUSE), ("g", GAP)) if bits & bit)
    for bits in range(8)
)
# The pattern tests of a rule's gap and aside shorthands.
GAP_TEST = {"LEMMA": "g"}
ASIDE_TEST = {"ENT_KB_ID": "a"}
NO_LEMMA = "-"
# Entity types that rules' slots take together, each family written as the token's lemma.
FAMILIES = {
    "agent": frozenset({"Drug", "DrugClass", "Brand"}),
    "effect": frozenset({"SideEffect", "Item"}),
    "target": frozenset({"Target", "Symbol"}),
}
FAMILY_OF = {etype: family for family, types in FAMILIES.items() for etype in types}


def native_types(token: dict[object, object]) -> dict[object, object]:
    """A pattern token with its entity-type set test made native: one type is an equality
    test, a whole family a LEMMA test (see above); other sets stay as they are."""
    test = token.get("ENT_TYPE")
    if not isinstance(test, dict) or list(test) != ["IN"] or "LEMMA" in token:
        return token
    types = frozenset(test["IN"])  # type: ignore[arg-type]
    family = next((name for name, members in FAMILIES.items() if members == types), None)
    if len(types) == 1:
        return {**token, "ENT_TYPE": next(iter(types))}
    if family is None:
        return token
    return {**{k: v for k, v in token.items() if k != "ENT_TYPE"}, "LEMMA": family}
