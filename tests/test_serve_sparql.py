"""The SPARQL 1.1 Protocol endpoint of `immunokg serve`, queried as programs query it:
httpx with Accept headers, and SPARQLWrapper."""

from __future__ import annotations

import csv
import io
import os
import signal
import time

import pyoxigraph as ox
import pytest
from serve_support import ENDLESS, MAX_ROWS, TIMEOUT
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

ENTITY = "https://w3id.org/immunokg/entity/"
PD1_DRUGS = """
PREFIX ikg: <https://w3id.org/immunokg/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?drug WHERE {
  ?d a ikg:Drug ; ikg:targets <https://w3id.org/immunokg/entity/pd-1> ; skos:prefLabel ?drug
}
ORDER BY ?drug
"""
CONSTRUCT = """
PREFIX ikg: <https://w3id.org/immunokg/vocab#>
CONSTRUCT { ?d ikg:targets <https://w3id.org/immunokg/entity/pd-1> }
WHERE { ?d a ikg:Drug ; ikg:targets <https://w3id.org/immunokg/entity/pd-1> }
"""
EXPECTED_DRUGS = ["cemiplimab", "nivolumab", "pembrolizumab"]


def _drugs(solutions: ox.QuerySolutions) -> list[str]:
    return [solution["drug"].value for solution in solutions]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_answers_in_the_format_the_accept_header_asks_for(client, accept, fmt):
    response = client.get("/sparql", params={"query": PD1_DRUGS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    assert _drugs(ox.parse_query_results(response.content, fmt)) == EXPECTED_DRUGS


def test_select_answers_csv(client):
    """SPARQL CSV is lossy (plain values), so it is read as CSV."""
    response = client.get("/sparql", params={"query": PD1_DRUGS}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows == [["drug"], *([name] for name in EXPECTED_DRUGS)]


def test_json_is_the_default_and_weights_are_read(client):
    plain = client.get("/sparql", params={"query": PD1_DRUGS}, headers={"Accept": "*/*"})
    assert plain.headers["content-type"].startswith("application/sparql-results+json")
    weighted = client.get(
        "/sparql",
        params={"query": PD1_DRUGS},
        headers={"Accept": "application/sparql-results+json;q=0.5, text/csv"},
    )
    assert weighted.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)],
)
def test_construct_answers_turtle_or_ntriples(client, accept, fmt):
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    subjects = sorted(t.subject.value for t in ox.parse(response.content, fmt))
    assert subjects == [ENTITY + name for name in EXPECTED_DRUGS]


def test_describe_gives_the_entity_triples(client):
    response = client.get(
        "/sparql",
        params={"query": f"DESCRIBE <{ENTITY}pembrolizumab>"},
        headers={"Accept": "text/turtle"},
    )
    triples = list(ox.parse(response.content, ox.RdfFormat.TURTLE))
    assert any(t.object == ox.Literal("Keytruda") for t in triples)


def test_post_as_a_form_and_as_a_sparql_query_body(client):
    form = client.post("/sparql", data={"query": PD1_DRUGS})
    body = client.post(
        "/sparql", content=PD1_DRUGS, headers={"Content-Type": "application/sparql-query"}
    )
    for response in (form, body):
        assert response.status_code == 200, response.text
        assert _drugs(ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)) == (
            EXPECTED_DRUGS
        )


def test_no_query_gives_the_service_description(client, server):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = [
        (q.subject, q.predicate, q.object) for q in ox.parse(response.content, ox.RdfFormat.TURTLE)
    ]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(server.url + "/sparql")
    assert (endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    formats = {o.value for _, p, o in triples if p.value == sd + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in formats


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {
            "content": "DELETE WHERE { ?s ?p ?o }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    ],
    ids=["update-form", "update-body", "update-as-query"],
)
def test_updates_are_refused_with_403_and_one_line(client, request_kwargs):
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text and response.text.count("\n") == 1
    count = client.get("/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert count.json()["boolean"] is False


def test_service_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE is refused" in response.text


def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(client):
    started = time.monotonic()
    response = client.get("/sparql", params={"query": ENDLESS})
    assert response.status_code == 503
    assert f"{TIMEOUT:g} s timeout" in response.text and response.text.count("\n") == 1
    assert time.monotonic() - started < TIMEOUT + 10
    fresh = PD1_DRUGS + "# asked after a timeout, so not an answer kept from before\n"
    after = client.get("/sparql", params={"query": fresh})
    assert after.status_code == 200


def test_an_answer_over_the_row_cap_is_refused(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert f"more than {MAX_ROWS:,} rows (the row cap)" in response.text
    triples = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert "triples (the row cap)" in triples.text
    under = client.get(
        "/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"}
    )
    assert len(under.json()["results"]["bindings"]) == MAX_ROWS


def test_a_bad_query_gets_400_with_the_parsers_message_on_one_line(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert response.text.startswith("not a valid SPARQL query: ")
    assert response.text.count("\n") == 1 and "expected" in response.text


def test_sparqlwrapper_reads_every_results_format(server):
    endpoint = SPARQLWrapper(server.url + "/sparql")
    endpoint.setQuery(PD1_DRUGS)
    endpoint.setReturnFormat(JSON)
    bindings = endpoint.query().convert()["results"]["bindings"]
    assert [b["drug"]["value"] for b in bindings] == EXPECTED_DRUGS
    endpoint.setReturnFormat(XML)
    document = endpoint.query().convert()
    assert [node.firstChild.data for node in document.getElementsByTagName("literal")] == (
        EXPECTED_DRUGS
    )
    for fmt in (CSV, TSV):
        endpoint.setReturnFormat(fmt)
        lines = endpoint.query().convert().decode("utf-8").splitlines()
        assert [line.strip('"') for line in lines[1:]] == EXPECTED_DRUGS


def test_sparqlwrapper_construct_as_turtle_and_update_refused(server):
    endpoint = SPARQLWrapper(server.url + "/sparql")
    endpoint.setQuery(CONSTRUCT)
    endpoint.setReturnFormat(TURTLE)
    turtle = endpoint.queryAndConvert()
    assert len(list(ox.parse(turtle, ox.RdfFormat.TURTLE))) == len(EXPECTED_DRUGS)
    endpoint.setQuery("SELECT ?x WHERE { ?x }")
    endpoint.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="not a valid SPARQL query"):
        endpoint.query()


def test_a_worker_that_dies_is_replaced_and_its_query_gets_a_clear_500(client):
    pids = client.get("/api/status").json()["worker_pids"]
    os.kill(pids[0], signal.SIGKILL)
    statuses = []
    for n in range(3):  # each query new, so none is answered from memory
        response = client.get("/sparql", params={"query": f"{PD1_DRUGS}# lost worker {n}\n"})
        statuses.append(response.status_code)
        if response.status_code == 500:
            assert "stopped in the middle of the query" in response.text
    assert sorted(statuses) == [200, 200, 500]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = client.get("/api/status").json()["worker_pids"]
        if len(now) == 2 and pids[0] not in now:
            break
        time.sleep(0.2)
    assert len(now) == 2 and pids[0] not in now
