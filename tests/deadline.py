"""A time limit for tests that guard against super-linear work: fail, don't hang.

Sizes are chosen (about 100 KB) so that linear work takes well under a second and
quadratic work takes minutes; the limit sits far from both, so a slow machine passes
and a regression fails. Speed itself is measured by the benchmarks, not here.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class TooSlow(AssertionError):
    """The work went on past its limit: it grows faster than its input."""


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Fail with TooSlow if the block runs longer than ``seconds`` (main thread only)."""

    def expired(signum: int, frame: object) -> None:
        raise TooSlow(f"{what} ran over {seconds:g} s: its time grows faster than its input")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
