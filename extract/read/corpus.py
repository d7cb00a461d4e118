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
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise InputError(
            str(path), f"unsupported file type {path.suffix!r} (supported: {supported})"
        )
    raw = _read_bytes(path, max_bytes)
    text, warnings = _decode(path, raw)
    metadata, body_start = split_front_matter(str(path), text)
    builder = TextBuilder(text)
    metadata = {**(reader(builder, text, body_start) or {}), **metadata}
    clean, blocks, offsets = builder.finish()
    if not clean.strip():
        raise InputError(str(path), "no readable text after removing markup and boilerplate")
    document = Document(
        id=path.stem,
        path=str(path),
        text=clean,
        blocks=blocks,
        offsets=offsets,
        sha256=hashlib.sha256(raw).hexdigest(),
        metadata=metadata,
        original_length=len(text),
    )
    return document, warnings


def read_original(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """A file's text decoded as the reader decodes it: what evidence offsets count in."""
    path = Path(path)
    return _decode(path, _read_bytes(path, max_bytes))[0]


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
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; split it"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from error
    if not raw.strip():
        raise InputError(str(path), "file is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(str(path), "file looks binary (it contains NUL bytes), not text")
    return raw


def _decode(path: Path, raw: bytes) -> tuple[str, list[str]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        text = raw.decode(FALLBACK_ENCODING, errors="replace")
        warning = (
            f"{path}: not valid UTF-8 (byte {error.start}); read as {FALLBACK_ENCODING} instead"
        )
        return text, [warning]
