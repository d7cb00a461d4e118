"""Which relation rules can match a sentence at all, read from the rules' own patterns.

Every element of a rule's pattern that must match a token (no "?", "*" or "!") and tests
the token's word (LOWER, ORTH/TEXT) or entity type (ENT_TYPE) is a requirement: a sentence
none of whose tokens passes that test cannot match the rule. Only the rules a sentence meets
every requirement of are run over it, in one Matcher holding just those rules (built once
per set of rules). A spaCy Matcher over a subset of its patterns finds the same matches in
the same order, minus the other patterns' matches, so results do not change; the Matcher's
cost grows with the patterns it runs at each token.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from immunokg.extract.rules.flags import FAMILIES

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# Pattern keys a requirement is read from, and which token value each one tests.
_WORD_KEYS = {"LOWER": "lower", "ORTH": "orth", "TEXT": "orth", "ENT_TYPE": "ent"}
_OPTIONAL = frozenset({"?", "*", "!"})
_CACHE_LIMIT = 4096  # subsets of rules kept as compiled matchers


def requirements(pattern: Sequence[dict[object, object]]) -> list[tuple[str, frozenset[str]]]:
    """(which value, allowed values) for each test that some token of a match must pass."""
    found = []
    for token in pattern:
        if str(token.get("OP", "")) in _OPTIONAL:
            continue
        for key, test in token.items():
            if isinstance(key, int) and test is True:
                found.append(("flag", frozenset([str(key)])))  # a test made a lexeme flag
                continue
            if key == "LEMMA" and test in FAMILIES:  # an entity-type family (rules/flags.py)
                found.append(("ent", FAMILIES[test]))  # type: ignore[index]
                continue
            kind = _WORD_KEYS.get(key.upper()) if isinstance(key, str) else None
            if kind is None:
                continue
            if isinstance(test, str):
                values = frozenset([test])
            elif isinstance(test, dict) and set(test) == {"IN"} and isinstance(test["IN"], list):
                values = frozenset(str(v) for v in test["IN"])
            else:
                continue  # NOT_IN, REGEX ...: no word the sentence must hold
            if kind == "ent" and "" in values:
                continue  # "no entity" is met by almost any sentence
            found.append((kind, values))
    return found


class RuleFilter:
    """Per sentence, the rules whose requirements its tokens meet, and a Matcher of just those."""

    def __init__(
        self,
        vocab: Vocab,
        rules: Sequence[tuple[str, list[dict[str, object]]]],
        by_flags: bool = False,
    ):
        """``rules``: (rule id, pattern in spaCy's format) in the order matches must keep.

        ``by_flags``: text tests that became lexeme flags are required as flags (for
        ``doc_met``, over a whole Doc); otherwise as the words they test (``token_mask``).
        """
        from spacy.attrs import ENT_TYPE, ORTH
        from spacy.strings import get_string_id

        from immunokg.extract.engine.nlp import lexical_pattern

        self.vocab = vocab
        self._orth_ent = [ORTH, ENT_TYPE]
        self.rules = [(rule_id, lexical_pattern(vocab, pattern)) for rule_id, pattern in rules]
        self.masks: dict[str, dict[int, int]] = {"lower": {}, "orth": {}, "ent": {}, "flag": {}}
        self.needs: list[int] = []
        self._matchers: dict[tuple[int, ...], Matcher] = {}
        self._possible: dict[tuple[int, Collection[int]], tuple[int, ...]] = {}
        bits: dict[tuple[str, frozenset[str]], int] = {}
        read = self.rules if by_flags else rules
        for _, pattern in read:
            need = 0
            for kind, values in requirements(pattern):
                if (kind, values) not in bits:
                    bits[kind, values] = bit = 1 << len(bits)
                    table = self.masks[kind]
                    for value in values:
                        key = int(value) if kind == "flag" else get_string_id(value)
                        table[key] = table.get(key, 0) | bit
                need |= bits[kind, values]
            self.needs.append(need)
        self.known_words: dict[int, int] = {}  # ORTH id → its word_mask, once worked out

    def word_mask(self, orth: int) -> int:
        """The requirements a word meets (by its ORTH id): its text, lower-case form and
        lexeme flags, all properties of the word, so worked out once per word and kept."""
        mask = self.known_words.get(orth)
        if mask is None:
            masks = self.masks
            lexeme = self.vocab[orth]
            mask = masks["lower"].get(lexeme.lower, 0) | masks["orth"].get(orth, 0)
            for flag_id, bit in masks["flag"].items():
                if lexeme.check_flag(flag_id):
                    mask |= bit
            self.known_words[orth] = mask
        return mask

    def words_met(self, orths: Iterable[int]) -> int:
        """The word requirements some token meets, from the tokens' ORTH ids."""
        met, known = 0, self.known_words
        for orth in set(orths):
            mask = known.get(orth)
            met |= self.word_mask(orth) if mask is None else mask
        return met

    def doc_met(self, doc: Doc) -> int:
        """Every requirement some token of ``doc`` meets: words, flags and entity types."""
        if not len(doc):
            return 0
        table = doc.to_array(self._orth_ent)
        met = self.words_met(table[:, 0].tolist())
        ent = self.masks["ent"]
        if ent:
            for key in set(table[:, 1].tolist()):
                met |= ent.get(key, 0)
        return met

    def possible(self, met: int, skip: Collection[int] = ()) -> tuple[int, ...]:
        """Indices of the rules (but ``skip``) every requirement of which is in ``met``;
        worked out once per (met, skip), as sentences meet the same requirements again."""
        key = (met, skip)
        found = self._possible.get(key)
        if found is None:
            needs = self.needs
            found = tuple(i for i, need in enumerate(needs) if met & need == need and i not in skip)
            if len(self._possible) >= _CACHE_LIMIT * 4:
                self._possible.clear()
            self._possible[key] = found
        return found

    def matcher(self, indices: tuple[int, ...]) -> Matcher:
        """A Matcher of the rules ``indices``, in rule order; built once per subset."""
        matcher = self._matchers.get(indices)
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(self.vocab, validate=False)  # checked by the engine, as written
            for i in indices:
                rule_id, pattern = self.rules[i]
                matcher.add(rule_id, [pattern])
            if len(self._matchers) >= _CACHE_LIMIT:
                self._matchers.clear()
            self._matchers[indices] = matcher
        return matcher


def sentence_mask(rule_filter: RuleFilter, words: Iterable[int], ent_types: Iterable[int]) -> int:
    """Every requirement some token of the sentence meets: word masks and entity types."""
    met = 0
    for mask in words:
        met |= mask
    ent = rule_filter.masks["ent"]
    for ent_type in ent_types:
        met |= ent.get(ent_type, 0)
    return met
