"""Names to entities: a user's name for a drug, target or cancer matched to the graph's entity IRI."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.normalise import normalise_name

if TYPE_CHECKING:
    from pyoxigraph import Store

ENTITY_NS = "https://w3id.org/immunokg/entity/"
CURIE_PREFIX = "IMMUNOKG:"

# Every name of every entity with its rank: a label beats a synonym, a synonym a brand,
# a brand the bare id. The text is fixed; nothing a user types goes into it.
_NAMES_QUERY = """
PREFIX ikg: <https://w3id.org/immunokg/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?name ?rank ?label WHERE {
  ?entity skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/immunokg/entity/"))
  { ?entity skos:prefLabel ?name . BIND(0 AS ?rank) }
  UNION { ?entity skos:altLabel ?name . BIND(1 AS ?rank) }
  UNION { ?entity ikg:brandName ?name . BIND(2 AS ?rank) }
}
"""
_LITERALS_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX ikg: <https://w3id.org/immunokg/vocab#>
SELECT DISTINCT ?value WHERE { ?fact a ikg:Fact ; rdf:object ?value . FILTER(isLiteral(?value)) }
"""
_SHOWN = 60  # characters of a user's name quoted back in a message


@dataclass(frozen=True)
class NameIndex:
    """Normalised name → entities with that name at their best rank; IRI → preferred label."""

    by_key: dict[str, dict[str, int]]
    labels: dict[str, str]


_INDEXES: dict[int, tuple[Store, NameIndex]] = {}
_LITERALS: dict[int, tuple[Store, dict[str, str]]] = {}


class UnknownNameError(ImmunokgError):
    """A name that no entity in the graph has."""


def name_index(store: Store) -> NameIndex:
    """The names of a store's entities, read once per store."""
    cached = _INDEXES.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    by_key: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for row in store.query(_NAMES_QUERY):
        iri, name, rank = row["entity"].value, row["name"].value, int(row["rank"].value)
        labels[iri] = row["label"].value
        key = normalise_name(name)
        if key:
            entities = by_key.setdefault(key, {})
            entities[iri] = min(rank, entities.get(iri, rank))
    for iri in labels:
        by_key.setdefault(normalise_name(local_id(iri)), {}).setdefault(iri, 3)
    index = NameIndex(by_key, labels)
    _INDEXES[id(store)] = (store, index)
    return index


def find_entity(store: Store, name: str) -> str | None:
    """The entity IRI a name means, or None when no entity has that name."""
    index = name_index(store)
    iri = _from_identifier(name)
    if iri is not None:
        return iri if iri in index.labels else None
    entities = index.by_key.get(normalise_name(name))
    if not entities:
        return None
    best = min(entities.values())
    chosen = sorted(iri for iri, rank in entities.items() if rank == best)
    if len(chosen) > 1:
        names = ", ".join(f"{index.labels[iri]} ({local_id(iri)})" for iri in chosen)
        raise ImmunokgError(f"{_shown(name)} is ambiguous: it names {names}; give the id")
    return chosen[0]


def resolve_entity(store: Store, name: str) -> str:
    """The entity IRI for a label, synonym, brand, id, CURIE or IRI; else an error with suggestions."""
    iri = find_entity(store, name)
    if iri is not None:
        return iri
    raise UnknownNameError(f"unknown name {_shown(name)}: {suggest(store, name)}")


def suggest(store: Store, name: str) -> str:
    """A "did you mean ...?" hint from the closest names in the graph."""
    index = name_index(store)
    key = normalise_name(name)[:200]
    close = get_close_matches(key, sorted(index.by_key), n=5, cutoff=0.6) if key else []
    labels: list[str] = []
    for match in close:
        for iri in sorted(index.by_key[match]):
            if index.labels[iri] not in labels:
                labels.append(index.labels[iri])
    if not labels:
        return "no entity has this label, synonym or brand (see `immunokg query entities-by-type`)"
    if len(labels) == 1:
        return f"did you mean {labels[0]}?"
    return f"did you mean {', '.join(labels[:-1])} or {labels[-1]}?"


def stated_literal(store: Store, value: str) -> str | None:
    """A literal the graph states as a fact's object (a brand name), as written there."""
    cached = _LITERALS.get(id(store))
    if cached is None or cached[0] is not store:
        literals = {
            normalise_name(row["value"].value): row["value"].value
            for row in store.query(_LITERALS_QUERY)
        }
        cached = _LITERALS[id(store)] = (store, literals)
    return cached[1].get(normalise_name(value))


def label(store: Store, iri: str) -> str:
    """An entity's preferred label (its id if it has none)."""
    return name_index(store).labels.get(iri, local_id(iri))


def local_id(iri: str) -> str:
    """The entity id at the end of an entity IRI."""
    return iri.rsplit("/", 1)[-1]


def _from_identifier(name: str) -> str | None:
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(ENTITY_NS):
        return text
    if text.upper().startswith(CURIE_PREFIX):
        return ENTITY_NS + text[len(CURIE_PREFIX) :]
    return None


def _shown(name: str) -> str:
    return repr(name if len(name) <= _SHOWN else name[: _SHOWN - 3] + "...")
