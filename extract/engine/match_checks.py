"""Checks a rule match must pass, read from the words around its slots: a class renamed
next ("a type of drug called a bispecific antibody"), the standard of a comparison, a
class noun after "is a" that describes the sentence's subject; and who the subjects are:
partners after "used with", the class before "like A and B", pairs made "respectively"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from immunokg.extract.engine.coordination import AGENTS
from immunokg.extract.engine.tokens import marks
from immunokg.extract.model import Entity
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Span


def renamed(sent: Span, i: int, subject: int = -1) -> bool:
    """ "a type of targeted drug called a bispecific antibody": the class named next is meant.
    Named as the match's own subject, it is a subclass ("types of immunotherapy, known as
    ACT"), unless both describe the subject of "is a" (the drug above)."""
    doc = sent.doc
    words = list(doc[i + 1 : min(i + 6, sent.end)])
    for k, token in enumerate(words):
        if token.lower_ in ("called", "named", "termed") or (
            token.lower_ == "known" and k + 1 < len(words) and words[k + 1].lower_ == "as"
        ):
            named = [t.i for t in words[k + 1 :] if t.ent_type_ == "DrugClass"]
            return bool(named) and (named[0] != subject or predicate_noun(sent, i))
        if token.ent_type_ or token.lower_ not in _CLASS_NOUNS:
            return False
    return False


def specificational(sent: Span, s: int, o: int) -> bool:
    """ "The most widely used immunotherapy drugs are checkpoint inhibitors": a class after
    "the most ..." or "the main ..." names the group the class after "are" belongs to."""
    doc = sent.doc
    if not s < o or doc[s].ent_type_ != "DrugClass" or doc[o].ent_type_ != "DrugClass":
        return False
    j = s - 1
    while j > sent.start and not doc[j].ent_type_ and doc[j].lower_ not in _RANKS:
        if doc[j].lower_ in ("the", ",", "is", "are") or s - j > 5:
            return False
        j -= 1
    return doc[j].lower_ in _RANKS and j > sent.start and doc[j - 1].lower_ in ("the", "most")


_RANKS = frozenset({"most", "main", "commonest", "major", "leading", "principal", "biggest"})


def named_examples(sent: Span, i: int) -> int | None:
    """ "checkpoint proteins such as PD-1 and CTLA-4": where the named examples of the
    generic name at i begin, if it has them; else None."""
    doc = sent.doc
    words = [t.lower_ for t in doc[i + 1 : min(i + 4, sent.end)]]
    for opener in (["such", "as"], ["including"], ["like"], ["e.g."], [",", "such", "as"]):
        k = i + 1 + len(opener)
        if words[: len(opener)] == opener and k < sent.end and doc[k].ent_type_ == "Target":
            return k
    return None


def kinds_of(sent: Span, i: int) -> bool:
    """ "The main types of immunotherapy are A and B": the name after "types of" is the group
    its members follow, not the subject of the copula."""
    doc = sent.doc
    return i - 2 >= sent.start and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _KINDS


_KINDS = frozenset({"types", "kinds", "forms", "examples", "classes", "groups", "sorts"})


def partitive(sent: Span, i: int) -> bool:
    """ "the first of these drugs", "one of them": one member, not the group."""
    doc = sent.doc
    return i - 2 >= sent.start and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _ONE_OF


_ONE_OF = frozenset({"first", "second", "third", "last", "latest", "newest", "one"})


def compared(sent: Span, i: int) -> bool:
    """The standard of a comparison ("than the PD-1 drugs") is not what a statement is about."""
    j = i - 1
    while j >= sent.start and sent.doc[j].lower_ in ("the", "a", "an", "other", "most"):
        j -= 1
    return j >= sent.start and sent.doc[j].lower_ == "than"


