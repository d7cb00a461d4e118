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


def with_flag(flags: str, letter: str) -> str:
    """Token flags live in ``tag_`` (unused by a blank pipeline) so the Matcher reads them natively:
    g = a rule's gap may cross it, a = inside an aside, c = inside an aside clause."""
    return "".join(sorted(set(flags) | {letter}))


def tags_with(letter: str) -> list[str]:
    """Every flag string that carries ``letter``, for a Matcher ``TAG IN`` test."""
    combos = ["".join(ch for k, ch in enumerate("acg") if mask >> k & 1) for mask in range(8)]
    return sorted(c for c in combos if letter in c)


def mark_gaps(doc: Doc) -> None:
    """Mark tokens a rule's gap may cross, and asides set off by dashes."""
    inside = False
    for token in doc:
        if token.text in ("—", "–"):
            inside = not inside
            token.tag_ = "a"
            continue
        flags = "ac" if inside else ""
        if (
            not token.ent_type_ or token.ent_type_ == "ImmuneCell"
        ) and token.lower_ not in _CLAUSE_BREAKS:
            flags = with_flag(flags, "g")
        token.tag_ = flags
