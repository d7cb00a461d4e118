"""A graph directory on disk: sorted N-Triples, an Oxigraph store and the build record.

A write goes to a temporary sibling directory that replaces the old graph only
when everything is written, so a failed or interrupted build leaves the
previous graph intact.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.rdf.faults import crash_point

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from immunokg.graph.rdf.ntriples import NTriples
    from immunokg.graph.rdf.sorted_lines import SortedGraph

NT_FILE = "graph.nt"
STORE_DIR = "store"
RECORD_FILE = "build.json"
WRITE_BLOCK = 100_000  # lines encoded and written at a time
# Lines per bulk load: Oxigraph's bulk loader holds a whole call's triples in memory (about
# 1.5 GB for 3 M triples); loading graph.nt in parts of this size keeps it near 0.5 GB.
LOAD_BLOCK = 500_000
STAGING_SUFFIX_BYTES = 8  # the random part tempfile adds to a staging folder's name


def staging_prefix(target: Path) -> str:
    """The name start of the folders a build of ``target`` stages its graph in."""
    return f".{target.name}.building-"


def old_prefix(target: Path) -> str:
    """The name start of the folder an old graph waits in while the new one moves in."""
    return f".{target.name}.old-"


def is_graph_dir(directory: str | Path) -> bool:
    """True if ``directory`` holds a complete graph written by ``write_graph_dir``."""
    path = Path(directory)
    return (
        (path / NT_FILE).is_file()
        and (path / STORE_DIR).is_dir()
        and (path / RECORD_FILE).is_file()
    )


def write_graph_dir(graph: Graph | NTriples, directory: str | Path, record: dict[str, Any]) -> Path:
    """Write ``graph`` to ``directory`` atomically; ``record`` goes to build.json.

    The record gains ``graph``: the number of triples and the SHA-256 of graph.nt.
    """
    from immunokg.graph.rdf.ntriples import NTriples

    triples = graph if isinstance(graph, NTriples) else to_ntriples(graph)
    with StagedGraph(triples, directory) as staged:
        return staged.commit(record)


class StagedGraph:
    """graph.nt and the store written to a temporary sibling of ``directory``.

    The build validates the staged store (no second load of the triples), then
    ``commit`` writes build.json and swaps the directory into place; leaving the
    ``with`` block without a commit removes everything staged.
    """

    def __init__(
        self, triples: NTriples | SortedGraph, directory: str | Path, *, load: bool = True
    ) -> None:
        """Write graph.nt; load the store too unless ``load`` is False (then call ``load``).

        Loading later lets the caller drop its lines first: the store is read from
        graph.nt, so the lines need not stay in memory while Oxigraph loads them.
        ``triples`` is sorted lines in memory, or a SortedGraph that writes itself
        through shards on disk (a corpus too large to hold).
        """
        self.target = Path(directory).absolute()
        check_replaceable(self.target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        prefix = staging_prefix(self.target)
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=self.target.parent))
        self.store: pyoxigraph.Store | None = None
        self.loaded = False
        try:
            if hasattr(triples, "lines"):
                self.triples = len(triples.lines)
                self.sha256 = _write_lines(triples.lines, self.path / NT_FILE)
            else:
                self.triples, self.sha256 = triples.write(self.path / NT_FILE)
            self.bytes = self.nt_path.stat().st_size
            crash_point("staged")
            if load:
                self.load()
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    @property
    def nt_path(self) -> Path:
        """The staged graph.nt."""
        return self.path / NT_FILE

    @property
    def store_path(self) -> Path:
        """The staged store's folder."""
        return self.path / STORE_DIR

    def load(self) -> pyoxigraph.Store | None:
        """Bulk-load the staged graph.nt into the staged store (once)."""
        if self.store is None and not self.loaded:
            self.store = _load_store(self.path / STORE_DIR, self.nt_path)
            self.loaded = True
            crash_point("loaded")
        return self.store

    def release(self) -> None:
        """Close the loaded store, so that readers may open it read-only beside each other: a
        store open for writing may compact away files that a read-only opener relies on."""
        if self.store is not None:
            self.store.flush()
            self.store = None

    def __enter__(self) -> StagedGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store = None
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)

    def commit(self, record: dict[str, Any]) -> Path:
        """Write build.json (with graph.nt's triple count, size and SHA-256), move into place.

        The three let every later command check the graph against itself (rdf/integrity.py).
        """
        graph = {"triples": self.triples, "bytes": self.bytes, "sha256": self.sha256}
        text = json.dumps({**record, "graph": graph}, indent=2, sort_keys=True, ensure_ascii=False)
        (self.path / RECORD_FILE).write_text(text + "\n", encoding="utf-8")
        if self.store is not None:
            self.store.flush()
            self.store = None
        crash_point("recorded")
        _replace(self.path, self.target)
        return self.target


