"""Assemble a document's clean text from pieces of the original, remembering where each came from."""

from __future__ import annotations

import re

from immunokg.extract.model import Block, BlockKind, OffsetMap

_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace that collapsing changes

Run = tuple[int, int, int]  # (clean_start, original_start, length)


class TextBuilder:
    """Collects blocks of visible text as runs copied from the original file.

    Whitespace inside a block is collapsed to single spaces; blocks are joined by
    newlines. Each run records its original offset so evidence can point back.
    """

    def __init__(self) -> None:
        self._done: list[str] = []  # text of finished blocks, each followed by "\n"
        self._done_runs: list[Run] = []
        self._done_length = 0
        self._open: list[str] = []  # pieces of the block being built
        self._open_runs: list[Run] = []
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
            self._add_space(original_start + match.start())
            position = match.end()
        self._add_plain(text[position:], original_start + position)

    def _add_plain(self, text: str, original_start: int) -> None:
        """Text whose only whitespace is single spaces; a leading one may be dropped."""
        if text.startswith(" ") and (not self._open or self._open[-1].endswith(" ")):
            text, original_start = text[1:], original_start + 1
        self._add_verbatim(text, original_start)

    def _add_verbatim(self, text: str, original_start: int) -> None:
        if not text:
            return
        self._open.append(text)
        self._open_runs.append((self._done_length + self._open_length, original_start, len(text)))
        self._open_length += len(text)
        self._last_original = original_start + len(text)

    def _add_space(self, original_start: int) -> None:
        """A single space, never at a block start and never doubled."""
        if not self._open or self._open[-1].endswith(" "):
            return
        self._add_verbatim(" ", original_start)

    def current_text(self) -> str:
        return "".join(self._open)

    def end_block(self, kind: BlockKind, header: int | None = None) -> int | None:
        """Close the current block; returns its index, or None if it held no text."""
        text = "".join(self._open).rstrip(" ")
        if not text:
            self.discard_open_block()
            return None
        start = self._done_length
        runs = [run for run in self._open_runs if run[0] < start + len(text)]
        last_clean, last_original, last_length = runs[-1]
        runs[-1] = (last_clean, last_original, min(last_length, start + len(text) - last_clean))
        self._blocks.append(Block(kind, start, start + len(text), header))
        self._done.append(text + "\n")
        self._done_runs.extend(runs)
        self._done_runs.append((start + len(text), self._last_original, 1))
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
        runs = self._done_runs
        if text.endswith("\n"):
            text = text[:-1]
            runs = runs[:-1]
        return text, tuple(self._blocks), OffsetMap(tuple(_merge_runs(runs)))


def _merge_runs(runs: list[Run]) -> list[Run]:
    """Join runs that continue each other in both texts, so lookups stay short."""
    merged: list[Run] = []
    for clean_start, original_start, length in runs:
        if merged:
            last_clean, last_original, last_length = merged[-1]
            contiguous = last_clean + last_length == clean_start
            if contiguous and last_original + last_length == original_start:
                merged[-1] = (last_clean, last_original, last_length + length)
                continue
        merged.append((clean_start, original_start, length))
    return merged
