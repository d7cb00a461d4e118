"""Pointing words and asides: "they", "these drugs", "this type of therapy", ", which ...,"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .nlp import with_flag

if TYPE_CHECKING:
    from spacy.tokens import Doc

_THING = ["drug", "drugs", "medicine", "medicines", "medication", "medications", "therapy",
          "therapies", "treatment", "treatments", "agent", "agents", "antibody", "antibodies",
          "vaccine", "vaccines"]  # fmt: skip
_SEVERITY = ["common", "main", "serious", "severe", "possible", "usual", "rare", "frequent",
             "typical", "other", "mild", "less", "uncommon", "very", "but", "and", "potentially",
             "life", "-", "threatening", "rarer"]  # fmt: skip
ANAPHORA = {
    "topic-pronoun": [{"LOWER": {"IN": ["they", "it", "both"]}}],
    "topic-these": [{"LOWER": {"IN": ["these", "those", "both", "such", "either", "each"]}},
                    {"LIKE_NUM": True, "OP": "?"}, {"LOWER": {"IN": _THING}}],
    "topic-all": [{"LOWER": "all"}, {"LOWER": {"IN": ["two", "three", "four", "five", "six"]}}],
    "topic-this": [{"LOWER": "this"}, {"LOWER": {"IN": _THING}}],
    "topic-brand": [{"LOWER": {"IN": ["its", "their"]}}, {"LOWER": {"IN": ["brand", "trade"]}},
                    {"LOWER": {"IN": ["name", "names"]}}],
    "topic-object": [{"LOWER": {"IN": ["it", "them"]}}],
    "topic-examples": [{"LOWER": "for"}, {"LOWER": {"IN": ["example", "instance"]}}],
    "section-effects": [
        {"LOWER": {"IN": ["the", "its", "their"]}, "OP": "?"},
        {"LOWER": {"IN": ["most", "more"]}, "OP": "?"},
        {"LOWER": {"IN": _SEVERITY}, "OP": "*"},
        {"LOWER": {"IN": ["side", "adverse"]}},
        {"LOWER": {"IN": ["effects", "effect", "events", "reactions"]}},
    ],
    "section-warning": [{"LOWER": {"IN": ["tell", "call", "contact", "phone", "ring", "see"]}},
                        {"LOWER": {"IN": ["your", "the", "a"]}, "OP": "?"},
                        {"LOWER": {"IN": ["doctor", "nurse", "team", "gp", "pharmacist",
                                          "specialist", "care", "medical", "healthcare",
                                          "treatment", "cancer", "provider"]}, "OP": "{1,3}"}],
    "section-people": [{"LOWER": {"IN": ["some", "many", "most", "few"]}, "OP": "?"},
                       {"LOWER": {"IN": ["people", "patients"]}}],
    "section-frequency": [{"LOWER": "very", "OP": "?"},
                          {"LOWER": {"IN": ["common", "uncommon", "rare"]}}],
    "heading-this-type": [{"LOWER": {"IN": ["this", "these"]}},
                          {"LOWER": {"IN": ["type", "types", "kind", "kinds", "class", "form"]}},
                          {"LOWER": "of"}, {"LOWER": {"IN": [*_THING, "immunotherapy"]}}],
}  # fmt: skip
_OPENERS = frozenset(
    [
        "less",
        "more",
        "often",
        "sometimes",
        "also",
        "rarely",
        "occasionally",
        "now",
        "today",
        "usually",
        "very",
        "in",
        "rare",
        "some",
        "cases",
        "hospitals",
        "countries",
        "centres",
        "centers",
        "situations",
        "most",
        "however",
        "then",
        "still",
        "generally",
        "typically",
        ",",
        "but",
        "and",
        "so",
    ]
)
_BOTH_VERBS = frozenset({"are", "were", "have", "can", "may", "target", "bind", "block",
                         "cause", "also", "work", "recognise", "recognize"})  # fmt: skip
_CLAUSE_OPENERS = frozenset({"and", "but", ";", "so", "then", "means", "because", "although",
                             "though"})  # fmt: skip
_OF = frozenset({"of", "from", "with", "caused", "for"})
_USE_VERBS = frozenset({"use", "uses", "used", "using", "give", "gives", "prescribe", "prescribes"})
_ASIDE_OPEN = frozenset({"which", "who", "a", "an", "marketed", "sold", "branded", "not"})
# Where and when a statement holds, stepped over between its verb and object:
# "is licensed in Europe for", "was approved in 2025 for", "is used after surgery for".
_PLACES = frozenset({"europe", "uk", "us", "usa", "eu", "england", "scotland", "wales",
                     "ireland", "australia", "canada", "japan", "china", "america", "united",
                     "states", "kingdom", "nhs"})  # fmt: skip
_POPULATIONS = frozenset({"adults", "children", "adolescents", "teenagers"})
_AGENCIES = frozenset({"fda", "ema", "mhra", "nice", "tga", "regulators", "nhs"})
_TRIAL_WORDS = frozenset({"a", "an", "the", "clinical", "research", "trial", "trials", "study",
                          "studies", "phase", "1", "2", "3", "i", "ii", "iii"})  # fmt: skip
_STAGES = frozenset({"surgery", "an operation", "transplant", "a transplant", "radiotherapy"})
# A combination partner after the drug or its verb: "X with chemotherapy for ...",
# "used alongside the antibody Y for ...", "tested with Y in people with ...".
_PARTNER_AFTER = frozenset({"have", "has", "had", "having", "given", "use", "used", "uses",
                            "using", "tested", "studied", "investigated", "trialled", "combined",
                            "taken", "received", "receive", "offered", "approved", "licensed"})  # fmt: skip
_PARTNER_WORDS = frozenset({"the", "a", "an", "another", "antibody", "drug", "medicine",
                            "immunotherapy", "targeted", "checkpoint", "inhibitor"})  # fmt: skip
_AGENT_TYPES = frozenset({"Drug", "DrugClass", "Brand"})


def merge_pointing_phrases(doc: Doc, matches: Iterable[tuple[int, int, int]]) -> None:
    """Merge each pointing phrase into one token tagged "Anaphor"; it resolves per sentence."""
    spans = []
    for match_id, start, end in matches:
        name = doc.vocab.strings[match_id]
        if name == "topic-pronoun" and not _opens_clause(doc, start):
            continue
        if name == "topic-all" and (end >= len(doc) or doc[end].lower_ not in _BOTH_VERBS):
            continue  # "All three are PD-1 inhibitors", not "all three drugs"
        if doc[start].lower_ == "both" and (end >= len(doc) or doc[end].lower_ not in _BOTH_VERBS):
            continue  # "Both are approved ...", not "both drugs" or "both A and B"
        if name == "topic-object" and (start == 0 or doc[start - 1].lower_ not in _USE_VERBS):
            continue  # "doctors use it to treat ...": only the object of a verb of use
        after = doc[end].lower_ if end < len(doc) else ""
        if name in ("section-warning", "section-people") and not doc[start].is_sent_start:
            continue  # "Tell your nurse if you notice:" opening a list header
        if name == "section-frequency" and not (doc[start].is_sent_start and after in ("(", ":")):
            continue  # a leaflet's "Very common (may affect more than 1 in 10 people):" header
        possessive = doc[start].lower_ in ("its", "their")
        clause = doc[start].is_sent_start or doc[start - 1].lower_ in ("and", "but", ";", ",")
        if name == "section-effects" and ((not clause and not possessive) or after in _OF):
            continue  # "The most common side effects are ..." opening a sentence
        if not any(t.ent_type_ for t in doc[start:end]):
            spans.append((start, end, name))
    kinds = _longest((start, end, name) for start, end, name in spans)
    with doc.retokenize() as retokenizer:
        for start, end, _ in kinds:
            retokenizer.merge(doc[start:end])
    _mark_anaphora(doc, [(start, end - start, name) for start, end, name in kinds])


def _longest(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longest first, returned in text order."""
    taken: set[int] = set()
    chosen = []
    for start, end, name in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            chosen.append((start, end, name))
    return sorted(chosen)


