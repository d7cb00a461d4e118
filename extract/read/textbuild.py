"""Assemble a document's clean text from pieces of the original, remembering where each came from."""

from __future__ import annotations

import re

from immunokg.extract.model import Block, BlockKind
from immunokg.extract.offsets import OffsetMap, Run

_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace that collapsing changes
# Longest block, in characters: a longer one is split, preferably after a sentence. spaCy
# refuses a text over 1,000,000 characters, and the engine's work on one sentence grows
# faster than its length; 10,000 characters is some 1,500 words, longer than any paragraph.
MAX_BLOCK_CHARS = 10_000
_SENTENCE_ENDS = (". ", "? ", "! ")
# Longest word, and longest run of punctuation: a longer run without a space (a base64
# blob) or of punctuation alone (a row of brackets) is no word, and spaCy's tokenizer takes
# time quadratic in its length. Such runs are blanked.
MAX_WORD_CHARS = 300
MAX_PUNCTUATION_RUN = 20
# Tried only where a word or a punctuation run starts, so each character is looked at once.
_NOT_WORDS = re.compile(
    rf"(?<!\S)\S{{{MAX_WORD_CHARS + 1},}}|(?<![^\w\s])[^\w\s]{{{MAX_PUNCTUATION_RUN + 1},}}"
)

Piece = tuple[int, int, int, int]  # (clean_start, original_start, length, original_length)


class TextBuilder:
    """Collects blocks of visible text as runs copied from the original file.

    Whitespace inside a block is collapsed to single spaces; blocks are joined by
    newlines. Each run records where it came from, so evidence can point back, and
    ``finish`` compares it with ``original`` to know which runs are verbatim.
    """

    def __init__(self, original: str) -> None:
        self._original = original
        self._done: list[str] = []  # texts of finished blocks, each piece followed by "\n"
        self._done_runs: list[Piece] = []
        self._done_length = 0
        self._open: list[str] = []  # pieces of the block being built
        self._open_runs: list[Piece] = []
        self._open_length = 0
        self._blocks: list[Block] = []
        self._last_original = 0
        self._reopened: int | None = None  # start of the block that the open text continues
        self._reopened_block = Block("paragraph", 0, 0)
        self.blanked: list[int] = []  # clean offsets of runs too long to be words (see finish)

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
        open_start = self._done_length
        start = open_start if self._reopened is None else self._reopened
        end = open_start + len(text)
        runs = [run for run in self._open_runs if run[0] < end]
        last_clean, last_original, last_length, last_original_length = runs[-1]
        if last_length == last_original_length:  # a trailing space cut from a copied run
            last_length = last_original_length = min(last_length, end - last_clean)
        runs[-1] = (last_clean, last_original, last_length, last_original_length)
        cut = len(text)
        cells = tuple((open_start + min(a, cut), open_start + min(b, cut)) for a, b in cells)
        self._blocks.append(Block(kind, start, end, header, cells, group))
        self._done += [text, "\n"]
        self._done_runs.extend(runs)
        self._done_runs.append((end, self._last_original, 1, 0))  # inserted
        self._done_length += len(text) + 1
        self._reset_open()
        return len(self._blocks) - 1

    def discard_open_block(self) -> None:
        """Forget text added since the last block ended (used for boilerplate)."""
        if self._reopened is not None:  # the merged block was complete: close it again
            self._blocks.append(self._reopened_block)
            self._done[-1] = "\n"
        self._reset_open()

    def _reset_open(self) -> None:
        self._open, self._open_runs, self._open_length = [], [], 0
        self._reopened = None

    def last_block(self) -> Block | None:
        return self._blocks[-1] if self._blocks else None

    def last_block_ends_with(self, endings: tuple[str, ...]) -> bool:
        """Whether the last block ends with one of ``endings`` (each one character)."""
        return bool(self._blocks) and self._done[-2].endswith(endings)

    def merge_into_previous(self) -> None:
        """Reopen the last block, joined to the open text by a space: the line continues it.

        The newline after the last block becomes that space, one character for one, and its
        inserted run stays, so nothing written so far moves: merging costs the length of the
        line, not of the block (hard-wrapped text was quadratic).
        """
        if not self._blocks or not self._open:
            return
        self._reopened_block = self._blocks.pop()
        self._reopened = self._reopened_block.start
        self._done[-1] = " "

    # -- result -------------------------------------------------------------
    def finish(self) -> tuple[str, tuple[Block, ...], OffsetMap]:
        text = "".join(self._done)
        pieces = self._done_runs
        if text.endswith("\n"):
            text = text[:-1]
            pieces = pieces[:-1]
        text, self.blanked = blank_long_words(text)
        text, blocks = split_long_blocks(text, self._blocks)
        pieces = _spaces_over_whitespace(pieces, text, self._original)
        runs = [run for piece in pieces for run in _judged(piece, text, self._original)]
        return text, blocks, OffsetMap(tuple(_merge_runs(runs)))


def blank_long_words(text: str) -> tuple[str, list[int]]:
    """The text with every run too long to be words (see ``MAX_WORD_CHARS``) made spaces, one
    for one so the runs stand, and where each such run started."""
    starts, pieces, position = [], [], 0
    for run in _NOT_WORDS.finditer(text):
        starts.append(run.start())
        pieces += [text[position : run.start()], " " * (run.end() - run.start())]
        position = run.end()
    return ("".join([*pieces, text[position:]]) if starts else text), starts


def split_long_blocks(text: str, blocks: list[Block]) -> tuple[str, tuple[Block, ...]]:
    """Blocks over ``MAX_BLOCK_CHARS`` in parts. A space where a block splits becomes a
    newline, one character for one, so the runs stand; a word too long to split is cut.
    A list item's header points at the last part of its header block."""
    if all(block.end - block.start <= MAX_BLOCK_CHARS for block in blocks):
        return text, tuple(blocks)
    parts: list[Block] = []
    last_part: dict[int, int] = {}
    newlines: list[int] = []
    for index, block in enumerate(blocks):
        header = None if block.header is None else last_part[block.header]
        start = block.start
        while block.end - start > MAX_BLOCK_CHARS:
            end = _split_point(text, start, block.end)
            parts.append(Block(block.kind, start, end, header))
            start = end
            if text[end] == " ":
                newlines.append(end)
                start += 1
        parts.append(Block(block.kind, start, block.end, header))
        last_part[index] = len(parts) - 1
    pieces, position = [], 0
    for at in newlines:
        pieces += [text[position:at], "\n"]
        position = at + 1
    return "".join([*pieces, text[position:]]), tuple(parts)


def _split_point(text: str, start: int, block_end: int) -> int:
    """Where a part starting at ``start`` ends: after the last sentence in its second half,
    else at its last space there, else at the limit."""
    limit, half = start + MAX_BLOCK_CHARS, start + MAX_BLOCK_CHARS // 2
    best = max(text.rfind(end, half, min(limit + 1, block_end)) for end in _SENTENCE_ENDS)
    if best >= 0:
        return best + 1
    space = text.rfind(" ", half, limit)
    return space if space >= 0 else limit


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
