"""Errors that reach users as one clear line instead of a traceback."""

from __future__ import annotations


class ImmunokgError(Exception):
    """A problem the user can fix: bad input, a missing graph, an unknown name."""


class InputError(ImmunokgError):
    """A source file that cannot be read; the message names the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class DataFileError(ImmunokgError):
    """A curated data file (lexicon, rules, patterns) that breaks its format."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem
