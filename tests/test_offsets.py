"""Clean ranges mapped back to verbatim spans of the original file (extract/offsets.py)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from immunokg.extract.offsets import OffsetMap, Span
from immunokg.extract.read.corpus import read_document, read_original
from immunokg.extract.read.html import add_html
from immunokg.extract.read.markdown import add_markdown
from immunokg.extract.read.textbuild import TextBuilder

_WORDS = ["word", "Nivolumab", "PD-1", "fever,", "rash.", "(CTLA-4)", "a;b", "R&D", "<3", "é"]
_SPACES = [" ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00a0", "\n   "]
_MARKDOWN = [
    "**",
    "`",
    "*",
    "[",
    "](/x)",
    "[link](http://x.org/a)",
    "<b>",
    "</b>",
    "# ",
    "- ",
    "1. ",
]
_HTML = [
    "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<li>", "</li>", "<ul>", "</ul>", "<br>",
    "<h2>", "</h2>", "<div>", "</div>", "<!-- c -->", "<span class='x'>", "</span>",
    "&amp;", "&nbsp;", "&#65;", "&lt;", "&rdquo;", "&foo;", "• ",
]  # fmt: skip


def _normal(text: str) -> str:
    return " ".join(text.split())


def _read(reader, raw: str) -> tuple[str, OffsetMap]:  # type: ignore[no-untyped-def]
    builder = TextBuilder(raw)
    reader(builder, raw, 0)
    text, _, offsets = builder.finish()
    return text, offsets


def _documents(fragments: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_WORDS + _SPACES + fragments), min_size=1, max_size=50).map(
        "".join
    )


def _assert_verbatim(raw: str, text: str, offsets: OffsetMap, start: int, end: int) -> None:
    pieces = offsets.pieces(text, start, end)
    assert offsets.spans(text, start, end) == tuple(original for _, original in pieces)
    previous_end = 0
    for clean, original in pieces:
        assert start <= clean.start < clean.end <= end
        assert previous_end <= original.start < original.end <= len(raw)
        shown, source = text[clean.start : clean.end], raw[original.start : original.end]
        assert _normal(source) == _normal(shown) != ""
        assert source == source.strip(), "a span starts and ends on a non-space"
        previous_end = original.end


_READERS = {"markdown": (add_markdown, _MARKDOWN), "html": (add_html, _HTML)}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_READERS)), st.data())
def test_every_span_shows_its_clean_text_verbatim(kind: str, data: st.DataObject) -> None:
    reader, fragments = _READERS[kind]
    raw = data.draw(_documents(fragments))
    text, offsets = _read(reader, raw)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _assert_verbatim(raw, text, offsets, start, end)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(_READERS)), _documents([]).filter(str.strip))
def test_a_visible_word_is_never_left_out(kind: str, raw: str) -> None:
    """Words copied from the original are inside a span; only references and markup are not."""
    text, offsets = _read(_READERS[kind][0], raw)
    covered = {i for clean, _ in offsets.pieces(text, 0, len(text)) for i in range(*clean)}
    assert {i for i, c in enumerate(text) if c.isalnum()} <= covered


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", "PD-1", "rash.", *_SPACES]), min_size=1, max_size=40))
def test_text_without_markup_is_one_span(fragments: list[str]) -> None:
    """Lines of a paragraph, paragraphs apart: whitespace never splits a span."""
    raw = "Start " + "".join(fragments) + " end"
    text, offsets = _read(add_markdown, raw)
    (span,) = offsets.spans(text, 0, len(text))
    assert span == Span(0, len(raw))


def _spans_text(raw: str, reader) -> list[str]:  # type: ignore[no-untyped-def]
    text, offsets = _read(reader, raw)
    return [raw[s.start : s.end] for s in offsets.spans(text, 0, len(text))]


def test_html_tags_and_references_split_a_sentence_into_verbatim_pieces() -> None:
    raw = "<p>Nivolumab <b>blocks</b>\n  PD-1 &amp; more&nbsp;often.</p>"
    assert _spans_text(raw, add_html) == ["Nivolumab", "blocks", "PD-1", "more", "often."]


def test_markdown_markup_splits_a_sentence_and_link_targets_are_left_out() -> None:
    raw = "Nivolumab **blocks** [PD-1](https://example.org/pd1) on\nT cells."
    assert _spans_text(raw, add_markdown) == ["Nivolumab", "blocks", "PD-1", "on\nT cells."]


def test_a_clean_range_inside_a_run_maps_to_the_same_characters() -> None:
    raw = "Intro line.\n\nPembrolizumab   targets\tPD-1 on T cells.\n"
    text, offsets = _read(add_markdown, raw)
    start = text.index("targets")
    (span,) = offsets.spans(text, start, start + len("targets PD-1"))
    assert raw[span.start : span.end] == "targets\tPD-1"


def test_document_spans_count_characters_of_the_decoded_file(tmp_path: Path) -> None:
    """Offsets count decoded characters (no byte-order mark), not bytes."""
    path = tmp_path / "page.txt"
    path.write_bytes("\ufeffCafé: ipilimumab blocks CTLA-4.".encode("utf-8"))
    document, _ = read_document(path)
    start = document.text.index("ipilimumab")
    (span,) = document.spans(start, len(document.text))
    original = read_original(path)
    assert original[span.start : span.end] == "ipilimumab blocks CTLA-4."
    assert span.start == len("Café: ")


def test_an_empty_or_blank_range_has_no_span() -> None:
    text, offsets = _read(add_markdown, "One line.\n\nTwo lines.")
    assert offsets.spans(text, 3, 3) == ()
    assert offsets.spans(text, 3, 4) == ()  # the space between "One" and "line."


def test_a_character_the_reader_changed_is_left_out_and_the_rest_kept() -> None:
    """A copied piece that differs in one place (a parser's normalisation) splits there."""
    original = "Nivolumab blocks\u2028PD-1 \ufffd here."
    builder = TextBuilder(original)
    builder.add("Nivolumab blocks PD-1 ? here.", 0)  # the reader's copy: two characters changed
    builder.end_block("paragraph")
    text, _, offsets = builder.finish()
    pieces = [original[s.start : s.end] for s in offsets.spans(text, 0, len(text))]
    assert pieces == ["Nivolumab blocks\u2028PD-1", "here."]
