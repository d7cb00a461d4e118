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
from immunokg.graph.build.fact_merge import merge_facts

# Bytes of input per batch in a bounded-memory build: a batch's documents, their spaCy
# docs and facts are held at once (some 20 times the input at most).
BATCH_BYTES = 8 * 1024 * 1024

# Where a message sorts among the files: (position of the file, 1) for a file's own,
# (files listed so far, 0) for a path that gave no file, as read_corpus orders them.
Position = tuple[int, int]


@dataclass(frozen=True)
class FileRef:
    """A file to read: its position in the corpus, its path or URL, its size in bytes, and
    its document id (None: the name's stem, as for a URL)."""

    position: int
    name: str
    size: int
    id: str | None = None


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
    """Every supported file under ``paths`` in the order a local build reads them, with sizes.

    Consecutive local paths are walked together, so their documents get the ids a local
    build gives them (the path under their common root); a walk's problems (a missing
    path, a broken link) come before its files' own, as read_corpus has them.
    """
    from immunokg.extract.read.corpus import READERS, expand_paths

    found: list[FileRef] = []
    problems: list[tuple[Position, str]] = []
    local: list[str | Path] = []
    for given in [*paths, None]:
        if given is not None and not is_url(str(given)):
            local.append(given)
            continue
        if local:
            walked: list[str] = []
            start = len(found)
            for file in expand_paths(local, walked):
                found.append(FileRef(len(found), str(file.path), _size(file.path), file.id))
            problems += [((start, 0), message) for message in walked]
            local = []
        if given is not None:
            names, sizes = _list_url(str(given), tuple(READERS))
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
    batch = Batch(files[0].position if files else 0, [], [])
    positions: dict[str, int] = {}
    for ref in files:
        try:
            document, warnings = read_file(ref.name, ref.id)
        except InputError as error:
            batch.problems.append(((ref.position, 1), str(error)))
            continue
        batch.warnings += [((ref.position, 1), message) for message in warnings]
        batch.documents.append(document)
        positions[document.id] = ref.position
    batch.facts, failed = extract_isolated(batch.documents, jobs)
    batch.problems += [((positions[doc], 1), problem) for doc, problem in failed.items()]
    batch.documents = [document for document in batch.documents if document.id not in failed]
    batch.sentences = len(
        {(ev.document, ev.start, ev.end) for f in batch.facts for ev in f.evidence}
    )
    batch.documents = [_without_text(document) for document in batch.documents]
    return batch


def read_file(name: str, document_id: str | None = None) -> tuple[Document, list[str]]:
    """A local file or an fsspec URL as a Document, with the local reader's checks."""
    from immunokg.extract.read.corpus import (
        MAX_BYTES,
        check_size,
        document_from_bytes,
        read_document,
    )

    if not is_url(name):
        return read_document(name, document_id=document_id)
    fs, path = _filesystem(name)
    try:
        check_size(name, int(fs.info(path).get("size") or 0), MAX_BYTES)
        raw = fs.cat_file(path)
    except OSError as error:
        raise InputError(name, f"cannot read file: {error}") from error
    return document_from_bytes(name, raw, document_id)


def extract_isolated(documents: list[Document], jobs: int = 1) -> tuple[list[Fact], dict[str, str]]:
    """Facts of every document that can be extracted; for each that cannot, by document id,
    the problem as ``FILE: extraction failed (why)``.

    All documents go to the engine in one call; only if it fails are they halved until the
    failing ones stand alone, so a clean batch pays nothing for the isolation.
    """
    from immunokg.extract.engine.pipeline import extract_facts

    try:
        return extract_facts(documents, jobs=jobs), {}
    except Exception as error:  # any failure: find the documents that cause it
        if len(documents) == 1:
            (document,) = documents
            return [], {document.id: f"{document.path}: extraction failed ({_brief(error)})"}
    middle = len(documents) // 2
    left, left_failed = extract_isolated(documents[:middle], jobs)
    right, right_failed = extract_isolated(documents[middle:], jobs)
    return merge_facts([*left, *right]), {**left_failed, **right_failed}


def _brief(error: Exception) -> str:
    first = (str(error).strip().splitlines() or [""])[0]
    detail = first if len(first) <= 160 else first[:157] + "..."
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


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
