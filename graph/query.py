"""Named SPARQL queries: the registry of queries/*.rq and running a query with bound parameters.

A query file starts with a header (grlc's decorators)::

    #+ summary: Drugs that target a target ...
    #+ params:
    #+   target (entity): the target, by label, synonym or id (e.g. PD-1)
    #+ example: immunokg query drugs-targeting -p target PD-1

and writes each parameter as the variable ``?_name``. Values are bound with
Oxigraph's ``substitutions`` (SEP-0007), never pasted into the text; a
parameter left out stays unbound and matches anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from immunokg.extract.errors import DataFileError, ImmunokgError

if TYPE_CHECKING:
    from pyoxigraph import Store

IKG = "https://w3id.org/immunokg/vocab#"

# How a parameter's value becomes an RDF term (see _bind).
PARAM_KINDS = {
    "entity": "an entity name, synonym, brand or id, resolved to the entity",
    "relation": "a relation name, e.g. targets",
    "term": "a brand name stated in the graph, else an entity",
    "text": "a plain string",
}
HEADER_KEYS = ("summary", "params", "example")
READ_ONLY_FORMS = "SELECT, ASK, CONSTRUCT or DESCRIBE"

_HEADER_LINE = re.compile(r"#\+\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")
_PARAM_LINE = re.compile(
    r"#\+\s+(?P<name>[a-z][a-z0-9_]*)\s+\((?P<kind>[a-z]+)\)\s*:\s*(?P<meaning>\S.*)$"
)
_QUERY_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()  # pyoxigraph terms or None, one per variable
    boolean: bool | None = None
    triples: tuple[object, ...] = ()  # pyoxigraph Triples

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts of plain strings (an unbound value is the empty string)."""
        return [
            {
                name: "" if term is None else term.value
                for name, term in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]


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
    if not _QUERY_NAME.match(name):
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


def get_query(name_or_text: str) -> NamedQuery:
    """A bundled query by name, a query file (*.rq), or SPARQL text with ``?_name`` parameters."""
    named = load_queries()
    if name_or_text in named:
        return named[name_or_text]
    if name_or_text.endswith(".rq") and "\n" not in name_or_text:
        path = Path(name_or_text)
        if not path.is_file():
            raise ImmunokgError(f"{name_or_text}: no such query file")
        text = path.read_text(encoding="utf-8")
        if text.lstrip().startswith("#+"):
            return parse_query_file(path, text)
        return _ad_hoc(text, str(path))
    if _QUERY_NAME.match(name_or_text):
        from difflib import get_close_matches

        close = get_close_matches(name_or_text, list(named), n=1)
        hint = f"did you mean {close[0]}?" if close else "see `immunokg queries`"
        raise ImmunokgError(f"no query named {name_or_text!r}: {hint}")
    return _ad_hoc(name_or_text, "<sparql>")


def _ad_hoc(text: str, source: str) -> NamedQuery:
    params = tuple(Param(name, "term", "") for name in parameter_names(text))
    return NamedQuery("", "", params, "", text, source)


def run_query(
    directory_or_store: str | Path | Store,
    name_or_text: str,
    params: Mapping[str, str] | None = None,
) -> QueryResult:
    """Run a named query, a query file or SPARQL text read-only, with values bound to ``?_name``."""
    from pyoxigraph import QueryBoolean, QuerySolutions, Variable

    store = _store(directory_or_store)
    query = get_query(name_or_text)
    substitutions = {
        Variable("_" + name): term for name, term in bind_params(store, query, params or {}).items()
    }
    try:
        answer = store.query(query.text, substitutions=substitutions)
    except SyntaxError as error:
        raise ImmunokgError(_syntax_message(query, error)) from None
    except RuntimeError as error:  # e.g. a bound ?_name missing from the SELECT projection
        detail = f"every bound ?_ parameter must be in the SELECT projection ({error})"
        raise ImmunokgError(f"{query.source}: {detail}") from None
    if isinstance(answer, QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, QuerySolutions):
        variables = tuple(variable.value for variable in answer.variables)
        rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
        return QueryResult("select", variables, rows)
    return QueryResult("graph", triples=tuple(sorted(answer, key=str)))


def _store(directory_or_store: str | Path | Store) -> Store:
    if isinstance(directory_or_store, str | Path):
        from immunokg.graph.store import open_store

        return open_store(Path(directory_or_store))
    return directory_or_store


def open_graph(graph_dir: str | None) -> Store:
    """The store of the graph a command works on: --graph / IMMUNOKG_GRAPH, else the seed graph."""
    from immunokg.graph.locate import resolve_graph_dir

    return _store(resolve_graph_dir(graph_dir))


def bind_params(store: Store, query: NamedQuery, values: Mapping[str, str]) -> dict[str, object]:
    """RDF terms for the given parameter values; unknown parameters are an error."""
    known = {param.name: param for param in query.params}
    bound: dict[str, object] = {}
    for name, value in values.items():
        param = known.get(name)
        if param is None:
            listed = ", ".join(known) or "none"
            what = f"query {query.name!r}" if query.name else "this query"
            raise ImmunokgError(f"{what} has no parameter {name!r}; its parameters: {listed}")
        bound[name] = _bind(store, param, value)
    return bound


def _bind(store: Store, param: Param, value: str) -> object:
    from pyoxigraph import Literal, NamedNode

    from immunokg.graph.names import resolve_entity, stated_literal

    if param.kind == "text":
        return Literal(value)
    if param.kind == "relation":
        return Literal(_relation(store, value))
    if param.kind == "term":
        if value.startswith("<") and value.endswith(">") and len(value) > 2:
            try:
                return NamedNode(value[1:-1])
            except ValueError as error:
                raise ImmunokgError(
                    f"{param.name}: {_shown(value)} is not an IRI: {error}"
                ) from None
        literal = stated_literal(store, value)
        if literal is not None:
            return Literal(literal)
    return NamedNode(resolve_entity(store, value))


def _relation(store: Store, value: str) -> str:
    """A relation name as the graph writes it ("has side effect" → "has_side_effect")."""
    name = re.sub(r"[\s-]+", "_", value.strip().lower())
    known = sorted(
        row[0].value for row in store.query(f"SELECT DISTINCT ?r {{ ?f <{IKG}relation> ?r }}")
    )
    if name not in known:
        raise ImmunokgError(f"unknown relation {_shown(value)}; the graph has: {', '.join(known)}")
    return name


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _syntax_message(query: NamedQuery, error: SyntaxError) -> str:
    where = query.source if query.source != "<sparql>" else "the query"
    if _is_update(query.text):
        return (
            f"{where}: only read-only queries ({READ_ONLY_FORMS}) are accepted, not SPARQL UPDATE"
        )
    return f"{where}: not a valid SPARQL query ({READ_ONLY_FORMS}): {error}"


def _is_update(text: str) -> bool:
    """True if the text parses as a SPARQL 1.1 Update (parsed with rdflib, never run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # any parse failure means: not an update
        return False
    return True
