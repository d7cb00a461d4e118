"""Commands that run SPARQL: the named queries, a query file, or a query given inline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from immunokg.graph.ask.limits import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
from immunokg.graph.cli.options import (
    damage_reported,
    endpoint_option,
    graph_option,
    graph_path,
    graph_store,
)
from immunokg.graph.cli.output import FORMATS

if TYPE_CHECKING:
    from immunokg.graph.ask.bounded import QueryStream
    from immunokg.graph.ask.limits import QueryLimits


@click.command("queries")
@click.argument("name", required=False)
def queries_command(name: str | None) -> None:
    """List the named queries with their parameters, or print one query's text."""
    from immunokg.graph.ask.query import get_query, load_queries
    from immunokg.graph.cli.output import format_table

    if name:
        click.echo(get_query(name).text, nl=False)
        return
    rows = [
        (query.name, ", ".join(param.name for param in query.params), query.summary)
        for query in load_queries().values()
    ]
    click.echo(format_table(("query", "parameters", "summary"), rows), nl=False)


@click.command("query")
@click.argument("query", required=False, metavar="[NAME | FILE.rq]")
@click.option("--sparql", help="Run this SPARQL text (SELECT, ASK, CONSTRUCT or DESCRIBE).")
@click.option(
    "-p",
    "--param",
    "params",
    nargs=2,
    multiple=True,
    metavar="NAME VALUE",
    help="Bind the query's parameter NAME (the variable ?_NAME) to VALUE; repeatable.",
)
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="table", show_default=True
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Stop the query after this many seconds (0: no limit).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=None,
    help=f"Print at most this many rows (0: all). Default: {DEFAULT_MAX_ROWS:,} for SPARQL "
    "text and query files, all for the named queries.",
)
@click.option("--allow-service", is_flag=True, help="Let the query call other endpoints (SERVICE).")
@graph_option
@endpoint_option
def query_command(
    query: str | None,
    sparql: str | None,
    params: tuple[tuple[str, str], ...],
    fmt: str,
    timeout: float,
    max_rows: int | None,
    allow_service: bool,
    graph_dir: str | None,
    endpoint: str | None,
    graph_iri: str,
) -> None:
    """Run a named query (see `immunokg queries`), a query file, or --sparql TEXT, read-only.

    Values given with -p are bound as RDF terms, never pasted into the query:
    an entity parameter takes a name, synonym, brand or id (`-p target PD-1`).
    A parameter left out matches anything. Rows are printed as they come; the query
    is stopped by --timeout, --max-rows or Ctrl-C. With --endpoint the query runs on a
    SPARQL server holding the pushed graph, the values bound in a VALUES block.
    """
    from immunokg.graph.ask.bounded import run_bounded
    from immunokg.graph.ask.limits import QueryLimits, row_cap
    from immunokg.graph.cli.output import render_chunks

    if (query is None) == (sparql is None):
        raise click.UsageError("give a query NAME or FILE.rq, or --sparql TEXT (one of them)")
    names = [name for name, _ in params]
    if len(set(names)) != len(names):
        raise click.UsageError("each parameter may be given once")
    text = query if sparql is None else sparql
    limits = QueryLimits(timeout or None, row_cap(text, max_rows), allow_service)
    if endpoint:
        result = _remote(text, dict(params), limits, fmt, (graph_dir, endpoint, graph_iri))
    else:
        path = graph_path(graph_dir)
        with damage_reported(path):
            result = run_bounded(path, text, dict(params), limits)
            for chunk in render_chunks(result, fmt):
                click.echo(chunk, nl=False)
    if result.truncated:
        click.echo(
            f"note: stopped after {result.max_rows:,} rows; add a LIMIT, or give "
            "--max-rows N (0: all)",
            err=True,
        )


def _remote(
    text: str,
    params: dict[str, str],
    limits: QueryLimits,
    fmt: str,
    where: tuple[str | None, str, str],
) -> QueryStream:
    """The query on a SPARQL server (``where``: graph_dir, endpoint, graph_iri): its answer
    arrives whole, within --timeout; the row cap applies to what is printed."""
    from immunokg.graph.ask.bounded import QueryStream
    from immunokg.graph.ask.query import run_query
    from immunokg.graph.cli.output import render_chunks

    with graph_store(*where, timeout=limits.timeout) as store:
        answer = run_query(store, text, params, allow_service=limits.allow_service)
    stream = QueryStream(answer.form, answer.variables, iter(answer.rows), answer.boolean)
    stream.triples, stream.max_rows = answer.triples, limits.max_rows
    if limits.max_rows is not None and len(answer.rows) > limits.max_rows:
        stream.rows, stream.truncated = iter(answer.rows[: limits.max_rows]), True
    for chunk in render_chunks(stream, fmt):
        click.echo(chunk, nl=False)
    return stream
