"""Sentence starts, read from word ids: spaCy's sentencizer rule, and table rows.

One pass over a Doc's ORTH ids instead of one Token object per word (the sentencizer's
way): what a word is for splitting (an end mark, other punctuation, a "|" or a line
break) is a property of the word, worked out once per process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.lexeme import Lexeme
    from spacy.tokens import Doc

# Bits of a word's class.
_END, _PUNCT, _BAR, _NEWLINE = 1, 2, 4, 8
_CLASS: dict[int, int] = {}  # ORTH id → its bits
_NOT_START = 2**64 - 1  # sent_start -1 ("not a start"), as an unsigned array value


def split_sentences(doc: Doc) -> Doc:
    """Mark where sentences start, as spaCy's sentencizer (same rule, same punctuation)
    followed by split_table_rows would: a sentence starts at the first word that is not
    punctuation after an end mark, and each line of a plain-text table is a sentence."""
    import numpy
    from spacy.attrs import ORTH, SENT_START

    if not len(doc):
        return doc
    classes, vocab = _CLASS, doc.vocab
    starts, start, seen_end, seen = [0], 0, False, 0
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        kind = classes.get(orth)
        if kind is None:
            kind = classes[orth] = _word_class(vocab[orth])
        seen |= kind
        if seen_end and not kind & (_END | _PUNCT):
            starts.append(start)
            start, seen_end = i, False
        elif kind & _END:
            seen_end = True
    starts.append(start)
    if seen & _BAR and seen & _NEWLINE:
        starts += table_row_starts(doc)
    flags = [_NOT_START] * len(doc)
    for i in starts:
        flags[i] = 1
    doc.from_array([SENT_START], numpy.array(flags, dtype="uint64"))
    return doc


def table_row_starts(doc: Doc) -> list[int]:
    """Each line of a plain-text table ("drug | target | cancer") starts a sentence of its
    own: a row is not glued to its header row, nor to the next row."""
    text, found = doc.text, []
    for token in doc[1:]:
        if "\n" not in doc[token.i - 1].text and "\n" not in doc[token.i - 1].whitespace_:
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        before_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        line_end = text.find("\n", token.idx)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if "|" in line or "|" in text[before_start:line_start]:
            found.append(token.i)
    return found


def _word_class(lexeme: Lexeme) -> int:
    from spacy.pipeline import Sentencizer

    word = lexeme.orth_
    kind = _END if word in Sentencizer.default_punct_chars else _PUNCT if lexeme.is_punct else 0
    return kind | (_BAR if "|" in word else 0) | (_NEWLINE if "\n" in word else 0)
