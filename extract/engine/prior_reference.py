"""Bare "This", "These" and "The combination" as a sentence's subject, pointing one sentence back.

Unlike "it" or "these drugs" (reference.py), these words point at what the sentence before
said, so they resolve only inside one block, and only to one unambiguous antecedent:
"This" to the one agent the previous sentence opens with, "These" to the two or more drugs
the previous sentence names, "The combination" to the two or more drugs of the latest
sentence naming several, when no other drug was named since. Otherwise they stay unresolved.
"The vaccine" resolves anywhere in a page that once named it ("The vaccine, known as X"),
unless the page named two different vaccines so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.engine.tokens import marks
from immunokg.extract.engine.tokens.words import family_lemma
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from immunokg.extract.model import Entity

# The kinds of pointing phrase (extract/data/pointing_phrases.jsonl) resolved here.
PRIOR = frozenset({"prior-this", "prior-these", "prior-combination", "prior-described"})
# The word after the subject must start a predicate: "This can lead to ...", "These
# recognise ...", "The combination is an option for ...".
_PREDICATE = word_list("prior-predicates")
_COMBINATION_PREDICATE = _PREDICATE | word_list("prior-combination-predicates")
# Nouns a page names once ("The vaccine, known as X") and then uses alone.
_DESCRIBED = word_list("prior-described-nouns")
_QUESTION = word_list("question-words")
_EFFECT_VERBS = word_list("effect-pronoun-verbs")
_AUXILIARY = word_list("question-auxiliaries")


def asked_about(doc: Doc, i: int) -> bool:
    """A pronoun after a question word and auxiliary: "What is BCG and how does it treat ..."."""
    return i >= 2 and doc[i - 1].lower_ in _AUXILIARY and doc[i - 2].lower_ in _QUESTION


def prior_subject(doc: Doc, start: int, end: int, name: str) -> bool:
    """The phrase opens its sentence and a predicate follows it; "the vaccine" may stand
    anywhere but where it is given its name ("The vaccine, known as X, ...") or before a
    name ("alongside the antibody naxitamab")."""
    if name == "prior-described":
        return _naming(doc, end) is None and (end >= len(doc) or not doc[end].ent_type_)
    if not doc[start].is_sent_start or end >= len(doc):
        return False
    after = doc[end].lower_
    return after in (_COMBINATION_PREDICATE if name == "prior-combination" else _PREDICATE)


def _naming(doc: Doc, end: int) -> int | None:
    """Index of the name given right after "the vaccine": ", known as X", "called X"."""
    j = end + (end < len(doc) and doc[end].text == ",")
    words = [t.lower_ for t in doc[j : j + 2]]
    k = j + 2 if words == ["known", "as"] else j + 1 if words[:1] == ["called"] else None
    return k if k is not None and k < len(doc) else None


def described(doc: Doc, start: int, end: int) -> dict[str, tuple[Entity, ...]]:
    """ "The vaccine, known as X" in tokens ``start:end``: {"vaccine": X's drugs}."""
    found: dict[str, tuple[Entity, ...]] = {}
    for i in range(start, end - 1):
        noun = doc[i + 1].lower_
        if doc[i].lower_ != "the" or noun not in _DESCRIBED:
            continue
        k = _naming(doc, i + 2)
        if k is not None and doc[k].ent_type_ == "Drug" and len(marks.entities(doc[k])) == 1:
            found[noun] = tuple(marks.entities(doc[k]))
    return found


def remember_names(
    names: dict[str, tuple[Entity, ...]], found: dict[str, tuple[Entity, ...]]
) -> None:
    """Keep "the vaccine" -> X for the page; a second, different X makes it ambiguous."""
    for noun, drugs in found.items():
        earlier = names.get(noun)
        names[noun] = drugs if earlier in (None, drugs) else ()


class PriorSentence:
    """What the previous sentences of one block offer a bare "This", "These" or "The combination"."""

    def __init__(self) -> None:
        self.topic: tuple[Entity, ...] = ()  # the agents the previous sentence opens with
        self.drugs: tuple[Entity, ...] = ()  # every drug the previous sentence names
        self.several: tuple[Entity, ...] = ()  # drugs of the latest sentence naming several

    def referent(self, kind: str) -> tuple[Entity, ...]:
        """The one antecedent of a ``kind`` phrase, or () when there is none or several."""
        if kind == "prior-this":
            return self.topic if len(self.topic) == 1 else ()
        if kind == "prior-these":
            return self.drugs if len(self.drugs) >= 2 else ()
        return self.several

    def advance(self, topic: tuple[Entity, ...], drugs: tuple[Entity, ...]) -> None:
        """Record a sentence just read: its opening agents and the drugs it names."""
        self.topic, self.drugs = topic, drugs
        if len(drugs) >= 2:
            self.several = drugs
        elif not set(drugs) <= set(self.several):
            self.several = ()  # another drug came between: "the combination" is unclear


def effects_named(sent: Span) -> tuple[Entity, ...]:
    """The side effects a sentence names, for an "it" in the next one."""
    return tuple(
        dict.fromkeys(
            e
            for t in sent
            if t.ent_type_ == "SideEffect"
            for e in marks.entities(t)
            if e.type == "SideEffect"
        )
    )


def point_back_to_effect(sent: Span, effects: tuple[Entity, ...]) -> list[int]:
    """ "The big one is CRS. All of these drugs can cause it": "it" (or "this") right
    after a verb of causing stands for the one side effect the sentence before named."""
    if len(effects) != 1:
        return []
    found = []
    for token in sent[1:]:
        pronoun = token.lower_ in ("it", "this") and not token.ent_type_
        if pronoun and token.nbor(-1).lower_ in _EFFECT_VERBS:
            marks.mark(token, "entities", effects)
            token.ent_type_ = "SideEffect"
            token.lemma_ = family_lemma("SideEffect")  # what rules' slots test
            found.append(token.i)
    return found