def _mark_anaphora(doc: Doc, kinds: list[tuple[int, int, str]]) -> None:
    """Tag each merged pointing phrase with its kind; they resolve sentence by sentence."""
    shift = 0
    for start, length, kind in kinds:
        token = doc[start - shift]
        token._.anaphor = kind
        token.ent_type_ = "Anaphor"
        shift += length - 1


def mark_asides(doc: Doc) -> None:
    """Parentheses and ", which ... ," clauses may be skipped between a slot and its verb."""
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.text == "(":
            close = next(
                (j for j in range(i + 1, min(i + 14, len(doc))) if doc[j].text in (")", "):")),
                None,
            )
            if close is not None:
                for j in range(i, close + 1):
                    doc[j].tag_ = with_flag(doc[j].tag_, "a")
                i = close
        elif token.text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in _ASIDE_OPEN:
            close = next((j for j in range(i + 2, min(i + 16, len(doc)))
                          if doc[j].text in (",", ".", ";")), None)  # fmt: skip
            if close is not None and doc[close].text == ",":
                for j in range(i, close + 1):
                    doc[j].tag_ = with_flag(with_flag(doc[j].tag_, "a"), "c")
                i = close
        elif token.text == "," and _opens_examples(doc, i + 1):
            close = next((j for j in range(i + 2, min(i + 12, len(doc)))
                          if doc[j].text in (",", ".", ";")), None)  # fmt: skip
            if close is not None and doc[close].text == ",":
                for j in range(i, close + 1):  # ", such as X," gives examples, not the subject
                    doc[j].tag_ = with_flag(doc[j].tag_, "a")
                i = close
        else:
            i = _mark_circumstance(doc, i)
        i += 1


