"""What the explorer's pages show, read in a worker: counts, search hits, an entity with its
sentences marked, its neighbourhood, lists by type, and a SPARQL answer as a table."""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches
from importlib.resources import as_file, files
from typing import Any

from immunokg.extract.errors import ImmunokgError
from immunokg.extract.normalise import normalise_name
from immunokg.graph.ask.limits import check_service
from immunokg.graph.ask.names import find_entity, label, name_index
from immunokg.graph.ask.query import IKG, load_queries, run_query
from immunokg.graph.rdf.name_index import ENTITY_NS, Names, local_id
from immunokg.graph.rdf.store import read_record
from immunokg.graph.serve.highlight import mention_spans, segments
from immunokg.graph.serve.jobs import JobState, run_text
from immunokg.graph.serve.results import capped_triples, capped_tsv

SEARCH_RESULTS = 25
# Lookups whose records say, per row, whether a statement is the entity's own or its class's.
CLASS_LOOKUPS = (("targets", "targets_of"), ("side effects", "side_effects"))


def serve_query(state: JobState, name: str, params: dict[str, str]) -> list[dict[str, str]]:
    """Rows of one of the explorer's own queries (graph/serve/sparql/NAME.rq)."""
    with as_file(files("immunokg.graph.serve") / "sparql" / f"{name}.rq") as path:
        return run_query(state.store, str(path), params).records()


def home(state: JobState) -> dict[str, Any]:
    """Counts by type, the graph's size, and the named queries with their parameters."""
    record = read_record(state.graph_dir)
    return {
        "types": run_query(state.store, "entities-by-type").records(),
        "triples": record.get("graph", {}).get("triples"),
        "counts": record.get("counts", {}),
        "built": record.get("built", ""),
        "queries": [
            {
                "name": query.name,
                "summary": query.summary,
                "params": [vars(param) for param in query.params],
                "example": query.example,
            }
            for query in load_queries().values()
        ],
    }


def search(state: JobState, q: str) -> dict[str, Any]:
    """The entity a name means exactly, else entities whose names contain it or come close."""
    text = " ".join(q.split())[:200]
    if not text:
        return {"query": text, "exact": None, "results": []}
    try:
        exact = find_entity(state.store, text)
    except ImmunokgError:  # ambiguous: list every entity of that name below
        exact = None
    if exact is not None:
        return {"query": text, "exact": label(state.store, exact), "results": []}
    index, key = name_index(state.store), normalise_name(text)
    keys = _keys(state)
    found = [k for k in keys if key and key in k]
    found.sort(key=lambda k: (not k.startswith(key), len(k), k))
    found += [k for k in get_close_matches(key, keys, n=10, cutoff=0.6) if k not in found]
    iris: list[str] = []
    for k in found:
        for iri in sorted(index.entities(k)):
            if iri not in iris:
                iris.append(iri)
    results = []
    for iri in iris[:SEARCH_RESULTS]:
        rows = serve_query(state, "entities", {"entity": f"<{iri}>"})
        types = sorted({row["type"] for row in rows})
        results.append({"label": label(state.store, iri), "id": local_id(iri), "types": types})
    return {"query": text, "exact": None, "results": results, "more": len(iris) > len(results)}


def _keys(state: JobState) -> list[str]:
    if "keys" not in state.cache:
        state.cache["keys"] = name_index(state.store).keys()
        state.cache["key_set"] = frozenset(state.cache["keys"])
    return state.cache["keys"]


def entity_page(state: JobState, name: str) -> dict[str, Any]:
    """The entity card with each sentence cut into marked mentions, its documents, and the
    statements its lookups say it has through its classes."""
    from immunokg.graph.ask import lookup

    data = lookup.entity_card(state.store, name).data()
    iri = ENTITY_NS + str(data["id"]).split(":", 1)[-1]
    documents: dict[str, dict[str, str]] = {}
    for relation in data["relations"]:
        other = relation["object"] if relation["direction"] == "out" else relation["subject"]
        entities, literals = _fact_entities(state, iri, relation["relation"], other)
        for evidence in relation["evidence"]:
            spans = mention_spans(
                evidence["sentence"], _names(state), _key_set(state), entities, literals
            )
            evidence["segments"] = segments(evidence["sentence"], spans)
            if evidence["document"] not in documents:
                documents[evidence["document"]] = _document(state, evidence["document"])
    data["documents"] = documents
    data["identifiers"] = identifiers(tuple(data["xrefs"]), tuple(data["exact_matches"]))
    data["through_classes"] = [
        {"heading": heading, **getattr(lookup, function)(state.store, name).data()}
        for heading, function in CLASS_LOOKUPS
        if {"Drug", "DrugClass"} & set(data["types"])
    ]
    return data


def identifiers(curies: tuple[str, ...], iris: tuple[str, ...]) -> list[dict[str, str]]:
    """Each CURIE with the exact-match IRI that resolves it (the IRI ends with its local id)."""
    found, left = [], list(iris)
    for curie in curies:
        local = curie.split(":", 1)[-1]
        url = next((iri for iri in left if iri.rstrip("/").endswith(local)), "")
        if url:
            left.remove(url)
        found.append({"curie": curie, "url": url})
    return found + [{"curie": iri, "url": iri} for iri in left]


def _key_set(state: JobState) -> frozenset[str]:
    _keys(state)
    return state.cache["key_set"]


