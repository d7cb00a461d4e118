"""Query limits shared by every way of running a query: SERVICE refused, the row cap."""

from __future__ import annotations

import pytest

from immunokg.graph.ask.limits import (
    Limits,
    ServiceRefused,
    TooManyRows,
    calls_service,
    capped,
    check_service,
)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * { service silent <urn:x> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . SERVICE ?endpoint { ?s ?q ?r } }",
    ],
)
def test_service_calls_are_found(text):
    assert calls_service(text)
    with pytest.raises(ServiceRefused, match="SERVICE is refused"):
        check_service(text, Limits())


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE" }',
        "# SERVICE <urn:x>\nSELECT ?service { ?service ?p ?o }",
        "PREFIX service: <urn:x#> SELECT * { ?s service:SERVICE ?o }",
        "SELECT * { ?s <http://example.org/SERVICE> ?o }",
        "SELECT * { ?s ?p '''a SERVICE in a long string''' }",
    ],
)
def test_the_word_in_strings_iris_comments_and_names_is_no_service_call(text):
    assert not calls_service(text)


def test_service_is_allowed_when_the_limits_allow_it():
    check_service("SELECT * { SERVICE <urn:x> { ?s ?p ?o } }", Limits(allow_service=True))


def test_the_row_cap_lets_the_cap_through_and_stops_at_the_next():
    assert list(capped(range(3), 3)) == [0, 1, 2]
    seen = []
    with pytest.raises(TooManyRows, match="more than 3 rows"):
        seen.extend(capped(iter(range(10**9)), 3))
    assert seen == [0, 1, 2]
