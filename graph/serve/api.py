"""The JSON API: the named queries with bound parameters, and the lookups as ``--format json``
prints them (``/api/drugs?target=PD-1``, ``/api/entity/NAME``, ``/api/ask?q=...``)."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from immunokg.graph.ask.query_files import load_queries
from immunokg.graph.serve.engine import Failure

# URL parameter -> keyword of ask.lookup.drugs (the CLI's options: --target, --class ...).
DRUG_CRITERIA = {
    "target": "target",
    "class": "drug_class",
    "treats": "treats",
    "side_effect": "side_effect",
}


def routes() -> list[Route]:
    return [
        Route("/api/queries", queries),
        Route("/api/queries/{name}", named_query),
        Route("/api/drugs", drugs),
        Route("/api/entity/{name:path}", entity),
        Route("/api/ask", ask),
        Route("/api/search", search),
        Route("/api/neighbourhood/{name:path}", neighbourhood),
        Route("/api/status", status),
    ]


class PrettyJSON(JSONResponse):
    """JSON as the CLI prints it: indented, UTF-8 kept."""

    def render(self, content: Any) -> bytes:
        import json

        return (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


async def queries(request: Request) -> Response:
    """The named queries: name, summary, parameters and example."""
    return PrettyJSON(
        [
            {
                "name": query.name,
                "summary": query.summary,
                "params": [vars(param) for param in query.params],
                "example": query.example,
                "url": str(request.url_for("named_query", name=query.name)),
            }
            for query in load_queries().values()
        ]
    )


def query_name(name: str) -> str:
    """The name of a bundled query, or a 404 that suggests the closest."""
    named = load_queries()
    if name in named:
        return name
    close = get_close_matches(name, list(named), n=3)
    hint = f"did you mean {' or '.join(close)}?" if close else "see /api/queries"
    raise Failure(404, f"no query named {name!r}: {hint}")


async def named_query(request: Request) -> Response:
    """A named query with ``?param=value``, bound as terms: SPARQL results (JSON by default)."""
    name = query_name(request.path_params["name"])
    params = _single(request, exclude=("format",))
    wanted = request.query_params.get("format") or request.headers.get("accept")
    media_type, body = await request.app.state.engine.run(
        "named_query", name=name, params=params, wanted=wanted
    )
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def _single(request: Request, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """The URL's parameters, each given once."""
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in exclude:
            continue
        if key in values:
            raise Failure(400, f"give the parameter {key!r} once")
        values[key] = value
    return values


def drug_criteria(request: Request) -> dict[str, str]:
    """``target``, ``class``, ``treats``, ``side_effect`` as keywords of the drugs lookup."""
    given = _single(request, exclude=("sort", "order"))
    unknown = sorted(set(given) - set(DRUG_CRITERIA))
    if unknown:
        allowed = ", ".join(DRUG_CRITERIA)
        raise Failure(400, f"unknown parameter {unknown[0]!r}; drugs takes: {allowed}")
    return {DRUG_CRITERIA[key]: value for key, value in given.items()}


async def drugs(request: Request) -> Response:
    """``immunokg drugs --target PD-1 --format json``."""
    answer = await request.app.state.engine.run("drugs", **drug_criteria(request))
    return Response(answer["json"], media_type="application/json")


async def entity(request: Request) -> Response:
    """``immunokg show NAME --format json``."""
    name = request.path_params["name"]
    return PrettyJSON(await request.app.state.engine.run("entity", name=name))


def phrase(request: Request) -> str:
    text = request.query_params.get("q", "").strip()
    if not text:
        raise Failure(400, "give a phrase as q=, e.g. q=drugs targeting PD-1")
    return text


async def ask(request: Request) -> Response:
    """``immunokg ask PHRASE --format json``."""
    answer = await request.app.state.engine.run("ask", phrase=phrase(request))
    return Response(answer["json"], media_type="application/json")


async def search(request: Request) -> Response:
    """Entities by label, synonym or brand: the exact one, else those whose names contain q."""
    return PrettyJSON(await request.app.state.engine.run("search", q=phrase(request)))


async def neighbourhood(request: Request) -> Response:
    """The entity and its neighbours as Cytoscape.js elements."""
    answer = await request.app.state.engine.run("neighbourhood", name=request.path_params["name"])
    return PrettyJSON(answer["elements"])


async def status(request: Request) -> Response:
    """The graph served, its size, the limits, the workers, and the answers kept (hits, misses,
    requests that shared a run already under way, jobs dropped because every client left)."""
    engine = request.app.state.engine
    settings = engine.settings
    return PrettyJSON(
        {
            "graph": str(settings.graph_dir),
            "triples": request.app.state.triples,
            "timeout": settings.limits.timeout,
            "max_rows": settings.limits.max_rows,
            "workers": settings.workers,
            "worker_pids": engine.pool.pids(),
            "cache": {"size": settings.cache, "kept": len(engine.answers)}
            | {"hits": engine.hits, "misses": engine.misses, "shared": engine.shared}
            | {"dropped": engine.dropped},
        }
    )
