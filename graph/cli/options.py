"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from immunokg.graph.build.locate import GRAPH_ENVVAR

if TYPE_CHECKING:
    from pyoxigraph import Store

F = TypeVar("F", bound=Callable[..., object])


def graph_option(function: F) -> F:
    """``--graph DIR``: the graph to work on (default: the bundled seeds' graph)."""
    return click.option(
        "--graph",
        "graph_dir",
        type=click.Path(file_okay=False, dir_okay=True, path_type=str),
        envvar=GRAPH_ENVVAR,
        show_envvar=True,
        default=None,
        help="Graph directory made by `immunokg build`; default: the bundled seeds' graph.",
    )(function)


def paths_argument(function: F) -> F:
    """``PATH...``: files or folders of texts (default: the bundled seeds)."""
    return click.argument(
        "paths", nargs=-1, type=click.Path(exists=False, path_type=str), metavar="[PATH]..."
    )(function)


def engine_option(function: F) -> F:
    """``--engine fast|pyshacl``: which SHACL engine checks the graph (the same report either way)."""
    return click.option(
        "--engine",
        type=click.Choice(["fast", "pyshacl"]),
        default="fast",
        show_default=True,
        help="SHACL engine: the shapes compiled to SPARQL on Oxigraph, or pySHACL (reference).",
    )(function)


ENDPOINT_ENVVAR = "IMMUNOKG_ENDPOINT"
DEFAULT_GRAPH_IRI = "https://w3id.org/immunokg/graph"  # as graph/ask/remote.py


def graph_iri_option(function: F) -> F:
    """``--graph-iri IRI``: the named graph on the server."""
    return click.option(
        "--graph-iri",
        default=DEFAULT_GRAPH_IRI,
        show_default=True,
        help="The named graph on the server that `immunokg push` wrote.",
    )(function)


def endpoint_option(function: F) -> F:
    """``--endpoint URL`` and ``--graph-iri IRI``: ask a SPARQL server instead of a local graph."""
    function = graph_iri_option(function)
    return click.option(
        "--endpoint",
        metavar="URL",
        envvar=ENDPOINT_ENVVAR,
        show_envvar=True,
        default=None,
        help="A SPARQL 1.1 query endpoint holding the pushed graph (e.g. "
        "http://localhost:7878/query); the same queries and parameters run there.",
    )(function)


def graph_path(graph_dir: str | None) -> Path:
    """The graph a command works on (--graph / IMMUNOKG_GRAPH, else the seed graph), once its
    cheap self-checks pass; a graph kept despite failing SHACL gets a warning on stderr."""
    from immunokg.graph.build.locate import resolve_graph_dir
    from immunokg.graph.rdf.integrity import check_graph_dir, invalid_graph_warning

    path = resolve_graph_dir(graph_dir)
    warning = invalid_graph_warning(path, check_graph_dir(path))
    if warning:
        click.echo(f"warning: {warning}", err=True)
    return path


@contextmanager
def graph_store(
    graph_dir: str | None,
    endpoint: str | None = None,
    graph_iri: str | None = None,
    timeout: float | None = None,
) -> Iterator[Store]:
    """The store of the graph a command works on: --endpoint (waiting at most ``timeout``
    seconds for each answer), else --graph / IMMUNOKG_GRAPH, else the seed graph (see
    ``graph_path``), read only."""
    if endpoint:
        if graph_dir:
            raise click.UsageError("give --graph or --endpoint, not both")
        from immunokg.graph.ask.remote import RemoteStore

        yield RemoteStore(endpoint, graph_iri, timeout)  # type: ignore[misc]
        return
    from immunokg.graph.ask.query import open_graph

    path = graph_path(graph_dir)
    with damage_reported(path):
        yield open_graph(path)


@contextmanager
def damage_reported(path: Path) -> Iterator[None]:
    """Damage a store shows only while it is read (a block that fails its checksum) as the
    same one line as damage found before."""
    from immunokg.graph.rdf.integrity import damaged, store_damage

    try:
        yield
    except (OSError, RuntimeError) as error:
        problem = store_damage(error)
        if problem is None:
            raise
        raise damaged(path, problem) from None
