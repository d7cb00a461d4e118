"""Build faults that must not cost the previous graph (issue 14, failure 8): the lock, leftovers
of crashed builds, the graph parked between two renames, targets that cannot be written
(checked before any text is read), a full disk, and `export -o` to a read-only place.

Extraction is the fixture facts (as in test_build_cli.py), except in the tests that run the
real command in a namespace of their own: there a read-only or a full file system is real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from graph_fixtures import CORPUS, run_cli, use_trial_extraction

from immunokg.graph.build import pipeline
from immunokg.graph.build.guard.lock import build_lock, is_locked, lock_path
from immunokg.graph.build.locate import resolve_graph_dir

IMMUNOKG = str(Path(sys.executable).with_name("immunokg"))


@pytest.fixture(autouse=True)
def fixture_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    use_trial_extraction(monkeypatch)


run = run_cli


def built(tmp_path: Path, name: str = "g") -> Path:
    code, _, stderr = run("build", str(CORPUS), "--graph", str(tmp_path / name))
    assert code == 0, stderr
    return tmp_path / name


def lookup(graph: Path) -> str:
    code, out, err = run("drugs", "--target", "PD-1", "--graph", str(graph))
    assert code == 0, err
    return out


def siblings(graph: Path) -> list[str]:
    return sorted(p.name for p in graph.parent.iterdir() if p.name != graph.name)


def test_a_second_build_waits_for_the_first_and_says_whose_it_is(tmp_path: Path) -> None:
    graph = built(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(graph.absolute())], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    code, _, err = run("build", str(CORPUS), "--graph", str(graph))
    waited = time.monotonic() - started
    holder.wait()
    assert code == 0, err
    assert f"waiting for the build of pid {holder.pid} on " in err
    assert waited >= 1.0  # the holder let go after a second; the build went after it


HOLD_LOCK = """
import sys, time
from pathlib import Path
from immunokg.graph.build.guard.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(1.5)
"""


def test_the_lock_is_reentrant_and_freed_when_its_holder_leaves(tmp_path: Path) -> None:
    target = (tmp_path / "g").absolute()
    with build_lock(target):
        assert is_locked(target)
        with build_lock(target):
            assert is_locked(target)
    assert not is_locked(target)
    assert lock_path(target).name == ".g.lock"


def test_leftovers_of_crashed_builds_are_removed_by_the_next_build(tmp_path: Path) -> None:
    graph = built(tmp_path)
    staging = tmp_path / ".g.building-k1ll3d00"
    (staging / "store").mkdir(parents=True)
    (staging / "graph.nt").write_text("half a graph", encoding="utf-8")
    shutil.copytree(graph, tmp_path / ".g.old-0ldgraph")  # a stale copy, the graph is in place
    built(tmp_path)
    assert siblings(graph) == [".g.lock"]


def test_a_graph_parked_by_a_crash_between_the_renames_is_moved_back_by_the_next_command(
    tmp_path: Path,
) -> None:
    graph = built(tmp_path)
    answer = lookup(graph)
    graph.rename(tmp_path / ".g.old-abcd1234")  # the first rename done, the second not
    assert lookup(graph) == answer  # any command: the lookup finds its graph again
    assert siblings(graph) == [".g.lock"]


def test_recovery_waits_for_a_build_that_is_mid_swap(tmp_path: Path) -> None:
    graph = built(tmp_path)
    with build_lock(graph.absolute()):  # a build between its renames, here and now
        graph.rename(tmp_path / ".g.old-abcd1234")
        done = threading.Event()

        def read() -> None:
            resolve_graph_dir(str(graph))
            done.set()

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.3)
        assert not done.is_set()  # the reader waits instead of taking the graph back
        (tmp_path / ".g.old-abcd1234").rename(graph)  # the build finishes its swap
    reader.join(5)
    assert done.is_set()


@pytest.fixture
def no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("texts were extracted before the target was checked")

    monkeypatch.setattr(pipeline, "_extract", refuse)
    monkeypatch.setattr(pipeline, "_read", refuse)


@pytest.mark.usefixtures("no_extraction")
@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("a-file/g", "{tmp}/a-file is a file, not a folder"),
        ("/proc/immunokg-graph", "No such file or directory"),
        ("x" * 256, "its name is 256 bytes; at most 236 here"),
        ("x" * 240, "its name is 240 bytes; at most 236 here"),
    ],
    ids=["under-a-file", "under-proc", "name-over-255-bytes", "name-with-no-room-to-stage"],
)
def test_an_unwritable_target_fails_at_once_in_one_line(
    tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    target = Path(where) if where.startswith("/") else tmp_path / where
    code, out, err = run("build", str(CORPUS), "--graph", str(target))
    assert code == 1
    assert err.startswith(f"Error: cannot write the graph to {target.absolute()}: ")
    assert message.format(tmp=tmp_path) in err
    assert len(err.strip().splitlines()) == 1 and out == ""


@pytest.mark.parametrize(
    ("stage", "error"),
    [
        ("_write_lines", OSError(28, "No space left on device")),  # writing graph.nt
        ("_load_store", OSError("IO error: No space left on device: While appending to file")),
    ],
    ids=["graph.nt", "store"],
)
def test_a_disk_that_fills_mid_build_is_one_line_and_costs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, error: OSError
) -> None:
    """The real full disk below is caught before extraction; here it fills during the write."""
    graph = built(tmp_path)
    answer = lookup(graph)
    from immunokg.graph.rdf import store

    def disk_full(*args: object) -> None:
        raise error

    monkeypatch.setattr(store, stage, disk_full)
    code, _, err = run("build", str(CORPUS), "--graph", str(graph))
    assert code == 1
    assert err == (
        f"Error: cannot write the graph to {graph.absolute()}: the disk is full (no space left "
        "on device); the previous graph, if any, is unchanged\n"
    )
    assert lookup(graph) == answer
    assert siblings(graph) == [".g.lock"]


# -- A real read-only and a real full file system: tmpfs in a user and mount namespace --------


def _namespace_ok() -> bool:
    try:
        probe = ["unshare", "--user", "--map-root-user", "--mount", "true"]
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


needs_namespace = pytest.mark.skipif(
    not _namespace_ok(), reason="needs unshare (user and mount namespaces) to mount a tmpfs"
)


def in_tmpfs(mount: Path, options: str, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) with a tmpfs mounted on ``mount``, visible to nothing else."""
    setup = f"mount -t tmpfs -o {options} tmpfs {mount} && {script}"
    command = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", setup]
    env = {**os.environ, "IMMUNOKG": IMMUNOKG}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@needs_namespace
