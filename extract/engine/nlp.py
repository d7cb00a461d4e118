"""The spaCy pipeline, built once: a blank English tokenizer, sentence splitting and token extensions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.normalise import normalise_name
from immunokg.extract.rules.flags import ASIDE, CLAUSE, FLAG_TAGS, GAP
from immunokg.extract.rules.word_lists import word_list

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

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
# A rule's gap crosses no clause break, nor the end of a sentence.
_CLAUSE_BREAKS = word_list("clause-breaks") | {"."}


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
    # A full stop after a symbol ending digit-letter ("GPRC5D.", "IL-6R.") ends the sentence.
    stops = [r"(?<=[0-9][A-Za-z])\."]
    suffixes = list(nlp.Defaults.suffixes) + marks + stops
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    _keys_as_norms(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(_table_rows_component())
    return nlp


@lru_cache(maxsize=1)
def _table_rows_component() -> str:
    """Register the table-row splitter with spaCy once; its pipe name."""
    from spacy.language import Language

    Language.component("immunokg_table_rows", func=split_table_rows)
    return "immunokg_table_rows"


def split_table_rows(doc: Doc) -> Doc:
    """Each line of a plain-text table ("drug | target | cancer") is a sentence of its own:
    a row is not glued to its header row, nor to the next row."""
    if not _table_marks(doc):
        return doc
    text = doc.text
    for token in doc[1:]:
        if "\n" not in doc[token.i - 1].text and "\n" not in doc[token.i - 1].whitespace_:
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        before_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        line_end = text.find("\n", token.idx)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if "|" in line or "|" in text[before_start:line_start]:
            token.is_sent_start = True
    return doc


_MARKS: dict[int, tuple[bool, bool]] = {}  # ORTH id → (holds "|", holds a line break)


def _table_marks(doc: Doc) -> bool:
    """Whether the text holds both "|" and a line break, read from its words (each checked
    once per process): a token's trailing whitespace is a single space or nothing."""
    from spacy.attrs import ORTH

    bar = newline = False
    strings = doc.vocab.strings
    for orth in set(doc.to_array(ORTH).tolist()) if len(doc) else ():
        marks = _MARKS.get(orth)
        if marks is None:
            word = strings[orth]
            marks = _MARKS[orth] = ("|" in word, "\n" in word)
        bar, newline = bar or marks[0], newline or marks[1]
    return bar and newline


def token_key(text: str) -> str:
    """The matching key of one token: the shared name normalisation, or the text itself."""
    return normalise_name(text) or text


def _keys_as_norms(nlp: Language) -> None:
    """Every word's ``norm_`` is its matching key, so one PhraseMatcher on NORM covers all
    spellings. The key is computed once per word of the vocabulary (a lexeme attribute), not
    per token; tokenizer exceptions lose their own norms ("'cos" → "because") so that no token
    overrides its word's key."""
    from spacy.attrs import NORM

    nlp.vocab.lex_attr_getters[NORM] = token_key
    for lexeme in nlp.vocab:
        lexeme.norm_ = token_key(lexeme.orth_)
    nlp.tokenizer.rules = {
        exception: [
            {attr: value for attr, value in token.items() if attr != NORM} for token in tokens
        ]
        for exception, tokens in nlp.tokenizer.rules.items()
    }


