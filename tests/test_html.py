"""The HTML reader: what a reader sees, list structure, and offsets into the raw page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from immunokg.extract.model import Document
from immunokg.extract.read.corpus import read_document
from immunokg.extract.read.html import add_html
from immunokg.extract.read.textbuild import TextBuilder


def _read(tmp_path: Path, source: str, name: str = "page.html") -> tuple[Document, str]:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8", newline="")
    document, _ = read_document(path)
    return document, source


def _texts(document: Document) -> list[tuple[str, str]]:
    return [(block.kind, document.block_text(block)) for block in document.blocks]


@pytest.fixture
def page(data_dir: Path) -> tuple[Document, str]:
    path = data_dir / "corpus" / "page.html"
    document, _ = read_document(path)
    return document, path.read_text(encoding="utf-8")


def test_chrome_scripts_and_hidden_parts_are_dropped(page: tuple[Document, str]) -> None:
    document, _ = page
    for unseen in ("not text", "p { color", "Cancer", "Hidden text", "ignored", "©", "hidden"):
        assert unseen not in document.text
    assert "Advertisement" not in document.text
    assert "Skip to main content" not in document.text


def test_title_and_language_become_metadata(page: tuple[Document, str]) -> None:
    document, _ = page
    assert document.metadata == {"title": "Nivolumab & friends", "language": "en-GB"}


def test_headings_paragraphs_and_line_breaks(page: tuple[Document, str]) -> None:
    document, _ = page
    texts = _texts(document)
    assert texts[0] == ("heading", "Checkpoint inhibitors")
    assert texts[1] == ("paragraph", "Nivolumab (Opdivo®) targets PD-1 & is used in melanoma.")
    assert texts[2] == ("paragraph", "Second line here.")


def test_list_items_know_the_block_before_their_list(page: tuple[Document, str]) -> None:
    document, _ = page
    blocks = document.blocks
    items = [
        (document.block_text(b), document.block_text(blocks[b.header]))
        for b in blocks
        if b.kind == "item" and b.header is not None
    ]
    assert ("fatigue", "Side effects include:") in items
    assert ("rash & itching", "Side effects include:") in items
    assert ("severe rash", "rash & itching") in items


def test_bullet_lines_split_by_br_become_items(page: tuple[Document, str]) -> None:
    document, _ = page
    items = [
        (document.block_text(b), document.block_text(document.blocks[b.header]))
        for b in document.blocks
        if b.kind == "item" and b.header is not None
    ]
    assert ("fever", "Common reactions:") in items
    assert ("chills", "Common reactions:") in items


def test_a_table_row_is_one_block_with_its_cells(page: tuple[Document, str]) -> None:
    document, _ = page
    row = document.blocks[-1]
    assert (row.kind, document.block_text(row)) == ("row", "Pembrolizumab | PD-1")
    assert [document.text[a:b] for a, b in row.cells] == ["Pembrolizumab", "PD-1"]


def test_every_block_span_in_the_raw_page_holds_its_words(page: tuple[Document, str]) -> None:
    document, raw = page
    for block in document.blocks:
        start, end = document.original_span(block.start, block.end)
        for word in document.block_text(block).split():
            if word == "|" and block.cells:
                continue  # the reader's mark between two cells: no part of the page
            word = word.replace("&", "&amp;").replace("®", "&reg;")
            assert word.strip("().,:") in raw[start:end], (word, raw[start:end])


def test_plain_words_map_to_their_exact_raw_position(page: tuple[Document, str]) -> None:
    document, raw = page
    for word in ("Nivolumab", "PD-1", "melanoma", "severe rash", "chills", "Pembrolizumab"):
        clean = document.text.index(word)
        start, end = document.original_span(clean, clean + len(word))
        assert raw[start:end] == word


def test_entities_map_to_the_reference_in_the_raw_page(page: tuple[Document, str]) -> None:
    document, raw = page
    clean = document.text.index("®")
    start, _ = document.original_span(clean, clean + 1)
    assert raw.startswith("&reg;", start)
    after = document.text.index("targets")
    start, end = document.original_span(after, after + len("targets"))
    assert raw[start:end] == "targets"


def test_crlf_comments_and_quoted_angle_brackets_keep_offsets(tmp_path: Path) -> None:
    source = (
        "<html>\r\n<body>\r\n<!-- <p>old</p> -->\r\n<div title=\"a > b\" data-x='<p>'>"
        "First&#160;line &lt;here&gt;</div>\r\n<p>Second\r\n line</p>\r\n</body></html>\r\n"
    )
    document, raw = _read(tmp_path, source)
    assert _texts(document) == [("paragraph", "First line <here>"), ("paragraph", "Second line")]
    clean = document.text.index("Second")
    start, end = document.original_span(clean, clean + len("Second line"))
    assert raw[start:end] == "Second\r\n line"
    clean = document.text.index("First")
    start, end = document.original_span(clean, clean + 5)
    assert raw[start:end] == "First"


def test_role_and_aria_hidden_chrome_is_skipped(tmp_path: Path) -> None:
    source = (
        '<div role="navigation">Menu</div><div aria-hidden="true">Icon</div>'
        '<header role="banner">Site name</header><p>Body text stays.</p>'
    )
    document, _ = _read(tmp_path, source)
    assert document.text == "Body text stays."


def test_boilerplate_lines_in_html_are_dropped(tmp_path: Path) -> None:
    source = (
        "<p>Home &gt; Cancer &gt; Treatment</p><p>Share on Facebook</p>"
        "<p>Ipilimumab targets CTLA-4.</p><p>Was this page helpful?</p>"
        "<p>We use cookies to improve your experience on our website.</p>"
    )
    document, _ = _read(tmp_path, source)
    assert document.text == "Ipilimumab targets CTLA-4."


def test_a_list_at_the_start_has_no_header(tmp_path: Path) -> None:
    document, _ = _read(tmp_path, "<ul><li>fever</li><li>rash</li></ul>")
    assert [(b.kind, b.header) for b in document.blocks] == [("item", None), ("item", None)]


def test_deeply_nested_markup_reads_without_recursion_errors(tmp_path: Path) -> None:
    source = "<div>" * 3000 + "Deep text." + "</div>" * 3000
    document, raw = _read(tmp_path, source)
    assert document.text == "Deep text."
    start, end = document.original_span(0, len("Deep text."))
    assert raw[start:end] == "Deep text."


def test_inline_markup_joins_words_without_extra_spaces(tmp_path: Path) -> None:
    document, _ = _read(tmp_path, "<p>anti-<i>PD</i>-1 <b>drugs</b>, e.g. <span>BCG</span></p>")
    assert document.text == "anti-PD-1 drugs, e.g. BCG"


_FRAGMENTS = [
    "<p>", "</p>", "<b>", "</b>", "<br>", "<br/>", "<ul>", "<li>", "</li>", "</ul>", "<h2>",
    "</h2>", "<td>", "<div class='a>b'>", "</div>", "<P CLASS=x>", "<a href=x>", "</a>",
    "<!-- x <p>y</p> -->", "<![CDATA[z]]>", "<?php x ?>", "<!DOCTYPE html>",
    "<script>if(a<b){}</script>", "<nav>menu</nav>", "&amp;", "&amp", "&ampa", "&lt;", "&#233;",
    "&#x41;", "&#65", "&foo;", "&nbsp;", "R&D", "a;b", "< 5", "<3", "<>", "• ", " ", "\t",
    "\r\n", "\n", "word", "Nivolumab",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=40))
def test_words_map_back_to_themselves_in_any_markup(fragments: list[str]) -> None:
    raw = "".join(fragments)
    builder = TextBuilder(raw)
    add_html(builder, raw, 0)
    text, _, offsets = builder.finish()
    for match in re.finditer(r"Nivolumab|word", text):
        start, end = offsets.span(match.start(), match.end())
        assert raw[start:end] == match.group()


def test_bullet_characters_inside_list_items_are_dropped(tmp_path: Path) -> None:
    document, _ = _read(tmp_path, "<p>Side effects:</p><ul><li>• fever</li><li>- rash</li></ul>")
    assert _texts(document) == [("paragraph", "Side effects:"), ("item", "fever"), ("item", "rash")]
    assert {block.header for block in document.blocks[1:]} == {0}


@pytest.mark.parametrize(
    "hidden",
    [
        '<p style="display:none">{}</p>',
        '<p style="color: red; DISPLAY : None !important">{}</p>',
        '<div style="visibility: hidden"><p>{}</p></div>',
        '<p hidden="">{}</p>',
        "<section hidden><p>{}</p></section>",
        '<div aria-hidden=" TRUE "><p>{}</p></div>',
        '<p>Shown <span style="display:none">{}</span></p>',
    ],
)
def test_content_hidden_by_style_or_attribute_is_not_read(tmp_path: Path, hidden: str) -> None:
    """README: hidden parts are dropped. A display:none promo was read as content (issue 14)."""
    claim = "Kymriah approved for solid tumors"
    source = f"<html><body><p>Before.</p>{hidden.format(claim)}<p>After.</p></body></html>"
    document, _ = _read(tmp_path, source)
    assert "Kymriah" not in document.text
    assert "Before." in document.text and "After." in document.text


def test_a_style_that_merely_mentions_display_keeps_the_text(tmp_path: Path) -> None:
    document, _ = _read(tmp_path, '<p style="display: block; --x: none">Shown.</p>')
    assert document.text == "Shown."


@pytest.mark.parametrize("tail", ["<http:" * 3, "<!-- never closed " * 3, "</p" * 3, "<![CDATA[x"])
def test_a_tag_or_comment_left_open_at_the_end_ends_the_page(tmp_path: Path, tail: str) -> None:
    """As in a browser; Python's HTMLParser rescanned the rest of the page from each such "<"."""
    document, source = _read(tmp_path, f"<p>Nivolumab targets PD-1.</p>tail {tail} more")
    assert [text for _, text in _texts(document)] == ["Nivolumab targets PD-1.", "tail"]
    start = document.text.index("tail")
    assert source[slice(*document.original_span(start, start + 4))] == "tail"


def test_a_comment_opened_in_a_script_does_not_end_the_page(tmp_path: Path) -> None:
    source = '<script>var s = "<!--";</script><p>Ipilimumab targets CTLA-4.</p>'
    document, _ = _read(tmp_path, source)
    assert document.text == "Ipilimumab targets CTLA-4."
