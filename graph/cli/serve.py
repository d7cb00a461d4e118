"""The ``serve`` command: the graph over HTTP, a SPARQL endpoint and an explorer, read-only."""

from __future__ import annotations

import click

from immunokg.graph.ask.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from immunokg.graph.cli.options import graph_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout",
    default=DEFAULT_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped and the client told so.",
)
@click.option(
    "--max-rows",
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows (or triples) an answer may have; a larger one is refused with a clear error.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Query worker processes (each holds the store read-only).",
)
@click.option(
    "--cache",
    default=512,
    show_default=True,
    type=click.IntRange(min=0),
    help="Answers kept in memory and given again (the graph is read-only); 0 keeps none.",
)
@graph_option
def serve_command(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    cache: int,
    graph_dir: str | None,
) -> None:
    """Serve the graph: a read-only SPARQL 1.1 endpoint at /sparql, JSON at /api/, and an
    explorer to browse facts with their sentences, at http://HOST:PORT/.

    Needs the web parts: pip install 'immunokg[serve]'.
    """
    try:
        from immunokg.graph.serve.app import serve
    except ImportError as error:
        raise click.ClickException(
            f"the web parts are not installed ({error.name}); pip install 'immunokg[serve]'"
        ) from None
    from immunokg.graph.ask.limits import Limits
    from immunokg.graph.build.locate import resolve_graph_dir
    from immunokg.graph.serve.engine import Settings

    directory = resolve_graph_dir(graph_dir).resolve()
    limits = Limits(timeout=timeout, max_rows=max_rows)
    click.echo(f"serving {directory} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    serve(Settings(directory, limits, workers, cache), host=host, port=port)
