"""The web process's side of the query workers: the settings, and errors turned into HTTP statuses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from immunokg.graph.ask.limits import Limits, QueryLimitError
from immunokg.graph.serve.workers import Busy, JobError, WorkerPool

# HTTP status of each error a job can end in (by exception class name); anything else is 500.
STATUS = {
    "UnknownNameError": 404,
    "UpdateRefused": 403,
    "ServiceRefused": 403,
    "TooManyRows": 400,
    "QueryTimeout": 503,
    "Busy": 503,
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


class Failure(Exception):
    """An error to show the client: an HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Engine:
    """The web process's handle on the query workers: ``await engine.run(job, **kwargs)``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(settings.graph_dir, settings.workers, settings.limits)
        self.cache: dict[str, Any] = {}

    async def run(self, job: str, /, **kwargs: Any) -> Any:
        """The job's answer; its error as a Failure with the status that fits."""
        try:
            return await run_in_threadpool(self.pool.call, job, **kwargs)
        except JobError as error:
            raise Failure(STATUS.get(error.kind, 500), error.message) from None
        except (QueryLimitError, Busy) as error:
            raise Failure(STATUS[type(error).__name__], str(error)) from None

    async def once(self, job: str) -> Any:
        """A job whose answer never changes while the server runs (the graph is read-only)."""
        if job not in self.cache:
            self.cache[job] = await self.run(job)
        return self.cache[job]
