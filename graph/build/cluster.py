"""Extraction on a Dask distributed cluster: one task per batch of files, results as they come.

``--scheduler tcp://HOST:PORT`` joins a running cluster; ``--scheduler local:N`` starts a
``distributed.LocalCluster`` of N worker processes for the build. Workers read the files
themselves (a path they all see, or an fsspec URL), so only file names go out and facts
come back. A worker that dies mid-task loses nothing: the scheduler runs its tasks again
elsewhere, and the build record lists the workers lost and the tasks run again (from the
scheduler's "remove-worker" events). Dask and distributed are the optional extra
``immunokg[cluster]``; nothing else in immunokg imports them.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build.batches import Batch, FileRef, group_by_size, run_batch

# Input bytes per task at most; smaller when that gives too few tasks to share the workers.
TASK_BYTES = 4 * 1024 * 1024
TASKS_PER_WORKER = 4
MIN_TASK_BYTES = 64 * 1024
RETRIES = 2  # runs again of a task that raised (a flaky network file system, say)
_LOCAL = re.compile(r"local:(\d+)")


def check_scheduler(scheduler: str) -> None:
    """Refuse a --scheduler that is neither ``local:N`` nor a scheduler address."""
    if _LOCAL.fullmatch(scheduler):
        if int(scheduler.split(":")[1]) < 1:
            raise ImmunokgError(f"--scheduler {scheduler}: local:N needs at least one worker")
        return
    if "://" not in scheduler:
        raise ImmunokgError(
            f"--scheduler {scheduler!r}: give tcp://HOST:PORT (a running Dask scheduler) "
            "or local:N (a local cluster of N worker processes)"
        )


class ClusterExtraction:
    """A Dask client for one build; ``record`` says what ran where once ``batches`` is done."""

    def __init__(self, scheduler: str) -> None:
        check_scheduler(scheduler)
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ImmunokgError("--scheduler needs Dask: pip install 'immunokg[cluster]'") from None
        self.scheduler = scheduler
        self.cluster = None
        local = _LOCAL.fullmatch(scheduler)
        try:
            if local:
                self.cluster = LocalCluster(
                    n_workers=int(local.group(1)),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="30s")
        except OSError as error:
            raise ImmunokgError(f"--scheduler {scheduler}: cannot connect: {error}") from None
        self.record: dict[str, Any] = {"scheduler": scheduler}

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> ClusterExtraction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def groups(
        self, files: Sequence[FileRef], task_bytes: int | None = None
    ) -> list[list[FileRef]]:
        """Files in tasks by size: about TASK_BYTES, fewer bytes if that leaves workers idle."""
        workers = max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))
        total = sum(ref.size for ref in files)
        target = task_bytes or max(
            MIN_TASK_BYTES, min(TASK_BYTES, total // (workers * TASKS_PER_WORKER))
        )
        self.record.update(workers=workers, task_bytes=target)
        return group_by_size(files, target)

    def batches(self, groups: Sequence[Sequence[FileRef]]) -> Iterator[Batch]:
        """Each task's batch as it finishes (in any order); its result is then let go."""
        from distributed import as_completed

        started = time.time()
        token = uuid.uuid4().hex[:8]
        keys = [f"immunokg-batch-{index:06d}-{token}" for index in range(len(groups))]
        futures = self.client.map(
            run_batch, [list(group) for group in groups], key=keys, retries=RETRIES, pure=False
        )
        for future in as_completed(futures):
            batch = future.result()
            future.release()
            yield batch
        self.record.update(tasks=len(keys), retries=RETRIES, **self._losses(set(keys), started))
        self.record["worker_peak_rss_mb"] = self._worker_peak()

    def _worker_peak(self) -> float | None:
        """The largest resident set a worker process has had (MB), for sizing workers."""
        try:
            peaks = self.client.run(_peak_rss_mb)
        except Exception:  # a worker gone at the end; the figure is only informative
            return None
        return round(max(peaks.values()), 1) if peaks else None

    def _losses(self, keys: set[str], since: float) -> dict[str, Any]:
        """Workers that died during the build and which of its tasks ran again because of it."""
        lost: list[str] = []
        rerun: set[str] = set()
        for stamp, event in self.client.get_events("all"):
            if stamp < since or not isinstance(event, dict):
                continue
            if event.get("action") != "remove-worker" or event.get("expected"):
                continue
            hit = keys & (
                set(event.get("processing-tasks", ())) | set(event.get("lost-computed-tasks", ()))
            )
            lost.append(str(event.get("worker")))
            rerun |= hit
        return {"workers_lost": sorted(lost), "tasks_rerun": sorted(rerun)}


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
