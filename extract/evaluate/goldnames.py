"""How gold and predicted names are compared: one normalisation, then alias folding.

The shared eval README fixes the steps: case folding, punctuation removal,
dropping stage words, singularising the last word, and folding aliases to their
canonical name (aliases normalised the same way). Spaces count as punctuation
here, so "PD-1", "PD1" and "PD 1" compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from immunokg.extract.errors import DataFileError
from immunokg.extract.evaluate.goldfile import AliasTable

# Words that say how far a cancer has spread or how it has responded, not which
# cancer it is. The guideline drops "advanced, metastatic, recurrent, newly
# diagnosed"; the others are the same kind of qualifier. Written as normalised
# tokens (hyphens become spaces: "early-stage" is "early stage").
STAGE_WORDS: tuple[str, ...] = (
    "locally advanced",
    "advanced",
    "metastatic",
    "recurrent",
    "relapsed",
    "refractory",
    "newly diagnosed",
    "early stage",
    "late stage",
    "extensive stage",
    "limited stage",
    "unresectable",
    "previously treated",
    "stage 1",
    "stage 2",
    "stage 3",
    "stage 4",
    "stage i",
    "stage ii",
    "stage iii",
    "stage iv",
)
_STAGE_PHRASES = sorted((tuple(p.split()) for p in STAGE_WORDS), key=len, reverse=True)
_CONNECTIVES = frozenset({"or", "and"})
# Endings of words that are already singular (weakness, virus, colitis).
_SINGULAR_ENDINGS = ("ss", "us", "is")
_INVARIANT = frozenset({"pancreas", "herpes", "diabetes", "measles", "species", "series"})
_IRREGULAR = {"metastases": "metastasis", "diagnoses": "diagnosis"}

Aliases = AliasTable | Mapping[str, Iterable[str]] | None


def singular(word: str) -> str:
    """The singular of one lower-case English word, for the plurals these texts use."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) < 3 or word in _INVARIANT or word.endswith(_SINGULAR_ENDINGS):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "xes", "zes", "uses")):
        return word[:-2]
    if word.endswith("ches") and not word.endswith("aches"):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def normalise_for_scoring(name: str) -> str:
    """The comparison form of a name before alias folding ("Advanced PD-1 blockers" → "pd1blocker")."""
    text = re.sub(r"['’]s\b", "", name.casefold())
    tokens = re.sub(r"[^\w\s]|_", " ", text).split()
    tokens = _drop_stage_words(tokens) or tokens
    if tokens:
        tokens[-1] = singular(tokens[-1])
    return "".join(tokens)


def _drop_stage_words(tokens: list[str]) -> list[str]:
    kept: list[str] = []
    index = 0
    dropped = False
    while index < len(tokens):
        phrase = next(
            (p for p in _STAGE_PHRASES if tuple(tokens[index : index + len(p)]) == p), None
        )
        if phrase is None:
            kept.append(tokens[index])
            index += 1
        else:
            dropped = True
            index += len(phrase)
    if dropped:
        while kept and kept[0] in _CONNECTIVES:
            kept.pop(0)
    return kept


def alias_folding(aliases: Aliases) -> dict[str, str]:
    """Normalised surface form → normalised canonical name; one form may not serve two names."""
    if aliases is None:
        return {}
    if isinstance(aliases, AliasTable):
        path, entries = aliases.path, [(e.canonical, e.aliases, e.line) for e in aliases.entries]
    else:
        path, entries = "aliases", [(c, tuple(a), None) for c, a in aliases.items()]
    folding: dict[str, str] = {}
    owner: dict[str, str] = {}
    for canonical, _, _ in entries:
        folding[normalise_for_scoring(canonical)] = normalise_for_scoring(canonical)
        owner[normalise_for_scoring(canonical)] = canonical
    for canonical, forms, line in entries:
        target = normalise_for_scoring(canonical)
        for form in forms:
            key = normalise_for_scoring(form)
            if folding.get(key, target) != target:
                raise DataFileError(
                    path, line, f"alias {form!r} of {canonical!r} also names {owner[key]!r}"
                )
            folding[key] = target
            owner[key] = canonical
    return folding
