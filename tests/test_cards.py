"""Entity cards kept beside the store (cards.sqlite): the same cards as the `entity` query."""

from __future__ import annotations

import json
import shutil

from querygraph import record_fixture, write_fixture_graph_dir

from immunokg.graph.ask.card import (
    CARD_FILE,
    CardFile,
    card_file,
    card_from_data,
    card_from_rows,
    card_stamp,
    entity_card,
)
from immunokg.graph.ask.names import name_index
from immunokg.graph.ask.query import open_graph, run_query
from immunokg.graph.serve.cards import _write, all_cards, prepare_cards

LABELLED = "SELECT DISTINCT ?e WHERE { ?e skos:prefLabel ?label } ORDER BY ?e"


def _opened(graph_dir):
    store = open_graph(str(graph_dir))
    name_index(store)
    return store


def _query_card(store, iri):
    return card_from_rows(iri, run_query(store, "entity", {"entity": f"<{iri}>"}).records())


def test_every_kept_card_is_the_card_the_query_gives(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    prepare_cards(_opened(graph_dir), graph_dir)
    assert (graph_dir / CARD_FILE).is_file()
    store = _opened(graph_dir)  # a later process reads the file
    kept = card_file(store)
    assert isinstance(kept, CardFile)
    iris = [row["e"] for row in run_query(store, LABELLED).records()]
    assert len(iris) > 10
    with_relations = 0
    for iri in iris:
        expected = _query_card(store, iri)
        assert kept.get(iri) is not None, iri
        assert entity_card(store, iri) == expected
        assert json.dumps(entity_card(store, iri).data()) == json.dumps(expected.data())
        with_relations += bool(expected.relations)
    assert with_relations > 5


def test_a_card_read_back_from_its_json_is_the_same_card(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    store = _opened(graph_dir)
    for name in ("pembrolizumab", "PD-1", "fatigue", "melanoma"):
        card = _query_card(store, _iri(store, name))
        assert card_from_data(json.loads(json.dumps(card.data()))) == card


def _iri(store, name):
    from immunokg.graph.ask.names import resolve_entity

    return resolve_entity(store, name)


def test_a_changed_graph_is_not_answered_from_old_cards(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    prepare_cards(_opened(graph_dir), graph_dir)
    with (graph_dir / "graph.nt").open("a", encoding="utf-8") as nt:
        nt.write("\n")
    record_fixture(graph_dir)  # as a new build would record it
    store = _opened(graph_dir)
    assert card_file(store) is None  # stale: the query answers
    assert entity_card(store, "pembrolizumab").relations
    prepare_cards(store, graph_dir)
    assert isinstance(card_file(_opened(graph_dir)), CardFile)


def test_cards_that_cannot_be_written_are_kept_in_memory(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    (graph_dir / CARD_FILE).mkdir()  # a directory where the file would go: the rename fails
    store = _opened(graph_dir)
    prepare_cards(store, graph_dir)
    assert isinstance(card_file(store), dict)
    iri = _iri(store, "pembrolizumab")
    assert entity_card(store, "Keytruda") == _query_card(store, iri)
    assert not list(graph_dir.glob(f".{CARD_FILE}.*"))  # no temporary file left behind


def test_the_card_file_is_written_byte_for_byte_the_same(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    store = _opened(graph_dir)
    stamp = card_stamp(graph_dir)
    assert _write(tmp_path / "a.sqlite", stamp, all_cards(store))
    copy = tmp_path / "copy"
    shutil.copytree(graph_dir, copy)
    assert _write(tmp_path / "b.sqlite", stamp, all_cards(_opened(copy)))
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


def test_a_store_not_opened_from_a_directory_asks_the_query():
    from querygraph import fixture_store

    store = fixture_store()
    assert card_file(store) is None
    assert entity_card(store, "Keytruda").id == "pembrolizumab"
