"""Short forms a document defines and then uses: "bispecific T-cell engagers (TCEs)",
"follicular lymphoma (FL)", "immune effector cell (IEC) therapies".

A clinician summary writes the long form once with its short form in brackets, then only
the short form. The same letters mean different things on different pages ("MM", "FL"), so
a definition holds in its own document only, and only where its long form is a name the
lexicon knows and the short form spells it (Schwartz and Hearst's test: each letter in
order, the first at the start of a word). Short forms the lexicon already names are its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from immunokg.extract.engine.entity_spans import ACRONYM

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from immunokg.extract.rules.lexicon import Lexicon, LexiconEntry

_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\s*\)")
_CLAUSE_END = re.compile(r"[.;:,()\[\]\n]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_MAX_SHORT = 10
_TAIL_WORDS = 2  # "(IEC) therapies": the words that finish the long form after the bracket


def defined_names(texts: Iterable[str], lexicon: Lexicon) -> dict[str, LexiconEntry]:
    """Each surface a document's definitions add, with the entry it names; a short form's
    first definition holds."""
    found: dict[str, LexiconEntry] = {}
    defined: set[str] = set()
    for text in texts:
        for match in _DEFINED.finditer(text):
            short = match.group(1)
            if not _is_short_form(short) or lexicon.lookup(short) is not None:
                continue
            letters = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
            if letters in defined:
                continue
            before = _CLAUSE_END.split(text[: match.start()])[-1]
            after = _CLAUSE_END.split(text[match.end() :])[0]
            surfaces = _definition(letters, _WORD.findall(before), _WORD.findall(after), lexicon)
            if surfaces:
                defined.add(letters)
                found.update(surfaces)
    return found


def _is_short_form(text: str) -> bool:
    return len(text) <= _MAX_SHORT and bool(ACRONYM.match(text)) and not text.isdigit()


def _definition(
    letters: str, before: list[str], after: list[str], lexicon: Lexicon
) -> dict[str, LexiconEntry]:
    """The surfaces this definition adds: the short form (and its plural), or the short form
    with the words after the bracket where those finish the long form ("CAR T-cell" and "CAR
    T-cell therapy": the recognizer takes the longer where the text has it)."""
    for size in range(1, min(len(before), len(letters) + 3) + 1):
        words = before[-size:]
        if not _spells(letters, words):
            continue
        entry = lexicon.lookup(" ".join(words))
        if entry is not None and entry.type != "Brand":
            return {letters: entry, f"{letters}s": entry}
        finished = {}
        for tail in range(1, min(len(after), _TAIL_WORDS) + 1):
            entry = lexicon.lookup(" ".join(words + after[:tail]))
            if entry is not None:
                finished[f"{letters} {' '.join(after[:tail])}"] = entry
        if finished:
            return finished
    return {}


def _spells(letters: str, words: list[str]) -> bool:
    """Each letter of the short form in order in the long form, the first one starting it."""
    long = " ".join(words).lower()
    wanted = [c for c in letters.lower() if c.isalnum()]
    if not wanted or not long.startswith(wanted[0]):
        return False
    position = 1
    for char in wanted[1:]:
        position = long.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


class DefinedNames:
    """A document's defined short forms, matched in its Docs as the recognizer's extra names."""

    def __init__(self, nlp: Language, names: dict[str, LexiconEntry]) -> None:
        from spacy.matcher import PhraseMatcher

        self._entries: dict[int, LexiconEntry] = {}
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH") if names else None
        for surface, entry in sorted(names.items()):
            name = f"defined:{surface}"
            self._entries[nlp.vocab.strings.add(name)] = entry
            self._matcher.add(name, [nlp.make_doc(v) for v in _variants(surface)])  # type: ignore[union-attr]

    def __call__(self, doc: Doc) -> list[tuple[int, int, LexiconEntry]]:
        """(start, end, entry) of each defined name in ``doc``."""
        if self._matcher is None:
            return []
        return [(start, end, self._entries[key]) for key, start, end in self._matcher(doc)]


def _variants(surface: str) -> list[str]:
    """As defined, and its tail in the other number ("IEC therapy", "IEC therapies")."""
    short, _, tail = surface.partition(" ")
    if not tail:
        return [surface]
    if tail.endswith("ies"):
        other = tail[:-3] + "y"
    elif tail.endswith("y"):
        other = tail[:-1] + "ies"
    elif tail.endswith("s"):
        other = tail[:-1]
    else:
        other = tail + "s"
    return [surface, f"{short} {other}"]
