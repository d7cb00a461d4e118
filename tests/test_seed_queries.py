"""The named queries and lookups on the graph built from the bundled seeds, with expected answers.

The answers come from sentences of seed 002 ("Keytruda (pembrolizumab), Opdivo
(nivolumab) and Libtayo (cemiplimab) are PD-1 inhibitors", "Yervoy (ipilimumab)
is an example of a CTLA-4 blocker").
"""

from __future__ import annotations

import pytest

from immunokg.graph.lookup import ask, drugs, entity_card
from immunokg.graph.query import load_queries, run_query


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """The seed graph, built once (extraction needs spaCy), opened read only."""
    from immunokg.graph.pipeline import build_graph_dir
    from immunokg.graph.store import open_store

    directory = tmp_path_factory.mktemp("seed") / "graph"
    build_graph_dir(None, directory, keep_invalid=True, progress=False)
    return open_store(directory)


def _drug_names(lookup):
    return {record["drug"] for record in lookup.records}


def test_pd1_drugs(seed_store):
    found = _drug_names(drugs(seed_store, target="PD-1"))
    assert {"pembrolizumab", "nivolumab", "cemiplimab"} <= found
    assert "ipilimumab" not in found


def test_ipilimumab_targets_ctla4(seed_store):
    assert "ipilimumab" in _drug_names(drugs(seed_store, target="CTLA-4"))


def test_brand_names_come_with_the_drugs(seed_store):
    records = {r["drug"]: r for r in drugs(seed_store, target="PD-1").records}
    assert "Keytruda" in records["pembrolizumab"]["brands"]
    assert "Opdivo" in records["nivolumab"]["brands"]


def test_names_resolve_through_brands_on_the_seed_graph(seed_store):
    assert entity_card(seed_store, "Keytruda").id == "pembrolizumab"


def test_ask_drugs_targeting_pd1(seed_store):
    answer = ask(seed_store, "drugs targeting PD-1")
    assert {"pembrolizumab", "nivolumab", "cemiplimab"} <= _drug_names(answer)


def test_every_named_query_runs_on_the_seed_graph(seed_store):
    for name in load_queries():
        result = run_query(seed_store, name)
        assert result.rows, f"{name} found nothing in the seed graph"


def test_seed_documents_each_contribute(seed_store):
    rows = run_query(seed_store, "documents").records()
    assert len(rows) == 5
    assert all(int(row["facts"]) > 0 for row in rows)


# query, parameters, a column, values the column must include (from the seed sentences)
SEED_EXPECTED = [
    ("drugs-targeting", {"target": "PD-1"}, "drug", {"pembrolizumab", "nivolumab", "cemiplimab"}),
    (
        "drugs-in-class",
        {"class": "PD-1 inhibitor"},
        "drug",
        {"pembrolizumab", "nivolumab", "cemiplimab"},
    ),
    ("drugs-treating", {"cancer": "melanoma"}, "drug", {"interleukin-2"}),
    (
        "side-effects-of",
        {"drug": "CAR T-cell therapy"},
        "side_effect",
        {"low blood pressure", "organ failure"},
    ),
    ("targets-of", {"agent": "Yervoy"}, "target", {"CTLA-4"}),
    ("drugs", {"drug": "pembrolizumab"}, "value", {"Keytruda", "PD-1 inhibitor"}),
    ("entity", {"entity": "pembrolizumab"}, "value", {"Drug", "MK-3475", "NCIT:C106432", "PD-1"}),
    (
        "evidence-for-fact",
        {"subject": "pembrolizumab", "relation": "targets", "object": "PD-1"},
        "document",
        {"002_fa77f5e295b03d8b"},
    ),
    ("entities-by-type", {}, "type", {"Drug", "DrugClass", "Target", "CancerType", "SideEffect"}),
    (
        "documents",
        {},
        "document",
        {"000_619af18107f408df", "002_fa77f5e295b03d8b", "004_2a2d5d9d024bb9bc"},
    ),
]


@pytest.mark.parametrize(
    ("name", "params", "column", "values"), SEED_EXPECTED, ids=[r[0] for r in SEED_EXPECTED]
)
def test_named_query_answers_on_the_seed_graph(seed_store, name, params, column, values):
    found = {row[column] for row in run_query(seed_store, name, params).records()}
    assert values <= found


def test_every_named_query_has_a_seed_expectation():
    assert {row[0] for row in SEED_EXPECTED} == set(load_queries())


def test_ipilimumab_is_not_in_the_pd1_query(seed_store):
    rows = run_query(seed_store, "drugs-targeting", {"target": "PD-1"}).records()
    assert "ipilimumab" not in {row["drug"] for row in rows}


def test_interleukin_2_is_approved_for_melanoma(seed_store):
    rows = run_query(seed_store, "drugs-treating", {"cancer": "melanoma", "drug": "IL-2"}).records()
    assert {(row["status"], row["how"]) for row in rows} >= {("approved", "direct")}
