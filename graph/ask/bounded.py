"""Queries run where they can be stopped: a child process, a time limit, a row cap, Ctrl-C,
and rows streamed as they come.

Oxigraph cannot cancel a query, and while it evaluates one this process does not even
see a Ctrl-C. So the query runs in a child process (``python -m
immunokg.graph.ask.bounded``) that opens the store read only and writes each row as a
JSON line; this process reads them as they come, and kills the child when the time is
up, when enough rows came, or on Ctrl-C. Nothing is held but the row being printed.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.limits import QueryLimits

_READ_SIZE = 1 << 16
_FLUSH_ROWS = 256  # the child flushes after this many rows, or after _FLUSH_SECONDS
_FLUSH_SECONDS = 0.05
_END = {"end": True}


@dataclass
class QueryStream:
    """A running query's answer: a boolean (ASK), rows read as they come (SELECT), or its
    triples, sorted (CONSTRUCT, DESCRIBE). ``truncated`` is known once the rows are read."""

    form: str
    variables: tuple[str, ...] = ()
    rows: Iterator[tuple[object, ...]] = field(default_factory=lambda: iter(()))
    boolean: bool | None = None
    triples: tuple[object, ...] = ()
    truncated: bool = False
    max_rows: int | None = None


def run_bounded(
    directory: str | Path,
    name_or_text: str,
    params: Mapping[str, str] | None = None,
    limits: QueryLimits | None = None,
) -> QueryStream:
    """Run a query on the graph in ``directory`` within ``limits`` (see ``QueryLimits``)."""
    from immunokg.graph.ask.query import PREFIXES, open_graph, prepare_query
    from immunokg.graph.rdf.store import STORE_DIR

    limits = limits or QueryLimits()
    store = open_graph(directory)
    query, substitutions = prepare_query(
        store, name_or_text, params, allow_service=limits.allow_service
    )
    request = {
        "store": str(Path(directory) / STORE_DIR),
        "text": query.text,
        "prefixes": PREFIXES,
        "substitutions": {
            variable.value: _encode(term) for variable, term in substitutions.items()
        },
    }
    child = _Child(request, limits.timeout)
    try:
        header = child.message()
        if "error" in header:
            raise _child_error(store, query, header)
    except BaseException:
        child.stop()
        raise
    if header["form"] == "ask":
        child.stop()
        return QueryStream("ask", boolean=bool(header["boolean"]))
    stream = QueryStream(
        header["form"], tuple(header.get("variables", ())), max_rows=limits.max_rows
    )
    stream.rows = _rows(child, stream, store, query)
    if stream.form == "graph":  # sorted, as run_query gives them: read them all (up to the cap)
        stream.triples = tuple(sorted((_triple(row) for row in stream.rows), key=str))
    return stream


def _rows(child: _Child, stream: QueryStream, store: Any, query: Any) -> Iterator[tuple[Any, ...]]:
    """The rows, decoded as they arrive; stops the child when done, capped or interrupted."""
    try:
        count = 0
        while True:
            message = child.message()
            if message == _END:
                return
            if isinstance(message, dict):
                raise _child_error(store, query, message)
            if stream.max_rows is not None and count >= stream.max_rows:
                stream.truncated = True
                return
            count += 1
            yield tuple(_decode(item) for item in message)
    finally:
        child.stop()


def _triple(row: tuple[Any, ...]) -> object:
    from pyoxigraph import Triple

    return Triple(*row)


def _child_error(store: Any, query: Any, message: dict[str, Any]) -> ImmunokgError:
    from immunokg.graph.ask.query import query_error

    kinds = {"SyntaxError": SyntaxError, "RuntimeError": RuntimeError}
    error = kinds.get(message["error"], OSError)(message["message"])
    return query_error(store, query, error)


class _Child:
    """The child process and the JSON lines it writes, read against the deadline."""

    def __init__(self, request: dict[str, Any], timeout: float | None) -> None:
        self.timeout = timeout
        self.deadline = None if not timeout else time.monotonic() + timeout
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        command = [sys.executable, "-m", "immunokg.graph.ask.bounded"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors
        )
        self.buffer = b""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.output = self.process.stdout.fileno()
        self.poller = select.poll()
        self.poller.register(self.output, select.POLLIN)
        try:
            self.process.stdin.write(json.dumps(request).encode("utf-8"))
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # the child died at once; reading says why

    def message(self) -> Any:
        """The next JSON line the child wrote."""
        while (end := self.buffer.find(b"\n")) < 0:
            self._fill()
        line, self.buffer = self.buffer[:end], self.buffer[end + 1 :]
        return json.loads(line)

    def _fill(self) -> None:
        remaining = None if self.deadline is None else self.deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise self._timed_out()
        # poll, not select: select() refuses a descriptor numbered 1024 or more
        ready = self.poller.poll(None if remaining is None else remaining * 1000)
        if not ready:
            raise self._timed_out()
        data = os.read(self.output, _READ_SIZE)
        if not data:
            raise self._died()
        self.buffer += data

    def _timed_out(self) -> ImmunokgError:
        self.stop()
        return ImmunokgError(
            f"the query ran over its time limit of {self.timeout:g} s and was stopped; "
            "narrow it (a LIMIT, a more specific pattern) or allow more time (--timeout)"
        )

    def _died(self) -> BaseException:
        code = self.process.wait()
        if code == -signal.SIGINT:
            return KeyboardInterrupt()
        self.errors.seek(0)
        lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit code {code}"
        return ImmunokgError(f"the query process stopped before it answered: {detail}")

    def stop(self) -> None:
        """Kill the child if it still runs; a query left running would hold a core."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()
        self.errors.close()