def _fact_entities(
    state: JobState, iri: str, relation: str, other: str
) -> tuple[set[str], set[str]]:
    """The IRIs (and, for a brand, the literal) whose names mark a fact's sentence."""
    if relation == "brand_name":
        return {iri}, {normalise_name(other)}
    try:
        other_iri = find_entity(state.store, other)
    except ImmunokgError:
        other_iri = None
    return {iri} | ({other_iri} if other_iri else set()), set()


def _document(state: JobState, document: str) -> dict[str, str]:
    """A document's title, publisher and source, read once per worker."""
    known = state.cache.setdefault("documents", {})
    if document not in known:
        rows = serve_query(state, "document", {"document": document})
        known[document] = rows[0] if rows else {"title": "", "publisher": "", "source": ""}
    return known[document]


class _RememberedNames:
    """The name index, each key's entities remembered once read (the graph does not change)."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.seen: dict[str, dict[str, int]] = {}

    def entities(self, key: str) -> dict[str, int]:
        if key not in self.seen:
            self.seen[key] = self.names.entities(key)
        return self.seen[key]

    def label(self, iri: str) -> str | None:
        return self.names.label(iri)

    def keys(self) -> list[str]:
        return self.names.keys()


def _names(state: JobState) -> _RememberedNames:
    if "names" not in state.cache:
        state.cache["names"] = _RememberedNames(name_index(state.store))
    return state.cache["names"]


def neighbourhood(state: JobState, name: str) -> dict[str, Any]:
    """The entity and the entities one fact away, as Cytoscape.js elements and as rows."""
    from immunokg.graph.ask.names import resolve_entity

    iri = resolve_entity(state.store, name)
    centre = serve_query(state, "entities", {"entity": f"<{iri}>"})
    rows = serve_query(state, "neighbours", {"entity": f"<{iri}>"})
    centre_id = local_id(iri)
    nodes = {centre_id: _node(centre_id, label(state.store, iri), centre, centre=True)}
    edges = {}
    for row in rows:
        nodes.setdefault(row["id"], _node(row["id"], row["neighbour"], [row]))
        source, target = (
            (centre_id, row["id"]) if row["direction"] == "out" else (row["id"], centre_id)
        )
        key = f"{source}|{row['relation']}|{target}"
        edges[key] = {"data": {"id": key, "source": source, "target": target, **_edge(row)}}
    return {
        "label": label(state.store, iri),
        "id": centre_id,
        "rows": rows,
        "elements": {"nodes": list(nodes.values()), "edges": list(edges.values())},
    }


def _node(node_id: str, text: str, rows: list[dict[str, str]], centre: bool = False) -> dict:
    kind = rows[0]["type"] if rows else "Entity"
    return {"data": {"id": node_id, "label": text, "type": kind, "centre": centre}}


def _edge(row: dict[str, str]) -> dict[str, str]:
    return {"relation": row["relation"], "status": row["status"], "sentences": row["sentences"]}


def entities(state: JobState, type: str) -> dict[str, Any]:
    """Every entity of one type (as entities-by-type names them), by label."""
    known = [row["type"] for row in run_query(state.store, "entities-by-type").records()]
    if type not in known:
        raise ImmunokgError(f"no entity type {type!r}; the graph has: {', '.join(known)}")
    rows = serve_query(state, "entities", {"type": f"<{IKG}{type}>"})
    return {"type": type, "entities": [{"label": r["entity"], "id": r["id"]} for r in rows]}


def sparql_table(state: JobState, text: str) -> dict[str, Any]:
    """A query's answer as cells for an HTML table (IRIs shortened), within the row cap."""
    import pyoxigraph

    check_service(text, state.limits)
    answer = run_text(state, text)
    cap = state.limits.max_rows
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return {"form": "ask", "boolean": bool(answer)}
    if isinstance(answer, pyoxigraph.QuerySolutions):
        tsv = capped_tsv(answer, cap)
        solutions = pyoxigraph.parse_query_results(tsv, pyoxigraph.QueryResultsFormat.TSV)
        variables = [variable.value for variable in solutions.variables]
        rows = [[_cell(row[name]) for name in variables] for row in solutions]
        return {"form": "select", "variables": variables, "rows": rows}
    triples = pyoxigraph.parse(capped_triples(answer, cap), pyoxigraph.RdfFormat.N_TRIPLES)
    rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples]
    return {"form": "graph", "variables": ["subject", "predicate", "object"], "rows": rows}


def _cell(term: object) -> dict[str, str] | None:
    """A term as shown: text, and a link to its page if it is an entity."""
    if term is None:
        return None
    value = term.value  # type: ignore[attr-defined]
    if type(term).__name__ == "NamedNode":
        from immunokg.graph.ask.query import PREFIXES

        shown = next(
            (f"{p}:{value[len(ns) :]}" for p, ns in PREFIXES.items() if value.startswith(ns)),
            f"<{value}>",
        )
        link = f"IMMUNOKG:{local_id(value)}" if value.startswith(ENTITY_NS) else ""
        return {"text": shown, "entity": link}
    return {"text": value, "entity": ""}


# The explorer's jobs, run by the workers beside jobs.QUERY_JOBS.
PAGE_JOBS: dict[str, Callable[..., Any]] = {
    "home": home,
    "search": search,
    "entity_page": entity_page,
    "neighbourhood": neighbourhood,
    "entities": entities,
    "sparql_table": sparql_table,
}
