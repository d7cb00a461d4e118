"""Commands that make and check the graph: build, facts, validate."""

from __future__ import annotations

import json

import click

from immunokg.graph.cli.options import (
    GRAPH_ENVVAR,
    damage_reported,
    engine_option,
    graph_option,
    graph_path,
    paths_argument,
)


@click.command("build")
@paths_argument
@click.option(
    "--graph",
    "graph_dir",
    type=click.Path(file_okay=False, dir_okay=True, path_type=str),
    envvar=GRAPH_ENVVAR,
    show_envvar=True,
    default=None,
    help="Directory to write the graph to; default: the seed graph in the user cache "
    "(only without PATH).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes for extraction and SHACL validation.",
)
@click.option(
    "--keep-invalid",
    is_flag=True,
    help="Write the graph even if it fails SHACL validation (marked failing in build.json).",
)
@engine_option
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT | local:N",
    help="Extract on a Dask cluster: a running scheduler, or a local cluster of N worker "
    "processes (needs `pip install 'immunokg[cluster]'`). The graph is the same.",
)
@click.option(
    "--spill-mb",
    type=click.IntRange(min=0),
    default=16,
    show_default=True,
    help="Above this many MB of input, merge facts and sort lines through shards on disk, "
    "so memory stays bounded whatever the corpus size. The graph is the same.",
)
def build_command(
    paths: tuple[str, ...],
    graph_dir: str | None,
    jobs: int,
    keep_invalid: bool,
    engine: str,
    scheduler: str | None,
    spill_mb: int,
) -> None:
    """Read texts (default: the bundled seeds), extract facts, validate and write the graph.

    PATH may be a file, a folder, or (with --scheduler) an fsspec URL such as s3://bucket/texts.
    """
    from immunokg.graph.build.batched import MemoryPlan
    from immunokg.graph.build.locate import seed_cache_dir
    from immunokg.graph.build.pipeline import build_graph_dir

    if paths and not graph_dir:
        raise click.UsageError("give --graph DIR (or IMMUNOKG_GRAPH) to build your own texts")
    directory = graph_dir or seed_cache_dir()
    summary = build_graph_dir(
        list(paths) or None,
        directory,
        jobs=jobs,
        keep_invalid=keep_invalid,
        engine=engine,
        scheduler=scheduler,
        memory=MemoryPlan(spill_bytes=spill_mb * 1024 * 1024),
    )
    for message in summary.warnings:
        click.echo(f"warning: {message}", err=True)
    for message in summary.problems:
        click.echo(f"skipped: {message}", err=True)
    if not summary.report.conforms:
        click.echo(summary.report.text(), err=True)
    click.echo(summary.text())
    if not summary.report.conforms:
        raise SystemExit(1)


@click.command("facts")
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tsv", "jsonl"]),
    default="tsv",
    show_default=True,
    help="Table (tab separated) or one JSON record per fact.",
)
@click.option(
    "--ontology",
    is_flag=True,
    help="Also print the ontology's class axioms, status `ontology` and their source page.",
)
def facts_command(graph_dir: str | None, fmt: str, ontology: bool) -> None:
    """Print the graph's facts as `immunokg extract` does: one row per fact, with evidence.

    Text facts only, unless --ontology adds the class taxonomy's axioms, marked as such.
    """
    from immunokg.extract.table import facts_jsonl, facts_table
    from immunokg.graph.ask.read_facts import axioms_from_graph, facts_from_graph

    directory = graph_path(graph_dir)
    with damage_reported(directory):
        facts = facts_from_graph(directory)
        axioms = axioms_from_graph(directory) if ontology else []
    click.echo(facts_table(facts) if fmt == "tsv" else facts_jsonl(facts), nl=False)
    for axiom in axioms:
        if fmt == "jsonl":
            click.echo(json.dumps(axiom, ensure_ascii=False))
        else:
            cells = (axiom["subject"], axiom["relation"], axiom["object"], "ontology")
            cells += (axiom["source"], "0", axiom["subject_type"], axiom["object_type"], "ontology")
            click.echo("\t".join(cells))


@click.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=str))
@graph_option
@engine_option
def validate_command(file: str | None, graph_dir: str | None, engine: str) -> None:
    """Check a graph (or an RDF FILE) against the SHACL shapes; exit 1 on any violation."""
    from immunokg.graph.validate.engines import validate_file

    if file:
        report = validate_file(file, engine=engine)
    else:
        from immunokg.graph.build.locate import resolve_graph_dir
        from immunokg.graph.validate.engines import validate_graph_dir

        report = validate_graph_dir(resolve_graph_dir(graph_dir), engine)
    click.echo(report.text())
    if not report.conforms:
        raise SystemExit(1)
