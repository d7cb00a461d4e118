"""A real `immunokg serve` on a free loopback port, over the seed graph, for the server's tests.

The server is started as users start it (the console command, a real uvicorn process
with its query workers) and stopped at the end of the test session.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

# Small limits, so that the tests can reach them on the seed graph (about 5,000 triples).
TIMEOUT = 3.0
MAX_ROWS = 1000
# A query that runs far past any timeout on the seed graph: a three-way cross product.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Server:
    """A running server: its base URL, graph directory and the log it writes."""

    url: str
    graph_dir: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def immunokg_command() -> list[str]:
    script = Path(sys.executable).with_name("immunokg")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from immunokg.graph.cli.main import main; main()"]


@pytest.fixture(scope="session")
def seed_graph_dir(tmp_path_factory) -> Path:
    """The seed graph, built once into a fresh folder."""
    from immunokg.graph.build.pipeline import build_graph_dir

    directory = tmp_path_factory.mktemp("served") / "graph"
    build_graph_dir(None, directory, keep_invalid=True, progress=False)
    return directory


@pytest.fixture(scope="session")
def server(seed_graph_dir, tmp_path_factory):
    """`immunokg serve --graph G --port P --timeout 3 --max-rows 1000`, running until the end."""
    log = tmp_path_factory.mktemp("server-log") / "serve.log"
    options = ["--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS)]
    with running_server(seed_graph_dir, log, options) as running:
        yield running


@contextmanager
def running_server(graph_dir: Path, log: Path, options: list[str]) -> Iterator[Server]:
    """`immunokg serve --graph G --port P OPTIONS` on a free port, up until the block ends."""
    port = free_port()
    command = [*immunokg_command(), "serve", "--graph", str(graph_dir), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "IMMUNOKG_GRAPH"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, *options], stdout=out, stderr=subprocess.STDOUT, env=env
        )
    running = Server(f"http://127.0.0.1:{port}", graph_dir, log, process)
    try:
        _wait_until_up(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_until_up(server: Server, seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"immunokg serve exited {server.process.returncode}:\n{server.log_text()}")
        try:
            if httpx.get(server.url + "/sparql", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"immunokg serve did not answer within {seconds:g} s:\n{server.log_text()}")


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http
