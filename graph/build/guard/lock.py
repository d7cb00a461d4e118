"""One build at a time per graph directory: a lock on a file beside it, freed when the build
ends or dies.

The lock is ``flock`` on ``.NAME.lock`` in the graph's parent folder: the kernel releases
it when the holder exits, even by ``kill -9``, so no stale lock is ever left to clear.
A second build waits for the first, and says whose build it waits for. The lock is
re-entrant within a thread (building the seed graph on first use takes it, then builds);
another thread waits like another process.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from immunokg.extract.errors import ImmunokgError

_HELD: dict[tuple[Path, int], int] = {}  # (lock file, thread) → how many times it is held


def lock_path(target: Path) -> Path:
    """The lock file of the graph directory ``target``."""
    return target.parent / f".{target.name}.lock"


@contextmanager
def build_lock(target: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``target`` (an absolute path); wait while another build has it."""
    path = lock_path(target)
    key = (path, threading.get_ident())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    descriptor = _open(path)
    try:
        _acquire(descriptor, path, notify or _to_stderr)
        _HELD[key] = 1
        _write_holder(descriptor)
        try:
            yield
        finally:
            del _HELD[key]
            with suppress(OSError):
                os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # closing releases the lock


def is_locked(target: Path) -> bool:
    """Whether a build (in any process) holds the lock of ``target`` now."""
    path = lock_path(target)
    if any(held == path for held, _ in _HELD):
        return True
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise ImmunokgError(
            f"cannot take the build lock {path}: {error.strerror or error}"
        ) from None


def _acquire(descriptor: int, path: Path, notify: Callable[[str], None]) -> None:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    notify(f"waiting for {_holder(path)} to finish (the lock {path}); Ctrl-C stops waiting")
    fcntl.flock(descriptor, fcntl.LOCK_EX)


def _holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it: "the build of pid 42 on host, started ..."."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        started = time.strftime("%H:%M:%S", time.localtime(holder["started"]))
        return f"the build of pid {holder['pid']} on {holder['host']} (started {started})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another build"


def _write_holder(descriptor: int) -> None:
    """Who holds the lock, for a waiting build to show; on a full disk it goes unsaid."""
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
    data = json.dumps(holder).encode("utf-8")
    with suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, data, 0)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
