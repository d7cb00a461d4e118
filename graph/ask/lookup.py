"""Lookups: the questions users bring, answered from the named queries (drugs, an entity card, a phrase)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.card import EntityCard, entity_card
from immunokg.graph.ask.limits import MAX_PHRASE_CHARS
from immunokg.graph.ask.names import UnknownNameError, find_entity, label, local_id, resolve_entity
from immunokg.graph.ask.phrases import clean_phrase, load_phrases, read_phrase
from immunokg.graph.ask.query import run_query
from immunokg.graph.ask.summaries import drug_summaries, treating_rows

if TYPE_CHECKING:
    from pyoxigraph import Store

__all__ = ["Lookup", "ask", "drugs", "entity_card", "side_effects", "targets_of"]


@dataclass(frozen=True)
class Lookup:
    """A lookup's answer: table columns and rows for people, records for scripts."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    records: tuple[dict[str, object], ...]

    def data(self) -> dict[str, object]:
        return {"question": self.title, "results": list(self.records)}


@dataclass(frozen=True)
class Criterion:
    """One condition of `drugs`: the named query that answers it and how a match reads."""

    query: str
    param: str
    heading: str  # the column heading, before the entity's label
    title: str  # the question, before the entity's label
    wanted: str  # the entity type a name should have, for "did you mean" hints
    class_level: bool = True  # False where no statement is made of a class for its members


CLASS_LEVEL = "stated for its class"

CRITERIA = {
    "target": Criterion("drugs-targeting", "target", "targets", "drugs targeting", "Target"),
    "drug_class": Criterion(
        "drugs-in-class", "class", "in class", "drugs in class", "DrugClass", class_level=False
    ),
    "treats": Criterion("drugs-treating", "cancer", "treats", "drugs treating", "CancerType"),
    "side_effect": Criterion(
        "drugs-with-side-effect",
        "side_effect",
        "side effect",
        "drugs with side effect",
        "SideEffect",
    ),
}


@dataclass
class _Match:
    own: list[str] = field(default_factory=list)
    class_level: list[str] = field(default_factory=list)
    sentences: int = 0

    def add(self, row: dict[str, str]) -> None:
        found = self.class_level if row.get("level") == "class" else self.own
        how = _how(row)
        if how not in found:
            found.append(how)
        self.sentences += int(row.get("sentences") or 0)


def drugs(
    store: Store,
    target: str | None = None,
    drug_class: str | None = None,
    treats: str | None = None,
    side_effect: str | None = None,
) -> Lookup:
    """Drugs that meet every condition given (all drugs if none), with brands, classes and how.

    A drug's own facts and the statements made of a class it is in are kept apart: a
    class's sentence never reads as the member's own claim or approval.
    """
    given = {
        "target": target,
        "drug_class": drug_class,
        "treats": treats,
        "side_effect": side_effect,
    }
    asked = [(CRITERIA[key], value) for key, value in given.items() if value is not None]
    return _drug_lookup(store, asked, every=True)


def _drug_lookup(store: Store, asked: list[tuple[Criterion, str]], every: bool) -> Lookup:
    resolved = [
        (criterion, resolve_entity(store, value, criterion.wanted)) for criterion, value in asked
    ]
    headings = [f"{criterion.heading} {label(store, iri)}" for criterion, iri in resolved]
    matches = [_matches(store, criterion, iri) for criterion, iri in resolved]
    candidates = None
    if matches:
        sets = [set(found) for found in matches]
        candidates = set.intersection(*sets) if every else set.union(*sets)
    summary = drug_summaries(store, candidates)
    rows, records = [], []
    for iri in sorted(summary, key=lambda iri: (summary[iri]["drug"].lower(), iri)):
        entry = summary[iri]
        found = [by_drug.get(iri, _Match()) for by_drug in matches]
        cells = [entry["drug"], ", ".join(entry["brands"]), ", ".join(entry["classes"])]
        for (criterion, _), match in zip(resolved, found, strict=True):
            cells.append("; ".join(match.own))
            if criterion.class_level:
                cells.append("; ".join(match.class_level))
        sentences = sum(match.sentences for match in found)
        rows.append(tuple(cells + ([str(sentences)] if matches else [])))
        record = {"drug": entry["drug"], "id": f"IMMUNOKG:{local_id(iri)}", **entry}
        record["matches"] = {
            heading: {"own": match.own, "class_level": match.class_level}
            for heading, match in zip(headings, found, strict=True)
        }
        record["sentences"] = sentences
        records.append(record)
    joiner = " and " if every else " or "
    title = joiner.join(f"{c.title} {label(store, iri)}" for c, iri in resolved) or "drugs"
    criteria = [
        column
        for heading, (criterion, _) in zip(headings, resolved, strict=True)
        for column in (heading, f"{heading}: {CLASS_LEVEL}")[: 2 if criterion.class_level else 1]
    ]
    columns = ("drug", "brands", "classes", *criteria, *(("sentences",) if matches else ()))
    return Lookup(title, columns, tuple(rows), tuple(records))


