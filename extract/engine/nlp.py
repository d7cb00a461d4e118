"""The spaCy pipeline, built once: a blank English tokenizer, sentence splitting and token extensions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from immunokg.extract.normalise import normalise_name

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

# Dashes that set off an aside ("Blincyto—which its maker calls ...—is") and marks
# glued to brand names ("Thalomid®") are split off as tokens of their own.
_SPLIT_CHARS = ("—", "–", "®", "™", "“", "”", "/")


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """A blank English pipeline with dash/mark splitting and sentence splitting; no model is loaded."""
    import spacy
    from spacy.util import compile_infix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    marks = [f"[{''.join(_SPLIT_CHARS)}]", r"\)(?=[—–])", r"(?<=[—–])\("]
    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + marks).finditer
    # A full stop after a symbol ending digit-letter ("GPRC5D.", "IL-6R.") ends the sentence.
    stops = [r"(?<=[0-9][A-Za-z])\."]
    suffixes = list(nlp.Defaults.suffixes) + marks + stops
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    # Emoticons made of brackets and colons ("):", ":)") are a bracket and a colon in these
    # texts: "Very common (more than 1 in 10 people):" introduces a list.
    nlp.tokenizer.rules = {
        key: value
        for key, value in nlp.tokenizer.rules.items()
        if not (set(key) & set("()") and not any(ch.isalnum() for ch in key))
    }
    _keys_as_norms(nlp)
    nlp.add_pipe(_sentences_component())
    return nlp


@lru_cache(maxsize=1)
def _sentences_component() -> str:
    """Register the sentence splitter (sentencizer rule and table rows) once; its pipe name."""
    from spacy.language import Language

    from immunokg.extract.engine.tokens.sentences import split_sentences

    Language.component("immunokg_sentences", func=split_sentences)
    return "immunokg_sentences"


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
