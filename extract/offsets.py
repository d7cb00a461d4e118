"""Where clean text came from: runs of the original file, and clean ranges mapped back to verbatim spans.

Offsets here, as everywhere in immunokg, are character offsets into the decoded
file (Python string indices: Unicode code points, after UTF-8 or cp1252 decoding
and without a UTF-8 byte-order mark), not byte offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple


class Span(NamedTuple):
    """A piece ``[start, end)`` of the original file."""

    start: int
    end: int


class Run(NamedTuple):
    """Clean text ``[clean_start, clean_start + length)`` shows the original's
    ``[original_start, original_start + original_length)``.

    ``verbatim``: the two read the same apart from whitespace. A run is linear
    (one clean character per original one) when both lengths agree; otherwise it
    is a collapsed run of whitespace, a character reference (``&amp;``) or text
    the reader inserted (a block separator, whose original length may be 0).
    """

    clean_start: int
    original_start: int
    length: int
    original_length: int
    verbatim: bool

    @property
    def clean_end(self) -> int:
        return self.clean_start + self.length

    @property
    def original_end(self) -> int:
        return self.original_start + self.original_length

    @property
    def linear(self) -> bool:
        return self.length == self.original_length


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a document's clean text back to offsets in the original file.

    Clean text is made of runs copied from the original, sorted by clean offset and
    covering it without gaps. Storing runs, not one integer per character, keeps a
    million-word corpus cheap.
    """

    runs: tuple[Run, ...]

    def to_original(self, clean_offset: int) -> int:
        """Original offset of the character at ``clean_offset`` (or of the end)."""
        if not self.runs:
            return clean_offset
        run = self.runs[self._index(clean_offset)]
        inside = clean_offset - run.clean_start
        if inside >= run.length:
            return run.original_end
        return run.original_start + (inside if run.linear else 0)

    def span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering the clean span ``[clean_start, clean_end)``."""
        start = self.to_original(clean_start)
        if clean_end <= clean_start:
            return start, start
        return start, self._character_end(clean_end - 1)

    def _character_end(self, clean_offset: int) -> int:
        """Original end of the character at ``clean_offset``: all of a reference it shows."""
        if not self.runs:
            return clean_offset + 1
        run = self.runs[self._index(clean_offset)]
        inside = clean_offset - run.clean_start
        if inside >= run.length:
            return run.original_end + 1
        if run.linear:
            return run.original_start + inside + 1
        return max(run.original_end, run.original_start + 1)

    def spans(self, text: str, clean_start: int, clean_end: int) -> tuple[Span, ...]:
        """The verbatim pieces of the original that show ``text[clean_start:clean_end]``.

        Each span's original text equals the clean text it shows apart from
        whitespace, and starts and ends on a non-space. Pieces that continue each
        other in the original (through whitespace only) are one span, so a plain
        sentence is one span; markup or a character reference between words splits
        it, and the reference itself, not being verbatim, is left out.
        """
        return tuple(original for _, original in self.pieces(text, clean_start, clean_end))

    def pieces(self, text: str, clean_start: int, clean_end: int) -> list[tuple[Span, Span]]:
        """``spans`` with the clean range each one shows: ``(clean, original)`` pairs."""
        found: list[tuple[Span, Span]] = []
        reach: int | None = None  # where the last span's verbatim text (and whitespace) ends
        for run in self.runs[self._index(clean_start) if self.runs else 0 :]:
            if run.clean_start >= clean_end:
                break
            if not run.verbatim:
                reach = None
                continue
            start, end = max(clean_start, run.clean_start), min(clean_end, run.clean_end)
            if start >= end:
                continue
            continues = bool(found) and reach == _within(run, start, end)[0]
            piece = _trimmed(text, start, end)
            if piece is not None:
                clean, original = Span(*piece), Span(*_within(run, *piece))
                if continues:
                    last_clean, last_original = found[-1]
                    clean = Span(last_clean.start, clean.end)
                    original = Span(last_original.start, original.end)
                    found[-1] = (clean, original)
                else:
                    found.append((clean, original))
            if piece is not None or continues:
                reach = _within(run, start, end)[1]
        return found

    def _index(self, clean_offset: int) -> int:
        return max(bisect_right(self._starts, clean_offset) - 1, 0)

    @cached_property
    def _starts(self) -> list[int]:
        return [run.clean_start for run in self.runs]


def _within(run: Run, start: int, end: int) -> tuple[int, int]:
    """Original range of the clean ``[start, end)`` inside one run."""
    if run.linear:
        offset = run.original_start - run.clean_start
        return start + offset, end + offset
    return run.original_start, run.original_end  # whitespace, or a reference: all of it


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without whitespace at either end, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
