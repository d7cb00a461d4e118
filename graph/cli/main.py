"""The ``immunokg`` command: a thin click layer over the library's public functions.

Each command parses options and calls one function. Commands are loaded lazily
from the registry below, and heavy libraries (spaCy, pySHACL, networkx) are
imported inside the functions that need them, so that ``immunokg --help`` and
lookups start fast.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

import click

from immunokg.extract.errors import ImmunokgError

# name -> "module:attribute" of the click command. One line per command.
COMMANDS: dict[str, str] = {
    "seeds": "immunokg.graph.cli.corpus:seeds_command",
    "corpus": "immunokg.graph.cli.corpus:corpus_command",
    "build": "immunokg.graph.cli.build:build_command",
    "facts": "immunokg.graph.cli.build:facts_command",
    "validate": "immunokg.graph.cli.build:validate_command",
    "export": "immunokg.graph.cli.export:export_command",
    "draw": "immunokg.graph.cli.export:draw_command",
    "push": "immunokg.graph.cli.export:push_command",
    "evaluate": "immunokg.graph.cli.evaluate:evaluate_command",
    "extract": "immunokg.graph.cli.extract:extract_command",
    "queries": "immunokg.graph.cli.query:queries_command",
    "query": "immunokg.graph.cli.query:query_command",
    "drugs": "immunokg.graph.cli.lookup:drugs_command",
    "show": "immunokg.graph.cli.lookup:show_command",
    "ask": "immunokg.graph.cli.lookup:ask_command",
    "serve": "immunokg.graph.cli.serve:serve_command",
}


def _version() -> str:
    try:
        return version("immunokg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


class ImmunokgGroup(click.Group):
    """Loads commands on demand and turns user errors into one clean line and exit code 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(import_module(module_name), attribute)

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
