"""Bytes to text: UTF-16/32 read by their marks (issue 14, failure 4), control characters read as
spaces with offsets kept (failure 6), binaries still refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from immunokg.extract.errors import InputError
from immunokg.extract.read.corpus import read_corpus, read_document
from immunokg.extract.read.decode import CONTROL, decode

TEXT = "Pembrolizumab (Keytruda®) is a PD-1 inhibitor used for melanoma.\n"


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(
    tmp_path: Path, encoding: str, mark: bytes
) -> None:
    path = tmp_path / "guide.txt"
    path.write_bytes(mark + TEXT.encode(encoding))
    document, warnings = read_document(path)
    assert document.text == TEXT.strip()
    assert warnings == []
    start = document.text.index("PD-1")
    original = document.original_span(start, start + 4)
    assert TEXT[original[0] : original[1]] == "PD-1"  # offsets count characters after the mark


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_is_told_by_its_nul_bytes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "guide.md"
    path.write_bytes(TEXT.encode(encoding))
    document, warnings = read_document(path)
    assert document.text == TEXT.strip()
    assert warnings == [
        f"{path}: no byte-order mark; read as {encoding.upper()} (its NUL bytes say so)"
    ]


def test_a_binary_file_is_still_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    with pytest.raises(InputError, match="looks binary"):
        read_document(path)


def test_a_broken_file_behind_a_utf16_mark_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Some text".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(InputError, match=r"not valid UTF-16-LE \(byte \d+\), as its byte-order"):
        read_document(path)


def test_control_characters_are_read_as_spaces_keeping_every_offset(tmp_path: Path) -> None:
    raw = "Nivolumab\x01targets PD-1.\x0b It\x7f treats \ufffemelanoma\x1f.\tFine.\r\n"
    path = tmp_path / "ctl.txt"
    path.write_text(raw, encoding="utf-8")
    document, warnings = read_document(path)
    assert not CONTROL.search(document.text)
    assert "Nivolumab targets PD-1." in document.text
    assert warnings == [
        f"{path}: 5 control characters read as spaces (first U+0001 at character 9)"
    ]
    for word in ("targets", "melanoma", "Fine"):
        start = document.text.index(word)
        original = document.original_span(start, start + len(word))
        assert raw[original[0] : original[1]] == word


def test_tab_newline_and_carriage_return_are_not_controls_to_replace() -> None:
    text, warnings = decode("x.txt", b"a\tb\nc\r\nd")
    assert (text, warnings) == ("a\tb\nc\r\nd", [])


def test_the_corpus_reports_the_replacement_as_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ipilimumab\x02 targets CTLA-4.", encoding="utf-8")
    corpus = read_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["a"]
    assert corpus.warnings == [
        f"{tmp_path / 'a.txt'}: 1 control character read as spaces (first U+0002 at character 10)"
    ]
