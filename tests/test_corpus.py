"""The corpus reader: formats, structure, offsets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from immunokg.extract.errors import InputError
from immunokg.extract.read.corpus import READERS, read_corpus, read_document


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


# -- every format keeps offsets into the original file ------------------------


def test_plain_text_blocks_are_verbatim_slices_of_the_original(tmp_path: Path) -> None:
    source = "Nivolumab   targets PD-1.\n\nSide effects include:\n  • fatigue\n  • rash\n"
    path = _write(tmp_path, "plain.txt", source)
    document, _ = read_document(path)
    for block in document.blocks:
        start, end = document.original_span(block.start, block.end)
        visible = document.block_text(block)
        assert " ".join(source[start:end].split()) == visible


def test_markdown_block_spans_contain_their_visible_text(tmp_path: Path) -> None:
    source = (
        "---\ntitle: Drugs\n---\n\n# Checkpoint inhibitors\n\n"
        "**Pembrolizumab** ([Keytruda](/k)) treats melanoma.\n"
    )
    path = _write(tmp_path, "drugs.md", source)
    document, _ = read_document(path)
    texts = [document.block_text(block) for block in document.blocks]
    assert texts == ["Checkpoint inhibitors", "Pembrolizumab (Keytruda) treats melanoma."]
    for block in document.blocks:
        start, end = document.original_span(block.start, block.end)
        for word in document.block_text(block).replace("(", " ").replace(")", " ").split():
            assert word in source[start:end]
    assert document.metadata["title"] == "Drugs"


def test_markdown_numbered_and_starred_items(tmp_path: Path) -> None:
    path = _write(tmp_path, "n.md", "Treatments include:\n\n1. nivolumab\n2) ipilimumab\n* BCG\n")
    document, _ = read_document(path)
    items = [document.block_text(b) for b in document.blocks if b.kind == "item"]
    assert items == ["nivolumab", "ipilimumab", "BCG"]
    assert {b.header for b in document.blocks if b.kind == "item"} == {0}


def test_document_id_is_the_stem_and_hash_is_of_the_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "my-page.txt", "Some text.\n")
    document, _ = read_document(path)
    assert document.id == "my-page"
    assert document.sha256 == hashlib.sha256(b"Some text.\n").hexdigest()


def test_html_is_registered_for_html_and_htm(data_dir: Path, tmp_path: Path) -> None:
    assert READERS[".html"] is READERS[".htm"]
    copy = tmp_path / "page.htm"
    copy.write_bytes((data_dir / "corpus" / "page.html").read_bytes())
    document, _ = read_document(copy)
    assert document.metadata["title"] == "Nivolumab & friends"
    assert "Nivolumab (Opdivo®) targets PD-1 & is used in melanoma." in document.text


# -- bad input: a clear message naming the file, the rest still read ----------


def _problem(path: Path, **options: int) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path, **options)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


def test_empty_file(tmp_path: Path) -> None:
    assert "file is empty" in _problem(_write(tmp_path, "empty.txt", ""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "file is empty" in _problem(_write(tmp_path, "blank.md", " \n\t\n  \n"))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _problem(path)


def test_not_utf8_falls_back_to_cp1252_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Café patients take Revlimid® – daily.\n".encode("cp1252"))
    document, warnings = read_document(path)
    assert document.text == "Café patients take Revlimid® – daily."
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: not valid UTF-8")
    assert "cp1252" in warnings[0]


def test_fallback_warning_reaches_the_corpus(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Naïve T cells.\n".encode("cp1252"))
    corpus = read_corpus([tmp_path])
    assert [d.text for d in corpus.documents] == ["Naïve T cells."]
    assert corpus.warnings and str(path) in corpus.warnings[0]


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "huge.txt", "word " * 100)
    message = _problem(path, max_bytes=100)
    assert "over the 100-byte limit" in message


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    corpus = read_corpus([missing])
    assert corpus.documents == []
    assert corpus.problems == [f"{missing}: no such file or folder"]


def test_folder_with_one_bad_file_still_reads_the_good_ones(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Nivolumab targets PD-1.\n")
    _write(tmp_path, "b.txt", "")
    _write(tmp_path, "c.md", "Ipilimumab targets CTLA-4.\n")
    _write(tmp_path, "notes.csv", "ignored,file\n")
    corpus = read_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["a", "c"]
    assert corpus.problems == [f"{tmp_path / 'b.txt'}: file is empty"]


def test_malformed_yaml_front_matter(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.md", "---\ntitle: [unclosed\n---\nBody.\n")
    assert "malformed YAML front matter" in _problem(path)


def test_front_matter_never_closed(tmp_path: Path) -> None:
    path = _write(tmp_path, "open.md", "---\ntitle: Page\n\nBody text.\n")
    assert "never closed" in _problem(path)


def test_front_matter_that_is_a_list(tmp_path: Path) -> None:
    path = _write(tmp_path, "list.md", "---\n- one\n- two\n---\nBody.\n")
    assert "must be a YAML mapping" in _problem(path)


def test_unsupported_extension_given_explicitly(tmp_path: Path) -> None:
    path = _write(tmp_path, "table.csv", "a,b\n")
    message = _problem(path)
    assert "unsupported file type '.csv'" in message
    assert ".html" in message
    corpus = read_corpus([path])
    assert corpus.problems == [message]


def test_html_with_only_scripts_has_no_readable_text(tmp_path: Path) -> None:
    source = (
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>"
    )
    path = _write(tmp_path, "scripts.html", source)
    assert "no readable text" in _problem(path)


def test_boilerplate_only_file_has_no_readable_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "chrome.txt", "Share | Print\n\nAdvertisement\n")
    assert "no readable text" in _problem(path)


def test_malformed_front_matter_message_is_one_line_with_the_file_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.md", "---\ntitle: ok\nsource: [unclosed\n---\nBody.\n")
    message = _problem(path)
    assert "\n" not in message
    assert "malformed YAML front matter at line 4" in message
