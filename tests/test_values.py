"""Parameters for a remote server: terms escaped by fixed rules, in a VALUES block that opens
the WHERE group, answering as Oxigraph's own substitution does."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.values import sparql_term, with_values

XSD = "http://www.w3.org/2001/XMLSchema#"
A, B, P = (ox.NamedNode(f"http://example.org/{n}") for n in ("a", "b", "p"))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(A, P, ox.Literal("x")))
    store.add(ox.Quad(B, P, ox.Literal("y")))
    return store


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?_x WHERE { ?s ?p ?_x }",
        "SELECT ?s ?_x WHERE { ?s ?p ?o FILTER(?o = ?_x) }",
        "SELECT ?s ?_x WHERE { ?s ?p ?o OPTIONAL { ?s ?p ?_x } }",
        "SELECT ?s ?_x { SELECT ?s ?_x WHERE { ?s ?p ?_x } }",
        "SELECT ?s ?_x # a comment with a } brace\nWHERE { ?s ?p ?_x FILTER(?_x != '}{') }",
        "ASK { ?s ?p ?_x }",
        "CONSTRUCT { ?s <http://example.org/q> ?_x } WHERE { ?s ?p ?_x }",
    ],
)
def test_values_answer_as_substitution_does(store, query):
    value = ox.Literal("x")
    substituted = store.query(query, substitutions={ox.Variable("_x"): value})
    joined = store.query(with_values(query, {"_x": value}))
    assert _rows(joined) == _rows(substituted)


def _rows(answer):
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return sorted(tuple(str(row[n]) for n in names) for row in answer)
    return sorted(str(triple) for triple in answer)


def test_the_block_opens_the_where_group_after_a_construct_template():
    text = with_values("CONSTRUCT { ?s ?p ?_x } WHERE { ?s ?p ?_x }", {"_x": A})
    assert text.startswith(
        "CONSTRUCT { ?s ?p ?_x } WHERE { VALUES (?_x) { (<http://example.org/a>) }"
    )


@pytest.mark.parametrize(
    ("term", "written"),
    [
        (ox.Literal('say "hi"'), r'"say \"hi\""'),
        (ox.Literal("a\\u0022b"), r'"a\\u0022b"'),
        (ox.Literal("line\nbreak\t\x01"), r'"line\nbreak\t\u0001"'),
        (ox.Literal("chat", language="fr"), '"chat"@fr'),
        (ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")), f'"5"^^<{XSD}integer>'),
        (ox.Literal("plain", datatype=ox.NamedNode(XSD + "string")), '"plain"'),
        (A, "<http://example.org/a>"),
    ],
)
def test_terms_are_written_so_that_no_value_leaves_its_quotes(term, written):
    assert sparql_term(term) == written
    # and the term parses back to itself
    (row,) = ox.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {written} }} }}")
    assert row["v"] == term


def test_a_query_without_a_where_group_is_refused():
    with pytest.raises(ImmunokgError, match="no WHERE group"):
        with_values("DESCRIBE ?_x", {"_x": A})
    with pytest.raises(ImmunokgError, match=r"CONSTRUCT \{ ... \} WHERE"):
        with_values("CONSTRUCT WHERE { ?s ?p ?_x }", {"_x": A})
