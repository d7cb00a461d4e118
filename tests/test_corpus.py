"""The corpus reader: formats, structure, offsets."""

from __future__ import annotations

from pathlib import Path

from immunokg.extract.corpus import read_document


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_becomes_metadata_not_text(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "a.md", "---\ntitle: Test page\nlicense: CC-BY\n---\n\nBody text here.\n"
    )
    document, _ = read_document(path)
    assert document.metadata == {"title": "Test page", "licence": "CC-BY"}
    assert "title" not in document.text
    assert document.text == "Body text here."


def test_links_reduce_to_their_visible_text_and_offsets_point_back(tmp_path: Path) -> None:
    source = "Drugs include p[omalidomide](/x?id=1) and [BCG](/y).\n"
    path = _write(tmp_path, "b.md", source)
    document, _ = read_document(path)
    assert document.text == "Drugs include pomalidomide and BCG."
    start = document.text.index("pomalidomide")
    original_start, original_end = document.original_span(start, start + len("pomalidomide"))
    assert source[original_start] == "p"
    assert source[original_end - 1] == "e"
    assert source[original_start:original_end].startswith("p[omalidomide")


def test_list_items_know_the_line_that_introduces_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.txt", "Side effects include:\n\n  • fever\n  • chills\n\nAfter.\n")
    document, _ = read_document(path)
    kinds = [block.kind for block in document.blocks]
    assert kinds == ["paragraph", "item", "item", "paragraph"]
    header = document.blocks[1].header
    assert header is not None
    assert document.block_text(document.blocks[header]) == "Side effects include:"
    assert [document.block_text(b) for b in document.blocks[1:3]] == ["fever", "chills"]
