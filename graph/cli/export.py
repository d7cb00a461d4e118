"""Commands that take the graph elsewhere: ``export`` to files, ``draw`` to a picture,
``push`` to a SPARQL server."""

from __future__ import annotations

import click

from immunokg.graph.cli.options import damage_reported, graph_iri_option, graph_option, graph_path
from immunokg.graph.export.registry import EXPORTERS


def _formats_help() -> str:
    return "; ".join(f"{name}: {fmt.summary} ({fmt.files})" for name, fmt in EXPORTERS.items())


@click.command("export", epilog=f"Formats: {_formats_help()}.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(EXPORTERS)))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=str),
    help="File to write; for kgx and csv a directory (nodes.*, edges.*) or a prefix (PREFIX_nodes.*).",
)
@graph_option
@click.option("--around", metavar="NAME", help="Export only the neighbourhood of this entity.")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Hops from --around.",
)
@click.option(
    "--provenance",
    is_flag=True,
    help="graphml, cytoscape, csv: add evidence and document nodes (RDF formats always have them).",
)
def export_command(
    fmt: str, output: str, graph_dir: str | None, around: str | None, depth: int, provenance: bool
) -> None:
    """Export the graph (or an entity's neighbourhood) as FORMAT for other tools."""
    from immunokg.graph.export.registry import export

    path = graph_path(graph_dir)
    with damage_reported(path):
        written = export(path, fmt, output, around=around, depth=depth, provenance=provenance)
    for path in written:
        click.echo(str(path))


@click.command("draw")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=str),
    help="Picture to write: FILE.svg or FILE.png.",
)
@click.option(
    "--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Hops from NAME."
)
@graph_option
def draw_command(name: str, output: str, depth: int, graph_dir: str | None) -> None:
    """Draw the neighbourhood of the entity NAME: nodes coloured by type, edges by relation."""
    from immunokg.graph.export.draw import draw

    path = graph_path(graph_dir)
    with damage_reported(path):
        drawn = draw(path, name, output, depth=depth)
    click.echo(str(drawn))


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The server's Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
    "http://localhost:3030/ds/data (Fuseki), http://localhost:8890/sparql-graph-crud (Virtuoso).",
)
@graph_iri_option
@click.option(
    "--query-endpoint",
    metavar="URL",
    help="The server's SPARQL query endpoint, for the count; default: beside --endpoint.",
)
@click.option(
    "--chunk-lines",
    type=click.IntRange(min=1),
    default=250_000,
    show_default=True,
    help="Triples per request: the first replaces the graph (PUT), the rest add to it (POST).",
)
@graph_option
def push_command(
    endpoint: str,
    graph_iri: str,
    query_endpoint: str | None,
    chunk_lines: int,
    graph_dir: str | None,
) -> None:
    """Replace a named graph on a SPARQL server with the graph (Graph Store HTTP Protocol),
    then check that the server holds as many triples as graph.nt."""
    from immunokg.graph.export.push import push_graph

    result = push_graph(
        graph_path(graph_dir),
        endpoint,
        graph_iri=graph_iri,
        query_endpoint=query_endpoint,
        chunk_lines=chunk_lines,
    )
    click.echo(result.text(), nl=False)
