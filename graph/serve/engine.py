"""The web process's side of the query workers: the settings, and errors turned into HTTP statuses."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from immunokg.graph.ask.limits import Limits, QueryLimitError
from immunokg.graph.serve.workers import Busy, JobError, WorkerLost, WorkerPool

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
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(settings.graph_dir, settings.workers, settings.limits)
        self.answers: OrderedDict[tuple, Any] = OrderedDict()
        self.hits = self.misses = 0

    async def run(self, job: str, /, **kwargs: Any) -> Any:
        """The job's answer; its error as a Failure with the status that fits."""
        key = (job, repr(sorted(kwargs.items())))
        if key in self.answers:
            self.hits += 1
            self.answers.move_to_end(key)
            return self.answers[key]
        self.misses += 1
        try:
            answer = await run_in_threadpool(self.pool.call, job, **kwargs)
        except JobError as error:
            raise Failure(STATUS.get(error.kind, 500), error.message) from None
        except (QueryLimitError, Busy, WorkerLost) as error:
            raise Failure(STATUS[type(error).__name__], str(error)) from None
        self._keep(key, answer)
        return answer

    def _keep(self, key: tuple, answer: Any) -> None:
        if self.settings.cache <= 0 or _size(answer) > CACHE_LIMIT:
            return
        self.answers[key] = answer
        while len(self.answers) > self.settings.cache:
            self.answers.popitem(last=False)


CACHE_LIMIT = 2_000_000  # bytes of one answer (as pickled) that may be kept


def _size(answer: Any) -> int:
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[1], bytes):
        return len(answer[1])
    return len(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
