"""Lookup commands: drugs by target, class, cancer or side effect; an entity card; a short phrase."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from immunokg.graph.cli.options import endpoint_option, graph_option, graph_store

if TYPE_CHECKING:
    from immunokg.graph.ask.lookup import Answer

F = TypeVar("F", bound=Callable[..., object])


def format_option(function: F) -> F:
    """``--format table|json``: a table for people, JSON for scripts."""
    return click.option(
        "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
    )(function)


def _echo(answer: Answer, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(answer.data(), indent=2, ensure_ascii=False))
    else:
        from immunokg.graph.cli.answers import answer_text

        click.echo(answer_text(answer), nl=False)


@click.command("drugs")
@click.option(
    "--target", help="Drugs that target this (directly or through their class), e.g. PD-1."
)
@click.option(
    "--class",
    "drug_class",
    help='Drugs in this class or its subclasses, e.g. "checkpoint inhibitor".',
)
@click.option("--treats", help="Drugs that treat this cancer type (with status), e.g. melanoma.")
@click.option(
    "--side-effect", "side_effect", help="Drugs with this side effect (own or their class's)."
)
@format_option
@graph_option
@endpoint_option
def drugs_command(
    target: str | None,
    drug_class: str | None,
    treats: str | None,
    side_effect: str | None,
    fmt: str,
    graph_dir: str | None,
    endpoint: str | None,
    graph_iri: str,
) -> None:
    """Drugs meeting every condition given, with brands, classes, how, and supporting sentences."""
    from immunokg.graph.ask.lookup import drugs

    with graph_store(graph_dir, endpoint, graph_iri) as store:
        answer = drugs(
            store, target=target, drug_class=drug_class, treats=treats, side_effect=side_effect
        )
    _echo(answer, fmt)


@click.command("show")
@click.argument("name")
@format_option
@graph_option
@endpoint_option
def show_command(
    name: str, fmt: str, graph_dir: str | None, endpoint: str | None, graph_iri: str
) -> None:
    """An entity's card: type, synonyms, identifiers, relations in and out, and their sentences."""
    from immunokg.graph.ask.lookup import entity_card

    with graph_store(graph_dir, endpoint, graph_iri) as store:
        card = entity_card(store, name)
    _echo(card, fmt)


@click.command("ask")
@click.argument("phrase")
@format_option
@graph_option
@endpoint_option
def ask_command(
    phrase: str, fmt: str, graph_dir: str | None, endpoint: str | None, graph_iri: str
) -> None:
    """Answer a short phrase: "drugs targeting PD-1", "what treats melanoma", "side effects of X",
    "targets of X", "PD-1 inhibitors", "what is X"."""
    from immunokg.graph.ask.lookup import ask

    with graph_store(graph_dir, endpoint, graph_iri) as store:
        answer = ask(store, phrase)
    _echo(answer, fmt)
