"""Assemble a document's clean text from pieces of the original, remembering where each came from."""

from __future__ import annotations

import re

from immunokg.extract.model import Block, BlockKind
from immunokg.extract.offsets import OffsetMap, Run

_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace that collapsing changes

Piece = tuple[int, int, int, int]  # (clean_start, original_start, length, original_length)


class TextBuilder:
    """Collects blocks of visible text as runs copied from the original file.

    Whitespace inside a block is collapsed to single spaces; blocks are joined by
    newlines. Each run records where it came from, so evidence can point back, and
    ``finish`` compares it with ``original`` to know which runs are verbatim.
    """

    def __init__(self, original: str) -> None:
        self._original = original
        self._done: list[str] = []  # text of finished blocks, each followed by "\n"
        self._done_runs: list[Piece] = []
        self._done_length = 0
        self._open: list[str] = []  # pieces of the block being built
        self._open_runs: list[Piece] = []
        self._open_length = 0
        self._blocks: list[Block] = []
        self._last_original = 0

    # -- building a block -------------------------------------------------
    def add(self, text: str, original_start: int) -> None:
        """Append visible text that starts at ``original_start`` in the original file.

        Only whitespace that collapsing changes (runs, tabs, newlines) splits the
        text, so a line of words stays one run.
        """
        position = 0
        for match in _CHANGED_SPACE.finditer(text):
            self._add_plain(text[position : match.start()], original_start + position)
            self._add_space(original_start + match.start(), match.end() - match.start())
            position = match.end()
        self._add_plain(text[position:], original_start + position)

    def add_reference(self, text: str, original_start: int, original_length: int) -> None:
        """Append text that the original writes otherwise, e.g. ``&amp;`` for "&"."""
        if not text.strip():
            self._add_space(original_start, original_length)
        else:
            self._add_verbatim(text, original_start, original_length)

    def _add_plain(self, text: str, original_start: int) -> None:
        """Text whose only whitespace is single spaces; a leading one may be dropped."""
        if text.startswith(" ") and (not self._open or self._open[-1].endswith(" ")):
            text, original_start = text[1:], original_start + 1
        self._add_verbatim(text, original_start)

    def _add_verbatim(
        self, text: str, original_start: int, original_length: int | None = None
    ) -> None:
        if not text:
            return
        original_length = len(text) if original_length is None else original_length
        clean_start = self._done_length + self._open_length
        self._open.append(text)
        self._open_runs.append((clean_start, original_start, len(text), original_length))
        self._open_length += len(text)
        self._last_original = original_start + original_length

    def _add_space(self, original_start: int, original_length: int = 1) -> None:
        """A single space, never at a block start and never doubled."""
        if not self._open or self._open[-1].endswith(" "):
            return
        self._add_verbatim(" ", original_start, original_length)

    def add_inserted(self, text: str) -> None:
        """Append text the original does not hold (the " | " between two table cells); a
        space just before it is dropped. Evidence spans leave it out."""
        if self._open and self._open[-1] == " ":
            self._open.pop()
            self._open_runs.pop()
            self._open_length -= 1
        if self._open:
            self._add_verbatim(text, self._last_original, 0)

    def current_text(self) -> str:
        return "".join(self._open)

    def open_length(self) -> int:
        """How many characters the open block holds so far (trailing spaces included)."""
        return self._open_length

    def end_block(
        self,
        kind: BlockKind,
        header: int | None = None,
        cells: tuple[tuple[int, int], ...] = (),
        group: int | None = None,
    ) -> int | None:
        """Close the current block; returns its index, or None if it held no text.

        ``cells``: a table row's cells as ``(start, end)`` within the open block's text."""
        text = "".join(self._open).rstrip(" ")
        if not text:
            self.discard_open_block()
            return None
        start = self._done_length
        runs = [run for run in self._open_runs if run[0] < start + len(text)]
        last_clean, last_original, last_length, last_original_length = runs[-1]
        if last_length == last_original_length:  # a trailing space cut from a copied run
            last_length = last_original_length = min(last_length, start + len(text) - last_clean)
        runs[-1] = (last_clean, last_original, last_length, last_original_length)
        cells = tuple((start + min(a, len(text)), start + min(b, len(text))) for a, b in cells)
        self._blocks.append(Block(kind, start, start + len(text), header, cells, group))
        self._done.append(text + "\n")
        self._done_runs.extend(runs)
        self._done_runs.append((start + len(text), self._last_original, 1, 0))  # inserted
        self._done_length += len(text) + 1
        self._reset_open()
        return len(self._blocks) - 1

    def discard_open_block(self) -> None:
        """Forget text added since the last block ended (used for boilerplate)."""
        self._reset_open()

    def _reset_open(self) -> None:
        self._open, self._open_runs, self._open_length = [], [], 0

    def last_block(self) -> Block | None:
        return self._blocks[-1] if self._blocks else None

    def last_block_text(self) -> str:
        return self._done[-1][:-1] if self._done else ""

    def merge_into_previous(self) -> None:
        """Reopen the last block, joined to the open text by a space: the line continues it."""
        if not self._blocks or not self._open:
            return
        previous = self._blocks.pop()
        previous_text = self._done.pop()[:-1]
        separator = self._done_runs.pop()
        previous_runs = [run for run in self._done_runs if run[0] >= previous.start]
        del self._done_runs[len(self._done_runs) - len(previous_runs) :]
        self._done_length = previous.start
        open_text, open_runs = self._open, self._open_runs
        self._reset_open()
        self._open = [previous_text, " ", *open_text]
        self._open_runs = [*previous_runs, separator, *open_runs]
        self._open_length = sum(len(piece) for piece in self._open)

    # -- result -------------------------------------------------------------
    def finish(self) -> tuple[str, tuple[Block, ...], OffsetMap]:
        text = "".join(self._done)
        pieces = self._done_runs
        if text.endswith("\n"):
            text = text[:-1]
            pieces = pieces[:-1]
        pieces = _spaces_over_whitespace(pieces, text, self._original)
        runs = [run for piece in pieces for run in _judged(piece, text, self._original)]
        return text, tuple(self._blocks), OffsetMap(tuple(_merge_runs(runs)))


