"""Read plain-text and Markdown bodies into blocks: headings, paragraphs and list items."""

from __future__ import annotations

import re
from collections.abc import Iterator

from immunokg.extract.read.boilerplate import is_boilerplate
from immunokg.extract.read.tables import MarkdownTable, is_delimiter, starts_table
from immunokg.extract.read.textbuild import TextBuilder

# Inline markup, reduced to what a reader sees. Order matters: images before links.
# Linear time: a part that looks for its closing bracket stops at the next opening one,
# so a line of thousands of "[" or "<a" is not rescanned from each of them.
_INLINE = re.compile(
    r"!\[(?P<alt>[^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)"  # ![alt](src)
    r"|\[(?P<text>[^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)"  # [text](href)
    r"|<(?:https?|mailto):[^<>\s]+>"  # <http://autolink>
    r"|</?[A-Za-z][^<>]*>"  # inline HTML tags
    r"|\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # emphasis and code markers
)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)")
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·\-*+–]|\d{1,3}[.)])\s+")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’", ")")
_MAX_HEADING_WORDS = 12


def add_markdown(builder: TextBuilder, text: str, body_start: int) -> None:
    """Add the body ``text[body_start:]`` to ``builder`` as blocks.

    List items remember the line that introduces them, so that a header such as
    "Side effects include:" can give its subject to each item below it.
    """
    header: int | None = None
    previous_kind: str | None = None
    table: MarkdownTable | None = None
    lines = list(_lines(text, body_start))
    for k, (line_start, line) in enumerate(lines):
        if table is not None and "|" in line:
            if not is_delimiter(line):
                table.add(line, line_start)
            continue
        table = None
        if starts_table(line, lines[k + 1][1] if k + 1 < len(lines) else None):
            table = MarkdownTable(builder, lambda part, at: _add_inline(builder, part, at))
            table.add(line, line_start)
            previous_kind = "table"
            continue
        if not line.strip() or _RULE.match(line):
            continue
        heading = _HEADING.match(line)
        bullet = None if heading else _BULLET.match(line)
        content_start = (heading or bullet).end() if (heading or bullet) else 0
        _add_inline(builder, line[content_start:], line_start + content_start)
        visible = builder.current_text()
        if not visible or is_boilerplate(visible):
            builder.discard_open_block()
            continue
        if bullet:
            builder.end_block("item", header)
            previous_kind = "item"
        elif _continues_sentence(builder, visible, previous_kind):
            builder.merge_into_previous()
            builder.end_block("paragraph")
            previous_kind = "paragraph"
        elif heading:
            header = builder.end_block("heading")
            previous_kind = "marked-heading"
        else:
            kind = "heading" if _looks_like_heading(visible) else "paragraph"
            header = builder.end_block(kind)
            previous_kind = kind


def _lines(text: str, start: int) -> Iterator[tuple[int, str]]:
    position = start
    for line in text[start:].splitlines(keepends=True):
        yield position, line.rstrip("\r\n")
        position += len(line)


def _add_inline(builder: TextBuilder, line: str, line_start: int) -> None:
    """Copy a line's visible text: link and image text kept, markup dropped."""
    position = 0
    for match in _INLINE.finditer(line):
        builder.add(line[position : match.start()], line_start + position)
        for group in ("alt", "text"):
            if match.group(group) is not None:
                _add_inline(builder, match.group(group), line_start + match.start(group))
        position = match.end()
    builder.add(line[position:], line_start + position)


def _looks_like_heading(visible: str) -> bool:
    """Web pages mark headings by layout only: a short line that ends no sentence."""
    stripped = visible.rstrip()
    if stripped.endswith("?"):
        return len(stripped.split()) <= _MAX_HEADING_WORDS
    return not stripped.endswith(_TERMINAL) and len(stripped.split()) <= _MAX_HEADING_WORDS


def _continues_sentence(builder: TextBuilder, visible: str, previous_kind: str | None) -> bool:
    """A paragraph broken by a stray blank line: the previous one ends mid-sentence."""
    previous = builder.last_block()
    if previous is None or previous_kind not in ("paragraph", "heading"):
        return False
    if not visible[:1].islower():
        return False
    return not builder.last_block_ends_with(_TERMINAL)
