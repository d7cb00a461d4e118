"""Running a named query, a query file or SPARQL text read-only, with parameters bound as terms.

Values are bound to the variables ``?_name`` with Oxigraph's ``substitutions``
(SEP-0007), never pasted into the text; a parameter left out stays unbound and
matches anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.limits import refuse_service
from immunokg.graph.ask.query_files import (
    QUERY_NAME,
    NamedQuery,
    Param,
    load_queries,
    parameter_names,
    parse_query_file,
)

if TYPE_CHECKING:
    from pyoxigraph import Store, Variable

IKG = "https://w3id.org/immunokg/vocab#"
# Prefixes every query may use without declaring them (docs/graph-model.md).
PREFIXES = {
    "ikg": IKG,
    "entity": "https://w3id.org/immunokg/entity/",
    "fact": "https://w3id.org/immunokg/fact/",
    "evidence": "https://w3id.org/immunokg/evidence/",
    "doc": "https://w3id.org/immunokg/document/",
    "rule": "https://w3id.org/immunokg/rule/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

READ_ONLY_FORMS = "SELECT, ASK, CONSTRUCT or DESCRIBE"


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
    if QUERY_NAME.match(name_or_text):
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
    *,
    allow_service: bool = False,
) -> QueryResult:
    """Run a named query, a query file or SPARQL text read-only, with values bound to ``?_name``.

    It runs in this process, to the end: for a query that may need stopping (a time
    limit, a row cap, Ctrl-C), use ``graph/ask/bounded.py``.
    """
    store = _store(directory_or_store)
    query, substitutions = prepare_query(store, name_or_text, params, allow_service=allow_service)
    try:
        answer = store.query(query.text, prefixes=PREFIXES, substitutions=substitutions)
        return _collect(answer)
    except (SyntaxError, RuntimeError, OSError) as error:
        raise query_error(store, query, error) from None


def prepare_query(
    store: Store,
    name_or_text: str,
    params: Mapping[str, str] | None = None,
    *,
    allow_service: bool = False,
) -> tuple[NamedQuery, dict[Variable, object]]:
    """The query, refused if it calls SERVICE (unless allowed), and its substitutions: each
    value bound to ``?_name`` as an RDF term. What ``run_query`` runs, for callers that run
    it themselves (the SPARQL endpoint serialises Oxigraph's answer as it is)."""
    from pyoxigraph import Variable

    query = get_query(name_or_text)
    if not allow_service:
        refuse_service(query.text, query.source)
    bound = bind_params(store, query, params or {})
    return query, {Variable("_" + name): term for name, term in bound.items()}


def query_error(store: Store | None, query: NamedQuery, error: Exception) -> ImmunokgError:
    """What went wrong running ``query``, in one line: its syntax, a damaged store, or else."""
    if isinstance(error, SyntaxError):
        return ImmunokgError(_syntax_message(query, error))
    from immunokg.graph.rdf.integrity import damaged, store_damage

    text = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
    if store_damage(error):
        from immunokg.graph.ask.names import remembered_graph_dir

        directory = remembered_graph_dir(store) if store is not None else None
        return damaged(directory or "the graph", text)
    if isinstance(error, RuntimeError):  # e.g. a bound ?_name missing from the SELECT projection
        detail = f"every bound ?_ parameter must be in the SELECT projection ({text})"
        return ImmunokgError(f"{query.source}: {detail}")
    return ImmunokgError(f"{query.source}: the query failed: {text}")


def _collect(answer: object) -> QueryResult:
    from pyoxigraph import QueryBoolean, QuerySolutions

    if isinstance(answer, QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, QuerySolutions):
        variables = tuple(variable.value for variable in answer.variables)
        rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
        return QueryResult("select", variables, rows)
    return QueryResult("graph", triples=tuple(sorted(answer, key=str)))


def _store(directory_or_store: str | Path | Store) -> Store:
    if isinstance(directory_or_store, str | Path):
        from immunokg.graph.ask.names import remember_graph_dir
        from immunokg.graph.rdf.integrity import open_graph_store

        store = open_graph_store(Path(directory_or_store))
        remember_graph_dir(store, Path(directory_or_store))
        return store
    return directory_or_store


def open_graph(directory: str | Path) -> Store:
    """The read-only store of a built graph directory, remembered for its name index."""
    return _store(Path(directory))


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

    from immunokg.graph.ask.names import resolve_entity, stated_literal

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
    from pyoxigraph import Literal, Variable

    name = re.sub(r"[\s-]+", "_", value.strip().lower())
    ask = f"ASK {{ ?f <{IKG}relation> ?r }}"  # one index lookup; the list only for the error
    if store.query(ask, substitutions={Variable("r"): Literal(name)}):
        return name
    known = sorted(
        row[0].value for row in store.query(f"SELECT DISTINCT ?r {{ ?f <{IKG}relation> ?r }}")
    )
    raise ImmunokgError(f"unknown relation {_shown(value)}; the graph has: {', '.join(known)}")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _syntax_message(query: NamedQuery, error: SyntaxError) -> str:
    where = query.source if query.source != "<sparql>" else "the query"
    if is_update(query.text):
        return (
            f"{where}: only read-only queries ({READ_ONLY_FORMS}) are accepted, not SPARQL UPDATE"
        )
    return f"{where}: not a valid SPARQL query ({READ_ONLY_FORMS}): {error}"


def is_update(text: str) -> bool:
    """True if the text parses as a SPARQL 1.1 Update (parsed with rdflib, never run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # any parse failure means: not an update
        return False
    return True
