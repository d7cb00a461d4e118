"""Build progress on stderr: a rich bar for large interactive builds, nothing otherwise."""

from __future__ import annotations

PROGRESS_MIN_DOCUMENTS = 20


def interactive(documents: int) -> bool:
    """A bar only for a large build whose stderr is a terminal."""
    import sys

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
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
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
