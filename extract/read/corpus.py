"""Read a corpus of files and folders into clean, offset-tracked documents."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from immunokg.extract.errors import InputError
from immunokg.extract.model import Document
from immunokg.extract.read.decode import decode
from immunokg.extract.read.frontmatter import split_front_matter
from immunokg.extract.read.html import add_html
from immunokg.extract.read.markdown import add_markdown
from immunokg.extract.read.paths import CorpusFile, corpus_files
from immunokg.extract.read.textbuild import MAX_PUNCTUATION_RUN, MAX_WORD_CHARS, TextBuilder

MAX_BYTES = 20 * 1024 * 1024

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
    """Read every supported file under ``paths``; a bad file is reported, the rest still read.

    Documents are isolated: whatever goes wrong in one file becomes its one-line
    problem, so the other files are read as if it were not there.
    """
    corpus = Corpus()
    for file in corpus_files(paths, READERS, corpus.problems):
        try:
            document, warnings = read_document(file.path, max_bytes=max_bytes, document_id=file.id)
        except InputError as error:
            corpus.problems.append(str(error))
            continue
        corpus.warnings.extend(warnings)
        corpus.documents.append(document)
    return corpus


def read_document(
    path: str | Path, *, max_bytes: int = MAX_BYTES, document_id: str | None = None
) -> tuple[Document, list[str]]:
    """One file as a Document (its id the file's stem unless given), plus warnings.

    Raises only InputError, with a message that names the file.
    """
    path = Path(path)
    reader_for(str(path))
    return document_from_bytes(str(path), _read_bytes(path, max_bytes), document_id)


def reader_for(name: str) -> Reader:
    """The reader for a file name's suffix, or an InputError naming the supported ones."""
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise InputError(name, f"unsupported file type {suffix!r} (supported: {supported})")
    return reader


def document_from_bytes(
    name: str, raw: bytes, document_id: str | None = None
) -> tuple[Document, list[str]]:
    """A file's bytes as a Document: the same checks and reading wherever the bytes came from
    (a local file, or an fsspec URL read by a cluster worker); ``name`` is its path or URL.

    Raises only InputError: a reader bug on one file is that file's problem, named.
    """
    try:
        return _document(name, raw, document_id)
    except InputError:
        raise
    except Exception as error:  # a reader bug must not sink the corpus; name it
        detail = (str(error).strip().splitlines() or [""])[0][:200]
        raise InputError(name, f"cannot read ({type(error).__name__}: {detail})") from error


def _document(name: str, raw: bytes, document_id: str | None) -> tuple[Document, list[str]]:
    reader = reader_for(name)
    check_bytes(name, raw)
    text, warnings = decode(name, raw)
    metadata, body_start = split_front_matter(name, text)
    builder = TextBuilder(text)
    metadata = {**(reader(builder, text, body_start) or {}), **metadata}
    clean, blocks, offsets = builder.finish()
    if builder.blanked:
        warnings.append(_blanked_warning(name, builder.blanked, offsets.to_original))
    if not clean.strip():
        raise InputError(name, "no readable text after removing markup and boilerplate")
    document = Document(
        id=Path(name).stem if document_id is None else document_id,
        path=name,
        text=clean,
        blocks=blocks,
        offsets=offsets,
        sha256=hashlib.sha256(raw).hexdigest(),
        metadata=metadata,
        original_length=len(text),
    )
    return document, warnings


def expand_paths(paths: Iterable[str | Path], problems: list[str]) -> list[CorpusFile]:
    """Every supported file under ``paths``, in the order given (a folder's sorted), each
    with its document id (extract/read/paths.py)."""
    return corpus_files(paths, READERS, problems)


def check_size(name: str, size: int, max_bytes: int = MAX_BYTES) -> None:
    if size > max_bytes:
        raise InputError(
            name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; split it"
        )


def check_bytes(name: str, raw: bytes) -> None:
    """An empty file is skipped; binaries are told from UTF-16 by ``decode``."""
    if not raw.strip():
        raise InputError(name, "file is empty")


def read_original(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """A file's text decoded as the reader decodes it: what evidence offsets count in."""
    path = Path(path)
    return decode(str(path), _read_bytes(path, max_bytes))[0]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        check_size(str(path), path.stat().st_size, max_bytes)
        return path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from error


def _blanked_warning(name: str, starts: list[int], to_original: Callable[[int], int]) -> str:
    many = len(starts) > 1
    return (
        f"{name}: {len(starts)} run{'s' if many else ''} too long to be words (over "
        f"{MAX_WORD_CHARS} characters without a space, or {MAX_PUNCTUATION_RUN} of punctuation) "
        f"read as blank (first at character {to_original(starts[0])})"
    )
