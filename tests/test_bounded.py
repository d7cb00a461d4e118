"""Queries with limits (issue 14, failure 9): SERVICE refused unless allowed, a time limit that
really stops the query, Ctrl-C, a row cap for ad-hoc queries, and rows streamed as they come.

The graph is the 580-triple fixture: a three-way product of it is 195 million rows, which
no test waits for; the limits must stop it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from graph_fixtures import run_cli
from querygraph import write_fixture_graph_dir

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.bounded import run_bounded
from immunokg.graph.ask.limits import DEFAULT_MAX_ROWS, QueryLimits, refuse_service

IMMUNOKG = str(Path(sys.executable).with_name("immunokg"))
PRODUCT_2 = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 336,400 rows
COUNT_4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_graph_dir(tmp_path_factory.mktemp("bounded") / "g")


run = run_cli


def children() -> list[int]:
    """Query processes this test process started that still run."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and b"immunokg.graph.ask.bounded" in cmdline:
            found.append(int(stat.parent.name))
    return found


class Endpoint:
    """A real SPARQL endpoint on loopback that answers one row and counts its requests."""

    def __init__(self) -> None:
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self._answer()

            def _answer(self) -> None:
                requests.append(self.path)
                body = json.dumps(
                    {
                        "head": {"vars": ["s"]},
                        "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/y"}}]},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.close()


def test_service_is_refused_and_no_request_leaves_the_machine(graph: Path, endpoint) -> None:
    text = f"SELECT * WHERE {{ SERVICE <{endpoint.url}> {{ ?s ?p ?o }} }}"
    code, out, err = run("query", "--sparql", text, "--graph", str(graph))
    assert code == 1 and out == ""
    assert err == (
        "Error: the query: SERVICE calls to other endpoints are refused; allow them with "
        "--allow-service\n"
    )
    assert endpoint.requests == []


def test_service_runs_when_allowed(graph: Path, endpoint) -> None:
    text = f"SELECT ?s WHERE {{ SERVICE <{endpoint.url}> {{ ?s ?p ?o }} }}"
    code, out, err = run("query", "--sparql", text, "--allow-service", "--graph", str(graph))
    assert code == 0, err
    assert "<http://x/y>" in out
    assert len(endpoint.requests) == 1


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { service <http://x/> { ?s ?p ?o } }",
        "SELECT * {\n  SERVICE SILENT <http://x/> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . SERVICE?endpoint { ?s ?p ?o } }",
        'SELECT * { BIND("#" AS ?x) SERVICE <http://x/> { ?s ?p ?o } }',
    ],
)
def test_every_spelling_of_service_is_refused(text: str) -> None:
    with pytest.raises(ImmunokgError, match="SERVICE calls"):
        refuse_service(text, "<sparql>")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE <http://x/>" }',
        "SELECT * { ?s ?p '''a\nSERVICE b''' }",
        "SELECT * { ?s <http://x/SERVICE> ?o }  # SERVICE <http://x/>",
        "SELECT ?service { ?service ex:service ?o }",
    ],
)
def test_service_in_strings_iris_comments_and_names_is_no_call(text: str) -> None:
    refuse_service(text, "<sparql>")


def test_a_query_over_its_time_limit_is_stopped_and_its_process_gone(graph: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ImmunokgError, match=r"ran over its time limit of 1 s and was stopped"):
        stream = run_bounded(graph, COUNT_4, limits=QueryLimits(timeout=1))
        list(stream.rows)
    assert time.monotonic() - started < 10
    assert children() == []


def test_the_default_time_limit_is_thirty_seconds(graph: Path) -> None:
    assert QueryLimits().timeout == 30
    _, out, _ = run("query", "--help")
    assert "--timeout FLOAT RANGE" in out and "[default: 30.0" in out


