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
    pytest.importorskip(
        "immunokg.extract.pipeline", reason="the extraction engine is not in this checkout yet"
    )
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
