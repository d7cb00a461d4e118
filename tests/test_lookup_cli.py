"""The query and lookup commands from the command line, on a graph directory."""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from querygraph import write_fixture_graph_dir

from immunokg.graph.cli.main import main


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    return str(write_fixture_graph_dir(tmp_path_factory.mktemp("graph") / "g"))


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_drugs_target(graph_dir):
    result = run("drugs", "--target", "PD-1", "--graph", graph_dir)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "drugs targeting PD-1 (3)"
    assert [line.split()[0] for line in lines[4:]] == ["cemiplimab", "nivolumab", "pembrolizumab"]


def test_drugs_conditions_combine(graph_dir):
    result = run(
        "drugs", "--class", "checkpoint inhibitor", "--side-effect", "colitis", "--graph", graph_dir
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(
        "drugs in class immune checkpoint inhibitor and"
    )


def test_drugs_json(graph_dir):
    result = run("drugs", "--treats", "melanoma", "--format", "json", "--graph", graph_dir)
    data = json.loads(result.output)
    assert data["question"] == "drugs treating melanoma"
    assert [r["drug"] for r in data["results"]] == ["interleukin 2", "pembrolizumab"]


def test_graph_from_the_environment(graph_dir):
    result = CliRunner().invoke(
        main, ["drugs", "--target", "CTLA-4"], env={"IMMUNOKG_GRAPH": graph_dir}
    )
    assert result.exit_code == 0, result.output
    assert "ipilimumab" in result.output


def test_show(graph_dir):
    result = run("show", "Opdivo", "--graph", graph_dir)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("nivolumab  [Drug]  IMMUNOKG:nivolumab\n")
    assert "nivolumab treats lung cancer  [investigational, 1 sentence]" in result.output


def test_show_json(graph_dir):
    data = json.loads(run("show", "PD-1", "--format", "json", "--graph", graph_dir).output)
    assert data["label"] == "PD-1"
    assert len(data["relations"]) == 3


def test_ask(graph_dir):
    result = run("ask", "what treats melanoma?", "--graph", graph_dir)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("drugs treating melanoma (2)")


def test_unknown_name_is_one_clean_line(graph_dir):
    result = run("show", "pembrolizmab", "--graph", graph_dir)
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: unknown name 'pembrolizmab': did you mean pembrolizumab or cemiplimab?\n"
    )


def test_queries_lists_every_query_with_its_summary():
    result = run("queries")
    assert result.exit_code == 0
    assert re.search(r"^drugs-targeting +target, drug ", result.output, re.MULTILINE)
    assert "Everything known about an entity" in result.output


def test_queries_name_prints_the_query_text():
    result = run("queries", "drugs-in-class")
    assert result.output.startswith("#+ summary: Drugs in a drug class")


def test_query_named_with_params(graph_dir):
    result = run(
        "query",
        "drugs-treating",
        "-p",
        "cancer",
        "melanoma",
        "--format",
        "tsv",
        "--graph",
        graph_dir,
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "drug\tcancer\tlevel\tstatus\tvia\tnarrower\tsentences",
        "interleukin 2\tmelanoma\town\tapproved\t\t\t1",
        "pembrolizumab\tmelanoma\town\tapproved\t\t\t1",
    ]


def test_query_sparql_json(graph_dir):
    text = "PREFIX ikg: <https://w3id.org/immunokg/vocab#> SELECT ?d ?_t WHERE { ?d ikg:targets ?_t } ORDER BY ?d"
    result = run(
        "query", "--sparql", text, "-p", "t", "CTLA-4", "--format", "json", "--graph", graph_dir
    )
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert bindings == [
        {
            "d": {"type": "uri", "value": "https://w3id.org/immunokg/entity/ipilimumab"},
            "_t": {"type": "uri", "value": "https://w3id.org/immunokg/entity/ctla-4"},
        }
    ]


def test_query_file(graph_dir, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/immunokg/vocab#Drug> }\n"
    )
    result = run("query", str(path), "--format", "csv", "--graph", graph_dir)
    assert result.output == "n\n6\n"


def test_query_refuses_updates(graph_dir):
    result = run("query", "--sparql", "DROP ALL", "--graph", graph_dir)
    assert result.exit_code == 1
    assert "only read-only queries" in result.output
    assert "Traceback" not in result.output


def test_query_needs_exactly_one_query(graph_dir):
    result = run("query", "drugs", "--sparql", "ASK {}", "--graph", graph_dir)
    assert result.exit_code == 2
    assert "one of them" in result.output


def test_missing_graph_directory_is_named(tmp_path):
    result = run("drugs", "--graph", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "nowhere: no such graph directory" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["drugs", "--target", "PD-1"],
        ["show", "pembrolizumab"],
        ["ask", "drugs targeting PD-1"],
        ["query", "drugs-targeting", "-p", "target", "PD-1"],
    ],
)
def test_lookups_do_not_import_spacy_pyshacl_networkx_rdflib_or_dask(graph_dir, args):
    """rdflib too: it is most of a lookup's start-up, and a lookup reads only the store;
    nor the cluster extra (dask, distributed, fsspec)."""
    code = (
        "import sys\n"
        "from immunokg.graph.cli.main import main\n"
        f"try:\n    main({[*args, '--graph', graph_dir]!r})\n"
        "except SystemExit as done:\n    assert done.code == 0, done.code\n"
        "print(sorted(m for m in HEAVY if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", HEAVY_LIST + code], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"


def test_show_says_where_a_pointed_at_subject_was_named(tmp_path):
    text = "# Foximab\n\nFoximab is a PD-1 inhibitor. It can cause a rash.\n"
    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    graph = str(tmp_path / "graph")
    assert run("build", str(tmp_path / "page.md"), "--graph", graph).exit_code == 0
    shown = run("show", "foximab", "--graph", graph).output
    line = next(line for line in shown.splitlines() if "It can cause a rash." in line)
    start = text.index("Foximab is")
    assert line.endswith(f"; subject foximab, named at {start}-{start + len('Foximab')})")
    card = json.loads(run("show", "foximab", "--graph", graph, "--format", "json").output)
    evidence = [e for r in card["relations"] for e in r["evidence"] if e["antecedent"]]
    assert evidence[0]["antecedent"] == {"entity": "foximab", "start": start, "end": start + 7}


# What a lookup must not import: extraction, validation, drawing, rdflib, the cluster extra.
HEAVY_LIST = "HEAVY = ('spacy', 'pyshacl', 'networkx', 'rdflib', 'dask', 'distributed', 'fsspec')\n"


def test_lookups_in_one_process_keep_a_bounded_number_of_files_open(graph_dir):
    """Each lookup opens the store; a long-lived process (a server, a test run) must not
    keep every one it ever opened (each holds its files), or it runs out of descriptors."""

    def open_files() -> int:
        gc.collect()  # stores forgotten but held in reference cycles
        return sum(1 for _ in Path("/proc/self/fd").iterdir())

    def lookups() -> None:
        for _ in range(20):
            assert run("drugs", "--target", "PD-1", "--graph", graph_dir).exit_code == 0
            assert run("show", "Keytruda", "--graph", graph_dir).exit_code == 0

    lookups()
    settled = open_files()
    lookups()
    assert open_files() <= settled
