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


# `drugs --treats`: the rows of the drugs-treating query, made without asking Oxigraph to
# expand each class-level fact to every member drug (a common cancer at 100x has hundreds of
# members through its classes: 30-150 ms a lookup, nearly all of it that expansion). The
# class facts are asked for the cancer alone, and the members come from a per-store index
# of every drug's classes (inClass, then subClassOf*), read in one query. Both queries are
# the drugs-treating query's branches, with the same conditions.
TREATING_OWN = """
SELECT DISTINCT ?_drug ?status ?narrower ?sentences ?_cancer WHERE {
  ?_cancer skos:prefLabel ?cancer .
  ?stated_cancer skos:broader* ?_cancer .
  ?fact rdf:object ?stated_cancer ; rdf:predicate ?predicate ; rdf:subject ?_drug .
  FILTER(?predicate = ikg:treats)
  FILTER EXISTS { ?_drug ikg:treats ?stated_cancer }
  ?_drug a ?drug_type ; skos:prefLabel ?drug .
  FILTER(?drug_type = ikg:Drug)
  ?_cancer a ?cancer_type .
  FILTER(?cancer_type = ikg:CancerType)
  ?stated_cancer skos:prefLabel ?stated_label .
  ?fact ikg:status ?status_term ; ikg:evidenceCount ?sentences .
  BIND(STRAFTER(STR(?status_term), "#") AS ?status)
  BIND(IF(?stated_cancer != ?_cancer, ?stated_label, "") AS ?narrower)
}
"""
TREATING_CLASSES = """
SELECT DISTINCT ?class ?via ?narrower ?sentences ?_cancer WHERE {
  ?_cancer skos:prefLabel ?cancer .
  ?stated_cancer skos:broader* ?_cancer .
  ?fact rdf:object ?stated_cancer ; rdf:predicate ?predicate ; rdf:subject ?class .
  FILTER(?predicate = ikg:treats)
  FILTER EXISTS { ?class ikg:treats ?stated_cancer }
  ?class a ?class_type ; skos:prefLabel ?via .
  FILTER(?class_type = ikg:DrugClass)
  ?_cancer a ?cancer_type .
  FILTER(?cancer_type = ikg:CancerType)
  ?stated_cancer skos:prefLabel ?stated_label .
  ?fact ikg:evidenceCount ?sentences .
  BIND(IF(?stated_cancer != ?_cancer, ?stated_label, "") AS ?narrower)
}
"""
MEMBERS = """
SELECT DISTINCT ?class ?drug WHERE {
  ?drug ikg:inClass/ikg:subClassOf* ?class .
  ?drug a ?drug_type ; skos:prefLabel ?label .
  FILTER(?drug_type = ikg:Drug)
}
"""
_MEMBERS: dict[int, tuple[Store, dict[str, list[str]]]] = {}


def treating_rows(store: Store, cancer: str) -> list[dict[str, str]]:
    """The drugs-treating query's rows for a cancer IRI, as its records: each drug's rows in
    the query's order (class-level first, by class and narrower cancer; then its own)."""
    from pyoxigraph import NamedNode, Variable

    bound = {Variable("_cancer"): NamedNode(cancer)}
    by_drug: dict[str, set[tuple[str, str, str]]] = {}
    members = class_members(store)
    for row in store.query(TREATING_CLASSES, prefixes=PREFIXES, substitutions=bound):
        fact = (row["via"].value, row["narrower"].value, row["sentences"].value)
        for drug in members.get(row["class"].value, ()):
            by_drug.setdefault(drug, set()).add(fact)
    rows = [
        {"_drug": drug, "level": "class", "status": "", "via": via, "narrower": narrower}
        | {"sentences": sentences}
        for drug, facts in by_drug.items()
        for via, narrower, sentences in sorted(facts)
    ]
    own = store.query(TREATING_OWN, prefixes=PREFIXES, substitutions=bound)
    found = [
        {"_drug": row["_drug"].value, "level": "own", "status": row["status"].value, "via": ""}
        | {"narrower": row["narrower"].value, "sentences": row["sentences"].value}
        for row in own
    ]
    return rows + sorted(found, key=lambda row: (row["narrower"], row["status"]))


def class_members(store: Store) -> dict[str, list[str]]:
    """Each drug class's member drugs (through its subclasses too), read once per store."""
    cached = _MEMBERS.get(id(store))
    if cached is not None and cached[0] is store:
        return cached[1]
    members: dict[str, list[str]] = {}
    for row in store.query(MEMBERS, prefixes=PREFIXES):
        members.setdefault(row["class"].value, []).append(row["drug"].value)
    _MEMBERS.pop(id(store), None)
    _MEMBERS[id(store)] = (store, members)
    while len(_MEMBERS) > _STORES:
        del _MEMBERS[next(iter(_MEMBERS))]
    return members