def _spaces_over_whitespace(pieces: list[Piece], text: str, original: str) -> list[Piece]:
    """An inserted space or newline between runs stands for the original's whitespace there.

    Lines of one paragraph, joined by the reader, then read as one verbatim span.
    """
    result = list(pieces)
    for index in range(1, len(result) - 1):
        clean_start, _, length, original_length = result[index]
        if original_length or text[clean_start : clean_start + length].strip():
            continue
        before, after = result[index - 1], result[index + 1]
        gap_start, gap_end = before[1] + before[3], after[1]
        if gap_start <= gap_end and not original[gap_start:gap_end].strip():
            result[index] = (clean_start, gap_start, length, gap_end - gap_start)
    return result


def _judged(piece: Piece, text: str, original: str) -> list[Run]:
    """A piece as runs, verbatim where both texts read the same apart from whitespace.

    A copied piece that differs somewhere (the HTML parser normalised a character)
    is split, so that only the characters that differ are left out of spans.
    """
    clean_start, original_start, length, original_length = piece
    shown = text[clean_start : clean_start + length]
    source = original[original_start : original_start + original_length]
    if shown == source or shown.split() == source.split():
        return [Run(clean_start, original_start, length, original_length, True)]
    if length != original_length:
        return [Run(clean_start, original_start, length, original_length, False)]
    runs: list[Run] = []
    for offset, (a, b) in enumerate(zip(shown, source, strict=True)):
        same = a == b or (a.isspace() and b.isspace())
        if runs and runs[-1].verbatim == same:
            last = runs[-1]
            runs[-1] = last._replace(length=last.length + 1, original_length=last.length + 1)
        else:
            runs.append(Run(clean_start + offset, original_start + offset, 1, 1, same))
    return runs


def _merge_runs(runs: list[Run]) -> list[Run]:
    """Join verbatim copies that continue each other in both texts, so lookups stay short."""
    merged: list[Run] = []
    for run in runs:
        if merged and _continues(merged[-1], run):
            last = merged[-1]
            merged[-1] = last._replace(
                length=last.length + run.length, original_length=last.original_length + run.length
            )
            continue
        merged.append(run)
    return merged


def _continues(last: Run, run: Run) -> bool:
    both_copies = last.verbatim and run.verbatim and last.linear and run.linear
    return (
        both_copies
        and last.clean_end == run.clean_start
        and last.original_end == run.original_start
    )
