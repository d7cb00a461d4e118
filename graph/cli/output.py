"""Query results as text: an aligned table, CSV, TSV, or SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

from immunokg.graph.ask.query import PREFIXES, QueryResult

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


def _visible(result: QueryResult) -> list[int]:
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


def _table(result: QueryResult) -> str:
    if result.form == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if result.form == "graph":
        return _ntriples(result)
    keep = _visible(result)
    rows = [[_cell(row[i], short=True) for i in keep] for row in result.rows]
    text = format_table([result.variables[i] for i in keep], rows)
    return text if rows else text + "(no results)\n"


def _delimited(result: QueryResult, delimiter: str) -> str:
    if result.form != "select":
        return _table(result)
    keep = _visible(result)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([result.variables[i] for i in keep])
    for row in result.rows:
        values = [_cell(row[i], short=False) for i in keep]
        if delimiter == "\t":
            values = [_escape_tsv(value) for value in values]
        writer.writerow(values)
    return out.getvalue()


def _escape_tsv(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _json(result: QueryResult) -> str:
    if result.form == "graph":
        return _ntriples(result)
    if result.form == "ask":
        document: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {
                name: _json_term(term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


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


def _ntriples(result: QueryResult) -> str:
    return "".join(f"{triple} .\n" for triple in result.triples)


FORMATS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": lambda result: _delimited(result, ","),
    "tsv": lambda result: _delimited(result, "\t"),
    "json": _json,
}


def render(result: QueryResult, fmt: str = "table") -> str:
    """The result as text in one of FORMATS (CONSTRUCT and DESCRIBE give N-Triples in any)."""
    return FORMATS[fmt](result)
