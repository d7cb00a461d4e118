"""The ``immunokg`` command: a thin click layer over the library's public functions.

Each command parses options and calls one function. Heavy libraries (spaCy,
pySHACL, networkx) are imported inside the functions that need them, so that
``immunokg --help`` and lookups start fast.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

from immunokg.extract.errors import ImmunokgError

from .commands_corpus import corpus_command, seeds_command


def _version() -> str:
    try:
        return version("immunokg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


class ImmunokgGroup(click.Group):
    """A group that turns the library's user errors into one clean line and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ImmunokgError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=ImmunokgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "-V", "--version", prog_name="immunokg")
def main() -> None:
    """immunokg: a curated, provenance-tracked knowledge graph of cancer immunotherapy.

    Every fact in the graph comes from a sentence, found by a named rule, with
    its approval status. With no paths, commands work on the bundled seed texts.
    """


main.add_command(seeds_command)
main.add_command(corpus_command)