def test_ctrl_c_stops_the_query_and_its_process(graph: Path) -> None:
    command = [IMMUNOKG, "query", "--sparql", COUNT_4, "--timeout", "0", "--graph", str(graph)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    time.sleep(2)  # the query runs in Oxigraph now: once, this ignored Ctrl-C
    assert process.poll() is None
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    _, err = process.communicate(timeout=10)
    assert process.returncode == 1
    assert b"Traceback" not in err
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of the group is left


def test_an_ad_hoc_query_stops_at_the_row_cap_and_says_so(graph: Path) -> None:
    code, out, err = run("query", "--sparql", PRODUCT_2, "--format", "tsv", "--graph", str(graph))
    assert code == 0
    assert len(out.splitlines()) == 1 + DEFAULT_MAX_ROWS
    assert err == (
        f"note: stopped after {DEFAULT_MAX_ROWS:,} rows; add a LIMIT, or give --max-rows N "
        "(0: all)\n"
    )
    code, out, err = run("query", "--sparql", PRODUCT_2, "--max-rows", "5", "--graph", str(graph))
    assert len(out.splitlines()) == 2 + 5 and "stopped after 5 rows" in err


def test_a_query_under_the_cap_prints_everything_without_a_note(graph: Path) -> None:
    text = "SELECT ?s WHERE { ?s a ?type } LIMIT 7"
    code, out, err = run("query", "--sparql", text, "--format", "csv", "--graph", str(graph))
    assert (code, len(out.splitlines()), err) == (0, 8, "")


def test_named_queries_are_not_capped_by_default(graph: Path) -> None:
    from immunokg.graph.ask.limits import row_cap

    assert row_cap("entities-by-type", None) is None
    assert row_cap(PRODUCT_2, None) == DEFAULT_MAX_ROWS
    assert (row_cap(PRODUCT_2, 0), row_cap("entities-by-type", 3)) == (None, 3)
    capped = run("query", "entities-by-type", "--max-rows", "1", "--graph", str(graph))
    assert "stopped after 1 rows" in capped[2]


def test_rows_are_printed_while_the_query_still_runs(graph: Path) -> None:
    """Once, every row was held before the first was printed (32 s and 1.9 GB at 1e6 rows)."""
    text = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 195 million rows
    command = [IMMUNOKG, "query", "--sparql", text, "--max-rows", "0", "--timeout", "0"]
    process = subprocess.Popen(
        [*command, "--format", "csv", "--graph", str(graph)], stdout=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(1_000)]
        assert lines[0].startswith(b"a,b,c,d,e,f,g,h,i")
        assert all(line.endswith(b"\n") for line in lines)
        assert process.poll() is None  # still running: the rows came as they were found
    finally:
        process.kill()
        process.wait()


def test_construct_and_ask_answer_through_the_child(graph: Path) -> None:
    code, out, _ = run("query", "--sparql", "ASK { ?s ?p ?o }", "--graph", str(graph))
    assert (code, out) == (0, "true\n")
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    code, out, _ = run("query", "--sparql", text, "--graph", str(graph))
    assert code == 0 and len(out.splitlines()) == 3 and out.splitlines() == sorted(out.splitlines())


def test_bound_parameters_reach_the_child_as_terms(graph: Path) -> None:
    named = run("query", "drugs-targeting", "-p", "target", "PD-1", "--graph", str(graph))
    assert named[0] == 0 and "pembrolizumab" in named[1]
    text = "SELECT ?f ?_v WHERE { ?f <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?_v }"
    code, out, err = run(
        "query", "--sparql", text, "-p", "v", "Keytruda", "--format", "json", "--graph", str(graph)
    )
    assert code == 0, err
    (binding,) = json.loads(out)["results"]["bindings"]
    assert binding["_v"] == {"type": "literal", "value": "Keytruda"}


def test_a_syntax_error_from_the_child_is_one_line(graph: Path) -> None:
    code, _, err = run("query", "--sparql", "SELEC * { ?s ?p ?o }", "--graph", str(graph))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "not a valid SPARQL query" in err


def test_a_process_with_over_1024_files_open_still_runs_its_query(graph: Path) -> None:
    """select() refuses a descriptor numbered 1024 or more; a long-lived process (a server,
    this test suite) reaches such numbers, and its queries must still run."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("the file limit is below 1200")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        stream = run_bounded(graph, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")
        assert len(list(stream.rows)) == 2
    finally:
        for descriptor in held:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
