"""Where an evidence sentence names the entities of its fact, so a page can mark them.

The graph keeps the sentence, not the offsets of each name in it, so the names are
found again the way lookups find them: every run of up to ``MAX_WORDS`` words is
normalised and looked up in the graph's name index (labels, synonyms, brands). A
pronoun that stood for an entity ("It targets PD-1") names nothing and stays plain.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from immunokg.extract.normalise import normalise_name
from immunokg.graph.rdf.name_index import Names

MAX_WORDS = 8  # the longest name looked for, in words
_WORD = re.compile(r"\w+(?:[-‐‑/'’.]\w+)*\+?")


def mention_spans(
    sentence: str,
    names: Names,
    keys: Collection[str],
    entities: set[str],
    literals: Collection[str] = (),
) -> list[tuple[int, int]]:
    """(start, end) of each name in the sentence of one of ``entities`` (IRIs), or a literal key.

    ``keys`` is the set of every name key of the graph, so that only runs of words that
    are a name somewhere cost an index look-up. Longest match first, left to right.
    """
    words = [match.span() for match in _WORD.finditer(sentence)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            key = normalise_name(sentence[start:end])
            if key in literals or (key in keys and not entities.isdisjoint(names.entities(key))):
                spans.append((start, end))
                i += n
                break
        else:
            i += 1
    return spans


def segments(sentence: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is a mention) pieces, in order."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        if start > at:
            pieces.append((sentence[at:start], False))
        pieces.append((sentence[start:end], True))
        at = end
    if at < len(sentence):
        pieces.append((sentence[at:], False))
    return pieces
