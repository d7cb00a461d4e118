"""Limits on what one query may cost: a timeout, a row cap, and no SERVICE calls.

One place for the limits and their messages, so that every way of running a query
(the CLI, the SPARQL endpoint) refuses the same things in the same words. How a
timeout is enforced depends on the caller: ``immunokg serve`` runs queries in worker
processes and ends one whose query runs past its time (Oxigraph cannot be
interrupted from inside the process that runs the query).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from immunokg.extract.errors import ImmunokgError

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MAX_ROWS = 10_000

# SPARQL tokens that can hide the keyword: strings, IRIs, comments, variables and prefixed
# names (``ex:service``) are read whole, so only a bare word can be the keyword.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
    r"|[?$]\w+"
    r"|[A-Za-z_][\w-]*:[\w.-]*|:[\w.-]*"
    r"|(?P<word>[A-Za-z_][\w-]*)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Limits:
    """What one query may cost: seconds of run time, rows (or triples) in its answer."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
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


def capped(items: Iterable[T], cap: int, what: str = "rows") -> Iterator[T]:
    """The items, raising TooManyRows at the first one past the cap (nothing is held back)."""
    for count, item in enumerate(items, 1):
        if count > cap:
            raise TooManyRows(cap, what)
        yield item
