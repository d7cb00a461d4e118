"""Cancer names built before the noun: the qualifier and biomarker words right before a
known cancer ("AIDS-related Kaposi sarcoma", "dMMR/MSI-H colorectal cancer") make the name
they narrow, and a lexicon cancer is linked to the cancers its own name narrows."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.engine.names.postnominal import after_cancer
from immunokg.extract.model import Entity
from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from collections.abc import Callable

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
        j = _word_start(doc, i)  # a word may be several tokens glued: "AIDS-related"
        if doc[j].lower_ in ("or", "and") and j > 0 and _part(_word_at(doc, i)):
            j = _word_start(doc, j)  # "MSI-H or dMMR colorectal cancer"
        if not _part(doc[j:i].text.lower().split(" ")[0]):
            break
        if any(t.ent_type_ not in ("", "CancerType") for t in doc[j:i]):
            break  # a biomarker the lexicon names as a cancer ("MSI-H") is a part here
        i = j
    return i


def _word_at(doc: Doc, i: int) -> str:
    return doc[i:].text.lower().split(" ")[0]


def _word_start(doc: Doc, i: int) -> int:
    j = i - 1
    while j > 0 and not doc[j - 1].whitespace_ and doc[j - 1].text not in (",", "(", ")"):
        j -= 1
    return j


def _part(word: str) -> bool:
    """A qualifier or biomarker word, or biomarkers joined by "/" ("dMMR/MSI-H")."""
    pieces = word.split("/")
    pair = len(pieces) > 1 and all(p in _parts() or p in _JOINS or not p for p in pieces)
    return word in _parts() or pair


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


def cancer_name(
    doc: Doc,
    span: tuple[int, int],
    entities: list[Entity],
    free: bool,
    lexicon: Lexicon,
    parents: dict[str, tuple[str, ...]],
    make_id: Callable[[str], str],
) -> tuple[list[Entity], int, int]:
    """The cancer a name's words build around the known ``entities`` at ``span``: the parts
    before it (when ``free``, no ellipsis before) and a phrase after it; with the new span."""
    start, end = span
    entities = [with_parents(e, parents) for e in entities]
    first = composed_start(doc, start) if free else start
    if first < start:  # "uveal melanoma", "HER2-positive breast cancer"
        entities, start = [composed(doc, start, first, entities[0], make_id)], first
    after = after_cancer(doc, end, entities[0], lexicon, make_id)
    if after is not None and len(entities) == 1:  # "cancer with dMMR", "... of the X"
        entities, end = [with_parents(e, parents) for e in after.entities], after.end
    return entities, start, end
