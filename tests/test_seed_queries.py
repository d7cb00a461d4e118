"""The named queries and lookups on the graph built from the bundled seeds, with expected answers.

The answers come from sentences of seed 002 ("Keytruda (pembrolizumab), Opdivo
(nivolumab) and Libtayo (cemiplimab) are PD-1 inhibitors", "Yervoy (ipilimumab)
is an example of a CTLA-4 blocker").
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from immunokg.graph.ask.lookup import ask, drugs, entity_card
from immunokg.graph.ask.query import load_queries, run_query


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory):
    """A cache directory holding the default (seed) graph, built once (extraction needs spaCy)."""
    from immunokg.graph.build.locate import CACHE_ENVVAR, seed_cache_dir
    from immunokg.graph.build.pipeline import build_graph_dir

    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENVVAR, str(cache))
        directory = seed_cache_dir()
    build_graph_dir(None, directory, keep_invalid=True, progress=False)
    return cache, directory


@pytest.fixture(scope="session")
def seed_store(seed_cache):
    """The seed graph's store, opened read only."""
    from immunokg.graph.rdf.store import open_store

    return open_store(seed_cache[1])


def test_lookup_on_the_default_graph_reads_the_store_without_heavy_imports(seed_cache):
    code = (
        "import sys\n"
        "from immunokg.graph.cli.main import main\n"
        "try:\n    main(['drugs', '--target', 'PD-1'])\n"
        "except SystemExit as done:\n    assert done.code == 0, done.code\n"
        "print(sorted(m for m in ('spacy', 'pyshacl', 'networkx') if m in sys.modules))\n"
    )
    from immunokg.graph.build.locate import CACHE_ENVVAR, seed_cache_dir
    from immunokg.graph.build.pipeline import build_graph_dir

    env = {k: v for k, v in os.environ.items() if k != "IMMUNOKG_GRAPH"}
    env[CACHE_ENVVAR] = str(seed_cache[0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENVVAR, str(seed_cache[0]))
        current = seed_cache_dir()
    if current != seed_cache[1]:  # the curated inputs changed since the session fixture built
        build_graph_dir(None, current, keep_invalid=True, progress=False)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert "pembrolizumab" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"
    assert "building" not in done.stderr


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
    (
        "drugs-with-side-effect",
        {"side_effect": "low blood pressure"},
        "drug",
        {"CAR T-cell therapy", "axicabtagene ciloleucel", "cytokine"},
    ),
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
    assert {(row["status"], row["level"], row["narrower"]) for row in rows} >= {
        ("approved", "own", "")
    }


def test_what_treats_melanoma_shows_no_member_approved_by_a_class_sentence(seed_store):
    """ "PD-1 and PD-L1 drugs are approved for melanoma" is the classes' statement: members show
    it as stated for their class, never as their own approval."""
    answer = ask(seed_store, "what treats melanoma")
    by_drug = {r["drug"]: r["matches"]["treats melanoma"] for r in answer.records}
    for drug in ("avelumab", "durvalumab", "pembrolizumab"):
        assert by_drug[drug]["class_level"], drug
        assert not any("approved" in how for how in by_drug[drug]["class_level"]), drug
    for record in answer.records:
        own = record["matches"]["treats melanoma"]["own"]
        assert all("PD-1 inhibitor" not in how and "PD-L1" not in how for how in own)


def test_drugs_in_the_checkpoint_inhibitor_class_come_from_every_subclass(seed_store):
    lookup = drugs(seed_store, drug_class="checkpoint inhibitor")
    found = {
        r["drug"]: r["matches"]["in class checkpoint inhibitor"]["own"] for r in lookup.records
    }
    assert found["ipilimumab"] == ["via CTLA-4 inhibitor"]
    assert found["pembrolizumab"] == ["via PD-1 inhibitor"]
    assert found["avelumab"] == ["via PD-L1 inhibitor"]


def test_side_effects_of_ipilimumab_come_from_its_class(seed_store):
    lookup = ask(seed_store, "side effects of ipilimumab")
    assert lookup.records
    assert all(r["level"] == "class" for r in lookup.records)


def test_evidence_for_fact_gives_each_record_its_spans_in_file_order(seed_store):
    """Every record has its verbatim spans, inside its offsets; list items have two or more."""
    rows = run_query(seed_store, "evidence-for-fact").records()
    counts = set()
    for row in rows:
        spans = [tuple(int(x) for x in piece.split("-")) for piece in row["spans"].split()]
        assert spans and spans == sorted(spans), row
        assert int(row["start"]) <= spans[0][0] and spans[-1][1] <= int(row["end"]), row
        counts.add(len(spans))
    assert {1, 2} <= counts


def test_drugs_treating_rows_made_from_the_class_index_are_the_query_rows(seed_store):
    """`drugs --treats` expands class-level facts to member drugs itself: per drug, the same
    rows in the same order as the drugs-treating query gives, for every cancer type."""
    from immunokg.graph.ask.summaries import treating_rows

    fields = ("level", "status", "via", "narrower", "sentences")
    cancers = run_query(seed_store, "SELECT ?c WHERE { ?c a ikg:CancerType }").records()
    class_level = 0
    for cancer in (row["c"] for row in cancers):
        expected: dict[str, list[tuple[str, ...]]] = {}
        for row in run_query(seed_store, "drugs-treating", {"cancer": f"<{cancer}>"}).records():
            expected.setdefault(row["_drug"], []).append(tuple(row[key] for key in fields))
        made: dict[str, list[tuple[str, ...]]] = {}
        for row in treating_rows(seed_store, cancer):
            made.setdefault(row["_drug"], []).append(tuple(row[key] for key in fields))
        assert made == expected, cancer
        class_level += sum(row[0] == "class" for rows in made.values() for row in rows)
    assert len(cancers) > 10 and class_level > 5