def renamed_cancer(sent: Span, i: int) -> int | None:
    """ "a skin cancer called cutaneous SCC": the more specific cancer named next is meant."""
    doc = sent.doc
    words = list(doc[i + 1 : min(i + 4, sent.end)])
    if words and words[0].lower_ in ("called", "named", "known"):
        for token in words[1:]:
            if token.ent_type_ == "CancerType":
                return token.i
            if token.lower_ not in ("as", "a", "an"):
                return None
    return None


_COPULA = word_list("copulas")
_CLASS_NOUNS = word_list("class-nouns")
_PREDICATE_WORDS = word_list("copula-predicate-words")


def _copula_before(sent: Span, i: int) -> int | None:
    """Where "is"/"are" stands before the class noun at i, over "a", "type of" ...; else None."""
    doc = sent.doc
    if doc[i].ent_type_ != "DrugClass":
        return None
    j = i - 1
    while j >= sent.start and doc[j].lower_ in _PREDICATE_WORDS:
        j -= 1
    return j if j >= sent.start and doc[j].lower_ in _COPULA else None


def predicate_noun(sent: Span, i: int) -> bool:
    """A class named after "is a" describes the sentence's subject, not itself."""
    j = _copula_before(sent, i)
    return j is not None and j < i - 1


def copula_subject(sent: Span, i: int) -> int:
    """In "A and B are antibodies that bind X", the class noun's statement is about A and B."""
    doc = sent.doc
    j = _copula_before(sent, i)
    if j is None:
        return i
    j -= 1
    while j >= sent.start and "a" in doc[j].tag_ and not doc[j].ent_type_:
        j -= 1
    while j >= sent.start and "a" in doc[j].tag_ and doc[j].text != "(":
        j -= 1
    if j >= sent.start and doc[j].text in ("(", ","):  # "X, also called Y, is a C that ..."
        j -= 1
    if j >= sent.start and doc[j].ent_type_ in AGENTS:
        return j
    return i


def pairs(sent, subjects, objects):
    """Every subject with every object; with "respectively" right after the objects, the
    n-th with the n-th only ("A and B, which target X and Y respectively"), and nothing if
    the counts differ."""
    last = max((pos for pos, _ in objects), default=sent.start)
    after = sent.doc[last + 1 : min(last + 3, sent.end)]
    if not any(t.lower_ == "respectively" for t in after):
        return [(s, se, o, oe) for s, se in subjects for o, oe in objects]
    if len(subjects) != len(objects):
        return []
    ordered = zip(sorted(subjects, key=_at), sorted(objects, key=_at), strict=True)
    return [(s, se, o, oe) for (s, se), (o, oe) in ordered]


def own_aside(sent: Span, subjects: list, s: int, o: int) -> list:
    """ "A (which blocks X) and B (which blocks Y)": what a bracket or ", which" clause right
    after a subject says is said of it, not of the members after it or with their own."""
    doc = sent.doc
    if not s < o < sent.end or any("a" not in doc[k].tag_ for k in range(s + 1, o + 1)):
        return subjects
    return [
        (p, e)
        for p, e in subjects
        if p == s or (p < s and not (p + 1 < sent.end and "a" in doc[p + 1].tag_))
    ]


def _at(pair) -> int:
    return pair[0]


def partners(sent, subjects) -> bool:
    """The subject list opens right after "with"/"plus" that a word, not a drug, stands
    before ("used with A and B"): the drugs are partners of another subject. A sentence
    that opens "With A and B, ..." names its subject that way."""
    first = min((pos for pos, _ in subjects), default=None)
    if first is None or first - 1 < sent.start:
        return False
    marker = sent.doc[first - 1]
    before = sent.doc[first - 2] if first - 2 >= sent.start else None
    return (
        marker.lower_ in _PARTNER_MARKERS
        and before is not None
        and before.is_alpha
        and not before.ent_type_
        and before.lower_ not in _OWN_WITH  # "problems with A and B": A and B are the subject
    )


_PARTNER_MARKERS = word_list("partner-markers")
_OWN_WITH = word_list("partner-exempt-heads")


