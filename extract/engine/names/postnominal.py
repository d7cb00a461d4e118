"""Cancer names built after the noun: the site, subtype or biomarker a phrase after a known
cancer adds, turned into the name it stands for.

- "squamous cell carcinoma of the oesophagus" → esophageal squamous cell carcinoma: the
  lexicon's "cancer of the oesophagus" names the site (esophageal cancer), whose label less
  its head gives the site word;
- "colorectal cancer with mismatch repair deficiency" → mismatch repair deficient colorectal
  cancer; "melanoma with a BRAF mutation" → BRAF-mutant melanoma; "with dMMR";
- "stomach cancer that is HER2-negative (and tests positive for claudin 18.2)" → one name
  per biomarker.

Each name is the lexicon's where it has one, else a pattern entity linked to the cancer it
narrows (and to the site's cancer). Biomarker words are the word list ``cancer-biomarkers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.model import Entity
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc

    from immunokg.extract.rules.lexicon import Lexicon

_DETERMINERS = frozenset({"a", "an", "the", "your", "their"})
_DEFICIENCY = frozenset({"deficiency", "deficiencies"})
_MUTATION = frozenset({"mutation", "mutations", "alteration", "alterations", "change", "changes"})
_RELATIVE = frozenset({"that", "which"})
_COPULA = frozenset({"is", "are"})
_TESTS = frozenset({"tests", "test", "tested"})
# Heads that add nothing to a site: "carcinoma of the bladder" is bladder cancer.
_GENERIC_HEADS = frozenset({"cancer", "carcinoma", "tumor", "tumour", "malignancy"})
_GENE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_LONGEST_SITE = 3  # words: "head and neck"


@dataclass(frozen=True)
class Postnominal:
    """What a phrase after a cancer name adds: the names it makes and the token it ends at."""

    end: int
    entities: tuple[Entity, ...]


@lru_cache(maxsize=1)
def _biomarkers() -> frozenset[str]:
    return word_list("cancer-biomarkers")


def after_cancer(
    doc: Doc, end: int, cancer: Entity, lexicon: Lexicon, make_id: Callable[[str], str]
) -> Postnominal | None:
    """The name a phrase right after the cancer (ending at token ``end``) makes, if any."""
    if end >= len(doc):
        return None
    word = doc[end].lower_
    if word == "of":
        return _site(doc, end + 1, cancer, lexicon, make_id)
    if word == "with":
        found = _with_marker(doc, end + 1)
    elif word in _RELATIVE:
        found = _relative(doc, end + 1)
    else:
        return None
    if not found:
        return None
    last, markers = found
    names = tuple(_named(marker, cancer, lexicon, make_id) for marker in markers)
    return Postnominal(last, names)


def _site(doc, i, cancer, lexicon, make_id) -> Postnominal | None:
    """ "<cancer> of the <organ>": the site's cancer from the lexicon ("cancer of the X")."""
    if i < len(doc) and doc[i].lower_ in _DETERMINERS:
        i += 1
    for width in range(_LONGEST_SITE, 0, -1):
        organ = doc[i : i + width]
        if len(organ) < width or not all(t.is_alpha for t in organ):
            continue
        entry = lexicon.lookup(f"cancer of the {organ.text}")
        if entry is None or entry.type != "CancerType":
            continue
        site = Entity(entry.id, entry.label, entry.type, "lexicon")
        if cancer.label.lower() in _GENERIC_HEADS or site.id == cancer.id:
            return Postnominal(i + width, (site,))
        words = site.label.split(" ")
        if words[-1].lower() not in _GENERIC_HEADS or len(words) < 2:
            return None
        label = " ".join([*words[:-1], cancer.label])
        named = _lexicon_entity(lexicon, label) or Entity(
            make_id(label), label, "CancerType", "pattern", broader=(cancer.id, site.id)
        )
        return Postnominal(i + width, (named,))
    return None


def _with_marker(doc, i) -> tuple[int, list[str]] | None:
    """ "with mismatch repair deficiency", "with a BRAF (V600E) mutation", "with dMMR"."""
    if i < len(doc) and doc[i].lower_ in ("a", "an"):
        i += 1
    word, after = _glued(doc, i)
    if word.lower() in _biomarkers():
        return after, [word]
    for k in range(i, min(i + 4, len(doc))):
        if doc[k].lower_ in _DEFICIENCY and k > i and all(t.is_alpha for t in doc[i:k]):
            return k + 1, [f"{doc[i:k].text} deficient"]
        if doc[k].lower_ in _MUTATION and _GENE.match(doc[i].text):
            return k + 1, [f"{doc[i].text}-mutant"]
    return None


def _relative(doc, i) -> tuple[int, list[str]] | None:
    """ "that is HER2-negative", "that tests positive for claudin 18.2", both joined by "and"."""
    markers: list[str] = []
    end = i
    while i < len(doc):
        if doc[i].lower_ in _COPULA:
            word, after = _glued(doc, i + 1)
            if word.lower() not in _biomarkers():
                break
            markers.append(word)
        elif doc[i].lower_ in _TESTS and i + 2 < len(doc) and doc[i + 2].lower_ == "for":
            sign = doc[i + 1].lower_
            if sign not in ("positive", "negative"):
                break
            marker, after = _marker_name(doc, i + 3)
            if not marker:
                break
            markers.append(f"{marker}-{sign}")
        else:
            break
        end = after
        i = after + 1 if after < len(doc) and doc[after].lower_ == "and" else len(doc)
    return (end, markers) if markers else None


def _marker_name(doc, i) -> tuple[str, int]:
    """A marker after "positive for": a word, with a number glued on ("claudin 18.2")."""
    if i >= len(doc) or not (doc[i].is_alpha or _GENE.match(doc[i].text)):
        return "", i
    end = i + 1
    if end < len(doc) and doc[end].like_num:
        end += 1
    return doc[i:end].text, end


def _glued(doc, i) -> tuple[str, int]:
    """The word at token i with the tokens glued to it ("HER2-negative", "MSI-H")."""
    end = i
    while end < len(doc) and (end == i or not doc[end - 1].whitespace_):
        if doc[end].text in (",", ".", ";", ")", "("):
            break
        end += 1
    return doc[i:end].text, end


def _named(marker: str, cancer: Entity, lexicon: Lexicon, make_id) -> Entity:
    label = f"{marker} {cancer.label}"
    return _lexicon_entity(lexicon, label) or Entity(
        make_id(label), label, "CancerType", "pattern", broader=(cancer.id, *cancer.broader)
    )


def _lexicon_entity(lexicon: Lexicon, label: str) -> Entity | None:
    entry = lexicon.lookup(label)
    if entry is None or entry.type != "CancerType":
        return None
    return Entity(entry.id, entry.label, entry.type, "lexicon")
