"""The jobs a worker runs on the store: SPARQL, named queries and lookups, as plain data.

Each job takes the worker's state and keyword arguments and returns what pickles
cheaply (bytes, strings, lists, dicts). The lookups return their ``.data()``, the
JSON that ``--format json`` prints; named queries are bound by graph/ask/query.py,
as ``immunokg query`` binds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.limits import Limits, check_service
from immunokg.graph.ask.query import PREFIXES, is_update, open_graph, prepare_query
from immunokg.graph.serve.results import write_answer

if TYPE_CHECKING:
    from pyoxigraph import Store


class UpdateRefused(ImmunokgError):
    """A SPARQL Update sent to the read-only endpoint."""


class BadQuery(ImmunokgError):
    """SPARQL text that does not parse; the message is the parser's, on one line."""


@dataclass
class JobState:
    """What a worker keeps between jobs: the store, its directory, the limits, small caches."""

    store: Store
    graph_dir: Path
    limits: Limits
    cache: dict[str, Any] = field(default_factory=dict)


def open_for_jobs(graph_dir: Path, limits: Limits) -> JobState:
    """Open the store read-only and read its name index and its entity cards (each written
    beside it if missing: the first worker writes them, the next ones read them), every
    drug's brands and classes, which the drug lists show (one query, not one per new drug),
    and every class's members, which `drugs --treats` reads."""
    from immunokg.graph.ask.names import name_index
    from immunokg.graph.ask.summaries import class_members, drug_summaries
    from immunokg.graph.serve.cards import prepare_cards

    store = open_graph(graph_dir)
    name_index(store)
    prepare_cards(store, graph_dir)
    drug_summaries(store)
    class_members(store)
    return JobState(store, graph_dir, limits)


def sparql(
    state: JobState,
    text: str,
    wanted: str | None = None,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
) -> tuple[str, bytes]:
    """SPARQL text run read-only: (media type, body) in the format asked for, within the cap."""
    from pyoxigraph import NamedNode

    check_service(text, state.limits)
    options: dict[str, Any] = {}
    try:
        if default_graphs:
            options["default_graph"] = [NamedNode(iri) for iri in default_graphs]
        if named_graphs:
            options["named_graphs"] = [NamedNode(iri) for iri in named_graphs]
    except ValueError as error:
        raise BadQuery(f"default-graph-uri or named-graph-uri is not an IRI: {error}") from None
    answer = run_text(state, text, options)
    return write_answer(answer, wanted, state.limits.max_rows)


def run_text(state: JobState, text: str, options: dict[str, Any] | None = None) -> object:
    """Oxigraph's answer to SPARQL text (default prefixes known); an update or a bad query refused."""
    try:
        return state.store.query(text, prefixes=PREFIXES, **(options or {}))
    except SyntaxError as error:
        if is_update(text):
            raise UpdateRefused(
                "this endpoint is read-only: SPARQL Update is refused (send SELECT, ASK, "
                "CONSTRUCT or DESCRIBE)"
            ) from None
        raise BadQuery(f"not a valid SPARQL query: {' '.join(str(error).split())}") from None


def named_query(
    state: JobState, name: str, params: dict[str, str], wanted: str | None = None
) -> tuple[str, bytes]:
    """A bundled query by name, values bound as terms, written like an endpoint answer."""
    query, substitutions = prepare_query(state.store, name, params)
    answer = state.store.query(query.text, prefixes=PREFIXES, substitutions=substitutions)
    return write_answer(answer, wanted, state.limits.max_rows)


def drugs(state: JobState, **criteria: str) -> dict[str, Any]:
    """`immunokg drugs`: its JSON, and the table people see."""
    from immunokg.graph.ask.lookup import drugs as drugs_lookup

    return _lookup(drugs_lookup(state.store, **criteria))


def entity(state: JobState, name: str) -> dict[str, Any]:
    """`immunokg show NAME --format json`."""
    from immunokg.graph.ask.lookup import entity_card

    return entity_card(state.store, name).data()


def ask(state: JobState, phrase: str) -> dict[str, Any]:
    """`immunokg ask PHRASE`: its JSON, which lookup answered, and a table for a lookup."""
    from immunokg.graph.ask.card import EntityCard
    from immunokg.graph.ask.lookup import ask as ask_lookup

    answer = ask_lookup(state.store, phrase)
    if isinstance(answer, EntityCard):
        data = answer.data()
        return {"kind": "entity", "data": data, "json": as_json(data), "label": answer.label}
    return {"kind": "lookup", **_lookup(answer)}


def as_json(data: Any) -> bytes:
    """JSON as the CLI's ``--format json`` prints it (indented, UTF-8 kept), written here in the
    worker: indented JSON is Python's slow encoder (20-30 ms for a common cancer's drugs at
    100x), which in the web process would hold up every other request."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _lookup(answer: Any) -> dict[str, Any]:
    data = answer.data()
    return {
        "data": data,
        "json": as_json(data),
        "title": answer.title,
        "columns": list(answer.columns),
        "rows": [list(row) for row in answer.rows],
    }


# The jobs of the endpoint and the JSON API; explore.PAGE_JOBS adds the explorer's.
QUERY_JOBS: dict[str, Callable[..., Any]] = {
    "sparql": sparql,
    "named_query": named_query,
    "drugs": drugs,
    "entity": entity,
    "ask": ask,
}
