"""Read a corpus of files and folders into clean, offset-tracked documents."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from immunokg.extract.errors import InputError
from immunokg.extract.model import Document
from immunokg.extract.read.frontmatter import split_front_matter
from immunokg.extract.read.html import add_html
from immunokg.extract.read.markdown import add_markdown
from immunokg.extract.read.textbuild import TextBuilder

MAX_BYTES = 20 * 1024 * 1024
FALLBACK_ENCODING = "cp1252"

# A reader adds a body's blocks to the builder and returns metadata found in the body
# (an HTML <title>, say); front matter, when present, takes precedence.
Reader = Callable[[TextBuilder, str, int], "dict[str, str] | None"]
READERS: dict[str, Reader] = {
    ".htm": add_html,
    ".html": add_html,
    ".txt": add_markdown,
    ".md": add_markdown,
    ".markdown": add_markdown,
}


@dataclass
class Corpus:
    """Documents read, and one message per file that could not be read or needed care."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_corpus(paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES) -> Corpus:
    """Read every supported file under ``paths``; a bad file is reported, the rest still read."""
    corpus = Corpus()
    for path in _expand(paths, corpus.problems):
        try:
            document, warnings = read_document(path, max_bytes=max_bytes)
        except InputError as error:
            corpus.problems.append(str(error))
            continue
        corpus.warnings.extend(warnings)
        corpus.documents.append(document)
    return corpus


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[Document, list[str]]:
    """One file as a Document, plus warnings (e.g. a fallback encoding was used)."""
    path = Path(path)
    reader_for(str(path))
    return document_from_bytes(str(path), _read_bytes(path, max_bytes))


def reader_for(name: str) -> Reader:
    """The reader for a file name's suffix, or an InputError naming the supported ones."""
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise InputError(name, f"unsupported file type {suffix!r} (supported: {supported})")
    return reader


def document_from_bytes(name: str, raw: bytes) -> tuple[Document, list[str]]:
    """A file's bytes as a Document: the same checks and reading wherever the bytes came from
    (a local file, or an fsspec URL read by a cluster worker); ``name`` is its path or URL."""
    reader = reader_for(name)
    check_bytes(name, raw)
    text, warnings = _decode(name, raw)
    metadata, body_start = split_front_matter(name, text)
    builder = TextBuilder(text)
    metadata = {**(reader(builder, text, body_start) or {}), **metadata}
    clean, blocks, offsets = builder.finish()
    if not clean.strip():
        raise InputError(name, "no readable text after removing markup and boilerplate")
    document = Document(
        id=Path(name).stem,
        path=name,
        text=clean,
        blocks=blocks,
        offsets=offsets,
        sha256=hashlib.sha256(raw).hexdigest(),
        metadata=metadata,
        original_length=len(text),
    )
    return document, warnings


def expand_paths(paths: Iterable[str | Path], problems: list[str]) -> list[Path]:
    """Every supported file under ``paths``, in the order given (a folder's sorted)."""
    return list(_expand(paths, problems))


def check_size(name: str, size: int, max_bytes: int = MAX_BYTES) -> None:
    if size > max_bytes:
        raise InputError(
            name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; split it"
        )


def check_bytes(name: str, raw: bytes) -> None:
    if not raw.strip():
        raise InputError(name, "file is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(name, "file looks binary (it contains NUL bytes), not text")


def read_original(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """A file's text decoded as the reader decodes it: what evidence offsets count in."""
    path = Path(path)
    return _decode(str(path), _read_bytes(path, max_bytes))[0]


def _expand(paths: Iterable[str | Path], problems: list[str]) -> Iterator[Path]:
    """Files in the order given; a folder's supported files in sorted order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in READERS
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
        elif path.is_file():
            yield path
        else:
            problems.append(f"{path}: no such file or folder")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        check_size(str(path), path.stat().st_size, max_bytes)
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from error
    return raw


def _decode(path: str, raw: bytes) -> tuple[str, list[str]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        text = raw.decode(FALLBACK_ENCODING, errors="replace")
        warning = (
            f"{path}: not valid UTF-8 (byte {error.start}); read as {FALLBACK_ENCODING} instead"
        )
        return text, [warning]
