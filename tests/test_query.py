"""The named-query registry, strict query headers, bound parameters and read-only runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from querygraph import fixture_store

from immunokg.extract.errors import DataFileError, ImmunokgError
from immunokg.graph.ask.query import (
    get_query,
    load_queries,
    parameter_names,
    parse_query_file,
    run_query,
)

DATA = Path(__file__).parent / "data" / "query"
PD1 = "https://w3id.org/immunokg/entity/pd-1"


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def test_registry_names_every_bundled_query():
    assert set(load_queries()) >= {
        "drugs-targeting",
        "drugs-in-class",
        "drugs-treating",
        "side-effects-of",
        "entity",
        "evidence-for-fact",
        "entities-by-type",
        "documents",
    }


def test_header_gives_summary_params_and_example():
    query = load_queries()["drugs-targeting"]
    assert query.summary.startswith("Drugs that target")
    assert [(p.name, p.kind) for p in query.params] == [("target", "entity"), ("drug", "entity")]
    assert query.example == "immunokg query drugs-targeting -p target PD-1"


def test_parameter_names_skip_strings_iris_and_comments():
    text = '# ?_commented\nSELECT ?_a WHERE { ?_a <http://x/?_iri> "?_string" ; ?p $_b . FILTER(?x < ?_c) }'
    assert parameter_names(text) == ["a", "b", "c"]


def test_parameter_names_skip_long_strings():
    assert parameter_names("SELECT ?_a { ?_a ?p '''it's ?_not \n here''' }") == ["a"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bad-unknown-key.rq", "unknown header key 'author'"),
        ("bad-undeclared.rq", "differ from the ?_ variables"),
        ("bad-kind.rq", "unknown parameter kind 'number'"),
        ("bad-duplicate-param.rq", "parameter 'target' declared twice"),
        ("bad-no-example.rq", "the header needs `#+ example: ...`"),
    ],
)
def test_bad_query_headers_are_rejected_naming_the_file(name, problem):
    with pytest.raises(DataFileError) as error:
        parse_query_file(DATA / name)
    assert name in str(error.value)
    assert problem in str(error.value)


def test_bad_header_error_names_the_line():
    with pytest.raises(DataFileError) as error:
        parse_query_file(DATA / "bad-unknown-key.rq")
    assert error.value.line == 2


def test_entity_parameter_is_bound_by_name(store):
    result = run_query(store, "drugs-targeting", {"target": "programmed death 1"})
    assert {row["drug"] for row in result.records()} == {"cemiplimab", "nivolumab", "pembrolizumab"}
    assert {row["_target"] for row in result.records()} == {PD1}


def test_left_out_parameter_matches_anything(store):
    drugs = {row["drug"] for row in run_query(store, "drugs-targeting").records()}
    assert "ipilimumab" in drugs
    assert "pembrolizumab" in drugs


def test_via_class_is_marked(store):
    rows = run_query(store, "drugs-targeting", {"target": "PD-1", "drug": "cemiplimab"}).records()
    assert [(row["level"], row["via"]) for row in rows] == [("class", "PD-1 inhibitor")]


def test_results_are_ordered_by_label(store):
    drugs = [row["drug"] for row in run_query(store, "drugs-targeting").records()]
    assert drugs == sorted(drugs, key=str.lower)


def test_unknown_parameter_is_an_error_listing_the_known(store):
    with pytest.raises(ImmunokgError, match="no parameter 'colour'; its parameters: target, drug"):
        run_query(store, "drugs-targeting", {"colour": "red"})


def test_unknown_relation_lists_the_graph_relations(store):
    with pytest.raises(ImmunokgError, match="unknown relation 'cures'; the graph has: brand_name"):
        run_query(store, "evidence-for-fact", {"relation": "cures"})


def test_term_parameter_binds_a_brand_literal(store):
    params = {"subject": "pembrolizumab", "relation": "brand name", "object": "KEYTRUDA"}
    rows = run_query(store, "evidence-for-fact", params).records()
    assert [(row["object"], row["rule"]) for row in rows] == [("Keytruda", "brand-paren")]


def test_unknown_query_name_suggests_the_closest(store):
    with pytest.raises(
        ImmunokgError, match="no query named 'drugs-targetting': did you mean drugs-targeting"
    ):
        run_query(store, "drugs-targetting")


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "DELETE WHERE { ?s ?p ?o }",
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused_and_the_store_is_unchanged(store, update):
    before = len(store)
    with pytest.raises(ImmunokgError, match=r"only read-only queries .* not SPARQL UPDATE"):
        run_query(store, update)
    assert len(store) == before


def test_syntax_error_is_a_clear_message(store):
    with pytest.raises(ImmunokgError, match="not a valid SPARQL query"):
        run_query(store, "SELECT ?x WHERE { ?x ")


def test_ask_and_construct_forms(store):
    assert run_query(store, f"ASK {{ ?d ?p <{PD1}> }}").boolean is True
    targets = "<https://w3id.org/immunokg/vocab#targets>"
    result = run_query(
        store, f"CONSTRUCT {{ ?d <http://x/t> <{PD1}> }} WHERE {{ ?d {targets} <{PD1}> }}"
    )
    assert result.form == "graph"
    assert len(result.triples) == 3


def test_ad_hoc_sparql_binds_underscore_variables(store):
    text = (
        "PREFIX ikg: <https://w3id.org/immunokg/vocab#> SELECT ?d ?_t WHERE { ?d ikg:targets ?_t }"
    )
    result = run_query(store, text, {"t": "IMMUNOKG:ctla-4"})
    assert [row["d"] for row in result.records()] == ["https://w3id.org/immunokg/entity/ipilimumab"]


def test_parameter_outside_the_projection_is_a_clear_message(store):
    with pytest.raises(ImmunokgError, match=r"\?_t in its SELECT projection"):
        run_query(store, "SELECT ?d WHERE { ?d ?p ?_t }", {"t": "PD-1"})


def test_query_file_with_header_is_run(store, tmp_path):
    path = tmp_path / "my-query.rq"
    path.write_text(
        "#+ summary: targets\n#+ params:\n#+   drug (entity): a drug\n#+ example: x\n"
        "SELECT ?t ?_drug WHERE { ?_drug <https://w3id.org/immunokg/vocab#targets> ?t }\n",
        encoding="utf-8",
    )
    assert get_query(str(path)).params[0].name == "drug"
    rows = run_query(store, str(path), {"drug": "Yervoy"}).records()
    assert [row["t"] for row in rows] == ["https://w3id.org/immunokg/entity/ctla-4"]


def test_missing_query_file_names_it(store):
    with pytest.raises(ImmunokgError, match=r"nothing\.rq: no such query file"):
        run_query(store, "nothing.rq")


def test_the_graph_prefixes_need_no_declaration(store):
    result = run_query(store, "SELECT ?d WHERE { ?d ikg:targets entity:ctla-4 }")
    assert [row["d"] for row in result.records()] == ["https://w3id.org/immunokg/entity/ipilimumab"]


def test_a_failing_service_call_is_a_clear_message(store):
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(ImmunokgError, match="the query failed"):
        run_query(store, text, allow_service=True)


def test_a_service_call_is_refused_unless_allowed(store):
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with pytest.raises(ImmunokgError, match="SERVICE calls to other endpoints are refused"):
        run_query(store, text)
