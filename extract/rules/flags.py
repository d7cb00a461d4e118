"""The token flags a relation rule can test, spelled as the letters written to ``tag_``.

A blank pipeline leaves ``tag_`` unused, so the engine writes each token's flags there and
the Matcher reads them natively; a rule's gap or aside shorthand becomes a ``TAG IN`` test.
"""

from __future__ import annotations


def with_flag(flags: str, letter: str) -> str:
    """Token flags live in ``tag_`` (unused by a blank pipeline) so the Matcher reads them natively:
    g = a rule's gap may cross it, a = inside an aside, c = inside an aside clause."""
    return "".join(sorted(set(flags) | {letter}))


def tags_with(letter: str) -> list[str]:
    """Every flag string that carries ``letter``, for a Matcher ``TAG IN`` test."""
    combos = ["".join(ch for k, ch in enumerate("acg") if mask >> k & 1) for mask in range(8)]
    return sorted(c for c in combos if letter in c)


# Flag bits of a token, written to ``tag_`` as the letters with_flag would give.
ASIDE, CLAUSE, GAP = 1, 2, 4
FLAG_TAGS = tuple(
    "".join(ch for ch, bit in (("a", ASIDE), ("c", CLAUSE), ("g", GAP)) if bits & bit)
    for bits in range(8)
)
