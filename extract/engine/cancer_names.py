"""Composed cancer names: the most specific name the text gives, built from a known cancer
and the parts before it (a site qualifier, a subtype or biomarker: "uveal melanoma",
"HER2-positive breast cancer", "dMMR/MSI-H colorectal cancer"), each linked to the cancer
it narrows. The parts are word lists (data), not combinations listed in the lexicon."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.model import Entity
from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from immunokg.extract.rules.lexicon import Lexicon

_JOINS = frozenset({"-", "/"})


@lru_cache(maxsize=1)
def _parts() -> frozenset[str]:
    return word_list("cancer-qualifiers") | word_list("cancer-biomarkers")


def lexicon_parents(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Each lexicon cancer whose label ends with another lexicon cancer's name ("non-small
    cell lung cancer" → lung cancer, "acute myeloid leukemia" → leukemia): that parent,
    the longest such name first."""
    names: dict[str, str] = {}
    for surface, entry, kind in lexicon.surface_forms():
        if entry.type == "CancerType" and kind != "brand":
            names.setdefault(normalise_name(surface), entry.id)
    parents: dict[str, tuple[str, ...]] = {}
    for entry in lexicon.entries:
        if entry.type != "CancerType":
            continue
        words = entry.label.lower().split(" ")  # "non-small" stays one word
        for k in range(1, len(words)):
            parent = names.get(normalise_name(" ".join(words[k:])))
            if parent is not None and parent != entry.id:
                parents[entry.id] = (parent,)
                break
    return parents


def composed_start(doc: Doc, start: int) -> int:
    """The first token of the qualifier and biomarker words right before a cancer name
    ("AIDS-related", "dMMR/MSI-H"), or ``start`` when there are none."""
    i = start
    while i > 0:
        j = i - 1  # a word may be several tokens glued by "-" or "/": "AIDS-related"
        while j > 0 and not doc[j - 1].whitespace_ and doc[j - 1].text not in (",", "(", ")"):
            j -= 1
        if doc[j:i].text.lower() not in _parts() and not _biomarker_pair(doc[j:i].text.lower()):
            break
        if any(t.ent_type_ not in ("", "CancerType") for t in doc[j:i]):
            break  # a biomarker the lexicon names as a cancer ("MSI-H") is a part here
        i = j
    return i


def _biomarker_pair(word: str) -> bool:
    pieces = word.split("/")
    return len(pieces) > 1 and all(p in _parts() or p in _JOINS or not p for p in pieces)


def composed(doc: Doc, start: int, first: int, cancer: Entity, make_id) -> Entity:
    """The cancer named by the parts ``doc[first:start]`` and the known ``cancer`` after them."""
    parts = [
        w if any(c.isupper() for c in w[1:]) or w.isupper() else w.lower()
        for w in doc[first:start].text.split()
    ]
    label = " ".join([*parts, cancer.label])
    return Entity(
        make_id(label), label, "CancerType", "pattern", broader=(cancer.id, *cancer.broader)
    )


def with_parents(entity: Entity, parents: dict[str, tuple[str, ...]]) -> Entity:
    """A lexicon cancer with the cancers its name narrows."""
    found = parents.get(entity.id, ())
    return replace(entity, broader=found) if found and not entity.broader else entity
