"""Extraction in batches of files grouped by size: the unit of work of a cluster task and of a
build whose corpus is too large to hold in memory at once.

A batch is read and extracted by ``run_batch`` wherever it runs (this process, or a Dask
worker): its files are local paths all workers see, or fsspec URLs (``s3://...``) when
fsspec is installed. It gives back its facts, its documents without their text, and each
problem or warning tagged with the file's position, so that messages come out in the order
a local build prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from immunokg.extract.errors import ImmunokgError, InputError
from immunokg.extract.model import Document, Fact, OffsetMap

# Bytes of input per batch in a bounded-memory build: a batch's documents, their spaCy
# docs and facts are held at once (some 20 times the input at most).
BATCH_BYTES = 8 * 1024 * 1024

# Where a message sorts among the files: (position of the file, 1) for a file's own,
# (files listed so far, 0) for a path that gave no file, as read_corpus orders them.
Position = tuple[int, int]


@dataclass(frozen=True)
class FileRef:
    """A file to read: its position in the corpus, its path or URL, its size in bytes."""

    position: int
    name: str
    size: int


@dataclass
class Batch:
    """What one batch gave: documents (text dropped), facts, and messages with positions."""

    first: int
    documents: list[Document]
    facts: list[Fact]
    sentences: int = 0
    problems: list[tuple[Position, str]] = field(default_factory=list)
    warnings: list[tuple[Position, str]] = field(default_factory=list)


def is_url(name: str) -> bool:
    """True for an fsspec URL (``s3://bucket/key``, ``file:///...``), false for a plain path."""
    return "://" in name


def list_files(paths: Sequence[str | Path]) -> tuple[list[FileRef], list[tuple[Position, str]]]:
    """Every supported file under ``paths`` in the order a local build reads them, with sizes."""
    from immunokg.extract.read.corpus import READERS, expand_paths

    found: list[FileRef] = []
    problems: list[tuple[Position, str]] = []
    for given in paths:
        if is_url(str(given)):
            names, sizes = _list_url(str(given), tuple(READERS))
        else:
            missing: list[str] = []
            local = expand_paths([given], missing)
            problems += [((len(found), 0), message) for message in missing]
            names = [str(path) for path in local]
            sizes = [_size(path) for path in local]
        for name, size in zip(names, sizes, strict=True):
            found.append(FileRef(len(found), name, size))
    return found, problems


def group_by_size(files: Sequence[FileRef], target_bytes: int) -> list[list[FileRef]]:
    """Consecutive files in groups of about ``target_bytes`` (a larger file alone)."""
    groups: list[list[FileRef]] = []
    current: list[FileRef] = []
    size = 0
    for ref in files:
        if current and size + ref.size > target_bytes:
            groups.append(current)
            current, size = [], 0
        current.append(ref)
        size += ref.size
    if current:
        groups.append(current)
    return groups


def run_batch(files: Sequence[FileRef], jobs: int = 1) -> Batch:
    """Read and extract one batch; a file that cannot be read is reported, not fatal."""
    from immunokg.extract.engine.pipeline import extract_facts

    batch = Batch(files[0].position if files else 0, [], [])
    for ref in files:
        try:
            document, warnings = read_file(ref.name)
        except InputError as error:
            batch.problems.append(((ref.position, 1), str(error)))
            continue
        batch.warnings += [((ref.position, 1), message) for message in warnings]
        batch.documents.append(document)
    batch.facts = extract_facts(batch.documents, jobs=jobs)
    batch.sentences = len(
        {(ev.document, ev.start, ev.end) for f in batch.facts for ev in f.evidence}
    )
    batch.documents = [_without_text(document) for document in batch.documents]
    return batch


def read_file(name: str) -> tuple[Document, list[str]]:
    """A local file or an fsspec URL as a Document, with the local reader's checks."""
    from immunokg.extract.read.corpus import (
        MAX_BYTES,
        check_size,
        document_from_bytes,
        read_document,
    )

    if not is_url(name):
        return read_document(name)
    fs, path = _filesystem(name)
    try:
        check_size(name, int(fs.info(path).get("size") or 0), MAX_BYTES)
        raw = fs.cat_file(path)
    except OSError as error:
        raise InputError(name, f"cannot read file: {error}") from error
    return document_from_bytes(name, raw)


def _without_text(document: Document) -> Document:
    """What the graph and the build record need of a document once its facts are out."""
    return replace(document, text="", blocks=(), offsets=OffsetMap(()))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _list_url(url: str, suffixes: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """Supported files at an fsspec URL (a file, or a folder searched recursively), sorted."""
    fs, path = _filesystem(url)
    try:
        if not fs.isdir(path):
            return [url], [int(fs.info(path).get("size") or 0)]
        found = fs.find(path, detail=True)
    except OSError as error:
        raise ImmunokgError(f"{url}: cannot list: {error}") from error
    protocol = url.split("://", 1)[0]
    names, sizes = [], []
    for key in sorted(found):
        relative = key[len(path.rstrip("/")) + 1 :] if key.startswith(path) else key
        if Path(key).suffix.lower() not in suffixes or any(
            part.startswith(".") for part in relative.split("/")
        ):
            continue
        names.append(f"{protocol}://{key}" if not key.startswith(f"{protocol}://") else key)
        sizes.append(int(found[key].get("size") or 0))
    return names, sizes


def _filesystem(url: str):  # type: ignore[no-untyped-def]
    try:
        import fsspec
    except ImportError:
        raise ImmunokgError(
            f"{url}: reading URLs needs fsspec: pip install 'immunokg[cluster]'"
        ) from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:
        raise ImmunokgError(f"{url}: {error}") from None
