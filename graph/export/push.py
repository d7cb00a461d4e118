"""The built graph pushed to a SPARQL server through the Graph Store HTTP Protocol, then counted.

graph.nt goes in chunks of lines: the first replaces the named graph (PUT), the rest add
to it (POST). A chunk that fails for a passing reason is sent again (graph/rdf/http.py);
sending a chunk twice changes nothing, since the graph has no blank nodes. At the end the
server is asked how many triples the named graph holds (SPARQL 1.1 Protocol), and a
count that differs from the local graph's is an error: a half-pushed graph never passes
for a whole one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from urllib.parse import urlencode

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.ask.remote import DEFAULT_GRAPH_IRI, RemoteStore
from immunokg.graph.rdf.http import request
from immunokg.graph.rdf.integrity import verify_graph_file
from immunokg.graph.rdf.store import NT_FILE

CHUNK_LINES = 250_000  # about 50 MB of N-Triples a request
RETRIES = 4
# Graph Store endpoint path → query endpoint path, for servers whose layout is known
# (Oxigraph server, Apache Jena Fuseki, Virtuoso); elsewhere give --query-endpoint.
QUERY_PATHS = {
    "/store": "/query",
    "/data": "/query",
    "/sparql-graph-crud": "/sparql",
    "/sparql-graph-crud-auth": "/sparql-auth",
}
_COUNT = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class PushResult:
    """What a push sent and what the server then held."""

    endpoint: str
    graph_iri: str
    triples: int
    chunks: int
    seconds: float
    remote_triples: int

    def text(self) -> str:
        rate = self.triples / self.seconds if self.seconds else 0.0
        return (
            f"pushed {self.triples:,} triples to <{self.graph_iri}> at {self.endpoint} "
            f"in {self.chunks} chunk(s), {self.seconds:.1f} s ({rate:,.0f} triples/s)\n"
            f"the server's graph holds {self.remote_triples:,} triples: the same as graph.nt\n"
        )


def query_endpoint_for(endpoint: str) -> str:
    """The query endpoint beside a Graph Store endpoint of a known server layout."""
    for store_path, query_path in QUERY_PATHS.items():
        if endpoint.rstrip("/").endswith(store_path):
            return endpoint.rstrip("/")[: -len(store_path)] + query_path
    raise ImmunokgError(
        f"{endpoint}: cannot tell this server's query endpoint; give --query-endpoint URL"
    )


def push_graph(
    graph_dir: str | Path,
    endpoint: str,
    *,
    graph_iri: str = DEFAULT_GRAPH_IRI,
    query_endpoint: str | None = None,
    chunk_lines: int = CHUNK_LINES,
) -> PushResult:
    """Replace ``graph_iri`` on the Graph Store ``endpoint`` with the graph, then count it."""
    path = Path(graph_dir) / NT_FILE
    if not path.is_file():
        raise ImmunokgError(f"{graph_dir}: no {NT_FILE} here; run `immunokg build` first")
    expected = verify_graph_file(graph_dir)["graph"]["triples"]  # never push a damaged graph
    counter = RemoteStore(query_endpoint or query_endpoint_for(endpoint), graph_iri)
    target = f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode({'graph': graph_iri})}"
    clock = time.perf_counter()
    sent = chunks = 0
    with path.open("rb") as lines:
        while True:
            chunk = list(islice(lines, chunk_lines))
            if not chunk and chunks:
                break
            method = "PUT" if chunks == 0 else "POST"
            headers = {"Content-Type": "application/n-triples"}
            request(method, target, data=b"".join(chunk), headers=headers, retries=RETRIES)
            sent += len(chunk)
            chunks += 1
    seconds = time.perf_counter() - clock
    remote = int(next(iter(counter.query(_COUNT)))["triples"].value)
    if remote != sent or (expected >= 0 and expected != sent):
        raise ImmunokgError(
            f"{endpoint}: the graph <{graph_iri}> holds {remote:,} triples after the push, "
            f"graph.nt has {sent:,}; push again"
        )
    return PushResult(endpoint, graph_iri, sent, chunks, seconds, remote)
