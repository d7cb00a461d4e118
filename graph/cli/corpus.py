"""Commands about source texts: the bundled seeds and how a corpus reads."""

from __future__ import annotations

import click

from immunokg.graph.cli.options import paths_argument


@click.command("seeds")
def seeds_command() -> None:
    """List the bundled seed texts with their title, publisher and review date."""
    from immunokg.extract.read.bundled import seed_manifest

    click.echo("id\ttitle\tpublisher\treviewed\turl\tlicence")
    for entry in seed_manifest():
        fields = (entry.id, entry.title, entry.publisher, entry.reviewed, entry.url, entry.licence)
        click.echo("\t".join(fields))


@click.command("corpus")
@paths_argument
def corpus_command(paths: tuple[str, ...]) -> None:
    """Read texts (default: the bundled seeds) and summarise what extraction will see."""
    from immunokg.extract.read.bundled import seed_metadata, seed_paths
    from immunokg.extract.read.corpus import read_corpus

    corpus = read_corpus(paths or seed_paths())
    manifest = {} if paths else seed_metadata()  # titles the seed texts do not carry
    for message in corpus.warnings:
        click.echo(f"warning: {message}", err=True)
    for message in corpus.problems:
        click.echo(f"skipped: {message}", err=True)
    click.echo("document\tblocks\titems\twords\ttitle")
    total_words = 0
    for document in corpus.documents:
        words = len(document.text.split())
        total_words += words
        items = sum(block.kind == "item" for block in document.blocks)
        title = document.metadata.get("title") or manifest.get(document.id, {}).get("title", "")
        click.echo(f"{document.id}\t{len(document.blocks)}\t{items}\t{words}\t{title}")
    click.echo(f"{len(corpus.documents)} documents, {total_words} words read", err=True)
    if corpus.problems and not corpus.documents:
        raise click.ClickException("no document could be read")
