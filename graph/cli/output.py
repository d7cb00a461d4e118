"""Query results as text: an aligned table, CSV, TSV, or SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Union

from immunokg.graph.ask.query import PREFIXES, QueryResult

if TYPE_CHECKING:
    from immunokg.graph.ask.bounded import QueryStream

Answer = Union[QueryResult, "QueryStream"]  # rows held, or read as they come

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def format_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, a rule under the header; line breaks become spaces."""
    cells = [[_one_line(value) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    lines = [_pad(columns, widths), _pad(["-" * width for width in widths], widths)]
    lines += [_pad(row, widths) for row in cells]
    return "\n".join(lines) + "\n"


def _pad(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        value.ljust(width) for value, width in zip(values, widths, strict=True)
    ).rstrip()


def _one_line(value: str) -> str:
    return " ".join(value.split()) if any(c in value for c in "\n\r\t") else value


def shorten(iri: str) -> str:
    """A prefixed name for an IRI in a known namespace, else the IRI in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _visible(result: Answer) -> list[int]:
    """Columns a reader sees: parameter columns (``_name``, entity IRIs) are for scripts."""
    return [i for i, name in enumerate(result.variables) if not name.startswith("_")]


def _cell(term: object, short: bool) -> str:
    if term is None:
        return ""
    kind = type(term).__name__
    if kind == "NamedNode":
        return shorten(term.value) if short else term.value
    if kind == "BlankNode":
        return f"_:{term.value}"
    return term.value


def _table(result: Answer) -> Iterator[str]:
    """An aligned table: the rows are held to measure the columns (a row cap bounds them)."""
    if result.form != "select":
        yield from _not_rows(result)
        return
    keep = _visible(result)
    rows = [[_cell(row[i], short=True) for i in keep] for row in result.rows]
    text = format_table([result.variables[i] for i in keep], rows)
    yield text if rows else text + "(no results)\n"


def _not_rows(result: Answer) -> Iterator[str]:
    if result.form == "ask":
        yield ("true" if result.boolean else "false") + "\n"
    else:
        yield from _ntriples(result)


def _delimited(result: Answer, delimiter: str) -> Iterator[str]:
    """CSV or TSV, a line as each row comes."""
    if result.form != "select":
        yield from _not_rows(result)
        return
    keep = _visible(result)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([result.variables[i] for i in keep])
    for row in result.rows:
        values = [_cell(row[i], short=False) for i in keep]
        if delimiter == "\t":
            values = [_escape_tsv(value) for value in values]
        writer.writerow(values)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _escape_tsv(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _json(result: Answer) -> Iterator[str]:
    """SPARQL 1.1 Query Results JSON, laid out as ``json.dumps(indent=2)``, a binding at a time."""
    if result.form == "graph":
        yield from _ntriples(result)
        return
    if result.form == "ask":
        document = {"head": {}, "boolean": bool(result.boolean)}
        yield json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        return
    head = json.dumps({"vars": list(result.variables)}, indent=2, ensure_ascii=False)
    yield '{\n  "head": ' + head.replace("\n", "\n  ") + ',\n  "results": {\n    "bindings": ['
    separator = "\n"
    for row in result.rows:
        binding = {
            name: _json_term(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        text = json.dumps(binding, indent=2, ensure_ascii=False).replace("\n", "\n      ")
        yield f"{separator}      {text}"
        separator = ",\n"
    yield ("]" if separator == "\n" else "\n    ]") + "\n  }\n}\n"


def _json_term(term: object) -> dict[str, str]:
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Triple":
        return {"type": "triple", "value": str(term)}
    value: dict[str, str] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        value["datatype"] = term.datatype.value
    return value


def _ntriples(result: Answer) -> Iterator[str]:
    for triple in result.triples:
        yield f"{triple} .\n"


FORMATS: dict[str, Callable[[Answer], Iterator[str]]] = {
    "table": _table,
    "csv": lambda result: _delimited(result, ","),
    "tsv": lambda result: _delimited(result, "\t"),
    "json": _json,
}


def render_chunks(result: Answer, fmt: str = "table") -> Iterator[str]:
    """The result as text in one of FORMATS, in pieces as its rows come (CONSTRUCT and
    DESCRIBE give N-Triples in any); only ``table`` holds the rows first."""
    return FORMATS[fmt](result)


def render(result: Answer, fmt: str = "table") -> str:
    """The result as text in one of FORMATS (CONSTRUCT and DESCRIBE give N-Triples in any)."""
    return "".join(render_chunks(result, fmt))
