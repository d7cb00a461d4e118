"""Where an entity's name starts and ends: candidate spans, the longest-first choice, and the
words a name keeps (a glued "non-", an antibody's conjugate, a histology word, and the parts
of a composed cancer name: "uveal melanoma", "HER2-positive breast cancer", each linked to
the cancer it narrows; the parts are word lists, not combinations listed in the lexicon)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from immunokg.extract.engine.tokens import marks
from immunokg.extract.engine.tokens.words import ids_of
from immunokg.extract.model import Entity
from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.lexicon import Lexicon, LexiconEntry
from immunokg.extract.rules.word_lists import word_list

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
_ANTI = re.compile(r"anti\s*-\s*\S", re.IGNORECASE)
_CLASS_HEADS = re.compile(
    r"[\s-]*(?:blocking|targeting|targeted|directed)?\s*"
    r"(inhibitors?|blockers?|antagonists?|drugs?|antibody|antibodies|therapy|therapies|agents?"
    r"|bispecifics?)$",
    re.IGNORECASE,
)
TARGET_WORDS = re.compile(
    r"^(?:the\s+)?(?:protein\s+)|\s+(?:proteins?|antigen)$|-(?:directed|targeted|targeting|specific)$",
    re.IGNORECASE,
)
ACRONYM = re.compile(r"^[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*$")


def drug_pair(lexicon: Lexicon, text: str) -> bool:
    """A combination written as its members ("A and B"): each a drug of the lexicon."""
    parts = text.split(" and ")
    return len(parts) == 2 and all(
        (entry := lexicon.lookup(part)) is not None and entry.type == "Drug" for part in parts
    )


def paired_targets(lexicon: Lexicon, text: str) -> tuple[Entity, ...]:
    """ "CD20xCD3", "BCMA×CD3": a bispecific's two targets, each one of the lexicon."""
    parts = _PAIR.split(text)
    entries = [lexicon.lookup(part) for part in parts]
    if len(parts) != 2 or any(e is None or e.type != "Target" for e in entries):
        return ()
    return tuple(Entity(e.id, e.label, e.type, "lexicon") for e in entries if e is not None)


_PAIR = re.compile(r"(?<=[0-9A-Z])\s*[x×]\s*(?=[A-Z])")


def class_target_text(text: str) -> str:
    """The target a class name states ("anti-CD38 antibody" → "CD38"), or "" if none."""
    match = _CLASS_HEADS.search(text)
    if match is None and not _ANTI.match(text):
        return ""  # "anti-TIGIT" alone names its target too
    target = text[: match.start()].strip() if match else text
    target = re.sub(r"^anti\s*-\s*", "", target, flags=re.IGNORECASE)
    return target if ACRONYM.match(target.replace(" ", "")) else ""


# --- organ lists ------------------------------------------------------------------

_SEPARATORS = frozenset({",", "and", "or"})
_HEAD_OF = re.compile(r"^([a-z][a-z-]*) of (?:the |your )?[a-z]")


def organ_lists(doc: Doc, lexicon: Lexicon, verbs: dict[str, tuple[str, ...]]) -> None:
    """Each organ listed after "inflammation of the bowel" or after an organ verb ("these
    drugs inflame the lungs, liver or bowel") names its own side effect, found by putting
    the organ into the effect's name ("inflammation of the liver") and asking the lexicon."""
    if not _may_list_organs(doc, verbs):
        return
    plans: list[tuple[int, int, LexiconEntry]] = []
    for i, token in enumerate(doc):
        head = _HEAD_OF.match(token.lower_) if token.ent_type_ == "SideEffect" else None
        if head is not None:
            templates = (f"{head.group(1)} of the {{}}", f"{head.group(1)} of {{}}")
            plans += _organs(doc, i + 1, templates, lexicon, first=False)
        elif token.lower_ in verbs and i + 1 < len(doc) and doc[i + 1].lower_ in ("the", "your"):
            plans += _organs(doc, i + 2, verbs[token.lower_], lexicon, first=True)
    if not plans:
        return
    with doc.retokenize() as retokenizer:
        for start, end, _ in plans:
            if end - start > 1:
                retokenizer.merge(doc[start:end])
    offset = 0
    for start, end, entry in plans:
        token = doc[start - offset]
        token.ent_type_ = "SideEffect"
        marks.mark(token, "entities", (Entity(entry.id, entry.label, entry.type, "lexicon"),))
        offset += end - start - 1