def _matches(store: Store, criterion: Criterion, iri: str) -> dict[str, _Match]:
    """Per drug IRI: how it meets the criterion (own or class-level), and the sentences."""
    found: dict[str, _Match] = {}
    if criterion.query == "drugs-treating":  # its rows, without Oxigraph's class expansion
        rows = treating_rows(store, iri)
    else:
        rows = run_query(store, criterion.query, {criterion.param: f"<{iri}>"}).records()
    for row in rows:
        found.setdefault(row["_drug"], _Match()).add(row)
    return found


def _how(row: dict[str, str]) -> str:
    """How a row meets a criterion, in words: own status and path, or the class it is stated for."""
    if row.get("level") == "class" or row.get("stated_for") == "class":
        how = f"{CLASS_LEVEL} ({row['via']})"
        if row.get("source") == "ontology":
            how = f"defining target of its class ({row['via']}; ontology)"
    elif row.get("how") == "via subclass":
        how = f"via {row['member_of']}"
    else:
        status = row.get("status", "")
        how = status if status and status != "stated" else "direct"
    if row.get("narrower"):
        how += f", via narrower {row['narrower']}"
    return how


def side_effects(store: Store, name: str) -> Lookup:
    """Side effects of a drug or class: its own and those stated for its classes."""
    iri = resolve_entity(store, name)
    result = run_query(store, "side-effects-of", {"drug": f"<{iri}>"})
    rows, records = [], []
    for row in result.records():
        level = "own" if row["stated_for"] == "own" else "class"
        stated = "own" if level == "own" else f"{CLASS_LEVEL} ({row['via']})"
        rows.append((row["side_effect"], stated, row["sentences"]))
        records.append(
            {
                "side_effect": row["side_effect"],
                "level": level,
                "stated_for": stated,
                "sentences": int(row["sentences"]),
            }
        )
    title = f"side effects of {label(store, iri)}"
    return Lookup(title, ("side effect", "stated for", "sentences"), tuple(rows), tuple(records))


def targets_of(store: Store, name: str) -> Lookup:
    """Targets of a drug or class: its own and those stated for its classes."""
    iri = resolve_entity(store, name)
    result = run_query(store, "targets-of", {"agent": f"<{iri}>"})
    rows, records = [], []
    for row in result.records():
        how = _how(row) if row["level"] == "class" else _own_source(row)
        rows.append((row["target"], how, row["sentences"]))
        records.append(
            {
                "target": row["target"],
                "level": row["level"],
                "source": row["source"],
                "how": how,
                "sentences": int(row["sentences"]),
            }
        )
    title = f"targets of {label(store, iri)}"
    return Lookup(title, ("target", "how", "sentences"), tuple(rows), tuple(records))


def _own_source(row: dict[str, str]) -> str:
    return "defining target (ontology)" if row["source"] == "ontology" else "direct"


def inhibitors(store: Store, name: str, phrase: str) -> Lookup:
    """ "X inhibitors": drugs in the class named by the phrase, or drugs targeting X, or both."""
    suffix = clean_phrase(phrase).split()[-1]
    class_iri = find_entity(store, f"{name} {suffix}")
    target_iri = find_entity(store, name)
    asked = []
    if class_iri is not None:
        asked.append((CRITERIA["drug_class"], f"<{class_iri}>"))
    if target_iri is not None and target_iri != class_iri:
        asked.append((CRITERIA["target"], f"<{target_iri}>"))
    if not asked:
        resolve_entity(store, f"{name} {suffix}")  # raises, with suggestions
    return _drug_lookup(store, asked, every=False)


Answer = Lookup | EntityCard

ASK_LOOKUPS: dict[str, Callable[[Store, str, str], Answer]] = {
    "drugs-targeting": lambda store, name, phrase: drugs(store, target=name),
    "drugs-treating": lambda store, name, phrase: drugs(store, treats=name),
    "drugs-in-class": lambda store, name, phrase: drugs(store, drug_class=name),
    "side-effects": lambda store, name, phrase: side_effects(store, name),
    "targets-of": lambda store, name, phrase: targets_of(store, name),
    "inhibitors": inhibitors,
    "entity": lambda store, name, phrase: entity_card(store, name),
}


def ask(store: Store, phrase: str) -> Answer:
    """Answer a short phrase ("drugs targeting PD-1") with the lookup its pattern names.

    When several patterns read the phrase, the first whose name is in the graph answers.
    """
    if len(phrase) > MAX_PHRASE_CHARS:
        raise ImmunokgError(
            f"a phrase of {len(phrase):,} characters is too long to read (at most {MAX_PHRASE_CHARS})"
        )
    phrases = load_phrases(ASK_LOOKUPS)
    readings = read_phrase(phrases, phrase)
    if not readings:
        examples = "\n".join(f"  {p.example}" for p in phrases)
        shown = phrase if len(phrase) <= 60 else phrase[:57] + "..."
        raise ImmunokgError(
            f"cannot read the phrase {shown!r}; phrases it can read, e.g.:\n{examples}"
        )
    unknown: list[UnknownNameError] = []
    for reading, name in readings:
        try:
            return ASK_LOOKUPS[reading.lookup](store, name, phrase)
        except UnknownNameError as error:
            unknown.append(error)
    raise unknown[0]  # no reading named an entity: report the first reading's name
