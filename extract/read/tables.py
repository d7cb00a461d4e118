"""Tables read as rows (HTML and Markdown): the row of column names, group rows and data
rows with their cells.

A data row is one block whose cells are joined by an inserted " | " (no part of the file, so
no evidence span covers it) and whose ``cells`` say where each cell's text stands; it points
at the table's row of column names (``header``) and at the group row above it (``group``),
a row whose one cell spans the table ("PD-1 inhibitors") and names the rows under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from immunokg.extract.model import BlockKind
from immunokg.extract.read.textbuild import TextBuilder

if TYPE_CHECKING:
    from bs4 import Tag

CELL_TAGS = frozenset({"td", "th"})
CELL_SEPARATOR = " | "
# Inside a cell, block-level children (paragraphs, list items, line breaks) are parts of one
# value: "melanoma<br>lung cancer" reads as "melanoma; lung cancer".
PART_SEPARATOR = "; "


@dataclass
class _Table:
    columns: int | None = None  # block index of the row of column names
    width: int = 0  # cells in that row, colspans counted
    group: int | None = None  # block index of the latest group row
    cells: list[tuple[int, int]] = field(default_factory=list)
    headers: list[bool] = field(default_factory=list)  # each cell of the open row is a <th>
    span: int = 0  # cells of the open row, colspans counted
    cell_start: int | None = None  # where the open cell starts in the open block
    in_head: bool = False


class TableReader:
    """Follows ``<table>``, ``<tr>`` and cell tags for the page reader; a nested table is
    read as its own table."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.tables: list[_Table | None] = []  # None: a layout table, read as blocks

    @property
    def in_cell(self) -> bool:
        return bool(self.tables) and (self.tables[-1] or _Table()).cell_start is not None

    def start(self, tag: Tag) -> bool:
        """Handle a start tag inside a table; False for tags the page reader handles."""
        name = tag.name
        if name == "table":
            self.tables.append(_Table() if _holds_data(tag) else None)
            return False  # the page reader ends the open block as for any block tag
        table = self.tables[-1] if self.tables else None
        if table is None:
            return False
        if name == "thead":
            table.in_head = True
        elif name == "tr":
            self._end_row()
            table.cells, table.headers, table.span = [], [], 0
        elif name in CELL_TAGS:
            self._end_cell()
            if self.builder.open_length() and tag.get_text().strip():
                self.builder.add_inserted(CELL_SEPARATOR)
            table.cell_start = self.builder.open_length()
            table.headers.append(name == "th" or table.in_head)
            table.span += _colspan(tag)
        elif table.cell_start is not None:  # a paragraph, list or line break inside a cell
            if self.builder.open_length() > table.cell_start:
                self.builder.add_inserted(PART_SEPARATOR)
        else:
            return False
        return True

    def end(self, tag: Tag) -> bool:
        """Handle an end tag inside a table; False for tags the page reader handles."""
        table, name = (self.tables[-1] if self.tables else None), tag.name
        if name == "table" and self.tables:
            if table is not None:
                self._end_row()
            self.tables.pop()
            return False
        if table is None:
            return False
        if name == "thead":
            table.in_head = False
        elif name == "tr":
            self._end_row()
        elif name in CELL_TAGS:
            self._end_cell()
        elif table.cell_start is None:
            return False
        return True

    def _end_cell(self) -> None:
        table = self.tables[-1]
        if table is None or table.cell_start is None:
            return
        text = self.builder.current_text()
        end = len(text.rstrip(" ")) if len(text) > table.cell_start else table.cell_start
        table.cells.append((table.cell_start, max(end, table.cell_start)))
        table.cell_start = None

    def _end_row(self) -> None:
        """Close the open row as a block: column names, a group row or a data row."""
        table = self.tables[-1]
        self._end_cell()
        if table is None or not table.cells:
            return
        cells, headers = tuple(table.cells), table.headers
        table.cells, table.headers = [], []
        kind: BlockKind = "row"
        if table.columns is None and len(cells) > 1 and all(headers):
            kind = "columns"
        elif len(cells) == 1 and table.columns is not None and table.width > 1:
            kind = "group"
        header = table.columns if kind == "row" else None
        group = table.group if kind == "row" else None
        index = self.builder.end_block(kind, header, cells, group)
        if index is None:
            return
        if kind == "columns":
            table.columns, table.width = index, table.span
        elif kind == "group":
            table.group = index


# A table whose cells hold headings, tables or long text lays out a page: its cells are read
# as the page's own blocks.
_LAYOUT_TAGS = ("table", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "main", "nav")
_LONGEST_CELL = 600


def _holds_data(table: Tag) -> bool:
    if table.find(_LAYOUT_TAGS) is not None:
        return False
    return all(len(cell.get_text()) <= _LONGEST_CELL for cell in table.find_all(CELL_TAGS))


def _colspan(tag: Tag) -> int:
    try:
        return max(1, int(str(tag.get("colspan") or 1)))
    except ValueError:
        return 1


# --- Markdown pipe tables -------------------------------------------------------------

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_BREAK = re.compile(r"(?<!\\)\|")


def starts_table(line: str, following: str | None) -> bool:
    """A Markdown table starts at a line with "|" followed by a delimiter row ("|---|---|")."""
    return "|" in line and following is not None and bool(_DELIMITER.match(following))


def is_delimiter(line: str) -> bool:
    return bool(_DELIMITER.match(line))


class MarkdownTable:
    """The rows of one Markdown table, as blocks: the header line gives the column names; a
    row with only its first cell filled is a group row."""

    def __init__(self, builder: TextBuilder, add_inline: Callable[[str, int], None]) -> None:
        self.builder, self.add_inline = builder, add_inline
        self.columns: int | None = None
        self.group: int | None = None

    def add(self, line: str, line_start: int) -> None:
        """Add one line of the table (the header line first)."""
        cells: list[tuple[int, int]] = []
        filled = []
        for start, end in _cell_ranges(line):
            if self.builder.open_length() and line[start:end].strip():
                self.builder.add_inserted(CELL_SEPARATOR)
            before = self.builder.open_length()
            self.add_inline(line[start:end], line_start + start)
            text = self.builder.current_text()
            after = max(before, len(text.rstrip(" ")))
            cells.append((before, after))
            filled.append(after > before)
        kind: BlockKind = "row"
        if self.columns is None:
            kind = "columns"
        elif len(cells) > 1 and filled[0] and not any(filled[1:]):
            kind, cells = "group", cells[:1]
        header = self.columns if kind == "row" else None
        group = self.group if kind == "row" else None
        index = self.builder.end_block(kind, header, tuple(cells), group)
        if index is not None and kind == "columns":
            self.columns = index
        elif index is not None and kind == "group":
            self.group = index


def _cell_ranges(line: str) -> list[tuple[int, int]]:
    """Each cell's (start, end) in the line, without the outer pipes and the padding."""
    breaks = [m.start() for m in _CELL_BREAK.finditer(line)]
    edges = [-1, *breaks, len(line)]
    ranges = []
    for left, right in pairwise(edges):
        start, end = left + 1, right
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        ranges.append((start, end))
    if breaks and not line[: breaks[0]].strip():
        ranges = ranges[1:]  # the leading pipe
    if breaks and not line[breaks[-1] + 1 :].strip():
        ranges = ranges[:-1]  # the trailing pipe
    return ranges
