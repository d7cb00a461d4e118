"""Named query files: the strict header of queries/*.rq, and the registry of bundled queries.

A query file starts with a header (grlc's decorators)::

    #+ summary: Drugs that target a target ...
    #+ params:
    #+   target (entity): the target, by label, synonym or id (e.g. PD-1)
    #+ example: immunokg query drugs-targeting -p target PD-1

and writes each parameter as the variable ``?_name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from immunokg.extract.errors import DataFileError

# How a parameter's value becomes an RDF term (see _bind).
PARAM_KINDS = {
    "entity": "an entity name, synonym, brand or id, resolved to the entity",
    "relation": "a relation name, e.g. targets",
    "term": "a brand name stated in the graph, else an entity",
    "text": "a plain string",
}
HEADER_KEYS = ("summary", "params", "example")
_HEADER_LINE = re.compile(r"#\+\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")
_PARAM_LINE = re.compile(
    r"#\+\s+(?P<name>[a-z][a-z0-9_]*)\s+\((?P<kind>[a-z]+)\)\s*:\s*(?P<meaning>\S.*)$"
)
QUERY_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# SPARQL tokens that can hide a "?_name": strings, IRIs and comments are skipped whole.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
    r"|[?$]_(?P<param>[A-Za-z0-9_]+)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Param:
    """A query parameter: bound to the variable ``?_name``."""

    name: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its documented header."""

    name: str
    summary: str
    params: tuple[Param, ...]
    example: str
    text: str
    source: str


def parameter_names(text: str) -> list[str]:
    """The parameters a SPARQL text binds: its ``?_name`` variables, in order of first use."""
    names: list[str] = []
    for match in _TOKENS.finditer(text):
        name = match.group("param")
        if name and name not in names:
            names.append(name)
    return names


def parse_query_file(path: Path, text: str | None = None) -> NamedQuery:
    """Read a query file and check its header strictly; errors name the file and line."""
    text = path.read_text(encoding="utf-8") if text is None else text
    header: dict[str, str] = {}
    params: list[Param] = []
    in_params = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break  # the header ends where the query starts
            in_params = False
            continue
        if line.startswith(("#+  ", "#+\t")):
            match = _PARAM_LINE.match(line)
            if not in_params or match is None:
                raise DataFileError(
                    str(path),
                    number,
                    "a parameter reads `#+   name (kind): meaning` under `#+ params:`",
                )
            params.append(_param(path, number, match, params))
            continue
        in_params = _header_entry(path, number, line, header) == "params"
    return _named_query(path, text, header, tuple(params))


def _header_entry(path: Path, number: int, line: str, header: dict[str, str]) -> str:
    match = _HEADER_LINE.match(line)
    if match is None:
        raise DataFileError(str(path), number, "a header line reads `#+ key: value`")
    key, value = match.group("key"), match.group("value").strip()
    if key not in HEADER_KEYS:
        raise DataFileError(
            str(path), number, f"unknown header key {key!r}; known: {', '.join(HEADER_KEYS)}"
        )
    if key in header:
        raise DataFileError(str(path), number, f"header key {key!r} given twice")
    if key == "params" and value:
        raise DataFileError(str(path), number, "parameters go on the lines after `#+ params:`")
    header[key] = value
    return key


def _param(path: Path, number: int, match: re.Match[str], seen: list[Param]) -> Param:
    name, kind = match.group("name"), match.group("kind")
    if kind not in PARAM_KINDS:
        raise DataFileError(
            str(path), number, f"unknown parameter kind {kind!r}; known: {', '.join(PARAM_KINDS)}"
        )
    if any(param.name == name for param in seen):
        raise DataFileError(str(path), number, f"parameter {name!r} declared twice")
    return Param(name, kind, match.group("meaning").strip())


def _named_query(
    path: Path, text: str, header: dict[str, str], params: tuple[Param, ...]
) -> NamedQuery:
    name = path.stem
    if not QUERY_NAME.match(name):
        raise DataFileError(
            str(path), None, "a query's file name is lower-case words joined by hyphens"
        )
    for key in ("summary", "example"):
        if not header.get(key):
            raise DataFileError(str(path), None, f"the header needs `#+ {key}: ...`")
    declared = sorted(param.name for param in params)
    used = sorted(parameter_names(text))
    if declared != used:
        raise DataFileError(
            str(path), None, f"declared parameters {declared} differ from the ?_ variables {used}"
        )
    return NamedQuery(name, header["summary"], params, header["example"], text, str(path))


@cache
def load_queries() -> dict[str, NamedQuery]:
    """The bundled named queries, by name, sorted."""
    folder = files("immunokg.queries")
    found = sorted(
        (entry.name[:-3], entry) for entry in folder.iterdir() if entry.name.endswith(".rq")
    )
    return {
        query.name: query
        for query in (
            parse_query_file(Path(str(entry)), entry.read_text("utf-8")) for _, entry in found
        )
    }