def test_a_read_only_file_system_fails_before_any_text_is_read(tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    mount.mkdir()
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Pembrolizumab is a PD-1 inhibitor.\n", encoding="utf-8")
    done = in_tmpfs(mount, "ro,size=1m", f'"$IMMUNOKG" build {tiny} --graph {mount}/g')
    assert done.returncode == 1
    assert done.stderr == f"Error: cannot write the graph to {mount}/g: Read-only file system\n"


@needs_namespace
def test_a_full_disk_fails_before_any_text_is_read_and_costs_nothing(tmp_path: Path) -> None:
    mount = tmp_path / "full"
    mount.mkdir()
    graph = built(tmp_path, "prebuilt")
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Ipilimumab targets CTLA-4.\n", encoding="utf-8")
    script = (
        f"cp -r {graph} {mount}/g && (dd if=/dev/zero of={mount}/filler bs=4k 2>/dev/null; true)"
        f' && "$IMMUNOKG" build {tiny} --graph {mount}/g; echo "exit $?"'
        f' && "$IMMUNOKG" drugs --target PD-1 --graph {mount}/g && ls -a {mount}'
    )
    done = in_tmpfs(mount, "size=2m", script)
    assert f"Error: cannot write the graph to {mount}/g: the disk is full" in done.stderr
    assert "exit 1" in done.stdout
    assert "pembrolizumab" in done.stdout  # the previous graph answers
    listing = done.stdout.split("exit 1", 1)[1].split()
    assert not [name for name in listing if ".building-" in name or ".old-" in name]
    assert len(done.stderr.strip().splitlines()) == 1


def test_export_to_a_read_only_place_is_one_line(tmp_path: Path) -> None:
    graph = built(tmp_path)
    for output in (tmp_path / "a-file" / "x.ttl", Path("/proc/x.ttl"), tmp_path / ("y" * 300)):
        (tmp_path / "a-file").write_text("", encoding="utf-8")
        code, out, err = run("export", "turtle", "-o", str(output), "--graph", str(graph))
        assert code == 1
        assert err.startswith(f"Error: cannot write {output}: ")
        assert len(err.strip().splitlines()) == 1 and out == ""


def test_the_build_record_names_each_file_only_once(tmp_path: Path) -> None:
    graph = built(tmp_path)
    record = json.loads((graph / "build.json").read_text(encoding="utf-8"))
    assert set(record["graph"]) == {"triples", "bytes", "sha256"}
    assert record["graph"]["bytes"] == (graph / "graph.nt").stat().st_size
