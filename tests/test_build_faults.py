"""Fault injection: a build killed (SIGKILL) at every moment of its run costs nothing.

The test-only hook IMMUNOKG_TEST_CRASH_AT (graph/rdf/faults.py) kills the building
process at a named moment. After each crash the previous graph answers the same lookup
(a graph parked between the two renames is moved back by that lookup), and the next
build leaves nothing behind. The crashing builds run in child processes with the fixture
facts in place of extraction (no spaCy: about a second each); one more runs the real
command end to end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from graph_fixtures import CORPUS, use_trial_extraction

from immunokg.graph.build.pipeline import build_graph_dir
from immunokg.graph.cli.main import main
from immunokg.graph.rdf.faults import CRASH_ENVVAR, MOMENTS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(autouse=True)
def fixture_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    use_trial_extraction(monkeypatch)
    monkeypatch.delenv(CRASH_ENVVAR, raising=False)


def lookup(graph: Path) -> str:
    result = CliRunner().invoke(main, ["drugs", "--target", "PD-1", "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return result.stdout


# A child process that builds with the fixture facts. (A forked pytest would be quicker, but
# Oxigraph's loader threads do not survive a fork: the child hangs.)
BUILD_WITH_FIXTURE_FACTS = """
import sys
sys.path.insert(0, sys.argv[1])
from graph_fixtures import CORPUS, RULE_EXAMPLES, trial_facts, use_trial_extraction
from immunokg.graph.build import pipeline, triples
pipeline._extract = lambda documents, jobs, progress: (trial_facts(), {})
triples.default_rule_examples = lambda: RULE_EXAMPLES
pipeline.build_graph_dir([CORPUS], sys.argv[2], progress=False)
"""


def crash_at(moment: str, graph: Path) -> int:
    """Build ``graph`` in a child told to die at ``moment``; its return code."""
    env = {**os.environ, CRASH_ENVVAR: moment}
    script = [
        sys.executable,
        "-c",
        BUILD_WITH_FIXTURE_FACTS,
        str(Path(__file__).parent),
        str(graph),
    ]
    return subprocess.run(script, env=env, capture_output=True, check=False).returncode


def leftovers(graph: Path) -> list[str]:
    return sorted(p.name for p in graph.parent.iterdir() if p.name not in (graph.name, ".g.lock"))


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_build_killed_at_any_moment_costs_nothing(tmp_path: Path, moment: str) -> None:
    graph = tmp_path / "g"
    build_graph_dir([CORPUS], graph, progress=False)
    answer = lookup(graph)
    assert crash_at(moment, graph) == -signal.SIGKILL, f"the build did not die at {moment!r}"
    assert lookup(graph) == answer  # the graph that was there (or the new one, if complete)
    build_graph_dir([CORPUS], graph, progress=False)
    assert leftovers(graph) == []  # the next build cleaned up
    assert lookup(graph) == answer


def test_a_crash_between_the_renames_leaves_the_graph_parked_and_none_in_place(
    tmp_path: Path,
) -> None:
    """The case recovery is for: the old graph aside, the new one staged, neither in place."""
    graph = tmp_path / "g"
    build_graph_dir([CORPUS], graph, progress=False)
    crash_at("parked", graph)
    assert not graph.exists()
    assert [name.split("-")[0] for name in leftovers(graph)] == [".g.building", ".g.old"]
    crash_at("staged", tmp_path / "h")  # a first build: nothing to lose, nothing to show
    assert not (tmp_path / "h").exists()


def test_the_real_command_killed_between_its_renames_loses_nothing(tmp_path: Path) -> None:
    """The hook through `immunokg build` itself, with real extraction, then a real lookup."""
    graph = tmp_path / "g"
    command = [
        str(Path(sys.executable).with_name("immunokg")),
        "build",
        str(SEEDS / "000_619af18107f408df.txt"),
    ]
    subprocess.run([*command, "--graph", str(graph)], check=True, capture_output=True)
    before = subprocess.run(
        [command[0], "show", "pembrolizumab", "--graph", str(graph)], capture_output=True, text=True
    )
    env = {**os.environ, CRASH_ENVVAR: "parked"}
    crashed = subprocess.run([*command, "--graph", str(graph)], env=env, capture_output=True)
    assert crashed.returncode == -signal.SIGKILL
    after = subprocess.run(
        [command[0], "show", "pembrolizumab", "--graph", str(graph)], capture_output=True, text=True
    )
    assert (after.returncode, after.stdout) == (before.returncode, before.stdout)


def test_lookups_during_rebuilds_all_answer_the_same(tmp_path: Path) -> None:
    """What the audit found holding (100 of 100 readers during rebuilds), kept: a lookup run
    while other processes replace the graph, again and again, answers as before."""
    graph = tmp_path / "g"
    build_graph_dir([CORPUS], graph, progress=False)
    answer = lookup(graph)
    loop = BUILD_WITH_FIXTURE_FACTS.replace(
        "pipeline.build_graph_dir(", "for _ in range(4): pipeline.build_graph_dir("
    )
    builder = subprocess.Popen(
        [sys.executable, "-c", loop, str(Path(__file__).parent), str(graph)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    answers = []
    while builder.poll() is None:
        answers.append(lookup(graph))
    assert builder.returncode == 0, builder.stderr.read().decode()
    assert len(answers) >= 5 and set(answers) == {answer}
    assert leftovers(graph) == []