def example_class(sent, first: int) -> list[tuple[int, Entity]]:
    """ "Immunotherapy medicines like A and B can cause ...": A and B are examples, and the
    class they exemplify says it too."""
    doc = sent.doc
    j = first - 1
    if j > sent.start and doc[j].lower_ == "as" and doc[j - 1].lower_ == "such":
        j -= 1
    elif j < sent.start or doc[j].lower_ not in ("like", "including"):
        return []
    k = j - 1
    while k >= sent.start and not doc[k].ent_type_ and doc[k].lower_ in _CLASS_NOUNS:
        k -= 1
    if k < sent.start or doc[k].ent_type_ != "DrugClass":
        return []
    return [(k, e) for e in marks.entities(doc[k]) if e.type == "DrugClass"]


_CLASS_NOUNS = word_list("class-nouns") | {",", "medications"}


def modified_class(sent: Span, i: int, obj: object) -> list[Entity]:
    """ "an anti-TIGIT monoclonal antibody": a class right before a class noun says what the
    noun's class targets; the noun is a class too, and a class made by a pattern is only that."""
    after = sent.doc[i + 1] if i + 1 < sent.end else None
    if not isinstance(obj, Entity) or after is None:
        return []
    head = [e for e in marks.entities(after) if e.type == "DrugClass"]
    return head if obj.source == "pattern" or not head else [obj, *head]


def class_targets(sent: Span, i: int, obj: Entity) -> list[Entity]:
    """The targets a class name at i states ("PD-1 inhibitor", "anti-TIGIT") or that a target
    or class just before it names ("CD19 CAR T-cell therapy", "BCMA × CD3 bispecific antibody",
    "Anti-CD19 CAR-T")."""
    doc = sent.doc
    found = []
    before = doc[i - 1] if i > sent.start else None
    if before is not None and before.ent_type_ == "Target":
        found += marks.entities(before)
        found += _paired_before(sent, i - 1)
    elif before is not None and before.text in _TIMES:  # "CD20 × CD3 bispecific"
        found += _paired_before(sent, i)
    elif before is not None and before.ent_type_ == "Symbol" and not _PAIRED.search(before.text):
        found += marks.entities(before)  # a "CD20xCD3" the lexicon cannot split is none
    elif before is not None and before.ent_type_ == "DrugClass":  # "Anti-CD19 CAR-T"
        own = {e.id for e in marks.entities(before)}
        found += [target for class_id, target in marks.targets(before) if class_id in own]
    found += [target for class_id, target in marks.targets(doc[i]) if class_id == obj.id]
    return found + _directed_before(sent, i)


def _paired_before(sent: Span, i: int) -> list[Entity]:
    """The first target of "BCMA × CD3" before the name at i."""
    doc = sent.doc
    if i - 2 < sent.start or doc[i - 1].text not in _TIMES:
        return []
    return [e for e in marks.entities(doc[i - 2]) if e.type == "Target"]


_TIMES = frozenset({"×", "x", "/"})


def _directed_before(sent: Span, i: int) -> list[Entity]:
    """ "a BCMA-directed CD3 T-cell engager": a target written as directing a class, within
    the words of the class's own noun phrase."""
    doc, found = sent.doc, []
    for j in range(i - 2, max(sent.start, i - 9) - 1, -1):
        token = doc[j]
        if token.ent_type_ in ("Drug", "DrugClass", "Brand") or token.lower_ in _NP_STOPS:
            break
        if token.ent_type_ == "Target" and _DIRECTED.search(token.lower_):
            found += marks.entities(token)
    return found


_NP_STOPS = frozenset({",", ".", ";", ":", "(", ")", "a", "an", "the", "is", "are", "was", "were"})
_DIRECTED = re.compile(r"(?:directed|targeted|targeting|specific)$")


_PAIRED = re.compile(r"[0-9A-Z]x[A-Z]")
