"""Limits on what a question may cost: a time limit, a row cap, no SERVICE calls unless
allowed, and names of a sane length.

One place for the limits and their messages, so that every way of running a query (the
CLI, the SPARQL endpoint) refuses the same things in the same words. How a time limit is
enforced depends on the caller: Oxigraph cannot be interrupted from inside the process
that runs the query, so ``immunokg query`` runs it in a child process
(``graph/ask/bounded.py``, with ``QueryLimits``: None is no limit) and ``immunokg serve``
in worker processes (``Limits``: always bounded), each ended when its time is up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from immunokg.extract.errors import ImmunokgError

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0  # seconds a query may run before it is stopped
DEFAULT_MAX_ROWS = 10_000  # rows an ad-hoc query returns unless told otherwise
MAX_NAME_CHARS = 200  # the longest name a lookup accepts; the lexicon's longest is about 60
MAX_PHRASE_CHARS = 300  # the longest phrase `immunokg ask` reads

# SPARQL tokens that can hide the keyword: strings, IRIs, comments, variables and prefixed
# names (``ex:service``) are read whole, so only a bare word can be the keyword. A string
# left open runs to the end of the text, so every quote starts a match and the scan stays
# linear (a closing quote required would rescan the rest from every quote).
_TOKENS = re.compile(
    r'"""(?:[^"]|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'(?:[^'\\\n]|\\.)*'?"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
    r"|[?$]\w+"
    r"|[A-Za-z_][\w-]*:[\w.-]*|:[\w.-]*"
    r"|(?P<word>[A-Za-z_][\w-]*)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Limits:
    """What one query on the server may cost: seconds of run time, rows (or triples)."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_service: bool = False


@dataclass(frozen=True)
class QueryLimits:
    """What a query from the command line may do: run for ``timeout`` seconds (None: no
    limit), return ``max_rows`` rows (None: all), and call other endpoints through SERVICE
    only if ``allow_service``."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    allow_service: bool = False


class QueryLimitError(ImmunokgError):
    """A query refused, or stopped, by one of the limits."""


class QueryTimeout(QueryLimitError):
    """The query ran past its time."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query ran longer than the {seconds:g} s timeout and was stopped; "
            "narrow it (bind a value, add LIMIT) or raise --timeout"
        )


class TooManyRows(QueryLimitError):
    """The answer is larger than the row cap."""

    def __init__(self, cap: int, what: str = "rows") -> None:
        super().__init__(
            f"the answer has more than {cap:,} {what} (the row cap); add LIMIT or narrow "
            "the query, or raise --max-rows"
        )


class ServiceRefused(QueryLimitError):
    """The query would call another endpoint."""

    def __init__(self) -> None:
        super().__init__("SERVICE is refused: queries run on this graph only, never call out")


def calls_service(text: str) -> bool:
    """True if the query text uses the SERVICE keyword (outside strings, IRIs and comments)."""
    return any((match.group("word") or "").upper() == "SERVICE" for match in _TOKENS.finditer(text))


def check_service(text: str, limits: Limits) -> None:
    """Refuse a query that calls SERVICE, unless the limits allow it."""
    if not limits.allow_service and calls_service(text):
        raise ServiceRefused()


def refuse_service(text: str, source: str) -> None:
    """Refuse a query that calls another endpoint (SERVICE): a read-only question must not
    make this machine send requests elsewhere. The CLI's words: its flag allows it."""
    if calls_service(text):
        where = "the query" if source == "<sparql>" else source
        raise QueryLimitError(
            f"{where}: SERVICE calls to other endpoints are refused; allow them with --allow-service"
        )


def capped(items: Iterable[T], cap: int, what: str = "rows") -> Iterator[T]:
    """The items, raising TooManyRows at the first one past the cap (nothing is held back)."""
    for count, item in enumerate(items, 1):
        if count > cap:
            raise TooManyRows(cap, what)
        yield item


def row_cap(name_or_text: str, requested: int | None) -> int | None:
    """The rows a query may print: ``requested`` (0: all); by default all for a bundled named
    query, whose size the graph bounds, and ``DEFAULT_MAX_ROWS`` for any other."""
    if requested is not None:
        return requested or None
    from immunokg.graph.ask.query_files import load_queries

    return None if name_or_text in load_queries() else DEFAULT_MAX_ROWS


def name_too_long(name: str) -> str | None:
    """Why a name longer than any entity's is refused at once (before any work is spent on
    it), or None for a name of a sane length."""
    if len(name) <= MAX_NAME_CHARS:
        return None
    return f"a name of {len(name):,} characters is too long to look up (at most {MAX_NAME_CHARS})"
