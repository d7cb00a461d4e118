"""Names to entities: labels, synonyms, brands and ids through the shared normalisation."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store
from querygraph import fixture_store, record_fixture, write_fixture_graph_dir

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.names import (
    UnknownNameError,
    find_entity,
    label,
    name_index,
    resolve_entity,
    stated_literal,
)
from immunokg.graph.ask.query import open_graph
from immunokg.graph.rdf.name_index import (
    NameFile,
    NameIndex,
    graph_stamp,
    index_path,
    open_name_file,
)

E = "https://w3id.org/immunokg/entity/"


@pytest.fixture(scope="module")
def store():
    return fixture_store()


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("PD-1", "pd-1"),
        ("pd1", "pd-1"),
        ("PD 1", "pd-1"),
        ("programmed death 1", "pd-1"),
        ("Keytruda", "pembrolizumab"),
        ("KEYTRUDA®", "pembrolizumab"),
        ("MK-3475", "pembrolizumab"),
        ("checkpoint inhibitors", "checkpoint-inhibitor"),
        ("Immune Checkpoint Inhibitor", "checkpoint-inhibitor"),
        ("renal cancers", "kidney-cancer"),
        ("pd-1-inhibitor", "pd-1-inhibitor"),
        ("IMMUNOKG:ctla-4", "ctla-4"),
        (f"<{E}melanoma>", "melanoma"),
        ("tiredness", "fatigue"),
    ],
)
def test_names_resolve_to_the_entity(store, name, entity):
    assert resolve_entity(store, name) == E + entity


def test_unknown_name_suggests_the_closest(store):
    with pytest.raises(
        UnknownNameError, match=r"unknown name 'pembrolizumb': did you mean pembrolizumab"
    ):
        resolve_entity(store, "pembrolizumb")


def test_unknown_name_without_a_close_one_says_what_names_are_matched(store):
    with pytest.raises(
        UnknownNameError, match="no entity has a label, synonym or brand close to it"
    ):
        resolve_entity(store, "zzzzqqq")


def test_unknown_curie_is_unknown(store):
    assert find_entity(store, "IMMUNOKG:no-such-thing") is None
    with pytest.raises(UnknownNameError):
        resolve_entity(store, "IMMUNOKG:no-such-thing")


def test_a_long_name_is_shortened_in_the_message(store):
    with pytest.raises(UnknownNameError) as error:
        resolve_entity(store, "x" * 10_000)
    assert len(str(error.value)) < 300


def test_label_wins_over_a_synonym_of_another_entity():
    store = Store()
    skos = "http://www.w3.org/2004/02/skos/core#"
    for entity, predicate, value in [
        ("a", "prefLabel", "alpha"),
        ("b", "prefLabel", "beta"),
        ("b", "altLabel", "alpha"),
    ]:
        store.add(Quad(NamedNode(E + entity), NamedNode(skos + predicate), Literal(value)))
    assert resolve_entity(store, "Alpha") == E + "a"


def test_two_entities_with_one_label_are_ambiguous():
    store = Store()
    skos = "http://www.w3.org/2004/02/skos/core#prefLabel"
    for entity in ("a", "b"):
        store.add(Quad(NamedNode(E + entity), NamedNode(skos), Literal("same")))
    with pytest.raises(
        ImmunokgError, match="'same' is ambiguous: it names same \\(a\\), same \\(b\\)"
    ):
        resolve_entity(store, "same")


def test_label_of_an_entity(store):
    assert label(store, E + "pd-1-inhibitor") == "PD-1 inhibitor"


def test_a_graph_directory_keeps_its_name_index_beside_its_store(tmp_path):
    """The first lookup writes names.sqlite; a later store of the same graph reads it and
    resolves, labels and suggests exactly as the in-memory index."""
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    first = open_graph(str(graph_dir))
    assert isinstance(name_index(first), NameIndex)
    assert index_path(graph_dir).is_file()
    second = open_graph(str(graph_dir))
    assert isinstance(name_index(second), NameFile)
    memory = fixture_store()
    for name in ("PD-1", "pd1", "Keytruda", "MK-3475", "renal cancers", "IMMUNOKG:ctla-4"):
        assert resolve_entity(second, name) == resolve_entity(memory, name)
    assert label(second, E + "pd-1") == label(memory, E + "pd-1")
    assert stated_literal(second, "keytruda") == stated_literal(memory, "keytruda") == "Keytruda"
    with pytest.raises(UnknownNameError) as error:
        resolve_entity(second, "pembrolizumb")
    assert "did you mean pembrolizumab?" in str(error.value)


def test_a_changed_graph_gets_a_new_name_index(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    name_index(open_graph(str(graph_dir)))
    stamp = graph_stamp(graph_dir)
    assert open_name_file(index_path(graph_dir), stamp) is not None
    with (graph_dir / "graph.nt").open("a", encoding="utf-8") as nt:
        nt.write("\n")
    record_fixture(graph_dir)  # as a new build would record it
    assert graph_stamp(graph_dir) != stamp
    assert open_name_file(index_path(graph_dir), graph_stamp(graph_dir)) is None
    assert isinstance(name_index(open_graph(str(graph_dir))), NameIndex)  # rebuilt
    assert isinstance(name_index(open_graph(str(graph_dir))), NameFile)


def test_an_unwritable_name_index_falls_back_to_memory(tmp_path):
    graph_dir = write_fixture_graph_dir(tmp_path / "graph")
    index_path(graph_dir).mkdir()  # a directory where the file would go: the rename fails
    for _ in range(2):
        store = open_graph(str(graph_dir))
        assert resolve_entity(store, "Keytruda") == E + "pembrolizumab"
        assert isinstance(name_index(store), NameIndex)
    assert not list(graph_dir.glob(".names.sqlite.*"))  # no temporary file left behind


def test_a_hint_is_the_closest_name_of_the_wanted_type():
    store = fixture_store()
    with pytest.raises(UnknownNameError, match=r"did you mean CTLA-4\?"):
        resolve_entity(store, "CTLA5", "Target")


def test_a_hint_leaves_out_names_of_other_types():
    store = fixture_store()
    with pytest.raises(UnknownNameError) as error:
        resolve_entity(store, "PD-1 inhibitors drug", "Target")
    assert str(error.value).endswith("did you mean PD-1?")


def test_a_hint_uses_shared_words():
    store = fixture_store()
    with pytest.raises(UnknownNameError, match="melanoma"):
        resolve_entity(store, "melanoma of the skin stage four", "CancerType")
