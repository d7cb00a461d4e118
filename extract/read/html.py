"""Read HTML pages into headings, paragraphs and list items that point back into the raw page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from immunokg.extract.model import BlockKind
from immunokg.extract.read.boilerplate import is_boilerplate
from immunokg.extract.read.tables import TableReader
from immunokg.extract.read.textbuild import TextBuilder
from immunokg.extract.read.unclosed import first_unclosed

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

# Whole subtrees a reader never sees, or that only hold site chrome.
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "nav", "footer", "aside"}
    | {"svg", "math", "iframe", "object", "canvas", "button", "select", "textarea", "dialog"}
)
SKIPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LIST_TAGS = frozenset({"ul", "ol", "menu"})
BLOCK_TAGS = (
    frozenset({"html", "body", "main", "article", "section", "header", "div", "p", "pre"})
    | frozenset({"blockquote", "address", "figure", "figcaption", "details", "summary", "hr"})
    | frozenset({"dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "td"})
    | frozenset({"th", "form", "fieldset", "legend", "center", "hgroup", "li"})
    | HEADING_TAGS
    | LIST_TAGS
)
# An inline style that hides its element: display:none or visibility:hidden (any case, spaces,
# !important); the declaration must start the attribute or follow a semicolon.
_HIDING_STYLE = re.compile(
    r"(?:^|;)[ \t\n\r\f]*(?:display[ \t\n\r\f]*:[ \t\n\r\f]*none|visibility[ \t\n\r\f]*:[ \t\n\r\f]*(?:hidden|collapse))\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"\s*(?:[•●▪◦‣∙·\-*+–]|\d{1,3}[.)])\s+(?=\S)")
_SPACES = re.compile(r"\s+")

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});?")
# What lies between two text nodes besides start tags (which the parser locates itself).
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|</[A-Za-z][^>]*>?|<[!?][^>]*>?", re.DOTALL
)
_START_TAG = re.compile(r"""<[^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>?""")
_ASCII_SPACE = " \t\n\r\f"
_ASCII_SPACES = re.compile(f"[{_ASCII_SPACE}]*")
_RESYNC_LIMIT = 16

Piece = tuple[int, int, int, int]  # (decoded_start, raw_start, length, raw_length)


def add_html(builder: TextBuilder, text: str, body_start: int) -> dict[str, str]:
    """Add the page's visible text to ``builder``; return its title and language."""
    from bs4 import BeautifulSoup

    raw = text[body_start:]
    raw = raw[: first_unclosed(raw)]
    soup = BeautifulSoup(raw, "html.parser")
    reader = _PageReader(builder, _RawCursor(raw, body_start))
    reader.read(soup)
    return reader.metadata


class _RawCursor:
    """Walks the raw HTML in step with the parse tree, so each text node finds its source."""

    def __init__(self, raw: str, base: int) -> None:
        self.raw, self.base, self.position = raw, base, 0
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", raw)]

    def enter_tag(self, line: int | None, column: int | None) -> None:
        """Jump to a start tag the parser located (line from 1, column from 0), then past it."""
        if line is None or column is None or line > len(self._line_starts):
            return
        start = self._line_starts[line - 1] + column
        if start >= self.position:
            match = _START_TAG.match(self.raw, start)
            self.position = match.end() if match else start

    def locate(self, decoded: str) -> list[Piece]:
        """Split ``decoded`` into pieces copied from contiguous raw text, with file offsets.

        A character reference (``&amp;``) becomes its own piece, covering the whole
        reference; elsewhere a piece has as many raw characters as decoded ones.
        """
        raw, i, j = self.raw, 0, self._skip_markup(self.position)
        if not decoded.strip(_ASCII_SPACE) and (found := self._resync(" ", j)) >= 0:
            # The parser collapses whitespace-only text to one " " or "\n": take the whole run.
            self.position = _ASCII_SPACES.match(raw, found).end()
            return [(0, self.base + found, len(decoded), len(decoded))]
        if raw.startswith(decoded, j):  # the common case: no references, nothing normalised
            self.position = j + len(decoded)
            return [(0, self.base + j, len(decoded), len(decoded))]
        pieces: list[Piece] = []
        while i < len(decoded):
            entity = _ENTITY.match(raw, j) if raw.startswith("&", j) else None
            value = html.unescape(entity.group()) if entity else ""
            literal = entity and decoded.startswith(entity.group(), i)
            if entity and not literal and decoded.startswith(value, i):
                pieces.append((i, self.base + j, len(value), entity.end() - j))
                i, j = i + len(value), entity.end()
            elif _same(raw, j, decoded[i]):
                size = _common_run(decoded, i, raw, j)
                _extend(pieces, i, self.base + j, size)
                i, j = i + size, j + size
            elif (found := self._resync(decoded[i], j)) > j:
                j = found  # the parser dropped something (a "\r", a ";"): skip it
            else:
                _extend(pieces, i, self.base + min(j, len(raw)))
                i += 1
        self.position = min(j, len(raw))
        return pieces

    def _resync(self, wanted: str, j: int) -> int:
        """The next raw position holding ``wanted``, over markup and a few dropped characters."""
        budget = _RESYNC_LIMIT
        while j < len(self.raw) and budget:
            if (match := _MARKUP.match(self.raw, j)) and match.end() > j:
                j = match.end()
            elif _same(self.raw, j, wanted) or _entity_gives(self.raw, j, wanted):
                return j
            else:
                j, budget = j + 1, budget - 1
        return -1

    def _skip_markup(self, position: int) -> int:
        while (match := _MARKUP.match(self.raw, position)) and match.end() > position:
            position = match.end()
        return position


def _same(raw: str, j: int, wanted: str) -> bool:
    """``raw[j]`` shows ``wanted``; the parser may have turned any whitespace into a space."""
    return raw.startswith(wanted, j) or (wanted.isspace() and raw[j : j + 1].isspace())


def _entity_gives(raw: str, j: int, wanted: str) -> bool:
    entity = _ENTITY.match(raw, j) if raw.startswith("&", j) else None
    return bool(entity) and html.unescape(entity.group()).startswith(wanted)


def _common_run(decoded: str, i: int, raw: str, j: int) -> int:
    """How many characters from ``decoded[i]`` are copied verbatim from ``raw[j]`` (at least 1)."""
    end = raw.find("&", j + 1, j + len(decoded) - i)
    size = (end if end > j else j + len(decoded) - i) - j
    return size if size > 1 and decoded.startswith(raw[j : j + size], i) else 1


def _extend(pieces: list[Piece], decoded_index: int, raw_index: int, size: int = 1) -> None:
    """Add characters, joining the previous piece when both texts continue it."""
    if pieces:
        start, raw_start, length, raw_length = pieces[-1]
        copied = length == raw_length
        if copied and start + length == decoded_index and raw_start + length == raw_index:
            pieces[-1] = (start, raw_start, length + size, length + size)
            return
    pieces.append((decoded_index, raw_index, size, size))


class _PageReader:
    """Turns the parse tree's start, end and text events into blocks."""

    def __init__(self, builder: TextBuilder, cursor: _RawCursor) -> None:
        self.builder, self.cursor = builder, cursor
        self.metadata: dict[str, str] = {}
        self.skipping = 0
        self.contexts: list[BlockKind] = ["paragraph"]
        self.list_headers: list[int | None] = []
        self.open_kind: BlockKind | None = None
        self.open_bullet = False
        self.last_index: int | None = None
        self.last_non_item: int | None = None
        self.tables = TableReader(builder)

    def read(self, soup: BeautifulSoup) -> None:
        from bs4.element import PreformattedString

        for event, node in _events(soup):
            if event == "start":
                self.start(node)
            elif event == "end":
                self.end(node)
            elif not isinstance(node, PreformattedString):  # comments, doctype, CDATA
                self.text(str(node))
        self.flush()

    def start(self, tag: Tag) -> None:
        self.cursor.enter_tag(tag.sourceline, tag.sourcepos)
        if tag.name == "title" and "title" not in self.metadata:
            title = _SPACES.sub(" ", tag.get_text()).strip()
            if title:
                self.metadata["title"] = title
        if tag.name == "html" and tag.get("lang"):
            self.metadata.setdefault("language", str(tag.get("lang")).strip())
        if self.skipping or _skipped(tag):
            self.skipping += 1
        elif self.tables.start(tag):
            self.open_kind = None  # a table's rows are blocks the table reader ends
        elif tag.name == "br":
            self.flush()
        elif tag.name in BLOCK_TAGS:
            self.flush()
            if tag.name in LIST_TAGS:
                self.list_headers.append(self.last_index)
            kind: BlockKind = self.contexts[-1]
            if tag.name == "li":
                kind = "item"
            elif tag.name in HEADING_TAGS:
                kind = "heading"
            self.contexts.append(kind)

    def end(self, tag: Tag) -> None:
        if self.skipping:
            self.skipping -= 1
        elif self.tables.end(tag):
            self.open_kind = None
        elif tag.name in BLOCK_TAGS:
            self.flush()
            self.contexts.pop()
            if tag.name in LIST_TAGS:
                self.list_headers.pop()

    def text(self, decoded: str) -> None:
        pieces = self.cursor.locate(decoded)
        if self.skipping:
            return
        skip = 0
        if self.open_kind is None and decoded.strip() and not self.tables.in_cell:
            self.open_kind = self.contexts[-1]
            bullet = _BULLET.match(decoded) if self.open_kind != "heading" else None
            if bullet:
                skip = bullet.end()
                if self.open_kind == "paragraph":
                    self.open_kind, self.open_bullet = "item", True
        for start, raw_start, length, raw_length in pieces:
            if start + length <= skip:
                continue
            cut = max(skip - start, 0)
            if length == raw_length:
                self.builder.add(decoded[start + cut : start + length], raw_start + cut)
            else:
                self.builder.add_reference(
                    decoded[start + cut : start + length], raw_start, raw_length
                )

    def flush(self) -> None:
        """End the open block, unless it is empty or boilerplate."""
        visible = self.builder.current_text().strip()
        kind, bullet = self.open_kind or "paragraph", self.open_bullet
        self.open_kind, self.open_bullet = None, False
        if not visible or is_boilerplate(visible):
            self.builder.discard_open_block()
            return
        header = None
        if kind == "item":
            header = (
                self.last_non_item if bullet or not self.list_headers else self.list_headers[-1]
            )
        index = self.builder.end_block(kind, header)
        if index is not None:
            self.last_index = index
            if kind != "item":
                self.last_non_item = index


def _skipped(tag: Tag) -> bool:
    """Chrome and hidden parts: skipped tags, landmark roles, ``hidden``, ``aria-hidden``,
    and an inline style of ``display: none`` or ``visibility: hidden``."""
    if tag.name in SKIPPED_TAGS or tag.get("hidden") is not None:
        return True
    role = str(tag.get("role") or "").strip().lower()
    if role in SKIPPED_ROLES or str(tag.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDING_STYLE.search(str(tag.get("style") or "")))


def _events(root: BeautifulSoup) -> Iterator[tuple[str, Any]]:
    """Start, end and text events in document order, without recursion (pages nest deeply)."""
    from bs4 import Tag

    stack = [(root, iter(root.contents))]
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if parent is not root:
                yield "end", parent
        elif isinstance(child, Tag):
            yield "start", child
            stack.append((child, iter(child.contents)))
        else:
            yield "text", child
