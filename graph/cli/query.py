"""Commands that run SPARQL: the named queries, a query file, or a query given inline."""

from __future__ import annotations

import click

from immunokg.graph.cli.options import endpoint_option, graph_option, graph_store
from immunokg.graph.cli.output import FORMATS


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
@graph_option
@endpoint_option
def query_command(
    query: str | None,
    sparql: str | None,
    params: tuple[tuple[str, str], ...],
    fmt: str,
    graph_dir: str | None,
    endpoint: str | None,
    graph_iri: str,
) -> None:
    """Run a named query (see `immunokg queries`), a query file, or --sparql TEXT, read-only.

    Values given with -p are bound as RDF terms, never pasted into the query:
    an entity parameter takes a name, synonym, brand or id (`-p target PD-1`).
    A parameter left out matches anything. With --endpoint the query runs on a
    SPARQL server holding the pushed graph, the values bound in a VALUES block.
    """
    from immunokg.graph.ask.query import run_query
    from immunokg.graph.cli.output import render

    if (query is None) == (sparql is None):
        raise click.UsageError("give a query NAME or FILE.rq, or --sparql TEXT (one of them)")
    names = [name for name, _ in params]
    if len(set(names)) != len(names):
        raise click.UsageError("each parameter may be given once")
    store = graph_store(graph_dir, endpoint, graph_iri)
    result = run_query(store, query if sparql is None else sparql, dict(params))
    click.echo(render(result, fmt), nl=False)