class Words:
    """Each token's text, lower-case form and entity type, read from the Doc once so that
    passes over it index lists instead of building a Token per look."""

    __slots__ = ("doc", "ent", "lower", "text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        rows = [(t.text, t.lower_, t.ent_type_) for t in doc]
        self.text = [row[0] for row in rows]
        self.lower = [row[1] for row in rows]
        self.ent = [row[2] for row in rows]


def gap_flags(words: Words) -> list[int]:
    """Per token: a rule's gap may cross it (not a main entity, not a clause break), and
    whether it sits in an aside set off by dashes."""
    inside = False
    flags = []
    for text, lower, kind in zip(words.text, words.lower, words.ent, strict=True):
        if text in ("—", "–"):
            inside = not inside
            flags.append(ASIDE)
            continue
        gap = (not kind or kind == "ImmuneCell") and lower not in _CLAUSE_BREAKS
        flags.append((ASIDE | CLAUSE if inside else 0) | (GAP if gap else 0))
    return flags


def write_flags(doc: Doc, flags: list[int]) -> None:
    """Every token's flags into ``tag_`` at once."""
    if not flags:
        return
    import numpy
    from spacy.attrs import TAG

    ids = [doc.vocab.strings.add(tag) for tag in FLAG_TAGS]
    doc.from_array([TAG], numpy.array([ids[bits] for bits in flags], dtype="uint64"))


def mark_gaps(doc: Doc) -> None:
    """Mark tokens a rule's gap may cross, and asides set off by dashes."""
    write_flags(doc, gap_flags(Words(doc)))


# Lexeme flag bits spaCy leaves free (1-18 are its own IS_* flags).
_FREE_FLAGS = range(19, 64)
_LEXICAL_ATTRS = {"ORTH": None, "TEXT": None, "LOWER": str.lower}


class _LexicalTest:
    """One set or regex test on a word's text, evaluated once per lexeme and kept as a flag."""

    def __init__(self, attr: str, predicate: str, value: object) -> None:
        self.key = (_LEXICAL_ATTRS[attr], predicate, repr(value))
        self.transform = _LEXICAL_ATTRS[attr]
        self.predicate = predicate
        self.values = frozenset(value) if predicate != "REGEX" else frozenset()
        self.regex = re.compile(value) if predicate == "REGEX" else None

    def __call__(self, string: str) -> bool:
        text = self.transform(string) if self.transform else string
        if self.regex is not None:
            return self.regex.search(text) is not None
        return (text in self.values) == (self.predicate == "IN")


def _is_lexical(attr: object, test: object) -> bool:
    if not isinstance(attr, str) or attr.upper() not in _LEXICAL_ATTRS:
        return False
    if not isinstance(test, dict) or len(test) != 1:
        return False
    ((predicate, value),) = test.items()
    if predicate == "REGEX":
        return isinstance(value, str)
    return (
        predicate in ("IN", "NOT_IN")
        and isinstance(value, list)
        and all(isinstance(v, str) for v in value)
    )


def lexical_pattern(vocab: Vocab, pattern: list[dict[str, object]]) -> list[dict[object, object]]:
    """The pattern with each set or regex test on a token's text (ORTH, TEXT, LOWER) made a
    lexeme flag: the Matcher then tests a bit in C instead of calling Python per token and
    state. The flag is computed once per word of the vocabulary, so matches are unchanged."""
    compiled: list[dict[object, object]] = []
    for spec in pattern:
        token: dict[object, object] = {}
        for attr, test in spec.items():
            flag = _flag(vocab, attr, test) if _is_lexical(attr, test) else None
            if flag is None:
                token[attr] = test
            else:
                token[flag] = True
        compiled.append(token)
    return compiled


def _flag(vocab: Vocab, attr: str, test: dict[str, object]) -> int | None:
    """The flag bit of one test, shared by every pattern that uses it; None when bits run out."""
    ((predicate, value),) = test.items()
    getter = _LexicalTest(attr.upper(), predicate, value)
    for bit, existing in vocab.lex_attr_getters.items():
        if isinstance(existing, _LexicalTest) and existing.key == getter.key:
            return bit
    free = [bit for bit in _FREE_FLAGS if bit not in vocab.lex_attr_getters]
    return vocab.add_flag(getter, flag_id=free[0]) if free else None


def flag_matcher(vocab: Vocab, validate: bool = False) -> Matcher:
    """A spaCy Matcher whose ``add`` turns text tests into lexeme flags (see lexical_pattern),
    after checking the patterns as written."""
    return _flag_matcher_class()(vocab, validate=validate)


@lru_cache(maxsize=1)
def _flag_matcher_class() -> type:
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.schemas import validate_token_pattern

    class FlagMatcher(Matcher):
        def add(self, key, patterns, *, on_match=None, greedy=None):
            if self.validate:
                errors = {i: validate_token_pattern(p) for i, p in enumerate(patterns)}
                if any(errors.values()):
                    raise MatchPatternError(key, errors)
            checked, self.validate = self.validate, False
            try:
                flagged = [lexical_pattern(self.vocab, p) for p in patterns]
                super().add(key, flagged, on_match=on_match, greedy=greedy)
            finally:
                self.validate = checked

    return FlagMatcher
