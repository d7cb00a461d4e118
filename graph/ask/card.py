"""The entity card of `immunokg show`: what the graph knows about one entity, with its sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from immunokg.graph.ask.names import local_id, resolve_entity
from immunokg.graph.ask.query import run_query

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
    """The card of the entity a name means (label, synonym, brand or id)."""
    iri = resolve_entity(store, name)
    rows = run_query(store, "entity", {"entity": f"<{iri}>"}).records()
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
