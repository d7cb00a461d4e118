"""A graph directory checked against itself: graph.nt against build.json, the store against both.

The build records graph.nt's triple count, size and SHA-256 in build.json. Every
command that reads a graph checks the cheap part (the record parses, graph.nt has its
recorded size, the store opens); ``validate`` checks all of it (the SHA-256, the line
count, and that the store holds as many triples, among them a sample spread over
graph.nt). A graph that fails says so in one line, with the command that rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.rdf.store import NT_FILE, RECORD_FILE, STORE_DIR, open_store

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

_PARSED: dict[str, Any] = {}  # the last build.json read: its key and its record
SAMPLE_TRIPLES = 64  # lines of graph.nt looked up in the store: the store's fingerprint
_SHA256 = re.compile(r"[0-9a-f]{64}")
_READ_BLOCK = 1 << 20
_REREADS = 5  # a graph replaced while read is read again, this many times at most
_T = TypeVar("_T")


class DamagedGraphError(ImmunokgError):
    """A graph directory whose parts do not agree: rebuild it."""

    def __init__(self, directory: str | Path, problem: str, record: dict[str, Any] | None) -> None:
        super().__init__(
            f"{directory}: the graph is damaged ({problem}); rebuild it with "
            f"`{rebuild_command(directory, record)}`"
        )


def damaged(directory: str | Path, problem: str) -> DamagedGraphError:
    """The error for a graph found damaged while in use, with the rebuild command if known."""
    try:
        record = json.loads((Path(directory) / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    return DamagedGraphError(directory, problem, record if isinstance(record, dict) else None)


def rebuild_command(directory: str | Path, record: dict[str, Any] | None) -> str:
    """The command that builds this graph again, from what its build record says."""
    arguments = record.get("arguments") if record is not None else None
    if record is not None and record.get("source") == "bundled seeds":
        paths = ""  # no paths: the bundled seeds
    elif isinstance(arguments, list) and arguments and all(isinstance(a, str) for a in arguments):
        paths = " ".join(shlex.quote(a) for a in arguments) + " "
    else:
        paths = "PATH... "
    return f"immunokg build {paths}--graph {shlex.quote(str(directory))}"


def check_graph_dir(directory: str | Path) -> dict[str, Any]:
    """The build record, once the cheap checks pass: it parses, graph.nt has its recorded
    size, the store has its CURRENT file. Every command that reads a graph runs them."""
    return _settled(Path(directory), _check_graph_dir)


def _check_graph_dir(directory: Path) -> dict[str, Any]:
    record = _record(directory)
    graph = record["graph"]
    try:
        size = (directory / NT_FILE).stat().st_size
    except OSError as error:
        raise DamagedGraphError(directory, f"{NT_FILE}: {error.strerror}", record) from None
    if "bytes" in graph and size != graph["bytes"]:
        problem = f"{NT_FILE} is {size:,} bytes; {RECORD_FILE} says {graph['bytes']:,}"
        raise DamagedGraphError(directory, problem, record)
    if not (directory / STORE_DIR / "CURRENT").is_file():
        raise DamagedGraphError(directory, f"{STORE_DIR}/CURRENT is missing", record)
    return record


def open_graph_store(directory: str | Path) -> pyoxigraph.Store:
    """The graph's store, opened read only once the cheap checks pass."""
    return _settled(Path(directory), _open_graph_store)


def _open_graph_store(directory: Path) -> pyoxigraph.Store:
    record = _check_graph_dir(directory)
    try:
        return open_store(directory)
    except (OSError, RuntimeError) as error:  # RocksDB reports corruption as RuntimeError
        raise DamagedGraphError(directory, _first_line(error), record) from None


def verify_graph_file(directory: str | Path) -> dict[str, Any]:
    """The record, once graph.nt's SHA-256 and line count match it (before graph.nt is read)."""
    directory = Path(directory)
    record = check_graph_dir(directory)
    graph = record["graph"]
    digest, lines = _digest(directory / NT_FILE)
    if digest != graph["sha256"]:
        problem = f"the SHA-256 of {NT_FILE} is not the one {RECORD_FILE} records"
        raise DamagedGraphError(directory, problem, record)
    if lines != graph["triples"]:
        problem = f"{NT_FILE} has {lines:,} lines; {RECORD_FILE} says {graph['triples']:,}"
        raise DamagedGraphError(directory, problem, record)
    return record


def verify_graph_dir(directory: str | Path) -> pyoxigraph.Store:
    """The store, once all of the graph agrees: graph.nt with its record, and the store
    with graph.nt (the same number of triples, read in two index orders, and a sample of
    them present)."""
    directory = Path(directory)
    record = verify_graph_file(directory)
    store = open_graph_store(directory)
    try:
        held, by_predicate = _counts(store)
        missing = _missing_sample(store, directory / NT_FILE)
    except (OSError, RuntimeError) as error:
        raise DamagedGraphError(directory, _first_line(error), record) from None
    expected = record["graph"]["triples"]
    if held != expected or by_predicate != expected:
        problem = f"the store holds {held:,} triples ({by_predicate:,} by predicate); {NT_FILE} has {expected:,}"
        raise DamagedGraphError(directory, problem, record)
    if missing:
        problem = f"the store lacks a triple of {NT_FILE}: {missing[:120]}"
        raise DamagedGraphError(directory, problem, record)
    return store


