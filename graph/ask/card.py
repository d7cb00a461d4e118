"""The entity card of `immunokg show`: what the graph knows about one entity, with its sentences."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from immunokg.graph.ask.names import _remember, local_id, remembered_graph_dir, resolve_entity
from immunokg.graph.ask.query import get_query, run_query
from immunokg.graph.rdf.name_index import graph_stamp

if TYPE_CHECKING:
    from pyoxigraph import Store

# How a relation reads between its subject and object.
VERBS = {
    "brand_name": "has brand name",
    "in_class": "is in class",
    "subclass_of": "is a subclass of",
    "targets": "targets",
    "treats": "treats",
    "has_side_effect": "has side effect",
}
ATTRIBUTES = ("type", "synonym", "xref", "exact_match", "found_by", "part", "part_of")


@dataclass(frozen=True)
class Evidence:
    """A sentence that states a relation, and where it comes from.

    ``spans`` are the verbatim pieces of the document that the sentence shows,
    ``(start, end)`` character offsets into the decoded file. ``antecedent``: where a
    pronoun, a plural reference or the page's subject stood for the subject, that subject's
    label and where the text last named it (-1, -1 when it never does).
    """

    sentence: str
    document: str
    rule: str
    spans: tuple[tuple[int, int], ...] = ()
    antecedent: tuple[str, int, int] | None = None

    def data(self) -> dict[str, object]:
        spans = [{"start": start, "end": end} for start, end in self.spans]
        antecedent = None
        if self.antecedent is not None:
            label, start, end = self.antecedent
            antecedent = {"entity": label, "start": start, "end": end}
        return {
            "sentence": self.sentence,
            "document": self.document,
            "rule": self.rule,
            "spans": spans,
            "antecedent": antecedent,
        }


@dataclass(frozen=True)
class Relation:
    """A fact the entity is in: as subject ("out") or as object ("in")."""

    relation: str
    direction: str
    subject: str
    object: str
    status: str
    evidence: tuple[Evidence, ...]
    asserted_by: str = "text"  # "ontology" for an axiom of the class taxonomy
    source: str = ""  # the axiom's checked source page

    def reads(self) -> str:
        verb = VERBS.get(self.relation, self.relation.replace("_", " "))
        return f"{self.subject} {verb} {self.object}"


@dataclass(frozen=True)
class EntityCard:
    """An entity's type, names, identifiers and every relation in and out with its evidence."""

    id: str
    label: str
    types: tuple[str, ...]
    synonyms: tuple[str, ...]
    xrefs: tuple[str, ...]
    exact_matches: tuple[str, ...]
    found_by: tuple[str, ...]
    relations: tuple[Relation, ...]
    parts: tuple[str, ...] = ()  # a combination product's drugs
    part_of: tuple[str, ...] = ()  # the combination products a drug is in

    def data(self) -> dict[str, object]:
        return {
            "id": f"IMMUNOKG:{self.id}",
            "label": self.label,
            "types": list(self.types),
            "synonyms": list(self.synonyms),
            "xrefs": list(self.xrefs),
            "exact_matches": list(self.exact_matches),
            "found_by": list(self.found_by),
            "parts": list(self.parts),
            "part_of": list(self.part_of),
            "relations": [
                {
                    "subject": relation.subject,
                    "relation": relation.relation,
                    "object": relation.object,
                    "direction": relation.direction,
                    "status": relation.status,
                    "asserted_by": relation.asserted_by,
                    "source": relation.source,
                    "evidence": [evidence.data() for evidence in relation.evidence],
                }
                for relation in self.relations
            ],
        }


def entity_card(store: Store, name: str) -> EntityCard:
    """The card of the entity a name means (label, synonym, brand or id): read from the
    graph's card file when it has one that is up to date, else from the `entity` query."""
    iri = resolve_entity(store, name)
    kept = card_file(store)
    text = kept.get(iri) if kept is not None else None
    if text is not None:
        return card_from_data(json.loads(text))
    return card_from_rows(iri, run_query(store, "entity", {"entity": f"<{iri}>"}).records())


def card_from_rows(iri: str, rows: list[dict[str, str]]) -> EntityCard:
    """The card made of the `entity` query's rows for one entity, in the query's order."""
    attributes: dict[str, list[str]] = {key: [] for key in ATTRIBUTES}
    facts: dict[tuple[str, str, str, str], tuple[str, list[Evidence]]] = {}
    label = rows[0]["entity"] if rows else local_id(iri)
    for row in rows:
        if row["direction"]:
            by = "ontology" if row["rule"] == "ontology" else "text"
            source = row["document"] if by == "ontology" else ""
            key = (row["direction"], row["field"], row["value"], by)
            status, evidence = facts.setdefault(key, (row["status"], []))
            item = Evidence(
                row["sentence"],
                row["document"],
                row["rule"],
                _spans(row["spans"]),
                _antecedent(row.get("antecedent")),
            )
            if by == "text" and item not in evidence:
                evidence.append(item)
            elif by == "ontology":
                facts[key] = (source, evidence)
        elif row["field"] in attributes and row["value"] not in attributes[row["field"]]:
            attributes[row["field"]].append(row["value"])
    relations = []
    for (direction, relation, other, by), (status, evidence) in sorted(facts.items(), key=_order):
        subject, obj = (label, other) if direction == "out" else (other, label)
        ordered = tuple(sorted(evidence, key=lambda e: (e.document, e.sentence, e.rule, e.spans)))
        if by == "ontology":  # the status slot holds the source page
            relations.append(Relation(relation, direction, subject, obj, "", (), by, status))
        else:
            relations.append(Relation(relation, direction, subject, obj, status, ordered))
    values = {
        key: tuple(sorted(found, key=lambda v: (v.lower(), v))) for key, found in attributes.items()
    }
    return EntityCard(
        id=local_id(iri),
        label=label,
        types=values["type"],
        synonyms=values["synonym"],
        xrefs=values["xref"],
        exact_matches=values["exact_match"],
        found_by=values["found_by"],
        relations=tuple(relations),
        parts=values["part"],
        part_of=values["part_of"],
    )


