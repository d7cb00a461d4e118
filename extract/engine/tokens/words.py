"""A Doc's words as plain lists, and the per-token flags that rules test, written at once."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.rules.flags import (
    ASIDE,
    ASIDE_TEST,
    CLAUSE,
    FAMILIES,
    FAMILY_OF,
    FLAG_TAGS,
    GAP,
    GAP_TEST,
    NO_LEMMA,
)
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    import numpy
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# A rule's gap crosses no clause break, nor the end of a sentence.
_CLAUSE_BREAKS = word_list("clause-breaks") | {"."}


class Words:
    """Each token's text, lower-case form and entity type, read from the Doc once so that
    passes over it index lists instead of building a Token per look."""

    __slots__ = ("doc", "ent", "lower", "text")

    def __init__(self, doc: Doc) -> None:
        from spacy.attrs import ENT_TYPE, LOWER, ORTH

        self.doc = doc
        columns = doc.to_array([ORTH, LOWER, ENT_TYPE]).T.tolist() if len(doc) else ([], [], [])
        self.text, self.lower, self.ent = (strings_of(doc.vocab, ids) for ids in columns)


_STRINGS: dict[int, str] = {}  # string id → string, as the vocabulary holds them


def strings_of(vocab: Vocab, ids: list[int]) -> list[str]:
    """The strings of ``ids`` (from ``Doc.to_array``), each looked up once per process."""
    known = _STRINGS
    for missing in set(ids).difference(known):
        known[missing] = vocab.strings[missing]
    return [known[i] for i in ids]


_IDS: dict[int, tuple[Collection[str], frozenset[int]]] = {}  # id of a table → (it, its ids)


def ids_of(vocab: Vocab, words: Collection[str]) -> frozenset[int]:
    """The string ids of a table of words, worked out once per table: a Doc's ids are
    compared with them, not its strings."""
    known = _IDS.get(id(words))
    if known is None or known[0] is not words:
        known = _IDS[id(words)] = (words, frozenset(map(vocab.strings.add, words)))
    return known[1]


def gap_flags(words: Words) -> list[int]:
    """Per token: a rule's gap may cross it (not a main entity, not a clause break), and
    whether it sits in an aside set off by dashes."""
    inside = False
    flags = []
    for text, lower, kind in zip(words.text, words.lower, words.ent, strict=True):
        if text in ("—", "–"):
            inside = not inside
            flags.append(ASIDE)
            continue
        gap = (not kind or kind == "ImmuneCell") and lower not in _CLAUSE_BREAKS
        flags.append((ASIDE | CLAUSE if inside else 0) | (GAP if gap else 0))
    return flags


def write_flags(doc: Doc, flags: list[int], ents: list[str]) -> None:
    """Every token's flags at once, where rules/flags.py says: the letters into ``tag_``,
    the aside flag into ``ent_kb_id_``, the gap flag or the type's family (``ents``: each
    token's entity type) into ``lemma_``."""
    if not flags:
        return
    from spacy.attrs import ENT_KB_ID, LEMMA, TAG

    strings = doc.vocab.strings
    rows = _flag_ids(strings)[flags]  # one row of string ids per token
    for i, kind in enumerate(ents):
        if kind in FAMILY_OF and not flags[i] & GAP:
            rows[i, 1] = strings[FAMILY_OF[kind]]
    doc.from_array([TAG, LEMMA, ENT_KB_ID], rows)


def family_lemma(kind: str) -> str:
    """The lemma that a token of entity type ``kind`` (never in a gap) carries for rules."""
    return FAMILY_OF.get(kind, NO_LEMMA)


@lru_cache(maxsize=4)
def _flag_ids(strings: object) -> numpy.ndarray:
    """Per flag bits: the string ids of its ``tag_``, ``lemma_`` and ``ent_kb_id_``."""
    import numpy

    add = strings.add  # type: ignore[attr-defined]
    for family in FAMILIES:
        add(family)
    gap, aside, none = add(GAP_TEST["LEMMA"]), add(ASIDE_TEST["ENT_KB_ID"]), add(NO_LEMMA)
    rows = [
        (add(tag), gap if bits & GAP else none, aside if bits & ASIDE else 0)
        for bits, tag in enumerate(FLAG_TAGS)
    ]
    return numpy.array(rows, dtype="uint64")
