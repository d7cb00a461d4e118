"""Which graph a command works on: --graph / IMMUNOKG_GRAPH, else the cached seed graph."""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.resources import as_file, files
from pathlib import Path

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build.guard.lock import build_lock
from immunokg.graph.build.guard.target import prepare_target, recover_for_reading
from immunokg.graph.build.summary import package_version
from immunokg.graph.rdf.store import is_graph_dir

GRAPH_ENVVAR = "IMMUNOKG_GRAPH"
CACHE_ENVVAR = "XDG_CACHE_HOME"


def resolve_graph_dir(graph_dir: str | None) -> Path:
    """The graph directory to read: the one given, or the seed graph (built on first use).

    A directory given explicitly (or through IMMUNOKG_GRAPH) must hold a graph;
    it is never built implicitly, so a typo cannot start a build somewhere odd. A build
    that crashed while swapping the graph in is undone first (graph/build/guard/target.py).
    """
    given = graph_dir or os.environ.get(GRAPH_ENVVAR) or None
    if given:
        path = Path(given).expanduser()
        recover_for_reading(path)
        if not path.is_dir():
            raise ImmunokgError(
                f"{path}: no such graph directory; build one with `immunokg build PATH --graph {path}`"
            )
        if not is_graph_dir(path):
            raise ImmunokgError(
                f"{path}: not a graph directory (graph.nt, store/ and build.json are missing); "
                f"build one with `immunokg build PATH --graph {path}`"
            )
        return path
    return seed_graph_dir()


def seed_graph_dir() -> Path:
    """The bundled seeds' graph in the user cache, built the first time it is asked for.

    Two commands that both find it missing build it once: the second waits for the
    build lock, then finds the graph there.
    """
    path = seed_cache_dir()
    recover_for_reading(path)
    if is_graph_dir(path):
        return path
    with build_lock(prepare_target(path), notify=lambda _message: None):
        if is_graph_dir(path):
            return path
        _build_seed_graph(path)
    return path


def _build_seed_graph(path: Path) -> None:
    print("building the seed graph (first use)...", file=sys.stderr, flush=True)
    from immunokg.graph.build.pipeline import build_graph_dir

    summary = build_graph_dir(None, path, keep_invalid=True, progress=False)
    if not summary.report.conforms:
        print(
            f"warning: the seed graph does not conform to the shapes ({summary.report.violations} "
            "violations); see `immunokg validate`",
            file=sys.stderr,
        )


def seed_cache_dir() -> Path:
    """``<cache>/immunokg/<version>-<hash of the seed files' content>``."""
    return cache_root() / "immunokg" / f"{package_version()}-{seed_hash()}"


def cache_root() -> Path:
    configured = os.environ.get(CACHE_ENVVAR)
    return Path(configured) if configured else Path.home() / ".cache"


def seed_hash() -> str:
    """16 hex digits over the seeds and the curated data (lexicon, rules, ontology, shapes).

    Any change to an input of the seed graph gives a new cache directory.
    """
    from immunokg.extract.read.bundled import seed_paths

    digest = hashlib.sha256()
    for path in [*seed_paths(), *_curated_files()]:
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _curated_files() -> list[Path]:
    found = []
    for package, folder in (("immunokg.extract", "data"), ("immunokg.ontology", "")):
        root = files(package) / folder if folder else files(package)
        with as_file(root) as path:
            found += sorted(p for p in Path(path).iterdir() if p.is_file() and p.suffix != ".py")
    return found
