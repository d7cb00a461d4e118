"""Checks a rule match must pass, read from the words around its slots: a class renamed
next ("a type of drug called a bispecific antibody"), the standard of a comparison, and a
class noun after "is a" that describes the sentence's subject."""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.engine.coordination import AGENTS
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Span


def renamed(sent: Span, i: int) -> bool:
    """ "a type of targeted drug called a bispecific antibody": the class named next is meant."""
    doc = sent.doc
    words = list(doc[i + 1 : min(i + 6, sent.end)])
    for k, token in enumerate(words):
        if token.lower_ in ("called", "named", "termed") or (
            token.lower_ == "known" and k + 1 < len(words) and words[k + 1].lower_ == "as"
        ):
            return any(t.ent_type_ == "DrugClass" for t in words[k + 1 :])
        if token.ent_type_ or token.lower_ not in _CLASS_NOUNS:
            return False
    return False


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
    if j >= sent.start and doc[j].text == "(":
        j -= 1
    if j >= sent.start and doc[j].ent_type_ in AGENTS:
        return j
    return i
