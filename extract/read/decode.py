"""Bytes to text: byte-order marks, UTF-8, UTF-16 told by its NUL bytes, a cp1252 fallback.

Control characters that no export format can carry are read as spaces, one for one,
so every offset into the text stays an offset into the file's text.
"""

from __future__ import annotations

import codecs
import re

from immunokg.extract.errors import InputError

FALLBACK_ENCODING = "cp1252"
SNIFF_BYTES = 8192  # the start of a file that tells text from binary
# Longest first: UTF-32-LE's mark starts with UTF-16-LE's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls but tab, line feed and carriage return; DEL; the two non-characters XML
# forbids. None may stand in XML 1.0 (RDF/XML, GraphML), so none reach the graph.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def decode(path: str, raw: bytes) -> tuple[str, list[str]]:
    """The file's text, and warnings about how it was read; binary files raise InputError."""
    text, warnings = _decode(path, raw)
    text, replaced = replace_controls(path, text)
    return text, warnings + replaced


def _decode(path: str, raw: bytes) -> tuple[str, list[str]]:
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return _strict(path, raw[len(mark) :], encoding, "its byte-order mark"), []
    if b"\x00" in raw[:SNIFF_BYTES]:
        encoding = _utf16_without_mark(raw)
        if encoding is None:
            raise InputError(path, "file looks binary (it contains NUL bytes), not text")
        text = _strict(path, raw, encoding, "its NUL bytes")
        return text, [
            f"{path}: no byte-order mark; read as {encoding.upper()} (its NUL bytes say so)"
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        text = raw.decode(FALLBACK_ENCODING, errors="replace")
        return text, [
            f"{path}: not valid UTF-8 (byte {error.start}); read as {FALLBACK_ENCODING} instead"
        ]


def _strict(path: str, body: bytes, encoding: str, reason: str) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"not valid {encoding.upper()} (byte {error.start}), as {reason} promised"
        ) from None


def _utf16_without_mark(raw: bytes) -> str | None:
    """UTF-16 of mostly Latin text puts a NUL in every other byte: the odd ones (little
    endian) or the even ones (big endian), and none on the other side."""
    sample = raw[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(raw) % 2 or not sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half // 3 and even == 0:
        return "utf-16-le"
    if even >= half // 3 and odd == 0:
        return "utf-16-be"
    return None


def replace_controls(path: str, text: str) -> tuple[str, list[str]]:
    """Control characters read as spaces (same length, so offsets hold), and a warning if any."""
    first = CONTROL.search(text)
    if first is None:
        return text, []
    count = len(CONTROL.findall(text))
    shown = f"U+{ord(first.group()):04X}"
    warning = (
        f"{path}: {count} control character{'s' if count > 1 else ''} read as spaces "
        f"(first {shown} at character {first.start()})"
    )
    return CONTROL.sub(" ", text), [warning]
