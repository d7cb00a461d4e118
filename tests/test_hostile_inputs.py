"""Hostile values never reach SPARQL as text: each gives an empty result or a clear message."""

from __future__ import annotations

import pytest
from querygraph import fixture_store

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.lookup import ask, drugs, entity_card
from immunokg.graph.ask.query import run_query

HOSTILE = [
    '"; DROP ALL; #',
    "} ; DROP ALL",
    'PD-1" } UNION { ?s ?p ?o } #',
    "PD-1' . ?s ?p ?o . FILTER('1'='1",
    "<https://w3id.org/immunokg/entity/pd-1> . ?x ?y ?z",
    "<not an iri>",
    "<>",
    "?_target",
    "$_target",
    "{{{{",
    "}}}}",
    "SELECT * WHERE { ?s ?p ?o }",
    "DELETE WHERE { ?s ?p ?o }",
    "PD-1\nDROP ALL",
    "\\",
    '"""',
    "'''",
    "\x00",
    "",
    "   ",
    "IMMUNOKG:",
    "IMMUNOKG:pd-1> } DROP ALL {",
    "ПД-1 😀 程序性死亡",
    "A" * 10_000,
    "{" * 10_000,
]
IDS = [f"h{i}" for i in range(len(HOSTILE))]


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def _safely(store, call):
    """Run a call: it returns, or fails with a user message that is no SPARQL error."""
    before = len(store)
    try:
        answer = call()
    except ImmunokgError as error:
        message = str(error)
        assert "error at" not in message
        assert "not a valid SPARQL" not in message
        assert "projection" not in message
        assert len(message.splitlines()[0]) < 300
        answer = None
    assert len(store) == before
    return answer


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_drugs_lookup(store, value):
    for key in ("target", "drug_class", "treats", "side_effect"):
        answer = _safely(store, lambda key=key: drugs(store, **{key: value}))
        assert answer is None or answer.rows == ()


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_entity_card(store, value):
    _safely(store, lambda: entity_card(store, value))


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_ask(store, value):
    _safely(store, lambda: ask(store, value))
    _safely(store, lambda: ask(store, f"drugs targeting {value}"))
    _safely(store, lambda: ask(store, f"what is {value}"))


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_named_query_parameters(store, value):
    for name, param in [
        ("drugs-targeting", "target"),
        ("evidence-for-fact", "relation"),
        ("evidence-for-fact", "object"),
        ("entity", "entity"),
    ]:
        result = _safely(
            store, lambda name=name, param=param: run_query(store, name, {param: value})
        )
        assert result is None or result.rows == ()


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_ad_hoc_query_parameter(store, value):
    text = "SELECT ?s ?_v WHERE { ?s ?p ?_v }"
    result = _safely(store, lambda: run_query(store, text, {"v": value}))
    assert result is None or result.rows == ()


@pytest.mark.parametrize("value", ["PD-1\r\n\t", " pd\u20101 ", "PD\u00a01"])
def test_whitespace_and_unicode_dashes_still_name_the_entity(store, value):
    assert [r["drug"] for r in drugs(store, target=value).records] == [
        "cemiplimab",
        "nivolumab",
        "pembrolizumab",
    ]


def test_a_hostile_value_is_matched_as_a_whole_literal():
    """A brand name that looks like SPARQL is found as the literal it is, and nothing else."""
    from pyoxigraph import Literal, NamedNode, Quad, Store

    store = Store()
    ikg = "https://w3id.org/immunokg/vocab#"
    fact = NamedNode("https://w3id.org/immunokg/fact/f")
    brand = '"} ; DROP ALL #'
    store.add(
        Quad(
            fact,
            NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            NamedNode(ikg + "Fact"),
        )
    )
    store.add(
        Quad(fact, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"), Literal(brand))
    )
    text = "SELECT ?f ?_v WHERE { ?f <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?_v }"
    rows = run_query(store, text, {"v": brand}).records()
    assert [(row["f"], row["_v"]) for row in rows] == [(fact.value, brand)]
    assert len(store) == 2
