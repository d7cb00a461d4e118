"""SPARQL answers as bytes in the format the client asked for, written by Oxigraph, row cap kept.

Solutions are first written as SPARQL TSV into a sink that counts lines and stops the
writer at the first row past the cap; the TSV (lossless: terms in N-Triples syntax) is
then read back and written in the chosen format. Triples go the same way through
N-Triples. So the cap holds before anything is sent, and every format is Oxigraph's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from immunokg.graph.ask.limits import TooManyRows
from immunokg.graph.ask.query import PREFIXES

if TYPE_CHECKING:
    from pyoxigraph import QuerySolutions


@dataclass(frozen=True)
class ResultFormat:
    """A format a SPARQL answer can be written in: its name, media type and the Oxigraph name."""

    name: str
    media_type: str
    oxigraph: str  # attribute of QueryResultsFormat (solutions) or RdfFormat (triples)
    aliases: tuple[str, ...] = ()


# Solutions (SELECT) and booleans (ASK); the first is the default.
SOLUTION_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", "JSON", ("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", "XML", ("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv", "CSV"),
    ResultFormat("tsv", "text/tab-separated-values", "TSV"),
)
# Triples (CONSTRUCT, DESCRIBE); the first is the default.
GRAPH_FORMATS = (
    ResultFormat("turtle", "text/turtle", "TURTLE", ("application/turtle", "application/x-turtle")),
    ResultFormat("ntriples", "application/n-triples", "N_TRIPLES", ("text/plain",)),
    ResultFormat("rdfxml", "application/rdf+xml", "RDF_XML"),
    ResultFormat("jsonld", "application/ld+json", "JSON_LD"),
)


def choose(formats: tuple[ResultFormat, ...], wanted: str | None) -> ResultFormat:
    """The format named by ``format=`` (json, csv ...), else the best match of an Accept header."""
    if wanted and "/" not in wanted:
        for fmt in formats:
            if fmt.name == wanted.strip().lower():
                return fmt
        return formats[0]
    best, best_q = formats[0], 0.0
    for order, (media_type, q) in enumerate(_accepted(wanted or "")):
        for fmt in formats:
            if media_type in (fmt.media_type, *fmt.aliases) and q > best_q:
                best, best_q = fmt, q - order * 1e-6  # equal weights: the first listed wins
    return best


def _accepted(header: str) -> list[tuple[str, float]]:
    """(media type, weight) for each entry of an Accept header."""
    found = []
    for part in header.split(","):
        media_type, *parameters = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media_type and weight > 0:
            found.append((media_type.lower(), weight))
    return found


class _CountingSink:
    """Collects what Oxigraph writes and stops it once more than ``limit`` lines are written."""

    def __init__(self, limit: int, cap: int, what: str) -> None:
        self.limit, self.cap, self.what = limit, cap, what
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise TooManyRows(self.cap, self.what)
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts are kept in memory."""

    def value(self) -> bytes:
        return b"".join(self.parts)


def capped_tsv(solutions: QuerySolutions, cap: int) -> bytes:
    """The solutions as SPARQL TSV (header and one line a row), refusing more than ``cap`` rows."""
    from pyoxigraph import QueryResultsFormat

    sink = _CountingSink(cap + 1, cap, "rows")
    solutions.serialize(sink, QueryResultsFormat.TSV)
    return sink.value()


def write_answer(answer: object, wanted: str | None, cap: int) -> tuple[str, bytes]:
    """(media type, body) of a query's answer in the chosen format, at most ``cap`` rows."""
    import pyoxigraph

    if isinstance(answer, pyoxigraph.QueryBoolean):
        fmt = choose(SOLUTION_FORMATS, wanted)
        return fmt.media_type, answer.serialize(format=_solutions_format(fmt))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        fmt = choose(SOLUTION_FORMATS, wanted)
        tsv = capped_tsv(answer, cap)
        if fmt.name == "tsv":
            return fmt.media_type, tsv
        solutions = pyoxigraph.parse_query_results(tsv, pyoxigraph.QueryResultsFormat.TSV)
        return fmt.media_type, solutions.serialize(format=_solutions_format(fmt))
    fmt = choose(GRAPH_FORMATS, wanted)
    triples = capped_triples(answer, cap)
    rdf_format = getattr(pyoxigraph.RdfFormat, fmt.oxigraph)
    if fmt.name == "ntriples":
        return fmt.media_type, triples
    parsed = pyoxigraph.parse(triples, pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = PREFIXES if fmt.name in ("turtle", "rdfxml") else None
    return fmt.media_type, pyoxigraph.serialize(parsed, format=rdf_format, prefixes=prefixes)


def capped_triples(triples: object, cap: int) -> bytes:
    """CONSTRUCT or DESCRIBE triples as N-Triples, refusing more than ``cap`` triples."""
    from pyoxigraph import RdfFormat

    sink = _CountingSink(cap, cap, "triples")
    triples.serialize(sink, RdfFormat.N_TRIPLES)  # type: ignore[attr-defined]
    return sink.value()


def _solutions_format(fmt: ResultFormat) -> object:
    from pyoxigraph import QueryResultsFormat

    return getattr(QueryResultsFormat, fmt.oxigraph)
