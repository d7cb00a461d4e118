"""The web process's side of the query workers: the settings, and errors turned into HTTP statuses."""

from __future__ import annotations

import asyncio
import contextvars
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from immunokg.graph.ask.limits import Limits, QueryLimitError
from immunokg.graph.serve.workers import Busy, Dropped, JobError, WorkerLost, WorkerPool

# Set for each GET by app.WatchDisconnect: an event that fires when its client goes away.
CLIENT_GONE: contextvars.ContextVar[asyncio.Event | None] = contextvars.ContextVar(
    "client_gone", default=None
)

# HTTP status of each error a job can end in (by exception class name); anything else is 500.
STATUS = {
    "UnknownNameError": 404,
    "UpdateRefused": 403,
    "ServiceRefused": 403,
    "TooManyRows": 400,
    "QueryTimeout": 503,
    "Busy": 503,
    "WorkerLost": 500,
    "BadQuery": 400,
    "ImmunokgError": 400,
    "DataFileError": 400,
}


@dataclass
class Settings:
    """How the server was started: the graph, the limits, the number of query workers."""

    graph_dir: Path
    limits: Limits
    workers: int = 2
    cache: int = 512  # answers kept (the graph is read-only while served); 0 keeps none


class Failure(Exception):
    """An error to show the client: an HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Engine:
    """The web process's handle on the query workers: ``await engine.run(job, **kwargs)``.

    The store is read-only while the server runs, so the same job with the same
    arguments always gets the same answer: the last ``settings.cache`` answers are kept
    (errors and answers over ``CACHE_LIMIT`` bytes are not), and counted as hits and misses.
    A request for a job that is already running waits for that run instead of queueing a
    second one for the same answer (counted as shared). A job still waiting for a worker when
    every client that asked for it has gone away is dropped, not run (counted as dropped).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(settings.graph_dir, settings.workers, settings.limits)
        self.answers: OrderedDict[tuple, bytes] = OrderedDict()
        self.hits = self.misses = self.shared = self.dropped = 0
        self.running: dict[tuple, asyncio.Future] = {}
        self.waiting: dict[asyncio.Future, tuple[int, threading.Event]] = {}

    async def run(self, job: str, /, *, key: tuple | None = None, **kwargs: Any) -> Any:
        """The job's answer; its error as a Failure with the status that fits.

        ``key`` names the answer when an argument is too big to name it (the default is the
        job and its arguments).
        """
        key = key or (job, repr(sorted(kwargs.items())))
        if key in self.answers:
            self.hits += 1
            self.answers.move_to_end(key)
            return pickle.loads(self.answers[key])
        if key in self.running:
            self.shared += 1
            return await self._wait(self.running[key])
        self.misses += 1
        drop = threading.Event()
        running = asyncio.ensure_future(self._call(key, job, kwargs, drop))
        self.running[key] = running
        self.waiting[running] = (0, drop)
        running.add_done_callback(lambda _: self.running.pop(key, None))
        running.add_done_callback(lambda done: self.waiting.pop(done, None))
        running.add_done_callback(_retrieve)
        return await self._wait(running)

    async def _wait(self, running: asyncio.Future) -> Any:
        """The run's answer; if this request's client goes away first, one waiter fewer, and
        with none left the job is dropped before it reaches a worker."""
        if running.done():
            return running.result()
        count, drop = self.waiting[running]
        self.waiting[running] = (count + 1, drop)
        gone = CLIENT_GONE.get()
        if gone is None:  # a request that cannot tell (a POST): it waits to the end
            return await asyncio.shield(running)
        watch = asyncio.ensure_future(gone.wait())
        try:
            await asyncio.wait((running, watch), return_when=asyncio.FIRST_COMPLETED)
        finally:
            watch.cancel()
        if running.done():
            return running.result()
        count, drop = self.waiting[running]
        self.waiting[running] = (count - 1, drop)
        if count == 1:
            drop.set()
        raise Failure(499, "the client went away before its answer")

    async def _call(
        self, key: tuple, job: str, kwargs: dict[str, Any], drop: threading.Event
    ) -> Any:
        try:
            answer = await run_in_threadpool(self.pool.call, job, drop, **kwargs)
        except Dropped:
            self.dropped += 1
            raise Failure(499, "every client that asked for this went away") from None
        except JobError as error:
            raise Failure(STATUS.get(error.kind, 500), error.message) from None
        except (QueryLimitError, Busy, WorkerLost) as error:
            raise Failure(STATUS[type(error).__name__], str(error)) from None
        self._keep(key, answer)
        return answer

    def _keep(self, key: tuple, answer: Any) -> None:
        """Kept pickled: hundreds of kept cards as Python objects made every full garbage
        collection of the web process walk them (35-90 ms pauses at 100x, each one stalling
        every request under way); as bytes the collector never looks inside."""
        if self.settings.cache <= 0:
            return
        blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) > CACHE_LIMIT:
            return
        self.answers[key] = blob
        while len(self.answers) > self.settings.cache:
            self.answers.popitem(last=False)


def _retrieve(done: asyncio.Future) -> None:
    """Mark a shared run's error as seen, even when every request waiting for it went away."""
    if not done.cancelled():
        done.exception()


CACHE_LIMIT = 2_000_000  # bytes of one answer (as pickled) that may be kept