def to_ntriples(graph: Graph) -> NTriples:
    """Sorted N-Triples lines of an rdflib graph (blank nodes are not used by the build)."""
    from immunokg.graph.rdf.ntriples import NTriples

    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return NTriples(tuple(sorted({line for line in text.splitlines() if line.strip()})))


def open_store(directory: str | Path) -> pyoxigraph.Store:
    """The graph's Oxigraph store, opened read only (several readers may share it)."""
    import pyoxigraph

    path = Path(directory) / STORE_DIR
    if not path.is_dir():
        raise ImmunokgError(f"{directory}: no graph store here; run `immunokg build` first")
    return pyoxigraph.Store.read_only(str(path))


def load_graph(directory: str | Path) -> Graph:
    """The graph as an rdflib Graph, parsed from graph.nt (for small graphs and validation)."""
    from rdflib import Graph

    from immunokg.graph.rdf.namespace import bind_prefixes

    path = Path(directory) / NT_FILE
    if not path.is_file():
        raise ImmunokgError(f"{directory}: no {NT_FILE} here; run `immunokg build` first")
    graph = Graph()
    graph.parse(str(path), format="nt")
    return bind_prefixes(graph)


def read_ntriples(directory: str | Path) -> NTriples:
    """The sorted lines of graph.nt, for validating a stored graph in parts."""
    from immunokg.graph.rdf.ntriples import NTriples

    path = Path(directory) / NT_FILE
    if not path.is_file():
        raise ImmunokgError(f"{directory}: no {NT_FILE} here; run `immunokg build` first")
    return NTriples(tuple(path.read_text(encoding="utf-8").splitlines()))


def read_record(directory: str | Path) -> dict[str, Any]:
    """The build record (build.json) of a graph directory."""
    path = Path(directory) / RECORD_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImmunokgError(f"{path}: cannot read the build record: {error}") from error


def _write_lines(lines: tuple[str, ...], path: Path) -> str:
    """Write the lines in blocks (never one copy of the whole text); their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for start in range(0, len(lines), WRITE_BLOCK):
            data = "".join(line + "\n" for line in lines[start : start + WRITE_BLOCK])
            block = data.encode("utf-8")
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def _load_store(store_dir: Path, nt_path: Path) -> pyoxigraph.Store:
    """Bulk-load graph.nt into a new Oxigraph store (fast: no per-triple transactions).

    In parts of ``LOAD_BLOCK`` lines, so the loader's memory does not grow with the graph.
    """
    import pyoxigraph

    store = pyoxigraph.Store(str(store_dir))
    with nt_path.open("rb") as lines:
        while block := b"".join(islice(lines, LOAD_BLOCK)):
            store.bulk_load(block, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    return store


def check_replaceable(target: Path) -> None:
    """Refuse to replace anything but an earlier graph or an empty directory."""
    if not target.exists():
        return
    if not target.is_dir():
        raise ImmunokgError(f"{target}: exists and is not a directory; choose another --graph")
    if not is_graph_dir(target) and any(target.iterdir()):
        raise ImmunokgError(
            f"{target}: folder is not empty and holds no graph; refusing to replace it"
        )


def _replace(temporary: Path, target: Path) -> None:
    """Swap the finished directory into place; the old one is removed only after."""
    if not target.exists():
        temporary.replace(target)
        return
    old = Path(tempfile.mkdtemp(prefix=old_prefix(target), dir=target.parent))
    old.rmdir()
    target.replace(old)
    crash_point("parked")
    try:
        temporary.replace(target)
    except BaseException:
        old.replace(target)
        raise
    crash_point("swapped")
    shutil.rmtree(old, ignore_errors=True)
