"""Every entity's card written once per graph beside its store (cards.sqlite), so an entity
page, `/api/entity/NAME` and `immunokg show` read one key instead of running the `entity`
query (about 80 ms an entity at 100x, six of ten requests in the load benchmark's mix)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from immunokg.graph.ask.card import (
    CARD_FILE,
    card_file,
    card_from_rows,
    card_stamp,
    keep_cards,
    open_cards,
)
from immunokg.graph.ask.query import get_query, run_query
from immunokg.graph.rdf.name_index import write_sqlite_file

if TYPE_CHECKING:
    from pyoxigraph import Store

log = logging.getLogger("immunokg.serve")

_SCHEMA = """
CREATE TABLE stamp (value TEXT NOT NULL);
CREATE TABLE cards (iri TEXT PRIMARY KEY, card TEXT NOT NULL);
"""


def prepare_cards(store: Store, graph_dir: Path) -> None:
    """Make sure the store's cards are at hand: the graph's card file if it is up to date,
    else every card made with one query and written (kept in memory if it cannot be)."""
    stamp = card_stamp(graph_dir)
    if stamp is None or card_file(store) is not None:
        return
    began = time.monotonic()
    cards = all_cards(store)
    path = graph_dir / CARD_FILE
    written = _write(path, stamp, cards) and open_cards(path, stamp)
    keep_cards(store, written or cards)
    where = path if written else "memory (the graph directory is not writable)"
    log.info("%d entity cards in %.1f s, kept in %s", len(cards), time.monotonic() - began, where)


def all_cards(store: Store) -> dict[str, str]:
    """Each entity's card JSON by IRI, from the `entity` query run once for every entity:
    the rows of one entity come in the same order as when it is asked alone, so the cards
    are the same."""
    text = get_query("entity").text.replace("?_entity", "?entity_iri")
    rows: dict[str, list[dict[str, str]]] = {}
    for row in run_query(store, text).records():
        rows.setdefault(row["entity_iri"], []).append(row)
    return {
        iri: json.dumps(card_from_rows(iri, found).data(), ensure_ascii=False)
        for iri, found in sorted(rows.items())
    }


def _write(path: Path, stamp: str, cards: dict[str, str]) -> bool:
    """Write the file atomically, rows in IRI order; False when it cannot be written."""
    return write_sqlite_file(path, _SCHEMA, stamp, {"cards": sorted(cards.items())})
