"""The JSON API and the explorer's pages of `immunokg serve`, over HTTP: the lookups answer
what the CLI's --format json prints, named queries bind values as terms, errors have the
right status, and the server logs, compresses and allows cross-origin reads."""

from __future__ import annotations

import gzip
import json
import re

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from serve_support import MAX_ROWS

from immunokg.graph.cli.main import main


def cli_json(graph_dir, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--graph", str(graph_dir)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("path", "params", "command"),
    [
        ("/api/drugs", {"target": "PD-1"}, ["drugs", "--target", "PD-1"]),
        ("/api/drugs", {"class": "PD-1 inhibitor"}, ["drugs", "--class", "PD-1 inhibitor"]),
        ("/api/drugs", {"treats": "melanoma"}, ["drugs", "--treats", "melanoma"]),
        ("/api/entity/pembrolizumab", {}, ["show", "pembrolizumab"]),
        ("/api/entity/Keytruda", {}, ["show", "Keytruda"]),
        ("/api/ask", {"q": "drugs targeting PD-1"}, ["ask", "drugs targeting PD-1"]),
    ],
    ids=["drugs-target", "drugs-class", "drugs-treats", "show", "show-brand", "ask"],
)
def test_lookups_answer_the_same_json_as_the_cli(client, server, path, params, command):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.text == cli_json(server.graph_dir, *command)


def test_named_query_binds_values_as_terms_like_the_cli(client, server):
    response = client.get("/api/queries/drugs-targeting", params={"target": "PD-1"})
    assert response.status_code == 200, response.text
    rows = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    served = sorted({solution["drug"].value for solution in rows})
    result = CliRunner().invoke(
        main,
        [
            "query",
            "drugs-targeting",
            "-p",
            "target",
            "PD-1",
            "--format",
            "json",
            "--graph",
            str(server.graph_dir),
        ],
    )
    cli = sorted({b["drug"]["value"] for b in json.loads(result.output)["results"]["bindings"]})
    assert served == cli and "pembrolizumab" in served


def test_a_value_is_never_pasted_into_the_query(client):
    hostile = "PD-1> } UNION { ?s ?p ?o } #"
    response = client.get("/api/queries/drugs-targeting", params={"target": hostile})
    assert response.status_code == 404
    assert response.json()["error"].startswith("unknown name")


def test_named_query_answers_csv_by_accept_and_keeps_the_row_cap(client):
    csv_answer = client.get(
        "/api/queries/drugs-targeting", params={"target": "PD-1"}, headers={"Accept": "text/csv"}
    )
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.splitlines()[0].startswith("drug,target")
    everything = client.get("/api/queries/entity")  # no entity given: every entity's rows
    assert everything.status_code == 400
    assert f"more than {MAX_ROWS:,} rows" in everything.json()["error"]


def test_the_query_list_names_every_bundled_query(client):
    from immunokg.graph.ask.query import load_queries

    listed = client.get("/api/queries").json()
    assert [query["name"] for query in listed] == list(load_queries())
    assert listed[0]["url"].endswith(f"/api/queries/{listed[0]['name']}")


@pytest.mark.parametrize(
    ("path", "hint"),
    [
        ("/api/entity/pembrolizumabb", "did you mean pembrolizumab"),
        ("/api/drugs?target=PD-11", "did you mean"),
        ("/api/queries/drugs-targetting", "did you mean drugs-targeting"),
    ],
)
def test_unknown_names_get_404_with_suggestions(client, path, hint):
    response = client.get(path)
    assert response.status_code == 404
    assert hint in response.json()["error"]


def test_bad_parameters_get_400(client):
    assert client.get("/api/drugs", params={"colour": "red"}).status_code == 400
    assert client.get("/api/ask").status_code == 400
    unknown = client.get("/api/queries/drugs-targeting", params={"nope": "x"})
    assert unknown.status_code == 400 and "no parameter 'nope'" in unknown.json()["error"]


def test_pages_have_stable_urls(client):
    entity = client.get("/entity/pembrolizumab")
    assert entity.status_code == 200
    assert "<h1" in entity.text and "pembrolizumab" in entity.text
    drugs = client.get("/drugs?target=PD-1")
    cells = re.findall(r'<tr><td><a href="/entity/([^"]+)"', drugs.text)
    assert cells == ["cemiplimab", "nivolumab", "pembrolizumab"]


def test_drug_table_sorts_on_the_server(client):
    down = client.get("/drugs", params={"target": "PD-1", "sort": "drug", "order": "desc"})
    cells = re.findall(r'<tr><td><a href="/entity/([^"]+)"', down.text)
    assert cells == ["pembrolizumab", "nivolumab", "cemiplimab"]


