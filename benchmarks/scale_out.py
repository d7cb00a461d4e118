"""Beyond one machine, measured: Dask's overhead, bounded build memory, and a push's rate.

Usage: python -m benchmarks.scale_out [--overhead 100] [--memory 100,1000,3000] [--push 1000]
[--work DIR] [--out docs/benchmarks.md]

- overhead: the N-times corpus built with ``immunokg build --jobs 2`` and with
  ``--scheduler local:2``; the ratio of their wall times is Dask's cost on one machine.
- memory: ``immunokg build --jobs 2 --spill-mb 0`` at each scale (streamed through
  shards on disk); peak memory is the largest resident set of the build's processes. At the first scale the in-memory build (``--spill-mb 100000``)
  runs too (unless --no-compare-in-memory), and both graph.nt files must be byte-identical.
- push: the N-times graph pushed to an Oxigraph server (``oxigraph serve`` on an on-disk
  store, started here on a free loopback port), in triples per second.

Each run records its command, the commit, the date and the load average before it. The
figures go to WORK/scale_out.json and into the "Beyond one machine" section of the page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks import scale_report
from benchmarks.run import commit, ensure_corpus, machine, write_atomic

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def timed_command(command: list[str], **env: str) -> dict[str, Any]:
    """Run a command in a child process; its wall time, peak memory and what it said.

    The peak is the largest resident set of the child and every process under it that
    ended before it (forked extraction workers, a LocalCluster's workers).
    """
    load = os.getloadavg()[0]
    code = (
        "import resource, subprocess, sys, json, time\n"
        "clock = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - clock\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': seconds, 'peak_rss_mb': peak, 'status': done.returncode,"
        " 'stdout': done.stdout[-3000:], 'stderr': done.stderr[-3000:]}))\n"
    )
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    measured = commit()  # the code the run starts with
    done = subprocess.run(
        [sys.executable, "-c", code, *command],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    result = json.loads(done.stdout)
    shown = " ".join(Path(part).name if part.startswith(str(BIN)) else part for part in command)
    result.update(command=shown, date=started, load_before=round(load, 2), commit=measured)
    return result


def build(corpus: Path, graph: Path, *options: str) -> dict[str, Any]:
    if graph.exists():
        shutil.rmtree(graph)
    command = [str(BIN / "immunokg"), "build", str(corpus), "--graph", str(graph), *options]
    result = timed_command(command)
    record = graph / "build.json"
    if record.is_file():
        data = json.loads(record.read_text())
        result.update(triples=data["graph"]["triples"], sha256=data["graph"]["sha256"])
        result.update(stages=data.get("seconds"), streamed=data.get("streamed", False))
        result.update(cluster=data.get("cluster"), nt_bytes=(graph / "graph.nt").stat().st_size)
    return result


def overhead(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Local and Dask builds taken in turns (``--repeat`` each), so a change in the
    machine's load falls on both; the run with the median wall time of each is kept."""
    corpus, _ = ensure_corpus(n, 0, work)
    runs: dict[str, list[dict[str, Any]]] = {"local": [], "dask": []}
    for _ in range(args.repeat):
        runs["local"].append(build(corpus, work / f"graph-{n}x-local", "--jobs", "2"))
        runs["dask"].append(build(corpus, work / f"graph-{n}x-dask", "--scheduler", "local:2"))
    local, dask = (_median_run(runs[name]) for name in ("local", "dask"))
    return {
        "n": n,
        "local": local,
        "dask": dask,
        "repeat": args.repeat,
        "ratios": [
            d["seconds"] / lo["seconds"] for lo, d in zip(runs["local"], runs["dask"], strict=True)
        ],
        "identical": len({r.get("sha256") for r in runs["local"] + runs["dask"]}) == 1,
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def memory(scales: list[int], work: Path, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each scale built streamed (``--spill-mb 0``); the first also in memory, to compare."""
    rows = []
    for index, n in enumerate(scales):
        corpus, summary = ensure_corpus(n, 0, work)
        row: dict[str, Any] = {"n": n, "words": summary.get("words")}
        if index == 0 and args.compare_in_memory:
            graph = work / f"graph-{n}x-memory"
            row["in_memory"] = build(corpus, graph, "--jobs", "2", "--spill-mb", "100000")
            shutil.rmtree(graph, ignore_errors=True)
        row["streamed"] = build(corpus, work / f"graph-{n}x", "--jobs", "2", "--spill-mb", "0")
        if "in_memory" in row:
            row["identical"] = row["in_memory"].get("sha256") == row["streamed"].get("sha256")
        rows.append(row)
        print(f"[memory] {n}x: {row['streamed']['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return rows


def push(n: int, work: Path) -> dict[str, Any]:
    graph = work / f"graph-{n}x"
    if not (graph / "graph.nt").is_file():
        corpus, _ = ensure_corpus(n, 0, work)
        build(corpus, graph, "--jobs", "2")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=work))
    server = subprocess.Popen(
        [str(BIN / "oxigraph"), "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        command = [str(BIN / "immunokg"), "push", "--graph", str(graph)]
        result = timed_command([*command, "--endpoint", f"http://127.0.0.1:{port}/store"])
    finally:
        server.terminate()
        server.wait(timeout=60)
    size = sum(path.stat().st_size for path in store.rglob("*") if path.is_file())
    shutil.rmtree(store, ignore_errors=True)
    triples = json.loads((graph / "build.json").read_text())["graph"]["triples"]
    return {
        "n": n,
        "run": result,
        "triples": triples,
        "store_bytes": size,
        "triples_per_second": triples / result["seconds"],
    }


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--overhead", type=int, default=100, help="scale of the Dask comparison (0: skip)"
    )
    parser.add_argument("--memory", default="100,1000", help="scales of the memory runs ('': skip)")
    parser.add_argument(
        "--compare-in-memory",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also build the first memory scale in memory and compare graph.nt",
    )
    parser.add_argument("--repeat", type=int, default=1, help="local/Dask build pairs")
    parser.add_argument("--push", type=int, default=1000, help="scale of the push (0: skip)")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "immunokg-bench"))
    parser.add_argument("--out", default="docs/benchmarks.md")
    parser.add_argument(
        "--save",
        default="docs/scale_out.json",
        help="copy of the figures that docs/scaling.md is generated from",
    )
    parser.add_argument(
        "--render", action="store_true", help="only write the page from WORK/scale_out.json"
    )
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    saved = work / "scale_out.json"
    results: dict[str, Any] = json.loads(saved.read_text()) if saved.is_file() else {}
    if not args.render:
        arguments = " ".join(argv or sys.argv[1:])
        runs = [*results.get("arguments", []), arguments]
        results.update(machine=machine(), commit=commit(), arguments=runs)
        _measure(args, work, saved, results)
    write_atomic(Path(args.save), json.dumps(_kept(results), indent=1, sort_keys=True) + "\n")
    page = Path(args.out)
    write_atomic(page, scale_report.with_scale_out(page.read_text(encoding="utf-8"), results))
    print(f"wrote {page} (raw figures: {saved})", file=sys.stderr)
    return 0


def _kept(results: dict[str, Any]) -> dict[str, Any]:
    """The figures without the commands' long output."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("stdout", "stderr")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(results)


def _measure(args: argparse.Namespace, work: Path, saved: Path, results: dict[str, Any]) -> None:
    """Each part measured and saved at once, merged into what the file holds by then (another
    run in the same --work may have saved its parts meanwhile)."""
    if args.overhead:
        _save(saved, results, overhead=overhead(args.overhead, args, work))
    if args.memory:
        scales = [int(part) for part in args.memory.split(",")]
        _save(saved, results, memory=memory(scales, work, args))
    if args.push:
        _save(saved, results, push=push(args.push, work))


def _save(saved: Path, results: dict[str, Any], **measured: Any) -> None:
    on_disk = json.loads(saved.read_text()) if saved.is_file() else {}
    rows = {row["n"]: row for row in on_disk.get("memory", []) + results.get("memory", [])}
    rows.update({row["n"]: row for row in measured.pop("memory", [])})
    arguments = list(dict.fromkeys(on_disk.get("arguments", []) + results.get("arguments", [])))
    merged = {**on_disk, **results, **measured, "arguments": arguments}
    merged["memory"] = [rows[n] for n in sorted(rows)]
    merged["commit"] = on_disk.get("commit", results.get("commit"))  # of the first run
    results.clear()
    results.update(merged)
    write_atomic(saved, json.dumps(results, indent=1))


if __name__ == "__main__":
    sys.exit(main())
