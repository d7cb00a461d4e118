"""Lookup answers as text for people; scripts get ``answer.data()`` as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from immunokg.graph.ask.card import EntityCard
from immunokg.graph.cli.output import format_table

if TYPE_CHECKING:
    from immunokg.graph.ask.lookup import Answer, Lookup


def answer_text(answer: Answer) -> str:
    """A lookup as a titled table, an entity card as its lines."""
    if isinstance(answer, EntityCard):
        return card_text(answer)
    return lookup_text(answer)


def lookup_text(lookup: Lookup) -> str:
    """The title with the row count, then the aligned table."""
    if not lookup.rows:
        return f"{lookup.title}: none in the graph\n"
    return f"{lookup.title} ({len(lookup.rows)})\n\n" + format_table(lookup.columns, lookup.rows)


def card_text(card: EntityCard) -> str:
    """The entity's names and identifiers, then each relation with its sentences."""
    lines = [f"{card.label}  [{', '.join(card.types)}]  IMMUNOKG:{card.id}"]
    for heading, values in (
        ("synonyms", card.synonyms),
        ("identifiers", card.xrefs + card.exact_matches),
        ("found by", card.found_by),
        ("combination of", card.parts),
        ("in combination products", card.part_of),
    ):
        if values:
            lines.append(f"  {heading}: {', '.join(values)}")
    lines.append("")
    lines.append(f"relations ({len(card.relations)})" if card.relations else "relations: none")
    for relation in card.relations:
        if relation.asserted_by == "ontology":
            lines.append(
                f"  {relation.reads()}  [asserted by the ontology; source {relation.source}]"
            )
            continue
        count = len(relation.evidence)
        noun = "sentence" if count == 1 else "sentences"
        lines.append(f"  {relation.reads()}  [{relation.status}, {count} {noun}]")
        lines += [
            f'    "{e.sentence}"  ({e.document}{_at(e.spans)}, rule {e.rule}{_from(e.antecedent)})'
            for e in relation.evidence
        ]
    return "\n".join(" ".join(line.split()) if "\n" in line else line for line in lines) + "\n"


def _at(spans: tuple[tuple[int, int], ...]) -> str:
    """Where the sentence stands in its file: " at 120-160 + 170-185" (its verbatim pieces)."""
    return " at " + " + ".join(f"{start}-{end}" for start, end in spans) if spans else ""


def _from(antecedent: tuple[str, int, int] | None) -> str:
    """Where the subject came from when the sentence only pointed at it: "; subject
    daratumumab, named at 120-131"."""
    if antecedent is None:
        return ""
    label, start, end = antecedent
    return f"; subject {label}" + (f", named at {start}-{end}" if start >= 0 else "")
