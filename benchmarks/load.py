"""Load on `immunokg serve`: N concurrent clients on loopback for a fixed time, bounded requests.

Usage (from the repository root, on a graph built at 100x the seed corpus):

    python -m benchmarks.generate_corpus 100 W/corpus
    immunokg build W/corpus --graph W/graph -j 2
    python -m benchmarks.load --graph W/graph --clients 50 --seconds 60

It starts `immunokg serve` on a free loopback port, reads entity names from the graph
through the endpoint, then runs the clients: each sends one request at a time, drawn
from a mix of named lookups (`/api/drugs`, `/api/entity`, `/api/ask`, `/api/queries`)
and entity pages (`/entity/NAME`), until the time is up or it has sent
``--max-requests``, each with a 10 s client timeout. "N concurrent clients" is a closed
loop: each client has at most one request out, and after each answer waits its pause
(``--pauses``: 0 is none, 1 is one second of think time). With no pause the server always
holds N requests, so latency is the queue (N / throughput); with a pause the clients offer
about N requests a second and latency is the server's own. Throughput, latency percentiles,
errors (any status but 200, any transport error) and the CPU time of the clients, the web
process and the workers go to a JSON file and to docs/benchmarks.md's "Serving under load".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.run import machine, write_atomic
from benchmarks.serve_report import replace_section, section

ROOT = Path(__file__).resolve().parents[1]
REQUEST_TIMEOUT = 10.0
# Of /api/status: the jobs asked for, by how answered (or dropped: every client had gone).
CACHE_COUNTS = ("hits", "misses", "shared", "dropped")
NAMES_QUERY = """SELECT ?label ?type WHERE {
  ?e skos:prefLabel ?label ; a ?t . FILTER(?t IN (ikg:Drug, ikg:Target, ikg:CancerType))
  BIND(STRAFTER(STR(?t), "#") AS ?type) } ORDER BY ?label"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    graph: Path, port: int, workers: int, cache: int, log: Path
) -> subprocess.Popen[bytes]:
    immunokg = Path(sys.executable).with_name("immunokg")
    command = [str(immunokg), "serve", "--graph", str(graph), "--port", str(port)]
    command += ["--workers", str(workers), "--cache", str(cache)]
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"immunokg serve exited {process.returncode}")
        try:
            if httpx.get(base + "/sparql", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("immunokg serve did not start")


def request_mix(names: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, path) pairs, shuffled: named lookups and entity pages, about half each."""
    from urllib.parse import quote, urlencode

    targets, cancers, drugs = names["Target"], names["CancerType"], names["Drug"]
    mix: list[tuple[str, str]] = []
    for _ in range(200):
        target, cancer, drug = rng.choice(targets), rng.choice(cancers), rng.choice(drugs)
        mix += [
            ("lookup: drugs --target", "/api/drugs?" + urlencode({"target": target})),
            ("lookup: drugs --treats", "/api/drugs?" + urlencode({"treats": cancer})),
            ("lookup: show", "/api/entity/" + quote(drug, safe="")),
            ("lookup: ask", "/api/ask?" + urlencode({"q": f"side effects of {drug}"})),
            (
                "lookup: query drugs-targeting",
                "/api/queries/drugs-targeting?" + urlencode({"target": target}),
            ),
            ("page: /entity", "/entity/" + quote(drug, safe="")),
            ("page: /entity", "/entity/" + quote(target, safe="")),
            ("page: /entity", "/entity/" + quote(cancer, safe="")),
            ("page: /entity", "/entity/" + quote(rng.choice(drugs), safe="")),
            ("page: /entity", "/entity/" + quote(rng.choice(targets), safe="")),
        ]
    rng.shuffle(mix)
    return mix


def graph_names(base: str) -> dict[str, list[str]]:
    answer = httpx.get(base + "/sparql", params={"query": NAMES_QUERY}, timeout=60).json()
    names: dict[str, list[str]] = {"Drug": [], "Target": [], "CancerType": []}
    for row in answer["results"]["bindings"]:
        names[row["type"]["value"]].append(row["label"]["value"])
    return names


async def client_loop(
    client: Any, mix: list, start: int, until: float, cap: int, pause: float, out: list
) -> None:
    """One client: a request, its answer read whole, ``pause`` seconds, then the next; it
    stops when the time is up or after ``cap`` requests."""
    for i in range(cap):
        if time.monotonic() >= until:
            return
        kind, path = mix[(start + i) % len(mix)]
        began = time.perf_counter()
        try:
            response = await client.get(path)
            status = response.status_code
        except httpx.HTTPError as error:
            status = type(error).__name__
        out.append((kind, time.perf_counter() - began, status))
        if pause:
            await asyncio.sleep(pause)


async def run_clients(
    base: str, mix: list, clients: int, seconds: float, cap: int, pause: float = 0.0
) -> tuple:
    results: list[tuple[str, float, object]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        began = time.monotonic()
        until = began + seconds
        step = len(mix) // clients or 1
        await asyncio.gather(
            *(
                client_loop(client, mix, n * step, until, cap, pause, results)
                for n in range(clients)
            )
        )
        elapsed = time.monotonic() - began
    return results, elapsed


def summarise(results: list, elapsed: float) -> dict[str, Any]:
    """Throughput, latency percentiles (ms) and errors, overall and by kind of request."""
    by_kind: dict[str, list] = {}
    for kind, seconds, status in results:
        by_kind.setdefault(kind, []).append((seconds, status))
    groups = {
        "all": [(s, st) for _, s, st in results],
        "named lookups": [(s, st) for k, s, st in results if k.startswith("lookup")],
        "entity pages": [(s, st) for k, s, st in results if k.startswith("page")],
        **dict(sorted(by_kind.items())),
    }
    return {name: _figures(values, elapsed) for name, values in groups.items()}


def _figures(values: list, elapsed: float) -> dict[str, Any]:
    times = sorted(seconds * 1000 for seconds, _ in values)
    errors: dict[str, int] = {}
    for _, status in values:
        if status != 200:
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "requests": len(times),
        "per_second": len(times) / elapsed if elapsed else 0.0,
        "p50": _percentile(times, 50),
        "p95": _percentile(times, 95),
        "p99": _percentile(times, 99),
        "max": times[-1] if times else 0.0,
        "errors": errors,
    }


def _percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def server_usage(pid: int) -> tuple[float, dict[str, float]]:
    """The server's resident memory now (MB, with its workers) and the CPU time (user and
    system, s) its web process and its query workers have used so far."""
    tick, kb = os.sysconf("SC_CLK_TCK"), 0
    cpu = {"web process": 0.0, "query workers": 0.0}
    pids = [(pid, "web process")]
    while pids:
        current, part = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text().splitlines()
            kb += int(next(line.split()[1] for line in status if line.startswith("VmRSS")))
            stat = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[part] += (int(stat[11]) + int(stat[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pids += [(int(child), "query workers") for child in children]
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return kb / 1024, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, required=True, help="graph directory to serve")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each phase runs")
    parser.add_argument(
        "--pauses",
        default="0,1",
        help="one phase per value: seconds each client waits between its requests (0: none)",
    )
    parser.add_argument("--max-requests", type=int, default=10_000, help="per client, at most")
    parser.add_argument("--workers", type=int, default=2, help="the server's query workers")
    parser.add_argument("--cache", type=int, default=512, help="the server's --cache")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=Path(tempfile.gettempdir()) / "load.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    record = {
        "machine": machine(),
        "commit": _commit(),
        "graph": str(args.graph),
        "triples": json.loads((args.graph / "build.json").read_text())["graph"]["triples"],
        "clients": args.clients,
        "workers": args.workers,
        "command": "python -m benchmarks.load "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "phases": [phase(args, float(pause)) for pause in args.pauses.split(",")],
    }
    args.json.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    page = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    write_atomic(args.out, replace_section(page, section(record)))
    print(section(record))


def phase(args: argparse.Namespace, pause: float) -> dict[str, Any]:
    """One run on a fresh server: the clients for ``args.seconds``, each pausing ``pause``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkdtemp()) / "serve.log"
    server = start_server(args.graph, port, args.workers, args.cache, log)
    try:
        wait_until_up(base, server)
        mix = request_mix(graph_names(base), random.Random(args.seed))
        asyncio.run(run_clients(base, mix[-50:], 5, 3.0, 10))  # warm up: workers, connections
        before, (_, server_before) = _cache(base), server_usage(server.pid)
        clients_before = sum(os.times()[:2])  # this process's CPU: the clients' own cost
        results, elapsed = asyncio.run(
            run_clients(base, mix, args.clients, args.seconds, args.max_requests, pause)
        )
        clients_cpu = sum(os.times()[:2]) - clients_before
        memory, server_after = server_usage(server.pid)
        server_cpu = {k: v - server_before[k] for k, v in server_after.items()}
        after = _cache(base)
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(30)
        server.kill()  # if it did not stop (its log says why): the next phase needs the cores
        server.wait(30)
    return {
        "pause": pause,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "server_memory_mb": round(memory),
        "cache": {"size": args.cache} | {k: after[k] - before[k] for k in CACHE_COUNTS},
        "cpu_seconds": {"load generator": round(clients_cpu, 1)}
        | {part: round(seconds, 1) for part, seconds in server_cpu.items()},
        "figures": summarise(results, elapsed),
    }


def _cache(base: str) -> dict[str, int]:
    return httpx.get(base + "/api/status", timeout=10).json()["cache"]


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT).stdout

    head = git("rev-parse", "--short", "HEAD").strip()
    if not head:
        return os.environ.get("COMMIT", "unknown")
    return head + ("+changes" if git("status", "--porcelain").strip() else "")


if __name__ == "__main__":
    main()
