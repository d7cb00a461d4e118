"""Combination products (co-formulations, fixed-dose pairs): their own lexicon entities, with their parts.

A product such as "pembrolizumab and berahyaluronidase alfa" is a different product from
pembrolizumab, not one of its names; data/combinations.jsonl names the lexicon drugs it is
made of, read from the product's own name. Loaded with strict checks; no spaCy.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.datafile import jsonl_records
from immunokg.extract.rules.lexicon import Lexicon, load_lexicon

KEYS = ("id", "parts")


@lru_cache(maxsize=1)
def load_combinations() -> dict[str, tuple[str, ...]]:
    """Combination product id -> the ids of its parts, checked against the bundled lexicon."""
    resource = files("immunokg.extract") / "data" / "combinations.jsonl"
    return parse_combinations(resource.read_text(encoding="utf-8"), str(resource), load_lexicon())


def parse_combinations(text: str, path: str, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Each record: a lexicon Drug id and the lexicon Drugs it is made of, sorted by id."""
    found: dict[str, tuple[str, ...]] = {}
    previous = ""
    for number, record in jsonl_records(text, path, "combination"):
        if tuple(record) != KEYS:
            raise DataFileError(path, number, f"keys must be exactly {list(KEYS)}, in that order")
        product, parts = record["id"], record["parts"]
        if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
            raise DataFileError(path, number, "parts must be a non-empty list of lexicon ids")
        for entity_id in (product, *parts):
            entry = lexicon.get(str(entity_id))
            if entry is None or entry.type != "Drug":
                raise DataFileError(path, number, f"{entity_id!r} is not a Drug of the lexicon")
        if product in parts:
            raise DataFileError(path, number, f"{product!r} cannot be a part of itself")
        if str(product) < previous:
            raise DataFileError(path, number, f"records not sorted by id: {product!r}")
        previous = str(product)
        found[str(product)] = tuple(parts)
    return found
