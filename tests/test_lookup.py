"""Lookups: drugs by target, class, cancer and side effect; entity cards; side effects; targets."""

from __future__ import annotations

import pytest
from querygraph import fixture_store

from immunokg.graph.ask.lookup import drugs, entity_card, side_effects, targets_of
from immunokg.graph.ask.names import UnknownNameError
from immunokg.graph.cli.answers import card_text, lookup_text


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def _drugs(lookup):
    return [record["drug"] for record in lookup.records]


def test_drugs_targeting_include_those_via_their_class(store):
    lookup = drugs(store, target="PD-1")
    assert _drugs(lookup) == ["cemiplimab", "nivolumab", "pembrolizumab"]
    class_level = ["stated for its class (PD-1 inhibitor)"]
    assert lookup.records[0]["matches"] == {"targets PD-1": {"own": [], "class_level": class_level}}
    assert lookup.records[2]["matches"] == {
        "targets PD-1": {"own": ["direct"], "class_level": class_level}
    }


def test_drugs_targeting_pd1_leave_out_ipilimumab(store):
    assert "ipilimumab" not in _drugs(drugs(store, target="pd1"))


def test_drug_rows_carry_brands_classes_and_sentences(store):
    record = drugs(store, target="PD-1").records[2]
    assert record["id"] == "IMMUNOKG:pembrolizumab"
    assert record["brands"] == ["Keytruda"]
    assert record["classes"] == ["PD-1 inhibitor"]
    assert record["sentences"] == 2


def test_drugs_in_class_follow_subclasses(store):
    lookup = drugs(store, drug_class="checkpoint inhibitors")
    assert _drugs(lookup) == ["cemiplimab", "ipilimumab", "nivolumab", "pembrolizumab"]
    assert lookup.rows[1][3] == "via CTLA-4 inhibitor"


def test_drugs_treating_show_status(store):
    lookup = drugs(store, treats="lung cancer")
    assert [(r["drug"], r["matches"]["treats lung cancer"]) for r in lookup.records] == [
        ("nivolumab", {"own": ["investigational"], "class_level": []})
    ]


def test_drugs_with_a_side_effect_count_class_statements(store):
    assert _drugs(drugs(store, side_effect="fever")) == ["interleukin 2"]
    assert len(_drugs(drugs(store, side_effect="colitis"))) == 4


def test_conditions_combine_as_and(store):
    lookup = drugs(store, target="PD-1", treats="melanoma")
    assert _drugs(lookup) == ["pembrolizumab"]
    assert lookup.title == "drugs targeting PD-1 and drugs treating melanoma"
    assert lookup.columns[-5:] == (
        "targets PD-1",
        "targets PD-1: stated for its class",
        "treats melanoma",
        "treats melanoma: stated for its class",
        "sentences",
    )


def test_no_condition_lists_every_drug(store):
    lookup = drugs(store)
    assert _drugs(lookup) == [
        "cemiplimab",
        "interleukin 2",
        "ipilimumab",
        "nivolumab",
        "pembrolizumab",
        "tebentafusp",
    ]
    assert lookup.columns == ("drug", "brands", "classes")


def test_a_name_of_the_wrong_type_gives_no_drugs(store):
    lookup = drugs(store, target="melanoma")
    assert lookup.rows == ()
    assert lookup_text(lookup) == "drugs targeting melanoma: none in the graph\n"


def test_unknown_name_in_a_lookup_suggests(store):
    with pytest.raises(UnknownNameError, match="did you mean PD-1"):
        drugs(store, target="PD-11")


def test_lookup_text_is_a_titled_table(store):
    lines = lookup_text(drugs(store, target="PD-1")).splitlines()
    assert lines[0] == "drugs targeting PD-1 (3)"
    assert lines[2].split()[:3] == ["drug", "brands", "classes"]


def test_entity_card_has_names_identifiers_and_relations(store):
    card = entity_card(store, "Keytruda")
    assert (card.id, card.label, card.types) == ("pembrolizumab", "pembrolizumab", ("Drug",))
    assert card.synonyms == ("MK-3475",)
    assert card.xrefs == ("NCIT:C106432",)
    assert [relation.reads() for relation in card.relations] == [
        "pembrolizumab has brand name Keytruda",
        "pembrolizumab is in class PD-1 inhibitor",
        "pembrolizumab targets PD-1",
        "pembrolizumab treats melanoma",
    ]
    assert card.relations[3].status == "approved"
    assert (
        card.relations[3].evidence[0].sentence
        == "Pembrolizumab is approved to treat advanced melanoma."
    )


