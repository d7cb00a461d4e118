"""Every named query: it parses, its declared parameters are the variables it binds, it answers."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from querygraph import fixture_store
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Variable

from immunokg.graph.ask.query import load_queries, parse_query_file, run_query

QUERY_FILES = sorted(
    Path(str(entry)) for entry in files("immunokg.queries").iterdir() if entry.name.endswith(".rq")
)
NAMES = [path.stem for path in QUERY_FILES]
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
# Queries whose ORDER BY left ties that the engine ordered; the rewrite breaks them
# (entity: by rule, status and id), so only the set of rows is compared.
TIES_REORDERED = {"entity"}


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def _variables(node: object, found: set[str]) -> set[str]:
    """Every variable in rdflib's algebra of a query (a second parser, independent of ours)."""
    if isinstance(node, Variable):
        found.add(str(node))
    elif isinstance(node, dict):
        for value in node.values():
            _variables(value, found)
    elif isinstance(node, list | tuple | set):
        for value in node:
            _variables(value, found)
    return found


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_query_parses_with_rdflib(path):
    prepareQuery(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_declared_params_are_the_variables_it_binds(path):
    query = parse_query_file(path)
    algebra = prepareQuery(query.text).algebra
    bound = {
        name[1:]
        for name in _variables(algebra, set())
        if name.startswith("_") and not name.startswith("__")
    }
    assert {param.name for param in query.params} == bound


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_header_is_complete(path):
    query = parse_query_file(path)
    assert query.summary.endswith(".")
    assert query.example.startswith(f"immunokg query {query.name}")
    assert all(param.meaning for param in query.params)


@pytest.mark.parametrize("name", NAMES)
def test_query_runs_and_answers_on_the_fixture_graph(store, name):
    result = run_query(store, name)
    assert result.rows, f"{name} found nothing in the fixture graph"


# query, parameters, a column, the values expected in it (the whole column, sorted)
EXPECTED = [
    (
        "drugs-targeting",
        {"target": "PD-1"},
        "drug",
        ["cemiplimab", "nivolumab", "nivolumab", "pembrolizumab", "pembrolizumab"],
    ),
    ("drugs-targeting", {"target": "CTLA-4"}, "drug", ["ipilimumab"]),
    (
        "drugs-in-class",
        {"class": "checkpoint inhibitor"},
        "drug",
        ["cemiplimab", "ipilimumab", "nivolumab", "pembrolizumab"],
    ),
    (
        "drugs-in-class",
        {"class": "checkpoint inhibitor", "drug": "Yervoy"},
        "member_of",
        ["CTLA-4 inhibitor"],
    ),
    ("drugs-treating", {"cancer": "melanoma"}, "drug", ["interleukin 2", "pembrolizumab"]),
    ("drugs-treating", {"cancer": "lung cancer"}, "status", ["investigational"]),
    ("side-effects-of", {"drug": "ipilimumab"}, "stated_for", ["class", "class"]),
    ("side-effects-of", {"drug": "IL-2"}, "side_effect", ["fatigue", "fever"]),
    ("targets-of", {"agent": "cemiplimab"}, "via", ["PD-1 inhibitor"]),
    (
        "drugs-with-side-effect",
        {"side_effect": "colitis"},
        "stated_for",
        ["class", "class", "class", "class", "class", "class", "own"],
    ),
    ("drugs", {"drug": "Opdivo"}, "value", ["Opdivo", "PD-1 inhibitor"]),
    (
        "entity",
        {"entity": "tiredness"},
        "value",
        [
            "SideEffect",
            "immune checkpoint inhibitor",
            "immune checkpoint inhibitor",
            "interleukin 2",
            "lexicon",
            "tiredness",
        ],
    ),
    (
        "evidence-for-fact",
        {"subject": "checkpoint inhibitor", "relation": "has_side_effect", "object": "fatigue"},
        "document",
        ["t01_1111111111111111", "t02_2222222222222222"],
    ),
    ("entities-by-type", {}, "type", ["CancerType", "Drug", "DrugClass", "SideEffect", "Target"]),
    ("documents", {}, "facts", ["17", "6"]),
]


@pytest.mark.parametrize(
    ("name", "params", "column", "values"), EXPECTED, ids=[row[0] for row in EXPECTED]
)
def test_query_gives_the_expected_answer(store, name, params, column, values):
    rows = run_query(store, name, params).records()
    assert sorted(row[column] for row in rows) == values


def test_every_bundled_query_has_an_expected_answer():
    assert {row[0] for row in EXPECTED} == set(load_queries())


def test_side_effects_are_marked_own_or_class(store):
    rows = run_query(store, "side-effects-of", {"drug": "interleukin 2"}).records()
    assert [(row["side_effect"], row["stated_for"], row["via"]) for row in rows] == [
        ("fatigue", "own", ""),
        ("fever", "class", "cytokine"),
    ]


def test_documents_count_facts_only_they_support(store):
    rows = run_query(store, "documents").records()
    assert [(row["document"], row["only_here"]) for row in rows] == [
        ("t01_1111111111111111", "16"),
        ("t02_2222222222222222", "5"),
    ]


def test_every_named_query_is_documented_with_its_summary():
    docs = (Path(__file__).parents[1] / "docs" / "querying.md").read_text(encoding="utf-8")
    for query in load_queries().values():
        params = ", ".join(param.name for param in query.params)
        assert f"| `{query.name}` | {params} | {query.summary} |".replace("|  |", "| |") in docs


ANSWERS = json.loads((Path(__file__).parent / "data" / "query" / "answers.json").read_text("utf-8"))
# A query written later that must answer the rows of a recorded one (asked from another end).
RECORDED_AS = {"drugs-with-side-effect": "side-effects-of"}


@pytest.mark.parametrize("name", NAMES)
def test_answers_are_those_recorded_before_the_rewrite_for_speed(store, name):
    """Each query, unbound and with each entity parameter bound to each entity, answers the
    rows recorded from its text before it was reordered for Oxigraph's planner."""
    query = load_queries()[name]
    recorded = ANSWERS[RECORDED_AS.get(name, name)]
    entities = sorted(
        row[0].value for row in store.query(f"SELECT DISTINCT ?e {{ ?e <{SKOS_LABEL}> ?l }}")
    )
    cases = {"": {}}
    for param in query.params:
        if param.kind == "entity":
            for iri in entities:
                cases[f"{param.name}={iri.rsplit('/', 1)[-1]}"] = {param.name: f"<{iri}>"}
    for key, params in cases.items():
        result = run_query(store, name, params)
        assert list(result.variables) == recorded["variables"]
        rows = [[None if term is None else str(term) for term in row] for row in result.rows]
        expected = recorded["answers"].get(key, [])
        if name in TIES_REORDERED:
            rows, expected = sorted(rows, key=str), sorted(expected, key=str)
        assert rows == expected, (name, key)
