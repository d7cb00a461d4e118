"""Where an entity's name starts and ends: candidate spans, the longest-first choice, and the
words a name keeps (a glued "non-", an antibody's conjugate, a histology word)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from immunokg.extract.rules.lexicon import Lexicon, LexiconEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Histology words name a different cancer ("anaplastic large cell lymphoma"); stage words
# (advanced, metastatic, recurrent) are never built this way and stay outside the name.
_HISTOLOGY = re.compile(r"^[a-z]{2,}(?:plastic|blastic|cytic)$")


@dataclass
class Candidate:
    """A span that may name an entity, before overlapping candidates are resolved."""

    start: int
    end: int
    etype: str
    entry: LexiconEntry | None
    kind: str  # label, synonym, brand, or the pattern id


def widen(doc: Doc, start: int, end: int, label: str, payloads: frozenset[str]) -> tuple[int, int]:
    """A pattern name keeps the words that change what it names: the conjugate of an
    antibody ("patritumab deruxtecan") and a histology word ("anaplastic large cell lymphoma")."""
    if label == "Drug" and end < len(doc) and doc[end].lower_ in payloads:
        end += 1
    if label == "CancerType" and start > 0 and _HISTOLOGY.match(doc[start - 1].lower_):
        start -= 1
    return start, end


def pattern_label(text: str, etype: str) -> str:
    """Labels are lower case like the lexicon's ("Serplulimab" → "serplulimab"); words with a
    capital inside (PD-1, HER2, CD19) and target names keep their case."""
    if etype in ("Target", "Symbol"):
        return text
    words = text.split(" ")
    return " ".join(w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in words)


def payload_words(lexicon: Lexicon) -> frozenset[str]:
    """The second words of the lexicon's antibody-conjugate names ("trastuzumab deruxtecan"):
    after an unseen antibody name they belong to it."""
    words = set()
    for surface, entry, _ in lexicon.surface_forms():
        parts = surface.lower().split()
        if entry.type == "Drug" and len(parts) == 2 and parts[0].endswith("mab"):
            words.add(parts[1])
    return frozenset(words)


def with_negation(doc: Doc, cand: Candidate) -> Candidate:
    """ "non-muscle-invasive bladder cancer" is not "muscle-invasive bladder cancer": a glued
    "non-" before a cancer or side effect belongs to the name."""
    start = cand.start
    if cand.etype not in ("CancerType", "SideEffect") or start < 2:
        return cand
    non, dash = doc[start - 2], doc[start - 1]
    if non.lower_ != "non" or dash.text != "-" or non.whitespace_ or dash.whitespace_:
        return cand
    return Candidate(start - 2, cand.end, cand.etype, None, cand.kind)


def longest_first(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longer wins, then lexicon over pattern, then earlier."""
    ranked = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), c.entry is None, c.start, c.kind),
    )
    taken: set[int] = set()
    chosen = []
    for cand in ranked:
        span = set(range(cand.start, cand.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# Head words of a class named after its target ("PD-1 blocker"); all are called "inhibitor".
_CLASS_HEADS = re.compile(
    r"[\s-]*(?:blocking|targeting|targeted|directed)?\s*"
    r"(inhibitors?|blockers?|antagonists?|drugs?|antibody|antibodies|therapy|therapies|agents?)$",
    re.IGNORECASE,
)
TARGET_WORDS = re.compile(
    r"^(?:the\s+)?(?:protein\s+)|\s+(?:proteins?|antigen)$|-(?:directed|targeted|targeting|specific)$",
    re.IGNORECASE,
)
ACRONYM = re.compile(r"^[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*$")


def class_target_text(text: str) -> str:
    """The target a class name states ("anti-CD38 antibody" → "CD38"), or "" if none."""
    match = _CLASS_HEADS.search(text)
    if match is None:
        return ""
    target = text[: match.start()].strip()
    target = re.sub(r"^anti\s*-\s*", "", target, flags=re.IGNORECASE)
    return target if ACRONYM.match(target.replace(" ", "")) else ""
