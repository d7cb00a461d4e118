"""Pointing words and asides: "they", "these drugs", "this type of therapy", ", which ...,"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from immunokg.extract.engine.circumstance import (
    AGENT_TYPES,
    CIRCUMSTANCE_WORDS,
    PARTNER_AFTER,
    mark_circumstance,
)
from immunokg.extract.engine.prior_reference import PRIOR, asked_about, prior_subject
from immunokg.extract.engine.tokens import marks
from immunokg.extract.engine.tokens.words import Words
from immunokg.extract.rules.flags import ASIDE, CLAUSE, GAP
from immunokg.extract.rules.pointing_phrases import load_pointing_phrases
from immunokg.extract.rules.triggers import load_triggers
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Each kind of pointing phrase, as a token pattern: extract/data/pointing_phrases.jsonl.
ANAPHORA = {phrase.id: list(phrase.pattern) for phrase in load_pointing_phrases()}
_OPENERS = word_list("pronoun-openers")
_BOTH_VERBS = word_list("both-verbs")
_CLAUSE_OPENERS = word_list("clause-openers")
_OF = word_list("of-words")
# "doctors use it ...", "doctors count them as immunotherapy": a verb of use or of naming
_USE_VERBS = word_list("use-verbs") | {
    word
    for t in load_triggers()
    if t.relation == "in_class" and "oblique" in t.frames
    for word in t.words("finite")
}
_ON_DRUG = word_list("people-on-drug")
# ", approved for X in 2010," and ", licensed in 2015," set off the drug's history, not a claim.
_ASIDE_OPEN = word_list("aside-openers")
_LETTERS = (("a", ASIDE), ("c", CLAUSE), ("g", GAP))


def merge_pointing_phrases(doc: Doc, matches: Iterable[tuple[int, int, int]]) -> None:
    """Merge each pointing phrase into one token tagged "Anaphor"; it resolves per sentence."""
    spans = []
    for match_id, start, end in matches:
        name = doc.vocab.strings[match_id]
        if name == "topic-pronoun" and not (_opens_clause(doc, start) or asked_about(doc, start)):
            continue
        if name in PRIOR and not prior_subject(doc, start, end, name):
            continue
        if name == "topic-all" and (end >= len(doc) or doc[end].lower_ not in _BOTH_VERBS):
            continue  # "All three are PD-1 inhibitors", not "all three drugs"
        if (
            doc[start].lower_ == "both"
            and (end >= len(doc) or doc[end].lower_ not in _BOTH_VERBS)
            and not (name == "topic-these" and _after_effect_noun(doc, start))
        ):
            continue  # "Both are approved ...", not "both drugs" or "both A and B"; but
            # "the main problem with both drugs"
        if name == "topic-object" and (start == 0 or doc[start - 1].lower_ not in _USE_VERBS):
            continue  # "doctors use it to treat ...": the object of a verb of use or naming
        after = doc[end].lower_ if end < len(doc) else ""
        share = name == "section-people" and _share_of_people(doc, start, after)
        if name in ("section-warning", "section-people") and not (
            doc[start].is_sent_start or share
        ):
            continue  # "Tell your nurse if you notice:" opening a list header; "in 30% of
            # patients" closing a clause about an effect
        if name == "section-people" and after in _ON_DRUG:
            continue  # "Some people taking X get Y" names its own drug
        first = ("topic-the-drug", "topic-part", "topic-pair", "topic-some-of")
        if name in first and not (
            doc[start].is_sent_start or (name == "topic-part" and doc[start - 1].text == ";")
        ):
            continue  # "The drug has also been tested in ...": the sentence's subject only
        if name == "list-bare-plural" and not _bare_plural_header(doc, start, after):
            continue  # "Therapies that target CD19:" heading a list, after the class's plural
        if name == "section-target" and not (doc[start].is_sent_start and after in _ARE_OR):
            continue  # "Target: PD-1", "Its main target is PD-1" opening a line
        if name == "section-immune" and not (
            doc[start].is_sent_start or (start and doc[start - 1].text == ":")
        ):
            continue  # "Your immune system can inflame the liver." on a drug's page
        if name == "section-dose" and not doc[start].is_sent_start:
            continue  # "The first dose can cause ..." under a heading naming one drug
        if name in ("section-common", "section-happens") and not (
            after in _COMMON_AFTER
            and _effect_opens(doc, start)
            and not any(t.ent_type_ in ("Drug", "DrugClass", "Brand") for t in doc[end : end + 4])
        ):  # "X is common with ipilimumab" names its drug
            continue  # "A rash or itchy skin is common." closing a sentence about side effects
        if name == "section-frequency" and not (
            _row_opens(doc, start)
            and (after in ("(", ":", "|") or (not after and doc[start - 1].text == "|"))
        ):
            continue  # a leaflet's "Very common (may affect more than 1 in 10 people):" header,
            # or the first cell of a table row "| Very common (...) | Tiredness, rash |"
        possessive = doc[start].lower_ in ("its", "their")
        clause = doc[start].is_sent_start or doc[start - 1].lower_ in ("and", "but", ";", ",")
        if name == "section-effects" and ((not clause and not possessive) or after in _OF):
            continue  # "The most common side effects are ..." opening a sentence
        if name == "section-effects" and doc[end - 1].lower_ in _BARE and after not in _ARE:
            continue  # "The commonest are ...", not "the most common cancer"
        if not any(t.ent_type_ not in _PHRASE_TYPES for t in doc[start:end]):
            spans.append((start, end, name))  # "both BCMA-directed products" keeps its target
    spans += [(i, i + 1, "section-effects") for i in _effect_categories(doc)]
    kinds = _longest((start, end, name) for start, end, name in spans)
    with doc.retokenize() as retokenizer:
        for start, end, _ in kinds:
            retokenizer.merge(doc[start:end])
    _mark_anaphora(doc, [(start, end - start, name) for start, end, name in kinds])


_PHRASE_TYPES = frozenset({"", "Target", "Symbol"})
_CATEGORIES = word_list("effect-categories")
_LISTING = frozenset({"include", "includes", "included", "are", "were", ":"})


def _effect_categories(doc: Doc) -> list[int]:
    """Effects that name a kind of all effects ("irAEs", "immune-related adverse events")
    opening a sentence, after at most two plain words, and followed by "include" or "are":
    they head a list as "side effects" does ("Common irAEs include colitis")."""
    found = []
    for token in doc:
        i = token.i
        if token.ent_type_ != "SideEffect" or i + 1 >= len(doc):
            continue
        if doc[i + 1].lower_ not in _LISTING or _CATEGORIES.isdisjoint(
            token.lower_.replace("-", " ").split()
        ):
            continue
        start = next(j for j in range(i, -1, -1) if doc[j].is_sent_start or j == 0)
        if i - start <= 2 and all(t.is_alpha and not t.ent_type_ for t in doc[start:i]):
            found.append(i)
    return found


_BARE, _ARE = frozenset({"common", "commonest"}), frozenset({"are", "were", "include", "included"})
_ARE_OR = frozenset({":", "is", "are", "include", "includes"})
# What may follow "X is common": the end, "too", or when and where ("on the day of each dose").
_COMMON_AFTER = frozenset(
    {"", ".", ",", "(", "too", "on", "with", "after", "during", "early", "but", "and"}
)


_SHARE_ENDS = frozenset({"", ".", ",", ";", ")", "and", "but"})


def _share_of_people(doc: Doc, i: int, after: str) -> bool:
    """Token ``i`` ends "in 30% of [patients]", "in a third of [people]": a share of people
    that names no drug of its own (nothing but the clause's end follows)."""
    if after not in _SHARE_ENDS or i < 2 or doc[i - 1].lower_ not in ("of", "the", "all"):
        return False
    before = doc[max(0, i - 5) : i - 1]
    return any(t.like_num or t.lower_ in ("%", "half", "third", "quarter") for t in before)


_EFFECT_HEADS = word_list("partner-exempt-heads")


def _after_effect_noun(doc: Doc, i: int) -> bool:
    """Token ``i`` follows an effect noun and its preposition: "the main problem with [both
    drugs]", "reactions to [both medicines]", "side effects of [both]"."""
    return i >= 2 and doc[i - 1].lower_ in _OF and doc[i - 2].lower_ in _EFFECT_HEADS


def _bare_plural_header(doc: Doc, i: int, after: str) -> bool:
    """Token ``i`` opens a list's introducing line with a bare plural and a relative clause."""
    sent = doc[i].sent
    return doc[i].is_sent_start and after in ("that", "which") and ":" in (t.text for t in sent)


def _row_opens(doc: Doc, i: int) -> bool:
    """Token ``i`` opens its sentence, or a cell of a table row ("| Very common")."""
    if doc[i].is_sent_start:
        return True
    return i > 0 and doc[i - 1].text == "|"  # a cell of a row ("| Rash | Very common |")


def _effect_opens(doc: Doc, i: int) -> bool:
    """The sentence holding token ``i`` opens with a side effect (after an article)."""
    start = next(j for j in range(i, -1, -1) if doc[j].is_sent_start or j == 0)
    start += doc[start].lower_ in ("a", "an", "the")
    return start < i and doc[start].ent_type_ == "SideEffect"


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
        marks.mark(token, "anaphor", kind)
        token.ent_type_ = "Anaphor"
        shift += length - 1


def aside_flags(words: Words, flags: list[int]) -> None:
    """Add the aside flags to ``flags``, in place: parentheses, ", which ... ," clauses and
    circumstances, which a rule may step over between a slot and its verb."""
    text, lower, ent = words.text, words.lower, words.ent
    n = len(text)
    i = 0
    while i < n:
        word = text[i]
        if word == "(":
            close = next((j for j in range(i + 1, min(i + 14, n)) if text[j] in (")", "):")), None)
            if close is not None:
                for j in range(i, close + 1):
                    flags[j] |= ASIDE
                i = close
        elif word == "," and i + 1 < n and lower[i + 1] in _ASIDE_OPEN:
            close = next((j for j in range(i + 2, min(i + 16, n))
                          if text[j] in (",", ".", ";")), None)  # fmt: skip
            if close is not None and text[close] == ",":
                for j in range(i, close + 1):
                    flags[j] |= ASIDE | CLAUSE
                i = close
        elif word == "," and _opens_examples(lower, i + 1):
            close = next((j for j in range(i + 2, min(i + 12, n))
                          if text[j] in (",", ".", ";")), None)  # fmt: skip
            if close is not None and text[close] == ",":
                for j in range(i, close + 1):  # ", such as X," gives examples, not the subject
                    flags[j] |= ASIDE
                i = close
        elif lower[i] in _RELATIVES and i and ent[i - 1] in AGENT_TYPES:
            close = _restrictive_end(words, i)
            for j in range(i, close):  # "CAR T therapies that target X are being tested"
                flags[j] |= ASIDE | CLAUSE
            i = max(i, close - 1)
        elif lower[i] in CIRCUMSTANCE_WORDS or (
            i and (ent[i - 1] in AGENT_TYPES or lower[i - 1] in PARTNER_AFTER)
        ):
            end = mark_circumstance(words, flags, i)
            if i and end > i and text[i - 1] == "," and end + 1 < n and text[end + 1] == ",":
                flags[i - 1] |= ASIDE  # "approved in the US, in 2015, for melanoma": the
                flags[end + 1] |= ASIDE  # commas setting a circumstance off go with it
                end += 1
            i = end
        i += 1


_RELATIVES = frozenset({"that", "which", "who"})
_FINITE = frozenset({"is", "are", "was", "were", "can", "may", "might", "could", "will", "has"})
_FINITE |= frozenset({"have", "had", "should", "would", "must", "do", "does"})


def _restrictive_end(words: Words, i: int) -> int:
    """Where a relative clause right after a drug ends: before the finite verb of the main
    clause ("... that target claudin 18.2 are ..."); ``i`` itself when none is near."""
    text, lower = words.text, words.lower
    for j in range(i + 2, min(i + 10, len(text))):
        if text[j] in (",", ".", ";", ":", "(") or lower[j] in _RELATIVES:
            return i
        if lower[j] in _FINITE:
            return j
    return i


def in_examples(doc: Doc, i: int) -> bool:
    """Token ``i`` sits in an aside of examples: "LAG-3 inhibitors, such as relatlimab, are"."""
    j = i - 1
    while j >= 0 and "a" in doc[j].tag_ and doc[j].text != ",":
        j -= 1
    return (
        j >= 0
        and doc[j].text == ","
        and "a" in doc[j].tag_
        and _opens_examples([t.lower_ for t in doc[j + 1 : j + 3]], 0)
    )


def _opens_examples(lower: list[str], i: int) -> bool:
    words = lower[i : i + 2]
    return words[:2] == ["such", "as"] or words[:1] in (["including"], ["like"], ["e.g."])


def _opens_clause(doc: Doc, i: int) -> bool:
    """A subject pronoun: first in its sentence or clause, or after a short opener ("Less often it")."""
    sent_start = next(j for j in range(i, -1, -1) if doc[j].is_sent_start or j == 0)
    before = doc[sent_start:i]
    if len(before) == 0 or doc[i - 1].lower_ in _CLAUSE_OPENERS:
        return True
    if doc[i - 1].text == "," and len(before) <= 6 and not any(t.ent_type_ for t in before):
        return True  # "In the UK, it is licensed for ..."
    return len(before) <= 3 and all(t.lower_ in _OPENERS for t in before)
