"""N-Triples lines gathered in any order, written sorted and unique: in memory, or by an
external merge sort through sorted shard files once they outgrow a memory budget.

Lines are compared as UTF-8 bytes, which orders them exactly as Python orders the
strings (UTF-8 keeps code point order, and a line holds no character below U+0020,
so the newline that ends each stored line sorts before anything that could follow).
A graph written through shards is therefore byte-identical to one sorted in memory.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from immunokg.graph.rdf.shard_files import ShardFiles

# Bytes of lines held in memory before they are sorted into a shard file. A Python
# string costs about its length plus 60 bytes, and a set entry some 40 more.
SHARD_BYTES = 256 * 1024 * 1024
_OVERHEAD = 100  # bytes of memory per line beyond its text, for the budget
_WRITE_BLOCK = 1024 * 1024


class LineSorter(ShardFiles):
    """A set of lines that spills to sorted shards past ``shard_bytes``; ``close`` removes them."""

    def __init__(self, *, shard_bytes: int = SHARD_BYTES, directory: str | Path | None = None):
        super().__init__(prefix="immunokg-lines-", directory=directory)
        self.shard_bytes = shard_bytes
        self._lines: set[str] = set()
        self._bytes = 0
        self._count: int | None = None

    def add(self, lines: Iterable[str]) -> None:
        """Add lines (without newline); duplicates are kept once."""
        held = self._lines
        before = len(held)
        size = 0
        for line in lines:
            held.add(line)
            size += len(line)
        self._bytes += size + (len(held) - before) * _OVERHEAD
        self._count = None
        if self._bytes > self.shard_bytes:
            self._spill()

    def count(self) -> int:
        """How many unique lines were added (one merge pass over the shards, if any)."""
        if self._count is None and not self.paths:
            self._count = len(self._lines)
        if self._count is None:
            self._count = sum(1 for _ in self._merged())
        return self._count

    def write(self, path: str | Path, extra: Iterable[str] = ()) -> tuple[int, str]:
        """Write the lines and ``extra`` sorted and unique to ``path``; their number and SHA-256."""
        digest = hashlib.sha256()
        written = 0
        extra_lines = iter(sorted(line.encode("utf-8") + b"\n" for line in set(extra)))
        with Path(path).open("wb") as out:
            block: list[bytes] = []
            size = 0
            for line in _unique(heapq.merge(self._merged(), extra_lines)):
                block.append(line)
                size += len(line)
                written += 1
                if size >= _WRITE_BLOCK:
                    data = b"".join(block)
                    digest.update(data)
                    out.write(data)
                    block, size = [], 0
            data = b"".join(block)
            digest.update(data)
            out.write(data)
        return written, digest.hexdigest()

    def _spill(self) -> None:
        with self.next_path(".nt").open("wb") as out:
            ordered = sorted(self._lines)
            for start in range(0, len(ordered), 50_000):
                chunk = ordered[start : start + 50_000]
                out.write("".join(line + "\n" for line in chunk).encode("utf-8"))
        self._lines = set()
        self._bytes = 0

    def _merged(self) -> Iterator[bytes]:
        """Every unique line, sorted, as UTF-8 bytes ending in a newline."""
        in_memory = (line.encode("utf-8") + b"\n" for line in sorted(self._lines))
        if not self.paths:
            yield from in_memory
            return
        with ExitStack() as files:
            runs: list[Iterable[bytes]] = [
                files.enter_context(path.open("rb", buffering=_WRITE_BLOCK)) for path in self.paths
            ]
            yield from _unique(heapq.merge(*runs, in_memory))


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


TailLines = Callable[[int], Iterable[str]]


class SortedGraph:
    """Lines plus a tail computed from their number (a VoID count), ready for ``write``."""

    def __init__(self, sorter: LineSorter, tail: TailLines) -> None:
        self.sorter = sorter
        self.tail = tail

    def write(self, path: str | Path) -> tuple[int, str]:
        """graph.nt at ``path``: the lines and their tail, sorted; the count and SHA-256."""
        return self.sorter.write(path, self.tail(self.sorter.count()))
