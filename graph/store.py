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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from immunokg.extract.errors import ImmunokgError

from .build import bind_prefixes
from .ntriples import NTriples

if TYPE_CHECKING:
    import pyoxigraph

NT_FILE = "graph.nt"
STORE_DIR = "store"
RECORD_FILE = "build.json"


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
    target = Path(directory).absolute()
    _check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    triples = graph if isinstance(graph, NTriples) else to_ntriples(graph)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        _write_contents(triples, temporary, record)
        _replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target


def to_ntriples(graph: Graph) -> NTriples:
    """Sorted N-Triples lines of an rdflib graph (blank nodes are not used by the build)."""
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
    path = Path(directory) / NT_FILE
    if not path.is_file():
        raise ImmunokgError(f"{directory}: no {NT_FILE} here; run `immunokg build` first")
    graph = Graph()
    graph.parse(str(path), format="nt")
    return bind_prefixes(graph)


def read_ntriples(directory: str | Path) -> NTriples:
    """The sorted lines of graph.nt, for validating a stored graph in parts."""
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


def _write_contents(triples: NTriples, directory: Path, record: dict[str, Any]) -> None:
    nt_path = directory / NT_FILE
    data = triples.text().encode("utf-8")
    nt_path.write_bytes(data)
    _load_store(directory / STORE_DIR, nt_path)
    full_record = {
        **record,
        "graph": {"triples": len(triples.lines), "sha256": hashlib.sha256(data).hexdigest()},
    }
    text = json.dumps(full_record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (directory / RECORD_FILE).write_text(text, encoding="utf-8")


def _load_store(store_dir: Path, nt_path: Path) -> None:
    """Bulk-load graph.nt into a new Oxigraph store (fast: no per-triple transactions)."""
    import pyoxigraph

    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(path=str(nt_path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    del store


def _check_replaceable(target: Path) -> None:
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
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.replace(old)
    try:
        temporary.replace(target)
    except BaseException:
        old.replace(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
