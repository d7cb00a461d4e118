"""Effect subheadings: lines that open with a side effect under a line that introduces them.

A Medication Guide says "X can cause serious side effects, including:" and goes on, not
with a bulleted list, but with lines that each open with an effect ("Lung problems
(pneumonitis). Signs and symptoms may include:"), each with its own list of symptoms. Each
such line is read as an item of the introducing line; the symptom lists under them keep
their own headers (the signs line), which state no effect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.extract.model import TABLE_KINDS, Document
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_INTRO_NOUNS = word_list("subheading-intro-nouns")
_SYMPTOMS = word_list("symptom-words")
_OPENERS = word_list("item-determiners")
_LONGEST = 24  # tokens of a subheading's first sentence: a name, its gloss, a short clause


def effect_subheadings(document: Document, docs: list[Doc]) -> dict[int, int]:
    """Block index of each effect subheading → the index of the line that introduces it.

    The run of subheadings goes on through list items and "Signs and symptoms ...:" lines;
    any other line ends it (a new line about effects starts the next run)."""
    found: dict[int, int] = {}
    intro: int | None = None
    for index, block in enumerate(document.blocks):
        if block.kind == "item":
            continue  # a subheading's own symptom list
        if block.kind in TABLE_KINDS:
            intro = None
            continue
        sents = list(docs[index].sents)
        if intro is not None and sents and _opens_with_effect(sents[0]):
            found[index] = intro
            continue
        last = sents[-1] if sents else None
        if last is None or not last.text.rstrip().endswith(":"):
            intro = None
        elif _lists_signs(last):
            intro = intro if len(sents) == 1 else None
        else:
            intro = index if _introduces_effects(last) else None
    return found


def _opens_with_effect(sent: Span) -> bool:
    """ "Lung problems (pneumonitis).", "Severe skin reactions that can lead to ...": a short
    sentence whose first word (after an article or "severe") names an effect, and no agent."""
    if len(sent) > _LONGEST:
        return False
    first = next((t for t in sent if t.lower_ not in _OPENERS), None)
    if first is None or first.ent_type_ != "SideEffect":
        return False
    return not any(t.ent_type_ in ("Drug", "DrugClass", "Anaphor", "Brand") for t in sent)


def _lists_signs(sent: Span) -> bool:
    return any(t.lower_ in _SYMPTOMS for t in sent)


def _introduces_effects(sent: Span) -> bool:
    """The line names effects in general ("serious side effects, including:"), merged
    into one pointing phrase or not."""
    return any(t.lower_.split()[-1] in _INTRO_NOUNS for t in sent if t.ent_type_ != "SideEffect")
