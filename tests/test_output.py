"""Query results as an aligned table, CSV, TSV and SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, parse_query_results
from querygraph import fixture_store

from immunokg.graph.ask.query import QueryResult, run_query
from immunokg.graph.cli.output import FORMATS, format_table, render, shorten

INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def result():
    return run_query(fixture_store(), "drugs-targeting", {"target": "PD-1"})


def test_table_aligns_columns_and_hides_parameter_columns(result):
    lines = render(result, "table").splitlines()
    assert lines[0].split() == ["drug", "target", "level", "via", "source", "status", "sentences"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].index("PD-1") == lines[0].index("target")
    assert "https://" not in render(result, "table")


def test_table_of_no_rows_says_so():
    empty = QueryResult("select", ("a",), ())
    assert render(empty, "table") == "a\n-\n(no results)\n"


def test_table_puts_a_multi_line_value_on_one_line():
    assert format_table(["x"], [["one\ntwo\tthree"]]).splitlines()[2] == "one two three"


def test_csv_has_a_header_and_full_values(result):
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows[0] == ["drug", "target", "level", "via", "source", "status", "sentences"]
    assert rows[1] == ["cemiplimab", "PD-1", "class", "PD-1 inhibitor", "text", "stated", "1"]


def test_tsv_escapes_tabs_and_newlines():
    row = (Literal("a\tb\nc"),)
    text = render(QueryResult("select", ("x",), (row,)), "tsv")
    assert text == "x\na\\tb\\nc\n"


def test_json_is_sparql_results_json_that_oxigraph_reads_back(result):
    text = render(result, "json")
    document = json.loads(text)
    assert document["head"]["vars"][-2:] == ["_drug", "_target"]
    parsed = parse_query_results(text.encode("utf-8"), format=QueryResultsFormat.JSON)
    assert len(list(parsed)) == len(result.rows)


def test_json_gives_datatypes_but_not_xsd_string():
    row = (Literal("1", datatype=INTEGER), Literal("x"), NamedNode("http://x/y"))
    document = json.loads(render(QueryResult("select", ("n", "s", "u"), (row,)), "json"))
    binding = document["results"]["bindings"][0]
    assert binding["n"]["datatype"].endswith("#integer")
    assert binding["s"] == {"type": "literal", "value": "x"}
    assert binding["u"] == {"type": "uri", "value": "http://x/y"}


def test_ask_result_json_and_table():
    answer = QueryResult("ask", boolean=False)
    assert json.loads(render(answer, "json")) == {"head": {}, "boolean": False}
    assert render(answer, "table") == "false\n"


def test_unbound_values_are_left_out_of_json_bindings():
    document = json.loads(
        render(QueryResult("select", ("a", "b"), ((Literal("x"), None),)), "json")
    )
    assert document["results"]["bindings"] == [{"a": {"type": "literal", "value": "x"}}]


def test_shorten_uses_the_graph_prefixes():
    assert shorten("https://w3id.org/immunokg/entity/pd-1") == "entity:pd-1"
    assert shorten("http://example.org/x") == "<http://example.org/x>"


def test_every_format_is_deterministic(result):
    for fmt in FORMATS:
        assert render(result, fmt) == render(result, fmt)
