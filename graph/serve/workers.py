"""Worker processes that hold the read-only store and run jobs, each within a deadline.

Oxigraph cannot interrupt a query from inside the process that runs it, so every
query runs in a worker process: a worker whose job runs past its time is killed
and replaced, and the client is told the query timed out. The web process never
opens the store; it sends a job's name and arguments and gets plain data back.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
import signal
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from immunokg.graph.ask.limits import Limits, QueryTimeout

log = logging.getLogger("immunokg.serve")

# Seconds for a new worker to open the store, its name index and its entity cards: the first
# worker on a graph writes the cards (about 15-30 s at 100x, minutes at 1000x).
START_TIMEOUT = 600.0


class JobError(Exception):
    """A job's error, carried back from a worker: its kind (the exception class) and message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class Busy(Exception):
    """No worker came free in time."""


class Dropped(Exception):
    """Every client waiting for the job went away before a worker came free."""


class WorkerLost(Exception):
    """A worker ended in the middle of a job (it has been replaced)."""


def _worker_main(connection: Connection, graph_dir: str, limits: Limits) -> None:
    """A worker's life: open the store, then answer jobs until the pipe closes.

    Ctrl-C reaches the whole process group; the server stops its workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from immunokg.graph.serve.explore import PAGE_JOBS
    from immunokg.graph.serve.jobs import QUERY_JOBS, open_for_jobs

    jobs = {**QUERY_JOBS, **PAGE_JOBS}
    state = open_for_jobs(Path(graph_dir), limits)
    gc.freeze()  # what a worker keeps for life is never garbage: no collection walks it again
    connection.send(("ready", None))
    while True:
        try:
            name, kwargs = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", jobs[name](state, **kwargs))
        except Exception as error:  # sent back whole: the web process decides the status
            answer = ("error", (_kind(error), _one_line(error)))
        connection.send(answer)


def _kind(error: BaseException) -> str:
    for cls in type(error).__mro__:
        if cls.__module__.startswith("immunokg."):
            return cls.__name__
    return type(error).__name__


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, graph_dir: Path, limits: Limits) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, str(graph_dir), limits), daemon=True
        )
        self.process.start()
        child.close()
        if not self.connection.poll(START_TIMEOUT):
            self.stop()
            raise RuntimeError(f"a query worker did not start within {START_TIMEOUT:g} s")
        self.connection.recv()

    def stop(self) -> None:
        """End the process at once (a query in Oxigraph does not listen for anything gentler)."""
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """A fixed number of workers; each job takes an idle one and must finish within the timeout."""

    def __init__(self, graph_dir: Path, size: int, limits: Limits) -> None:
        self.graph_dir = graph_dir
        self.size = size
        self.limits = limits
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[Worker] = []

    def start(self) -> None:
        """Start the workers one after another (the first writes the name index and the entity
        cards if they are missing)."""
        log.info("starting %d query workers (the first writes entity cards if missing)", self.size)
        for _ in range(self.size):
            self._add()

    def _add(self) -> None:
        worker = Worker(self._context, self.graph_dir, self.limits)
        with self._lock:
            self._workers.append(worker)
        self._idle.put(worker)

    def pids(self) -> list[int]:
        """The process ids of the workers now running."""
        with self._lock:
            return [worker.process.pid for worker in self._workers]

    def close(self) -> None:
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()

    def call(self, job: str, drop: threading.Event | None = None, /, **kwargs: Any) -> Any:
        """Run a job in a worker; blocks the calling thread (the web app calls it in a thread).
        If ``drop`` is set by the time a worker is free, the job is not run."""
        timeout = self.limits.timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {timeout:g} s; try again") from None
        if drop is not None and drop.is_set():
            self._idle.put(worker)
            raise Dropped("every client waiting for this job went away")
        try:
            worker.connection.send((job, kwargs))
            if not worker.connection.poll(timeout):
                raise QueryTimeout(timeout)
            status, value = worker.connection.recv()
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise WorkerLost(
                f"a query worker stopped in the middle of the query ({error})"
            ) from None
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        if status == "error":
            raise JobError(*value)
        return value

    def _replace(self, worker: Worker) -> None:
        """Kill a worker that timed out or broke, and start a fresh one in its place."""
        log.warning("stopping query worker %s (timed out or broken)", worker.process.pid)
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        worker.stop()
        threading.Thread(target=self._restart, daemon=True).start()

    def _restart(self) -> None:
        try:
            self._add()
        except Exception:  # the pool goes on with one worker fewer; say so
            log.exception("could not start a replacement query worker")