def test_entity_card_lists_relations_in(store):
    card = entity_card(store, "PD-1")
    incoming = [(r.subject, r.direction) for r in card.relations]
    assert incoming == [("nivolumab", "in"), ("PD-1 inhibitor", "in"), ("pembrolizumab", "in")]


def test_entity_card_keeps_each_sentence_once_with_its_document(store):
    card = entity_card(store, "fatigue")
    relation = next(r for r in card.relations if r.subject == "immune checkpoint inhibitor")
    assert [e.document for e in relation.evidence] == [
        "t01_1111111111111111",
        "t02_2222222222222222",
    ]


def test_entity_card_shows_where_each_sentence_stands_in_its_file(store):
    """The verbatim spans, in file order: two where markup splits the sentence."""
    card = entity_card(store, "fatigue")
    relation = next(r for r in card.relations if r.subject == "immune checkpoint inhibitor")
    assert [e.spans for e in relation.evidence] == [
        ((710, 755), (756, 776)),
        ((210, 255), (256, 276)),
    ]
    assert "(t01_1111111111111111 at 710-755 + 756-776, rule side-effects-include)" in card_text(
        card
    )
    data = card.data()["relations"][0]["evidence"][0]
    assert data["spans"] == [{"start": 710, "end": 755}, {"start": 756, "end": 776}]


def test_entity_card_data_is_plain_json_types(store):
    data = entity_card(store, "nivolumab").data()
    assert data["id"] == "IMMUNOKG:nivolumab"
    assert data["relations"][0]["evidence"][0]["rule"] == "brand-paren"


def test_entity_without_facts_has_an_empty_card(store):
    card = entity_card(store, "tebentafusp")
    assert card.relations == ()
    assert "relations: none" in card_text(card)


def test_side_effects_own_and_via_class(store):
    lookup = side_effects(store, "interleukin 2")
    assert lookup.rows == (
        ("fatigue", "own", "1"),
        ("fever", "stated for its class (cytokine)", "1"),
    )


def test_targets_of_a_drug_in_a_class(store):
    assert targets_of(store, "cemiplimab").rows == (
        ("PD-1", "stated for its class (PD-1 inhibitor)", "1"),
    )


NARROWER = """
@prefix ikg: <https://w3id.org/immunokg/vocab#> .
@prefix entity: <https://w3id.org/immunokg/entity/> .
@prefix fact: <https://w3id.org/immunokg/fact/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
entity:uveal-melanoma a ikg:CancerType ; skos:prefLabel "uveal melanoma" ;
    skos:broader entity:melanoma .
entity:nivolumab ikg:treats entity:uveal-melanoma .
fact:n1 a ikg:Fact ; rdf:subject entity:nivolumab ; rdf:predicate ikg:treats ;
    rdf:object entity:uveal-melanoma ; ikg:relation "treats" ; ikg:status ikg:investigational ;
    ikg:evidenceCount "1"^^xsd:integer .
"""


def narrower_store():
    import pyoxigraph

    store = fixture_store()
    store.load(NARROWER.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def test_drugs_for_a_narrower_cancer_answer_for_the_broader_one():
    lookup = drugs(narrower_store(), treats="melanoma")
    found = {r["drug"]: r["matches"]["treats melanoma"] for r in lookup.records}
    assert found["nivolumab"] == {
        "own": ["investigational, via narrower uveal melanoma"],
        "class_level": [],
    }
    assert found["pembrolizumab"]["own"] == ["approved"]


def test_a_narrower_cancer_does_not_answer_for_its_parent_the_other_way():
    assert _drugs(drugs(narrower_store(), treats="uveal melanoma")) == ["nivolumab"]


def test_drug_summaries_read_at_once_match_the_drugs_query_drug_by_drug(store):
    from immunokg.graph.ask.query import run_query
    from immunokg.graph.ask.summaries import drug_summaries

    every = drug_summaries(store)
    assert len(every) > 3
    for iri, entry in every.items():
        rows = run_query(store, "drugs", {"drug": f"<{iri}>"}).records()
        assert entry["drug"] == rows[0]["drug"]
        assert entry["brands"] == [r["value"] for r in rows if r["field"] == "brand_name"]
        assert entry["classes"] == [r["value"] for r in rows if r["field"] == "in_class"]


def test_a_kept_drug_summary_is_not_changed_by_its_caller(store):
    from immunokg.graph.ask.summaries import drug_summaries

    iri = next(iri for iri, entry in drug_summaries(store).items() if entry["classes"])
    first = drug_summaries(store, [iri])[iri]
    kept = list(first["classes"])
    first["classes"].append("changed")
    assert drug_summaries(store, [iri])[iri]["classes"] == kept