def in_examples(doc: Doc, i: int) -> bool:
    """Token ``i`` sits in an aside of examples: "LAG-3 inhibitors, such as relatlimab, are"."""
    j = i - 1
    while j >= 0 and "a" in doc[j].tag_ and doc[j].text != ",":
        j -= 1
    return j >= 0 and doc[j].text == "," and "a" in doc[j].tag_ and _opens_examples(doc, j + 1)


def _opens_examples(doc: Doc, i: int) -> bool:
    words = [t.lower_ for t in doc[i : i + 2]]
    return words[:2] == ["such", "as"] or words[:1] in (["including"], ["like"], ["e.g."])


def _mark_circumstance(doc: Doc, i: int) -> int:
    """Mark a place, year, stage or combination partner starting at ``i`` as an aside.

    A partner is also flagged "c": "use X together with chemotherapy to treat Y" says
    nothing of chemotherapy. Returns the last index marked (``i`` when none).
    """
    end, clause = _circumstance_end(doc, i), False
    if end is None:
        end, clause = _partner_end(doc, i), True
    if end is None:
        return i
    for j in range(i, end + 1):
        flags = with_flag(doc[j].tag_, "a")
        doc[j].tag_ = with_flag(flags, "c") if clause else flags
    return end


def _circumstance_end(doc: Doc, i: int) -> int | None:
    word = doc[i].lower_
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is None or nxt.ent_type_:
        return None
    if word in ("in", "since", "during") and nxt.like_num and len(nxt.text) == 4:
        return i + 1  # "in 2025"
    if word == "in" and nxt.lower_ in _POPULATIONS:
        return i + 1  # "is used in adults to treat ..."
    if word == "in":
        j = i + 1 + (nxt.lower_ == "the")
        k = j
        while k < len(doc) and k - j < 2 and doc[k].lower_ in _PLACES:
            k += 1
        return k - 1 if k > j else None
    if word == "as" and [t.lower_ for t in doc[i + 1 : i + 3]] == ["part", "of"]:
        j = i + 3  # "given as part of a clinical trial for ..."
        while j < len(doc) and j - i < 7 and doc[j].lower_ in _TRIAL_WORDS:
            j += 1
        return j - 1 if doc[j - 1].lower_ in ("trial", "trials", "study", "studies") else None
    if word == "by":  # "was approved by the FDA in 2015 to treat ..."
        j = i + 1 + (nxt.lower_ == "the")
        return j if j < len(doc) and doc[j].lower_ in _AGENCIES else None
    if word in ("after", "before"):
        for stage in _STAGES:
            words = stage.split()
            if [t.lower_ for t in doc[i + 1 : i + 1 + len(words)]] == words:
                return i + len(words)
    return None


def _partner_end(doc: Doc, i: int) -> int | None:
    if i == 0:
        return None
    before = doc[i - 1]
    if not (before.ent_type_ in _AGENT_TYPES or before.lower_ in _PARTNER_AFTER):
        return None
    start = i
    for lead in (["alone", "or"], ["on", "its", "own", "or"], ["either", "alone", "or"]):
        if [t.lower_ for t in doc[i : i + len(lead)]] == lead:
            i += len(lead)  # "used alone or with nivolumab to treat ..."
            break
    words = [t.lower_ for t in doc[i : i + 3]]
    if words[:1] in (["with"], ["alongside"], ["plus"]):
        j = i + 1
    elif words[:2] in (["together", "with"], ["combined", "with"], ["along", "with"]):
        j = i + 2
    elif words == ["in", "combination", "with"]:
        j = i + 3
    else:
        return None
    while (
        j < len(doc) and j - start < 9 and doc[j].lower_ in _PARTNER_WORDS and not doc[j].ent_type_
    ):
        j += 1
    if j >= len(doc) or doc[j].ent_type_ not in _AGENT_TYPES:
        return None
    end = j
    words = [t.lower_ for t in doc[end + 1 : end + 3]]
    if words == ["such", "as"] and end + 3 < len(doc) and doc[end + 3].ent_type_ in _AGENT_TYPES:
        end += 3  # "with a targeted drug such as axitinib"
    if end + 1 < len(doc) and doc[end + 1].text == "(":
        close = next(
            (k for k in range(end + 2, min(end + 12, len(doc))) if doc[k].text == ")"), None
        )
        end = close if close is not None else end
    return end


def _opens_clause(doc: Doc, i: int) -> bool:
    """A subject pronoun: first in its sentence or clause, or after a short opener ("Less often it")."""
    sent_start = next(j for j in range(i, -1, -1) if doc[j].is_sent_start or j == 0)
    before = doc[sent_start:i]
    if len(before) == 0 or doc[i - 1].lower_ in _CLAUSE_OPENERS:
        return True
    if doc[i - 1].text == "," and len(before) <= 6 and not any(t.ent_type_ for t in before):
        return True  # "In the UK, it is licensed for ..."
    return len(before) <= 3 and all(t.lower_ in _OPENERS for t in before)
