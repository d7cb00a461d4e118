"""The ``evaluate`` command: how well extraction scores against a gold standard, and why."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from immunokg.graph.cli.options import paths_argument

if TYPE_CHECKING:
    from immunokg.extract.evaluate.scoring import Count, Miss, Scores

_HEADER = ("relation", "gold", "predicted", "TP", "FP", "FN", "P", "R", "F1")


@click.command("evaluate")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--aliases",
    "aliases_path",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Aliases TSV (canonical<TAB>alias|alias...); default: X.aliases.tsv beside X.gold.tsv.",
)
@click.option(
    "--facts",
    "facts_path",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    default=None,
    help="Score a saved facts table (output of `immunokg extract`; - reads stdin) instead of running extraction.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A readable report, or JSON for scripts.",
)
@paths_argument
def evaluate_command(
    gold: str,
    aliases_path: str | None,
    facts_path: str | None,
    output_format: str,
    paths: tuple[str, ...],
) -> None:
    """Score extracted facts against a gold standard: precision, recall, F1 and every error.

    Runs extraction over PATH... (default: the bundled seeds), or reads a saved
    facts table with --facts, and compares it with the GOLD facts TSV. Prints precision, recall and F1 per relation and overall, the accuracy of
    treats status, then every false positive and false negative (with the gold
    evidence quote). Names match after case folding, punctuation removal,
    dropping stage words, singularising and alias folding.
    """
    from immunokg.extract.evaluate.scoring import evaluate

    if facts_path is not None and paths:
        raise click.UsageError("give either --facts or PATH..., not both")
    result = evaluate(gold, aliases_path=aliases_path, facts_path=facts_path, paths=paths)
    for message in result.warnings:
        click.echo(f"warning: {message}", err=True)
    if output_format == "json":
        click.echo(json.dumps(result.scores.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report_text(result.scores), nl=False)


def report_text(scores: Scores) -> str:
    """The per-relation table, the overall line, status accuracy and the error lists."""
    rows = [_HEADER, *(_cells(count) for count in scores.relations), _cells(scores.overall)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(len(rows) - 1, "-" * len(lines[0]))
    lines.append("")
    lines.append(
        f"treats status accuracy: {_number(scores.status_accuracy)} "
        f"({scores.status_correct}/{scores.status_total} matched treats facts)"
    )
    lines.append(
        f"not counted: {scores.optional_matched} predictions matching optional gold rows, "
        f"{scores.unscored} predictions of relations the gold does not score"
    )
    lines += _section("false positives", [_fact(m) for m in scores.false_positives])
    lines += _section(
        "false negatives",
        [f'{_fact(m)}\t{",".join(m.docs)}\t"{m.evidence}"' for m in scores.false_negatives],
    )
    lines += _section(
        "treats status errors",
        [
            f"{e.subject}\ttreats\t{e.object}\tpredicted {'/'.join(e.predicted)}, gold {'/'.join(e.gold)}"
            for e in scores.status_errors
        ],
    )
    return "\n".join(lines) + "\n"


def _cells(count: Count) -> tuple[str, ...]:
    numbers = (count.gold, count.predicted, count.tp, count.fp, count.fn)
    ratios = (count.precision, count.recall, count.f1)
    return (count.relation, *map(str, numbers), *map(_number, ratios))


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _fact(miss: Miss) -> str:
    status = f" [{miss.status}]" if miss.relation == "treats" else ""
    return f"{miss.subject}\t{miss.relation}\t{miss.object}{status}"


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"{title} ({len(items)}):", *(f"  {item}" for item in items)]