def load_verified_graph(directory: str | Path) -> Graph:
    """graph.nt as an rdflib Graph, once it matches its record (for exports and drawings)."""
    from immunokg.graph.rdf.store import load_graph

    verify_graph_file(directory)
    return load_graph(directory)


def invalid_graph_warning(directory: str | Path, record: dict[str, Any]) -> str | None:
    """The warning every lookup on a graph kept despite failing SHACL prints; else None."""
    if record.get("status") != "failing":
        return None
    shacl = record.get("shacl")
    violations = shacl.get("violations") if isinstance(shacl, dict) else None
    count = f" ({violations} violations)" if isinstance(violations, int) else ""
    return (
        f"{directory} was built with --keep-invalid and does not conform to the SHACL "
        f"shapes{count}; answers may rest on bad data (see `immunokg validate`)"
    )


def _settled(directory: Path, read: Callable[[Path], _T]) -> _T:
    """``read(directory)``, read again if a build replaced the directory meanwhile.

    A build swaps a whole new directory in with a rename; a reader that began on the old
    one can find its record, graph.nt and store files from different builds (RocksDB opens
    its files by name), which looks like damage but is not. Damage found while the
    directory stayed the same one is real.
    """
    for attempt in range(_REREADS):
        before = _identity(directory)
        try:
            return read(directory)
        except DamagedGraphError:
            if attempt == _REREADS - 1 or (before is not None and _identity(directory) == before):
                raise
        time.sleep(0.02 * 2**attempt)  # a swap is two renames: it is over at once
    raise AssertionError("unreachable")  # pragma: no cover


def _identity(directory: Path) -> tuple[int, int, int] | None:
    """The directory's inode and change time (a rename changes it); None while it is gone."""
    try:
        info = directory.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_ctime_ns


def _record(directory: Path) -> dict[str, Any]:
    path = directory / RECORD_FILE
    try:
        record = _parsed(path)
    except (OSError, ValueError) as error:
        raise DamagedGraphError(directory, f"{RECORD_FILE}: {_first_line(error)}", None) from None
    graph = record.get("graph") if isinstance(record, dict) else None
    if not isinstance(graph, dict) or not _well_formed(graph):
        problem = f"{RECORD_FILE} does not record graph.nt (triples, bytes, sha256)"
        raise DamagedGraphError(directory, problem, record if isinstance(record, dict) else None)
    return record


def _parsed(path: Path) -> Any:
    """build.json parsed, once per version of the file (it lists every input: a command
    checks it twice, and a large corpus makes it long). Shared: read it, never change it."""
    info = path.stat()
    key = (str(path.absolute()), info.st_mtime_ns, info.st_size, info.st_ino)
    if _PARSED.get("key") != key:
        _PARSED.update(key=key, record=json.loads(path.read_text(encoding="utf-8")))
    return _PARSED["record"]


def _well_formed(graph: dict[str, Any]) -> bool:
    counts = [graph.get("triples"), graph.get("bytes", 0)]
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
        return False
    return isinstance(graph.get("sha256"), str) and bool(_SHA256.fullmatch(graph["sha256"]))


def _digest(path: Path) -> tuple[str, int]:
    digest, lines = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(_READ_BLOCK):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def _counts(store: pyoxigraph.Store) -> tuple[int, int]:
    """The store's triples counted in subject order, and again predicate by predicate: the
    second reads the predicate index whole, where a damaged block would make SHACL's
    queries fail (or, in Oxigraph 0.5, never return)."""
    held, predicates = 0, set()
    for quad in store.quads_for_pattern(None, None, None):
        held += 1
        predicates.add(quad.predicate)
    by_predicate = sum(
        sum(1 for _ in store.quads_for_pattern(None, predicate, None)) for predicate in predicates
    )
    return held, by_predicate


def store_damage(error: BaseException) -> str | None:
    """The first line of a store error that means damage on disk (RocksDB's Corruption or
    IO error), else None."""
    text = _first_line(error)
    return text if text.startswith(("Corruption", "IO error")) else None


def _missing_sample(store: pyoxigraph.Store, path: Path) -> str | None:
    """The first of ``SAMPLE_TRIPLES`` lines, spread evenly over graph.nt, that the store
    lacks; None when it holds them all."""
    import pyoxigraph

    size = path.stat().st_size
    with path.open("rb") as stream:
        for index in range(SAMPLE_TRIPLES if size else 0):
            stream.seek(size * index // SAMPLE_TRIPLES)
            if index:
                stream.readline()  # the rest of the line the seek fell into
            line = stream.readline()
            if not line.strip():
                continue
            (quad,) = pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_TRIPLES)
            if (
                next(store.quads_for_pattern(quad.subject, quad.predicate, quad.object), None)
                is None
            ):
                return line.decode("utf-8").strip()
    return None


def _first_line(error: BaseException) -> str:
    text = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return text if len(text) <= 200 else text[:197] + "..."
