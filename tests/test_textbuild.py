"""The text builder: long blocks split rather than dropped (issue 14, failure 1), runs too long to
be words blanked, and merging continued lines in time linear in their length."""

from __future__ import annotations

from pathlib import Path

from immunokg.extract.read.corpus import read_document
from immunokg.extract.read.textbuild import (
    MAX_BLOCK_CHARS,
    MAX_PUNCTUATION_RUN,
    MAX_WORD_CHARS,
    TextBuilder,
    split_long_blocks,
)

SENTENCE = "Nivolumab is a PD-1 inhibitor used for melanoma. "  # 50 characters


def _offsets_hold(raw: str, document) -> None:
    """Every word of the clean text maps back to the same word in the original."""
    for block in document.blocks:
        for start in range(block.start, block.end, 997):
            end = document.text.find(" ", start, block.end)
            end = block.end if end < 0 else end
            original = document.original_span(start, end)
            assert raw[original[0] : original[1]] == document.text[start:end]


def test_a_paragraph_over_the_limit_becomes_several_blocks_split_after_sentences(
    tmp_path: Path,
) -> None:
    raw = SENTENCE * 20_001  # 1,000,050 characters on one line: spaCy refuses over 1,000,000
    path = tmp_path / "long.txt"
    path.write_text(raw, encoding="utf-8")
    document, _ = read_document(path)
    assert len(document.blocks) > 1
    assert all(b.end - b.start <= MAX_BLOCK_CHARS for b in document.blocks)
    assert all(document.block_text(b).endswith("melanoma.") for b in document.blocks)
    assert document.text.replace("\n", " ") == raw.strip()  # nothing dropped
    _offsets_hold(raw, document)


def test_a_long_html_paragraph_is_split_too(tmp_path: Path) -> None:
    raw = "<html><body><p>" + SENTENCE * 20_001 + "</p><p>After.</p></body></html>"
    path = tmp_path / "long.html"
    path.write_text(raw, encoding="utf-8")
    document, _ = read_document(path)
    assert all(b.end - b.start <= MAX_BLOCK_CHARS for b in document.blocks)
    assert document.block_text(document.blocks[-1]) == "After."
    assert sum(document.block_text(b).count("Nivolumab") for b in document.blocks) == 20_001


def test_without_a_sentence_end_a_block_splits_at_a_space_or_else_at_the_limit() -> None:
    original = "word " * 5_000  # 25,000 characters, no full stop
    builder = TextBuilder(original)
    builder.add(original, 0)
    builder.end_block("paragraph")
    text, blocks, _ = builder.finish()
    assert [b.end - b.start for b in blocks] == [9_999, 9_999, 4_999]
    assert all(text[b.end] == "\n" for b in blocks[:-1])


def test_list_items_keep_pointing_at_the_last_part_of_their_header() -> None:
    header_line = "Side effects include " + "rash, " * 4_000 + "fatigue:"
    builder = TextBuilder(header_line + "\n- fever")
    builder.add(header_line, 0)
    header = builder.end_block("paragraph")
    builder.add("fever", len(header_line) + 3)
    builder.end_block("item", header)
    _, blocks, _ = builder.finish()
    assert blocks[-1].kind == "item" and blocks[-1].header == len(blocks) - 2


def test_a_run_too_long_to_be_a_word_is_blanked_with_a_warning(tmp_path: Path) -> None:
    blob = "A" * (MAX_WORD_CHARS + 1)
    raw = f"Pembrolizumab targets PD-1. {blob} Ipilimumab targets CTLA-4.\n"
    path = tmp_path / "blob.txt"
    path.write_text(raw, encoding="utf-8")
    document, warnings = read_document(path)
    assert blob not in document.text
    assert len(document.text) == len(raw.strip())  # blanked one for one: offsets stand
    assert "Ipilimumab targets CTLA-4." in document.text
    assert warnings == [
        f"{path}: 1 run too long to be words (over {MAX_WORD_CHARS} characters without a "
        f"space, or {MAX_PUNCTUATION_RUN} of punctuation) read as blank (first at character 28)"
    ]
    _offsets_hold(raw, document)


def test_a_long_run_of_punctuation_is_blanked_but_a_short_one_kept() -> None:
    """spaCy's tokenizer strips brackets one at a time, each time rescanning the rest."""
    original = "(" * (MAX_PUNCTUATION_RUN + 1) + "x " + "-" * MAX_PUNCTUATION_RUN + " y"
    builder = TextBuilder(original)
    builder.add(original, 0)
    builder.end_block("paragraph")
    text, _, _ = builder.finish()
    assert text == " " * (MAX_PUNCTUATION_RUN + 1) + "x " + "-" * MAX_PUNCTUATION_RUN + " y"
    assert builder.blanked == [0]


def test_a_word_at_the_limit_is_kept() -> None:
    builder = TextBuilder("x" * MAX_WORD_CHARS)
    builder.add("x" * MAX_WORD_CHARS, 0)
    builder.end_block("paragraph")
    text, _, _ = builder.finish()
    assert text == "x" * MAX_WORD_CHARS and builder.blanked == []


def test_hard_wrapped_lines_merge_into_one_paragraph_in_linear_time(tmp_path: Path) -> None:
    """50,000 lines each continuing the last: once quadratic (minutes), now a fraction of one."""
    raw = "a\n" * 50_000
    path = tmp_path / "wrapped.txt"
    path.write_text(raw, encoding="utf-8")
    document, _ = read_document(path)
    assert document.text.count("a") == 50_000
    assert all(b.end - b.start <= MAX_BLOCK_CHARS for b in document.blocks)
    _offsets_hold(raw, document)


def test_text_without_any_space_is_cut_at_the_limit() -> None:
    """Blanking long runs leaves a space in every half block; the cut is the last resort."""
    from immunokg.extract.model import Block

    text, blocks = split_long_blocks("z" * 25_000, [Block("paragraph", 0, 25_000)])
    assert text == "z" * 25_000
    assert [(b.start, b.end) for b in blocks] == [(0, 10_000), (10_000, 20_000), (20_000, 25_000)]
