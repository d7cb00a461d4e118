"""Progress of a build: nothing, or a one-line rich bar on stderr."""

from __future__ import annotations

import sys

PROGRESS_MIN_DOCUMENTS = 20


def interactive(documents: int) -> bool:
    """Whether to show a progress bar: enough documents and stderr is a terminal."""
    return documents >= PROGRESS_MIN_DOCUMENTS and sys.stderr.isatty()


class Progress:
    """Progress of a build; this base class shows nothing."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, documents: int) -> None:
        return None

    def stage(self, description: str) -> None:
        return None


class RichProgress(Progress):
    """A one-line rich progress bar on stderr: documents extracted, then the later stages."""

    def __enter__(self) -> Progress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.__enter__()
        self._task = self._bar.add_task("extracting facts", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def advance(self, documents: int) -> None:
        self._bar.advance(self._task, documents)

    def stage(self, description: str) -> None:
        self._bar.update(self._task, description=description)
