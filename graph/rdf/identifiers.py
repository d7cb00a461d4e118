"""Which cross-reference names an entity for other Biolink graphs: the preferred CURIE of its category.

The prefixes of each entity type are those that Biolink lists for its category (id_prefixes,
in Biolink's order of preference); tests/test_identifiers.py holds them to the biolink-model
package's schema, offline.
"""

from __future__ import annotations

from collections.abc import Iterable

# Biolink category of each entity type; docs/exports.md says why each was chosen.
CATEGORIES: dict[str, str] = {
    "Drug": "biolink:Drug",
    "DrugClass": "biolink:Drug",
    "Target": "biolink:Protein",
    "CancerType": "biolink:Disease",
    "SideEffect": "biolink:PhenotypicFeature",
    "ImmuneCell": "biolink:Cell",
}

# The lexicon's prefixes that Biolink accepts as an id of each category, most preferred first.
PREFERRED_PREFIXES: dict[str, tuple[str, ...]] = {
    "Drug": ("RXCUI", "CHEBI", "UNII", "DRUGBANK", "MESH"),
    "DrugClass": ("CHEBI", "MESH"),
    "Target": ("UniProtKB", "NCIT", "MESH"),
    "CancerType": ("MONDO", "DOID", "NCIT", "MESH"),
    "SideEffect": ("HP", "NCIT", "MESH"),
    "ImmuneCell": ("CL", "NCIT", "MESH"),
}


def preferred_id(entity_type: str, xrefs: Iterable[str]) -> str | None:
    """The xref whose prefix Biolink prefers for the type's category, or None when none fits."""
    by_prefix: dict[str, str] = {}
    for xref in sorted(xrefs):
        by_prefix.setdefault(xref.partition(":")[0], xref)
    for prefix in PREFERRED_PREFIXES.get(entity_type, ()):
        if prefix in by_prefix:
            return by_prefix[prefix]
    return None
