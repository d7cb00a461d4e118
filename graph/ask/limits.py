"""Limits on what a question may cost: no SERVICE calls unless allowed, a time limit, a row cap
for ad-hoc queries, and names of a sane length.

A SPARQL server (or any other caller) applies the same limits through ``QueryLimits``
and ``graph/ask/bounded.py``, which runs a query where it can be stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from immunokg.extract.errors import ImmunokgError

DEFAULT_TIMEOUT = 30.0  # seconds a query may run before it is stopped
DEFAULT_MAX_ROWS = 10_000  # rows an ad-hoc query prints unless told otherwise
MAX_NAME_CHARS = 200  # the longest name a lookup accepts; the lexicon's longest is about 60
MAX_PHRASE_CHARS = 300  # the longest phrase `immunokg ask` reads

# What SERVICE may hide in: strings (long ones first; an unclosed one runs to the end, so the
# scan stays linear), IRIs, comments. What is left is SPARQL, where SERVICE is a keyword
# unless it is part of a name (?service, ex:service, service:x).
_SERVICE_SCAN = re.compile(
    r'"""(?:[^"]|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'(?:[^'\\\n]|\\.)*'?"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n]*"
    r"|(?<![\w?$:])(SERVICE)(?![\w:])",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryLimits:
    """What a query may do: run for ``timeout`` seconds (None: no limit), return ``max_rows``
    rows (None: all), and call other endpoints through SERVICE only if ``allow_service``."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    allow_service: bool = False


def row_cap(name_or_text: str, requested: int | None) -> int | None:
    """The rows a query may print: ``requested`` (0: all); by default all for a bundled named
    query, whose size the graph bounds, and ``DEFAULT_MAX_ROWS`` for any other."""
    if requested is not None:
        return requested or None
    from immunokg.graph.ask.query_files import load_queries

    return None if name_or_text in load_queries() else DEFAULT_MAX_ROWS


def refuse_service(text: str, source: str) -> None:
    """Refuse a query that calls another endpoint (SERVICE): a read-only question must not
    make this machine send requests elsewhere."""
    for match in _SERVICE_SCAN.finditer(text):
        if match.group(1):
            where = "the query" if source == "<sparql>" else source
            raise ImmunokgError(
                f"{where}: SERVICE calls to other endpoints are refused; "
                "allow them with --allow-service"
            )


def name_too_long(name: str) -> str | None:
    """Why a name longer than any entity's is refused at once (before any work is spent on
    it), or None for a name of a sane length."""
    if len(name) <= MAX_NAME_CHARS:
        return None
    return f"a name of {len(name):,} characters is too long to look up (at most {MAX_NAME_CHARS})"
