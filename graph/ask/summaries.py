"""Drugs' labels, brand names and classes for many drugs in one query (a VALUES-bound batch).

A drug lookup matches any number of drugs; asking for each one's brands and classes in turn
cost one query per drug (a second and more for a common cancer at 100x). Here the matched
drugs' IRIs are bound in a VALUES block, one per branch: Oxigraph joins a VALUES block
written outside a UNION only after evaluating every branch for all drugs. The IRIs come from
the graph's own answers, never from the user, and are written as checked terms. What is
read is kept per store, so a drug's brands and classes are read once in a `serve` worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from immunokg.graph.ask.query import PREFIXES

if TYPE_CHECKING:
    from pyoxigraph import Store

# {drugs}: the VALUES block. A drug with neither brand nor class still has its label row.
SUMMARY_QUERY = """
SELECT ?_drug ?drug ?field ?value WHERE {{
  {{
    {drugs}
    ?_drug a ?drug_type ; skos:prefLabel ?drug .
    FILTER(?drug_type = ikg:Drug)
    BIND("" AS ?field)
  }} UNION {{
    {drugs}
    ?fact rdf:subject ?_drug ; ikg:relation ?field ; rdf:object ?value .
    FILTER(?field = "brand_name")
    ?_drug a ?drug_type ; skos:prefLabel ?drug .
    FILTER(?drug_type = ikg:Drug)
  }} UNION {{
    {drugs}
    ?fact rdf:subject ?_drug ; ikg:relation ?field ; rdf:object ?object .
    FILTER(?field = "in_class")
    ?_drug a ?drug_type ; skos:prefLabel ?drug .
    FILTER(?drug_type = ikg:Drug)
    OPTIONAL {{ ?object skos:prefLabel ?object_label }}
    BIND(COALESCE(?object_label, STR(?object)) AS ?value)
  }}
}}
"""
ALL_DRUGS = "SELECT ?drug WHERE { ?drug a ikg:Drug }"
COLUMNS = {"brand_name": "brands", "in_class": "classes"}


Summary = dict[str, object]
# Per store (by identity, as names.py keeps its name index): each drug's summary once read,
# None for an IRI that is not a drug. A built graph's store is read-only, so a long-lived
# process (a `serve` worker) reads a drug's brands and classes once, not at every lookup.
# At most _STORES stores are remembered, as names.py does: each holds its files open.
_KNOWN: dict[int, tuple[Store, dict[str, Summary | None]]] = {}
_STORES = 8


def drug_summaries(store: Store, only: Iterable[str] | None = None) -> dict[str, Summary]:
    """Each drug's label, brands and classes by IRI (sorted): every drug, or only those given.

    Brands and classes are in the order of the `drugs` named query: by field, then value
    without case. The drugs not read before are read in one query.
    """
    if only is None:
        only = [row["drug"].value for row in store.query(ALL_DRUGS, prefixes=PREFIXES)]
    iris = sorted(set(only))
    known = _known(store)
    missing = [iri for iri in iris if iri not in known]
    if missing:
        read = _read(store, missing)
        known.update({iri: read.get(iri) for iri in missing})
    return {iri: _copy(known[iri]) for iri in iris if known[iri] is not None}


def _known(store: Store) -> dict[str, Summary | None]:
    cached = _KNOWN.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    _KNOWN.pop(id(store), None)
    _KNOWN[id(store)] = (store, {})
    while len(_KNOWN) > _STORES:
        del _KNOWN[next(iter(_KNOWN))]
    return _KNOWN[id(store)][1]


def _read(store: Store, iris: list[str]) -> dict[str, Summary]:
    from pyoxigraph import NamedNode

    block = "VALUES ?_drug { " + " ".join(str(NamedNode(iri)) for iri in iris) + " }"
    rows = [
        (row["_drug"].value, row["drug"].value, row["field"].value, _value(row["value"]))
        for row in store.query(SUMMARY_QUERY.format(drugs=block), prefixes=PREFIXES)
    ]
    summary: dict[str, Summary] = {}
    for iri, drug, field, value in sorted(rows, key=lambda r: (r[0], r[2], r[3].lower(), r[3])):
        entry = summary.setdefault(iri, {"drug": drug, "brands": [], "classes": []})
        column = COLUMNS.get(field)
        if column and value not in entry[column]:
            entry[column].append(value)
    return summary


def _copy(entry: Summary) -> Summary:
    """A caller's own copy: its lists may be changed without changing what is kept."""
    return {key: list(value) if isinstance(value, list) else value for key, value in entry.items()}


def _value(term: object) -> str:
    return "" if term is None else term.value  # type: ignore[attr-defined]
