"""The ``extract`` command: the facts that texts state, as a table or JSON lines with evidence."""

from __future__ import annotations

import click

from immunokg.graph.cli.options import paths_argument

FORMATS = ("tsv", "jsonl")


@click.command("extract")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="tsv",
    show_default=True,
    help="tsv: the facts table; jsonl: one fact per line with all its evidence.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Documents extracted in parallel processes; the output is the same.",
)
@paths_argument
def extract_command(output_format: str, jobs: int, paths: tuple[str, ...]) -> None:
    """Extract facts from PATH... (files or folders; default: the bundled seeds).

    Files that cannot be read or extracted are reported as `skipped: ...` on stderr
    and the rest are processed.
    """
    from immunokg.extract.errors import ImmunokgError
    from immunokg.extract.read.bundled import seed_paths
    from immunokg.extract.read.corpus import read_corpus
    from immunokg.extract.table import facts_jsonl, facts_table
    from immunokg.graph.build.batches import extract_isolated

    corpus = read_corpus(list(paths) or seed_paths())
    for message in corpus.warnings:
        click.echo(f"warning: {message}", err=True)
    for problem in corpus.problems:
        click.echo(f"skipped: {problem}", err=True)
    if not corpus.documents:
        raise ImmunokgError("no readable documents in the given paths")
    facts, failed = extract_isolated(corpus.documents, jobs=jobs)
    for problem in failed.values():
        click.echo(f"skipped: {problem}", err=True)
    render = facts_jsonl if output_format == "jsonl" else facts_table
    click.echo(render(facts), nl=False)
