"""Real SPARQL servers for the remote tests, each started on a free loopback port and stopped after.

The Oxigraph server comes from the ``oxigraph`` package on PyPI (the test extra); Virtuoso
from Debian's virtuoso-opensource (.ci/run installs it), started with a config of its own
in a temporary folder and allowed to write through the Graph Store Protocol.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@dataclass(frozen=True)
class Server:
    """A running server's Graph Store endpoint (for push) and query endpoint."""

    name: str
    store: str
    query: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """``oxigraph serve`` on an on-disk store in ``folder``."""
    port = free_port()
    command = [OXIGRAPH, "serve", "--location", str(folder / "oxigraph"), "--bind"]
    with _running([*command, f"127.0.0.1:{port}"], folder / "oxigraph.log"):
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/query?query=ASK%7B%7D", folder / "oxigraph.log")
        yield Server("oxigraph", f"{base}/store", f"{base}/query")


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """Virtuoso with its database in ``folder``; the anonymous SPARQL user may write graphs."""
    sql_port, http_port = free_port(), free_port()
    config = folder / "virtuoso.ini"
    config.write_text(_VIRTUOSO_INI.format(folder=folder, sql=sql_port, http=http_port))
    with _running([VIRTUOSO, "+foreground", "+configfile", str(config)], folder / "out.log"):
        base = f"http://127.0.0.1:{http_port}"
        _wait_for(f"{base}/sparql?query=ASK%7B%7D", folder / "out.log", seconds=90)
        grant = (
            "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        )
        subprocess.run(
            [ISQL, str(sql_port), "dba", "dba", f"exec={grant}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield Server("virtuoso", f"{base}/sparql-graph-crud", f"{base}/sparql")


@contextmanager
def _running(command: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(url: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{url} did not answer; log:\n{log.read_text()[-2000:]}"
                ) from None
            time.sleep(0.2)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {folder}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""