def _antecedent(text: str | None) -> tuple[str, int, int] | None:
    """ "daratumumab 120-131" (the entity query's antecedent column): label and offsets."""
    if not text:
        return None
    label, _, at = text.rpartition(" ")
    start, _, end = at.partition("-")
    if label and start.isdigit() and end.isdigit():
        return label, int(start), int(end)
    return text, -1, -1


def _spans(text: str) -> tuple[tuple[int, int], ...]:
    """ "120-160 170-185" (the entity query's spans column) as offset pairs."""
    pairs = (piece.split("-") for piece in text.split())
    return tuple((int(start), int(end)) for start, end in pairs)


def _order(item: tuple[tuple[str, str, str, str], object]) -> tuple[int, str, str, str, str]:
    """Relations out before in, then by relation and the other entity's label; text first."""
    (direction, relation, other, by), _ = item
    return (direction != "out", relation, other.lower(), other, by != "text")


def card_from_data(data: dict[str, Any]) -> EntityCard:
    """A card again from its ``.data()`` (as kept in the card file): the same card."""
    relations = tuple(
        Relation(
            item["relation"],
            item["direction"],
            item["subject"],
            item["object"],
            item["status"],
            tuple(_evidence(evidence) for evidence in item["evidence"]),
            item["asserted_by"],
            item["source"],
        )
        for item in data["relations"]
    )
    names = ("types", "synonyms", "xrefs", "exact_matches", "found_by", "parts", "part_of")
    values = {key: tuple(data[key]) for key in names}
    return EntityCard(
        str(data["id"]).split(":", 1)[1], data["label"], relations=relations, **values
    )


def _evidence(data: dict[str, Any]) -> Evidence:
    spans = tuple((span["start"], span["end"]) for span in data["spans"])
    ante = data["antecedent"]
    antecedent = None if ante is None else (ante["entity"], ante["start"], ante["end"])
    return Evidence(data["sentence"], data["document"], data["rule"], spans, antecedent)


# The card file: every entity's card, written once per graph beside its store by the
# server (graph/serve/cards.py), so a card is one key read, not the `entity` query (80 ms an
# entity at 100x). Its stamp ties it to graph.nt and to the code and query that make cards.
CARD_FILE = "cards.sqlite"
_CARD_FILES: dict[int, tuple[Store, Any]] = {}


def card_stamp(graph_dir: Path) -> str | None:
    """What a card file must have been written from: the graph, this module, the query."""
    graph = graph_stamp(graph_dir)
    if graph is None:
        return None
    code = Path(__file__).read_bytes() + get_query("entity").text.encode()
    return f"{graph}|{hashlib.sha256(code).hexdigest()}"


def card_file(store: Store) -> Any:
    """The store's cards by entity IRI (a dict or an open file; ``.get(iri)`` is the card's
    JSON), or None when the graph has no up-to-date card file or was not opened from a
    directory (a remote store asks the query)."""
    known = _CARD_FILES.get(id(store))
    if known is not None and known[0] is store:
        return known[1]
    graph_dir = remembered_graph_dir(store)
    stamp = card_stamp(graph_dir) if graph_dir is not None else None
    found = open_cards(graph_dir / CARD_FILE, stamp) if stamp is not None else None
    if found is not None:
        _remember(_CARD_FILES, store, found)
    return found


def keep_cards(store: Store, cards: Any) -> None:
    """Use these cards for this store from now on (those just written, or kept in memory)."""
    _remember(_CARD_FILES, store, cards)


class CardFile:
    """The on-disk card file, read entity by entity."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        row = self._db.execute("SELECT value FROM stamp").fetchone()
        self.stamp = None if row is None else row[0]

    def get(self, iri: str) -> str | None:
        row = self._db.execute("SELECT card FROM cards WHERE iri = ?", (iri,)).fetchone()
        return None if row is None else row[0]


def open_cards(path: Path, stamp: str) -> CardFile | None:
    if not path.is_file():
        return None
    try:
        found = CardFile(path)
    except sqlite3.Error:  # damaged, or being written by another process
        return None
    return found if found.stamp == stamp else None
