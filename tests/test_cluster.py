"""Extraction on a real Dask cluster (a LocalCluster of 2 worker processes on loopback).

A cluster build gives the byte-identical graph.nt of a local build, reports a bad document
as the local build does, reads fsspec URLs, and survives a worker killed mid-task.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from benchmarks.generate_corpus import write_corpus
from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build.batched import MemoryPlan
from immunokg.graph.build.cluster import check_scheduler
from immunokg.graph.build.pipeline import build_graph_dir

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")

SMALL_TASKS = MemoryPlan(task_bytes=12_000)  # many tasks, so both workers get some


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four times the seeds, with a binary file and an empty one among them."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(4, folder)
    (folder / "b-binary.txt").write_bytes(b"\x00\x01 not text")
    (folder / "e-empty.md").write_text("   \n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("local") / "graph"
    return build_graph_dir([corpus], directory, jobs=2, progress=False), directory


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes, each restarted by its nanny if it dies."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as running:
        yield running


def _record(directory: Path) -> dict:
    return json.loads((directory / "build.json").read_text(encoding="utf-8"))


def test_a_local_cluster_build_is_byte_identical_to_a_local_build(local_build, corpus, tmp_path):
    summary, local_dir = local_build
    directory = tmp_path / "graph"
    cluster_summary = build_graph_dir(
        [corpus], directory, scheduler="local:2", memory=SMALL_TASKS, progress=False
    )
    assert (directory / "graph.nt").read_bytes() == (local_dir / "graph.nt").read_bytes()
    assert cluster_summary.problems == summary.problems
    assert len(summary.problems) == 2 and "looks binary" in summary.problems[0]
    assert cluster_summary.text().split("seconds:")[0] == summary.text().split("seconds:")[0]
    record, local_record = _record(directory), _record(local_dir)
    assert record["inputs"] == local_record["inputs"]
    assert record["skipped"] == local_record["skipped"]
    assert record["cluster"]["workers"] == 2 and record["cluster"]["tasks"] > 4
    assert record["cluster"]["tasks_rerun"] == [] == record["cluster"]["workers_lost"]


def test_workers_read_fsspec_urls(local_build, corpus, cluster, tmp_path):
    _, local_dir = local_build
    directory = tmp_path / "graph"
    url = f"file://{corpus.resolve()}"
    build_graph_dir(
        [url], directory, scheduler=cluster.scheduler_address, memory=SMALL_TASKS, progress=False
    )
    assert (directory / "graph.nt").read_bytes() == (local_dir / "graph.nt").read_bytes()
    assert _record(directory)["inputs"][0]["path"].startswith("file://")


def test_a_worker_killed_mid_task_loses_nothing(local_build, corpus, cluster, tmp_path):
    """The build goes on in a thread; a worker running one of its tasks is killed; the
    scheduler runs the task again, and the build record names the worker and the task."""
    _, local_dir = local_build
    directory = tmp_path / "graph"
    done: dict[str, object] = {}

    def build() -> None:
        try:
            done["summary"] = build_graph_dir(
                [corpus],
                directory,
                scheduler=cluster.scheduler_address,
                memory=SMALL_TASKS,
                progress=False,
            )
        except BaseException as error:  # reported by the assertion below
            done["error"] = error

    with distributed.Client(cluster.scheduler_address) as watcher:
        watcher.restart()  # fresh workers: their first task compiles the engine (a second)
        thread = threading.Thread(target=build)
        thread.start()
        victim = _worker_running_a_batch(watcher)
        pid = watcher.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        thread.join(timeout=300)
    assert "error" not in done, done.get("error")
    assert (directory / "graph.nt").read_bytes() == (local_dir / "graph.nt").read_bytes()
    record = _record(directory)["cluster"]
    assert victim in record["workers_lost"]
    assert record["tasks_rerun"], record


def _worker_running_a_batch(client, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for worker, keys in client.processing().items():
            if any(str(key).startswith("immunokg-batch") for key in keys):
                return worker
        time.sleep(0.02)
    raise AssertionError("no batch task started")


def test_a_scheduler_must_be_local_n_or_an_address():
    check_scheduler("local:2")
    check_scheduler("tcp://10.0.0.1:8786")
    for wrong in ("local", "local:0", "cluster"):
        with pytest.raises(ImmunokgError, match="scheduler"):
            check_scheduler(wrong)
