"""The spaCy pipeline, built once: a blank English tokenizer, sentence splitting and token extensions."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .normalise import normalise_name

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Dashes that set off an aside ("Blincyto—which its maker calls ...—is") and marks
# glued to brand names ("Thalomid®") are split off as tokens of their own.
_SPLIT_CHARS = ("—", "–", "®", "™", "“", "”", "/")
# Token extensions the entity and relation stages write and the matchers read.
_EXTENSIONS = {
    "etype": "",  # entity type of a merged entity token ("" for other tokens)
    "entities": (),  # tuple of Entity that the token names (several for "low or high X")
    "brand": "",  # the brand string when the token is a brand mention
    "targets": (),  # (class id, Target) pairs a class name states ("PD-1 inhibitor")
    "anaphor": "",  # kind of a merged pointing phrase ("these drugs", "this type of therapy")
    "aside": False,
    "clause": False,  # inside an aside clause (", which ...,", "— ... —"), not a parenthesis  # inside a dash or comma aside, skippable by rules
    "gap": True,  # may sit inside a rule's gap: not a main entity, not a clause break
}
_CLAUSE_BREAKS = frozenset({";", ".", "but", "whereas", "although", "while", "however"})


def register_extensions() -> None:
    """Declare the custom token attributes once per process (spaCy keeps them globally)."""
    from spacy.tokens import Token

    for name, default in _EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """A blank English pipeline with dash/mark splitting and a sentencizer; no model is loaded."""
    import spacy
    from spacy.util import compile_infix_regex, compile_suffix_regex

    register_extensions()
    nlp = spacy.blank("en")
    marks = [f"[{''.join(_SPLIT_CHARS)}]", r"\)(?=[—–])", r"(?<=[—–])\("]
    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + marks).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes) + marks).search
    nlp.add_pipe("sentencizer")
    return nlp


def token_key(text: str) -> str:
    """The matching key of one token: the shared name normalisation, or the text itself."""
    return normalise_name(text) or text


def set_keys(doc: Doc) -> Doc:
    """Write each token's matching key into ``norm_`` so one PhraseMatcher covers all spellings."""
    for token in doc:
        token.norm_ = token_key(token.text)
    return doc


def mark_gaps(doc: Doc) -> None:
    """Mark tokens a rule's gap may cross, and asides set off by dashes."""
    inside = False
    for token in doc:
        if token.text in ("—", "–"):
            inside = not inside
            token._.aside = True
            continue
        token._.aside = inside
        token._.clause = inside
        token._.gap = not token._.etype or token._.etype == "ImmuneCell"
        if token.lower_ in _CLAUSE_BREAKS:
            token._.gap = False