def _may_list_organs(doc: Doc, verbs: dict[str, tuple[str, ...]]) -> bool:
    """A side effect or an organ verb is named: the only places an organ list starts."""
    from spacy.attrs import ENT_TYPE, LOWER

    if not len(doc):
        return False
    lowers, kinds = doc.to_array([LOWER, ENT_TYPE]).T.tolist()
    if doc.vocab.strings["SideEffect"] in kinds:
        return True
    return not ids_of(doc.vocab, verbs).isdisjoint(lowers)


def _organs(doc, j, templates, lexicon, first: bool) -> list[tuple[int, int, LexiconEntry]]:
    """Organ spans from token j on, each found in the lexicon through a template."""
    found = []
    while j < len(doc):
        if not first:
            if doc[j].lower_ not in _SEPARATORS:
                break
            while j < len(doc) and doc[j].lower_ in _SEPARATORS:
                j += 1
        first = False
        entry = None
        for width in (2, 1):
            span = doc[j : j + width]
            if len(span) < width or any(t.ent_type_ or not t.is_alpha for t in span):
                continue
            entry = next(
                (e for t in templates if (e := lexicon.lookup(t.format(span.text))) is not None),
                None,
            )
            if entry is not None and entry.type == "SideEffect":
                found.append((j, j + width, entry))
                j += width
                break
            entry = None
        if entry is None:
            break
    return found


_INTRODUCERS = word_list("example-introducers")


def distribute(doc: Doc, i: int, head: str, entity: Entity, lexicon: Lexicon) -> list[Entity]:
    """ "inflammation of any organ, including the lungs and liver" names one effect per organ."""
    if i >= len(doc) or doc[i].lower_ != "of":
        return []
    j = i + 1
    while j < min(i + 7, len(doc)) and doc[j].lower_ not in _INTRODUCERS:
        j += 1
    j = j + 1 if j < len(doc) and doc[j].lower_ in _INTRODUCERS else i + 1
    if j < len(doc) and doc[j - 1].lower_ == "such":
        j += 1  # "such as"
    found: list[Entity] = []
    chunk: list[str] = []
    for token in doc[j : min(j + 20, len(doc))]:
        if token.lower_ in (",", "and", "or", ".", ";", "the"):
            if chunk:
                found += _effect_of(head, " ".join(chunk), entity, lexicon)
                chunk = []
            if token.lower_ in (".", ";"):
                break
            continue
        chunk.append(token.text)
    if chunk:
        found += _effect_of(head, " ".join(chunk), entity, lexicon)
    return found


def _effect_of(head: str, organ: str, entity: Entity, lexicon: Lexicon) -> list[Entity]:
    for text in (f"{head} of the {organ}", f"{head} of {organ}"):
        entry = lexicon.lookup(text)
        if entry is not None and entry.type == "SideEffect" and entry.id != entity.id:
            return [Entity(entry.id, entry.label, entry.type, "lexicon")]
    return []


def brand_label(text: str, entry: LexiconEntry | None) -> str:
    """A brand as the lexicon writes it ("KEYTRUDA®" is Keytruda), else as the text does."""
    clean = re.sub(r"[®™]", "", text).strip()
    if entry is not None:
        key = normalise_name(clean)
        for brand in entry.brands:
            if normalise_name(brand) == key:
                return brand
    return clean