def _encode(term: Any) -> Any:
    """An RDF term as JSON: ["u", iri], ["b", id], ["l", value, datatype, language], ["t", ...]."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return ["u", term.value]
    if kind == "BlankNode":
        return ["b", term.value]
    if kind == "Literal":
        return ["l", term.value, term.datatype.value, term.language]
    return ["t", _encode(term.subject), _encode(term.predicate), _encode(term.object)]


def _decode(item: Any) -> Any:
    from pyoxigraph import BlankNode, Literal, NamedNode, Triple

    if item is None:
        return None
    kind = item[0]
    if kind == "u":
        return NamedNode(item[1])
    if kind == "b":
        return BlankNode(item[1])
    if kind == "l":
        if item[3]:
            return Literal(item[1], language=item[3])
        return Literal(item[1], datatype=NamedNode(item[2]))
    return Triple(_decode(item[1]), _decode(item[2]), _decode(item[3]))


def _serve() -> None:
    """The child: read the request, run the query, write a header, the rows and an end mark."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once
    import pyoxigraph

    request = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    write = _Writer(out)
    try:
        store = pyoxigraph.Store.read_only(request["store"])
        substitutions = {
            pyoxigraph.Variable(name): _decode(item)
            for name, item in request["substitutions"].items()
        }
        answer = store.query(
            request["text"], prefixes=request["prefixes"], substitutions=substitutions
        )
        if isinstance(answer, pyoxigraph.QueryBoolean):
            write({"form": "ask", "boolean": bool(answer)}, flush=True)
            return
        if isinstance(answer, pyoxigraph.QuerySolutions):
            write({"form": "select", "variables": [v.value for v in answer.variables]})
            for solution in answer:
                write([_encode(value) for value in solution])
        else:
            write({"form": "graph"})
            for triple in answer:
                write([_encode(triple.subject), _encode(triple.predicate), _encode(triple.object)])
        write(_END, flush=True)
    except BrokenPipeError:  # the parent stopped reading: it has what it wanted
        os._exit(0)
    except (SyntaxError, RuntimeError, OSError) as error:
        write({"error": type(error).__name__, "message": str(error)}, flush=True)


class _Writer:
    """JSON lines, flushed every few rows or every few hundredths of a second."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.pending, self.last = out, 0, time.monotonic()

    def __call__(self, message: Any, *, flush: bool = False) -> None:
        self.out.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
        self.pending += 1
        now = time.monotonic()
        if flush or self.pending >= _FLUSH_ROWS or now - self.last > _FLUSH_SECONDS:
            self.out.flush()
            self.pending, self.last = 0, now


if __name__ == "__main__":
    _serve()
