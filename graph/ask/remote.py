"""A remote SPARQL 1.1 server queried like the local store: the same named queries, the same
bound parameters, answers as the same pyoxigraph terms.

``RemoteStore.query`` takes what ``pyoxigraph.Store.query`` takes. The query is first
checked on an empty in-memory store, so a bad query or parameter gets the local run's
error without a round trip; then it goes to the server (SPARQL 1.1 Protocol, POST) with
the parameters bound in a VALUES block (graph/ask/values.py) and the pushed graph as
its default graph (``default-graph-uri``). Results come back as SPARQL JSON (or
N-Triples for CONSTRUCT and DESCRIBE) and are parsed by pyoxigraph.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from immunokg.graph.ask.values import with_values
from immunokg.graph.rdf.http import TIMEOUT, request

# The named graph ``immunokg push`` writes and remote queries read, unless told otherwise.
DEFAULT_GRAPH_IRI = "https://w3id.org/immunokg/graph"
ENDPOINT_ENVVAR = "IMMUNOKG_ENDPOINT"
_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


class RemoteStore:
    """A read-only view of ``graph_iri`` on the SPARQL query endpoint ``endpoint``; each
    query waits at most ``timeout`` seconds for its answer (None: the HTTP default)."""

    def __init__(
        self,
        endpoint: str,
        graph_iri: str | None = DEFAULT_GRAPH_IRI,
        timeout: float | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.graph_iri = graph_iri
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r}, {self.graph_iri!r})"

    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        substitutions: Mapping[Any, Any] | None = None,
    ) -> Any:
        """Answer ``query`` on the server as ``pyoxigraph.Store.query`` answers it locally."""
        import pyoxigraph

        local = pyoxigraph.Store().query(query, prefixes=prefixes, substitutions=substitutions)
        values = {variable.value: term for variable, term in (substitutions or {}).items()}
        declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())
        text = declared + with_values(query, values)
        graph = isinstance(local, pyoxigraph.QueryTriples)
        body = self._post(text, _TRIPLES if graph else _RESULTS)
        if graph:
            return pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)

    def _post(self, text: str, accept: str) -> bytes:
        form = [("query", text)]
        if self.graph_iri:
            form.append(("default-graph-uri", self.graph_iri))
        _, body, _ = request(
            "POST",
            self.endpoint,
            data=urlencode(form).encode("utf-8"),
            timeout=self.timeout or TIMEOUT,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
            },
        )
        return body