def test_search_finds_names_by_synonym_and_lists_near_names(client):
    exact = client.get("/search", params={"q": "pd1"}, follow_redirects=False)
    assert exact.status_code == 303 and exact.headers["location"] == "/entity/PD-1"
    brand = client.get("/search", params={"q": "keytruda"}, follow_redirects=False)
    assert brand.headers["location"] == "/entity/pembrolizumab"
    partial = client.get("/search", params={"q": "lizumab"})
    assert partial.status_code == 200
    assert {"pembrolizumab", "atezolizumab"} <= set(
        re.findall(r'href="/entity/([^"]+)"', partial.text)
    )


def test_an_unknown_entity_page_is_404_with_suggestions(client):
    response = client.get("/entity/nivolumabb")
    assert response.status_code == 404
    assert "did you mean nivolumab" in response.text


def test_entity_page_marks_the_mentions_and_links_the_source(client):
    text = client.get("/entity/pembrolizumab").text
    assert "<mark>Keytruda</mark> (<mark>pembrolizumab</mark>)" in text
    assert re.search(
        r'<a href="https?://[^"]+" rel="external">Understanding Immunotherapy</a>', text
    )
    assert "http://purl.obolibrary.org/obo/NCIT_C106432" in text  # the identifier, linked


def test_requests_are_logged(client, server):
    client.get("/api/drugs", params={"target": "PD-1"})
    assert re.search(r'"GET /api/drugs\?target=PD-1" 200 [\d.]+ ms', server.log_text())


def test_large_answers_are_gzipped(client):
    response = client.get("/api/entity/checkpoint inhibitor", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    raw = client.get("/static/vendor/cytoscape.min.js", headers={"Accept-Encoding": "gzip"})
    assert raw.headers.get("content-encoding") == "gzip"
    assert len(gzip.compress(raw.content)) < len(raw.content)


def test_browsers_on_other_origins_may_read(client):
    simple = client.get("/sparql", headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_the_query_page_runs_a_query_and_offers_downloads(client):
    page = client.get("/query", params={"query": "SELECT ?d WHERE { ?d a ikg:Drug } LIMIT 2"})
    assert page.status_code == 200
    assert page.text.count('<a href="/entity/IMMUNOKG%3A') == 2
    download = re.search(r'<a href="(/sparql\?[^"]+format=csv)">CSV</a>', page.text)
    assert download is not None
    csv_file = client.get(download.group(1).replace("&amp;", "&"))
    assert csv_file.headers["content-disposition"] == 'attachment; filename="results.csv"'
    assert len(csv_file.text.splitlines()) == 3


def test_the_same_question_is_answered_again_from_memory(client):
    before = client.get("/api/status").json()["cache"]
    first = client.get("/api/drugs", params={"side_effect": "colitis"})
    second = client.get("/api/drugs", params={"side_effect": "colitis"})
    after = client.get("/api/status").json()["cache"]
    assert first.text == second.text
    assert (after["misses"] - before["misses"], after["hits"] - before["hits"]) == (1, 1)


def test_the_entity_page_is_one_job_reading_the_kept_card(client, server):
    from immunokg.graph.ask.card import CARD_FILE, card_from_data, card_from_rows
    from immunokg.graph.ask.names import resolve_entity
    from immunokg.graph.ask.query import open_graph, run_query

    assert (server.graph_dir / CARD_FILE).is_file(), "the first worker wrote every card"
    before = client.get("/api/status").json()["cache"]
    page = client.get("/entity/nivolumab")
    api = client.get("/api/entity/Opdivo")  # a brand: another job, the same card
    after = client.get("/api/status").json()["cache"]
    assert page.status_code == api.status_code == 200
    assert (after["misses"] - before["misses"], after["hits"] - before["hits"]) == (2, 0)
    # the card file gives what the query gives, as `immunokg show --format json` prints it
    store = open_graph(server.graph_dir)
    iri = resolve_entity(store, "nivolumab")
    kept = card_from_data(api.json())
    assert kept == card_from_rows(iri, run_query(store, "entity", {"entity": f"<{iri}>"}).records())
    assert "nivolumab" in page.text and kept.relations


def test_a_browser_at_the_endpoint_is_sent_to_the_query_page(client):
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 303 and response.headers["location"] == "/query"
    page = client.get("/query")
    assert "PREFIX ikg: &lt;https://w3id.org/immunokg/vocab#&gt;" in page.text


def test_statements_of_a_class_are_marked_class_level_in_the_lists(client):
    page = client.get("/drugs", params={"target": "PD-1"}).text
    row = page.split('<a href="/entity/pembrolizumab">', 1)[1].split("</tr>", 1)[0]
    assert "PD-1 inhibitor" in row and '<span class="mark class-level">class-level</span>' in row
    assert "<td>direct</td>" in row  # the drug's own statement stays unmarked
