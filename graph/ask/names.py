"""Names to entities: a user's name for a drug, target or cancer matched to the graph's entity IRI."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.normalise import normalise_name
from immunokg.graph.ask.limits import name_too_long
from immunokg.graph.rdf.name_index import (
    ENTITY_NS,
    NameFile,
    Names,
    graph_stamp,
    index_path,
    local_id,
    open_name_file,
    read_name_index,
    stated_literals,
    write_name_file,
)

if TYPE_CHECKING:
    from pyoxigraph import Store

CURIE_PREFIX = "IMMUNOKG:"

_SHOWN = 60  # characters of a user's name quoted back in a message
_VOCAB = "https://w3id.org/immunokg/vocab#"


_INDEXES: dict[int, tuple[Store, Names]] = {}
_LITERALS: dict[int, tuple[Store, dict[str, str] | NameFile]] = {}
_GRAPH_DIRS: dict[int, tuple[Store, Path]] = {}
# Stores remembered at once: each holds its files open, and a long-lived process (a
# server, a test run) opens one per request.
_REMEMBERED = 8


class UnknownNameError(ImmunokgError):
    """A name that no entity in the graph has."""


def remember_graph_dir(store: Store, directory: Path) -> None:
    """Note the graph directory a store was opened from, so its name index can be kept on disk."""
    _remember(_GRAPH_DIRS, store, directory)


def _remember(cache: dict[int, tuple[Store, Any]], store: Store, value: Any) -> tuple[Store, Any]:
    """Remember ``value`` for ``store``, forgetting the oldest store beyond ``_REMEMBERED``."""
    cache.pop(id(store), None)
    cache[id(store)] = entry = (store, value)
    while len(cache) > _REMEMBERED:
        del cache[next(iter(cache))]
    return entry


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
        _remember(_INDEXES, store, on_disk)
        _remember(_LITERALS, store, on_disk)
        return on_disk
    index = read_name_index(store)
    _remember(_INDEXES, store, index)
    if path is not None and stamp is not None:
        write_name_file(path, stamp, index.by_key, index.labels, stated_literals(store))
    return index


def remembered_graph_dir(store: Store) -> Path | None:
    """The graph directory a store was opened from, if it was noted."""
    return _graph_dir(store)


def _graph_dir(store: Store) -> Path | None:
    known = _GRAPH_DIRS.get(id(store))
    return known[1] if known is not None and known[0] is store else None


def find_entity(store: Store, name: str) -> str | None:
    """The entity IRI a name means, or None when no entity has that name (too long: an error)."""
    _refuse_long(name)
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


def resolve_entity(store: Store, name: str, wanted: str | None = None) -> str:
    """The entity IRI for a label, synonym, brand, id, CURIE or IRI; else an error with suggestions.

    ``wanted`` (an entity type such as "Target") narrows the suggestions to that type.
    """
    iri = find_entity(store, name)
    if iri is not None:
        return iri
    raise UnknownNameError(f"unknown name {_shown(name)}: {suggest(store, name, wanted)}")


def suggest(store: Store, name: str, wanted: str | None = None) -> str:
    """A "did you mean ...?" hint: the closest labels, synonyms and brands, of the wanted type.

    Names are compared after the one normalisation (case, hyphens, plurals, British and
    American spellings), by edit distance and by the words they share.
    """
    index = name_index(store)
    key = normalise_name(name)[:200]
    names: list[str] = index.keys()  # a name index, not a dict
    scored = sorted(
        ((score, candidate) for candidate in names if (score := _closeness(key, candidate))),
        key=lambda pair: (-pair[0], pair[1]),
    )
    labels: list[str] = []
    for _, match in scored:
        for iri in sorted(index.entities(match)):
            shown = index.label(iri)
            if shown is None or shown in labels or not _has_type(store, iri, wanted):
                continue
            labels.append(shown)
        if len(labels) >= 5:
            break
    labels = labels[:5]
    if not labels:
        kind = f" {wanted}" if wanted else ""
        return f"no{kind} entity has a label, synonym or brand close to it"
    if len(labels) == 1:
        return f"did you mean {labels[0]}?"
    return f"did you mean {', '.join(labels[:-1])} or {labels[-1]}?"


def _closeness(asked: str, candidate: str) -> float:
    """0 for unrelated names; else the better of edit-distance ratio and shared-word share."""
    if not asked or not candidate:
        return 0.0
    ratio = SequenceMatcher(None, asked, candidate, autojunk=False).ratio()
    words, other = set(asked.split()), set(candidate.split())
    overlap = len(words & other) / len(words | other)
    squeezed = SequenceMatcher(None, asked.replace(" ", ""), candidate.replace(" ", "")).ratio()
    score = max(ratio, squeezed, overlap + 0.3 if overlap else 0.0)
    return score if score >= 0.6 else 0.0


def _has_type(store: Store, iri: str, wanted: str | None) -> bool:
    if wanted is None:
        return True
    from pyoxigraph import NamedNode

    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    types = {q.object.value for q in store.quads_for_pattern(NamedNode(iri), rdf_type, None)}
    return f"{_VOCAB}{wanted}" in types


def stated_literal(store: Store, value: str) -> str | None:
    """A literal the graph states as a fact's object (a brand name), as written there."""
    _refuse_long(value)
    name_index(store)  # an index on disk answers for the literals too
    cached = _LITERALS.get(id(store))
    if cached is None or cached[0] is not store:
        cached = _remember(_LITERALS, store, stated_literals(store))
    literals = cached[1]
    key = normalise_name(value)
    return literals.get(key) if isinstance(literals, dict) else literals.literal(key)


def label(store: Store, iri: str) -> str:
    """An entity's preferred label (its id if it has none)."""
    found = name_index(store).label(iri)
    return local_id(iri) if found is None else found


def _from_identifier(name: str) -> str | None:
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(ENTITY_NS):
        return text
    if text.upper().startswith(CURIE_PREFIX):
        return ENTITY_NS + text[len(CURIE_PREFIX) :]
    return None


def _refuse_long(name: str) -> None:
    """No entity has a name this long: say so at once, before normalising it."""
    problem = name_too_long(name)
    if problem is not None:
        raise UnknownNameError(problem)


def _shown(name: str) -> str:
    return repr(name if len(name) <= _SHOWN else name[: _SHOWN - 3] + "...")
