"""Names to entities: a user's name for a drug, target or cancer matched to the graph's entity IRI."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.normalise import normalise_name
from immunokg.graph.rdf.name_file import (
    NameFile,
    graph_stamp,
    index_path,
    open_name_file,
    write_name_file,
)

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

    def entities(self, key: str) -> dict[str, int]:
        return self.by_key.get(key, {})

    def label(self, iri: str) -> str | None:
        return self.labels.get(iri)

    def keys(self) -> list[str]:
        return sorted(self.by_key)


class Names(Protocol):
    """A name index in memory (NameIndex) or on disk (name_file.NameFile)."""

    def entities(self, key: str) -> dict[str, int]: ...
    def label(self, iri: str) -> str | None: ...
    def keys(self) -> list[str]: ...


_INDEXES: dict[int, tuple[Store, Names]] = {}
_LITERALS: dict[int, tuple[Store, dict[str, str] | NameFile]] = {}
_GRAPH_DIRS: dict[int, tuple[Store, Path]] = {}


class UnknownNameError(ImmunokgError):
    """A name that no entity in the graph has."""


def remember_graph_dir(store: Store, directory: Path) -> None:
    """Note the graph directory a store was opened from, so its name index can be kept on disk."""
    _GRAPH_DIRS[id(store)] = (store, directory)


def prepare_name_index(graph_dir: Path) -> None:
    """Write a new graph's name index at build time, so its first lookup reads one key too."""
    from immunokg.graph.rdf.store import open_store

    store = open_store(graph_dir)
    remember_graph_dir(store, graph_dir)
    name_index(store)


def name_index(store: Store) -> Names:
    """The names of a store's entities: read once per store, and kept beside a graph directory's store."""
    cached = _INDEXES.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    graph_dir = _graph_dir(store)
    stamp = graph_stamp(graph_dir) if graph_dir is not None else None
    path = index_path(graph_dir) if graph_dir is not None and stamp is not None else None
    on_disk = open_name_file(path, stamp) if path is not None and stamp is not None else None
    if on_disk is not None:
        _INDEXES[id(store)] = (store, on_disk)
        _LITERALS[id(store)] = (store, on_disk)
        return on_disk
    index = _read_index(store)
    _INDEXES[id(store)] = (store, index)
    if path is not None and stamp is not None:
        write_name_file(path, stamp, index.by_key, index.labels, _stated_literals(store))
    return index


def _graph_dir(store: Store) -> Path | None:
    known = _GRAPH_DIRS.get(id(store))
    return known[1] if known is not None and known[0] is store else None


def _read_index(store: Store) -> NameIndex:
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
    return NameIndex(by_key, labels)


def find_entity(store: Store, name: str) -> str | None:
    """The entity IRI a name means, or None when no entity has that name."""
    index = name_index(store)
    iri = _from_identifier(name)
    if iri is not None:
        return iri if index.label(iri) is not None else None
    entities = index.entities(normalise_name(name))
    if not entities:
        return None
    best = min(entities.values())
    chosen = sorted(iri for iri, rank in entities.items() if rank == best)
    if len(chosen) > 1:
        names = ", ".join(f"{index.label(iri)} ({local_id(iri)})" for iri in chosen)
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
    close = get_close_matches(key, index.keys(), n=5, cutoff=0.6) if key else []
    labels: list[str] = []
    for match in close:
        for iri in sorted(index.entities(match)):
            shown = index.label(iri)
            if shown is not None and shown not in labels:
                labels.append(shown)
    if not labels:
        return "no entity has this label, synonym or brand (see `immunokg query entities-by-type`)"
    if len(labels) == 1:
        return f"did you mean {labels[0]}?"
    return f"did you mean {', '.join(labels[:-1])} or {labels[-1]}?"


def stated_literal(store: Store, value: str) -> str | None:
    """A literal the graph states as a fact's object (a brand name), as written there."""
    name_index(store)  # an index on disk answers for the literals too
    cached = _LITERALS.get(id(store))
    if cached is None or cached[0] is not store:
        cached = _LITERALS[id(store)] = (store, _stated_literals(store))
    literals = cached[1]
    key = normalise_name(value)
    return literals.get(key) if isinstance(literals, dict) else literals.literal(key)


def _stated_literals(store: Store) -> dict[str, str]:
    return {
        normalise_name(row["value"].value): row["value"].value
        for row in store.query(_LITERALS_QUERY)
    }


def label(store: Store, iri: str) -> str:
    """An entity's preferred label (its id if it has none)."""
    found = name_index(store).label(iri)
    return local_id(iri) if found is None else found


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
