"""The SPARQL 1.1 Protocol endpoint at /sparql: queries by GET and POST, updates refused, and a
service description when no query is given."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from immunokg.graph.ask.limits import Limits
from immunokg.graph.serve.engine import Failure
from immunokg.graph.serve.results import GRAPH_FORMATS, SOLUTION_FORMATS, choose

MAX_QUERY_BYTES = 1_000_000
FORM = "application/x-www-form-urlencoded"
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
# The W3C format IRIs of what the endpoint writes (service description, sd:resultFormat).
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def routes() -> list[Route]:
    return [Route("/sparql", endpoint, methods=["GET", "POST"])]


async def endpoint(request: Request) -> Response:
    """Run the query of a GET or POST request; describe the service when there is none."""
    params = parse_qs(request.url.query)
    if request.method == "POST":
        params = await _post_params(request, params)
    if "update" in params:
        raise Failure(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) > 1:
        raise Failure(400, "give one query= parameter, not several")
    wanted = (params.get("format") or [request.headers.get("accept", "")])[0]
    if not queries:
        return _description(request, wanted)
    engine = request.app.state.engine
    media_type, body = await engine.run(
        "sparql",
        text=queries[0],
        wanted=wanted,
        default_graphs=tuple(params.get("default-graph-uri", ())),
        named_graphs=tuple(params.get("named-graph-uri", ())),
    )
    headers = {"Vary": "Accept"}
    if params.get("format"):  # a download link of the query page
        headers["Content-Disposition"] = f'attachment; filename="results.{_suffix(media_type)}"'
    return Response(body, media_type=media_type, headers=headers)


def _suffix(media_type: str) -> str:
    for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        if fmt.media_type == media_type:
            return {"turtle": "ttl", "ntriples": "nt", "rdfxml": "rdf"}.get(fmt.name, fmt.name)
    return "txt"


async def _post_params(request: Request, params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The query of a POST: a form (query= or update=) or the body as application/sparql-query."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > MAX_QUERY_BYTES:
        raise Failure(413, f"the request is over {MAX_QUERY_BYTES:,} bytes")
    if content_type == "application/sparql-update":
        raise Failure(403, READ_ONLY)
    if content_type == "application/sparql-query":
        return {**params, "query": [_text(body)]}
    if content_type == FORM:
        return {**params, **parse_qs(_text(body), keep_blank_values=True)}
    raise Failure(
        415,
        f"POST a form ({FORM}) or a query (application/sparql-query), not {content_type or 'nothing'}",
    )


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Failure(400, f"the query is not UTF-8: {error}") from None


def _description(request: Request, wanted: str) -> Response:
    """The SPARQL 1.1 service description, in RDF; a browser that wants HTML gets the query page."""
    accept = request.headers.get("accept", "")
    if "text/html" in accept and "format" not in request.query_params:
        return RedirectResponse("/query", status_code=303)
    import pyoxigraph as ox

    settings = request.app.state.settings
    service = ox.NamedNode(str(request.url_for("endpoint")))
    dataset, graph = ox.BlankNode(), ox.BlankNode()
    sd = {name: ox.NamedNode(SD + name) for name in ("Service", "Dataset", "Graph")}
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(service, rdf_type, sd["Service"]),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"), service),
        ox.Triple(
            service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query")
        ),
        ox.Triple(service, ox.NamedNode(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd["Dataset"]),
        ox.Triple(dataset, ox.NamedNode(SD + "defaultGraph"), graph),
        ox.Triple(graph, rdf_type, sd["Graph"]),
        ox.Triple(
            graph,
            ox.NamedNode("http://rdfs.org/ns/void#triples"),
            ox.Literal(str(request.app.state.triples), datatype=ox.NamedNode(XSD_INTEGER)),
        ),
        ox.Triple(
            service,
            ox.NamedNode("http://purl.org/dc/terms/description"),
            ox.Literal(_limits_text(settings.limits)),
        ),
    ]
    triples += [
        ox.Triple(service, ox.NamedNode(SD + "resultFormat"), ox.NamedNode(FORMATS_NS + name))
        for name in RESULT_FORMAT_IRIS
    ]
    fmt = choose(GRAPH_FORMATS, wanted)
    prefixes = {"sd": SD} if fmt.name == "turtle" else None
    body = ox.serialize(triples, format=getattr(ox.RdfFormat, fmt.oxigraph), prefixes=prefixes)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


def _limits_text(limits: Limits) -> str:
    return (
        f"immunokg knowledge graph, read-only: updates and SERVICE are refused; each query "
        f"may run {limits.timeout:g} s and answer {limits.max_rows:,} rows"
    )
