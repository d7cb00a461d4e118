"""The explorer's HTML pages (Jinja2), each a plain GET that works without JavaScript; errors
as a page, a JSON object or one line, by where they happened."""

from __future__ import annotations

from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from immunokg.graph.ask.card import VERBS
from immunokg.graph.ask.query import PREFIXES
from immunokg.graph.serve.api import DRUG_CRITERIA, drug_criteria
from immunokg.graph.serve.engine import Failure

HERE = files("immunokg.graph.serve")
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["entity_url"] = lambda name: "/entity/" + quote(str(name), safe="")
templates.env.globals["verbs"] = VERBS


def class_value(value: object) -> bool:
    """True if a value says its statement is a class's: "class", "via X", "stated for its class"."""
    return isinstance(value, str) and (
        value == "class" or value.startswith(("via ", "stated for its class")) or "(via " in value
    )


def class_level(record: dict[str, Any]) -> bool:
    """True if a lookup's record says its statement is a class's, in any of its values."""
    return any(class_value(value) for value in record.values())


def class_column(heading: str) -> bool:
    """True if a lookup's column holds what is stated for a class, not for the row's own entity."""
    return "stated for its class" in heading or "class-level" in heading


templates.env.filters["class_level"] = class_level
templates.env.filters["class_value"] = class_value
templates.env.filters["class_column"] = class_column
# What each list of drugs is by, as the home page and the type pages offer it.
LIST_BY_TYPE = {
    "Target": "target",
    "DrugClass": "class",
    "CancerType": "treats",
    "SideEffect": "side_effect",
}
# How a type is named in headings and the menu.
TYPE_NAMES = {
    "Drug": "Drugs",
    "DrugClass": "Drug classes",
    "Target": "Targets",
    "CancerType": "Cancer types",
    "SideEffect": "Side effects",
    "ImmuneCell": "Immune cells",
}
EXAMPLE_QUERY = """SELECT ?drug ?target WHERE {
  ?d a ikg:Drug ; skos:prefLabel ?drug ; ikg:targets ?t .
  ?t skos:prefLabel ?target .
}
ORDER BY ?drug
LIMIT 50"""


def routes() -> list[Route | Mount]:
    return [
        Route("/", home),
        Route("/search", search),
        Route("/ask", ask),
        Route("/entity/{name:path}", entity),
        Route("/neighbourhood/{name:path}", neighbourhood),
        Route("/drugs", drugs),
        Route("/types/{type}", entity_type),
        Route("/query", query),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(
        request,
        template,
        {"by_type": LIST_BY_TYPE, "type_names": TYPE_NAMES, **context},
        status_code=status_code,
    )


async def home(request: Request) -> Response:
    """Counts by type, the search box, the named queries."""
    return page(request, "home.html", data=await request.app.state.engine.run("home"))


async def search(request: Request) -> Response:
    """Straight to the entity a name means; else the entities whose names come close."""
    q = request.query_params.get("q", "")
    found = await request.app.state.engine.run("search", q=q)
    if found["exact"]:
        return RedirectResponse(f"/entity/{quote(found['exact'], safe='')}", status_code=303)
    return page(request, "search.html", found=found)


async def ask(request: Request) -> Response:
    """A short phrase answered by the lookup it names; a phrase naming one entity opens its page."""
    q = request.query_params.get("q", "").strip()
    if not q:
        return RedirectResponse("/", status_code=303)
    answer = await request.app.state.engine.run("ask", phrase=q)
    if answer["kind"] == "entity":
        return RedirectResponse(f"/entity/{quote(answer['label'], safe='')}", status_code=303)
    json_url = "/api/ask?" + urlencode({"q": q})
    return page(request, "table.html", answer=answer, json_url=json_url, **_sorted(request, answer))


async def entity(request: Request) -> Response:
    """Names, identifiers, every relation with its marked sentences, and class-level statements."""
    engine, name = request.app.state.engine, request.path_params["name"]
    # One job: the card is read from the graph's card file in the worker (graph/serve/cards.py).
    card = await engine.run("entity_page", name=name)
    return page(request, "entity.html", card=card)


async def neighbourhood(request: Request) -> Response:
    """The entity among its neighbours: a Cytoscape.js picture, and the same as a table."""
    found = await request.app.state.engine.run("neighbourhood", name=request.path_params["name"])
    return page(request, "neighbourhood.html", found=found)


async def drugs(request: Request) -> Response:
    """Drugs by target, class, cancer or side effect (every drug with none), as a sortable table."""
    criteria = drug_criteria(request)
    answer = await request.app.state.engine.run("drugs", **criteria)
    given = {key: request.query_params[key] for key in DRUG_CRITERIA if key in request.query_params}
    json_url = "/api/drugs" + ("?" + urlencode(given) if given else "")
    return page(
        request,
        "table.html",
        answer=answer,
        given=given,
        json_url=json_url,
        **_sorted(request, answer),
    )


def _sorted(request: Request, answer: dict[str, Any]) -> dict[str, Any]:
    """The rows ordered by ``?sort=COLUMN&order=asc|desc``, and the links that reorder them."""
    columns = answer["columns"]
    sort = request.query_params.get("sort", "")
    descending = request.query_params.get("order") == "desc"
    rows = answer["rows"]
    if sort in columns:
        at = columns.index(sort)
        rows = sorted(rows, key=lambda row: _sort_key(row[at]), reverse=descending)
    others = {k: v for k, v in request.query_params.items() if k not in ("sort", "order")}
    links = {}
    for column in columns:
        order = "desc" if column == sort and not descending else "asc"
        links[column] = "?" + urlencode({**others, "sort": column, "order": order})
    return {"rows": rows, "sort": sort, "descending": descending, "sort_links": links}


def _sort_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value.lower())


async def entity_type(request: Request) -> Response:
    """Every entity of a type, each linked to its page and to the drugs it lists."""
    found = await request.app.state.engine.run("entities", type=request.path_params["type"])
    return page(request, "type.html", found=found, criterion=LIST_BY_TYPE.get(found["type"]))


async def query(request: Request) -> Response:
    """The SPARQL page: a query box with the prefixes, the answer as a table, downloads."""
    text = request.query_params.get("query", "")
    prefixes = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    result, error = None, None
    if text.strip():
        try:
            result = await request.app.state.engine.run("sparql_table", text=text)
        except Failure as failure:
            error = failure
    shown = text if text.strip() else prefixes + "\n" + EXAMPLE_QUERY
    downloads = {
        fmt: "/sparql?" + urlencode({"query": text, "format": fmt}) for fmt in ("csv", "json")
    }
    status = error.status if error else 200
    return page(
        request,
        "query.html",
        status_code=status,
        text=shown,
        result=result,
        error=error,
        downloads=downloads if text.strip() else {},
    )


async def failure_response(request: Request, failure: Exception) -> Response:
    """An error as one line (the endpoint), a JSON object (the API) or a page (the explorer)."""
    assert isinstance(failure, Failure)
    path = request.url.path
    if path.startswith("/sparql"):
        return PlainTextResponse(failure.message + "\n", status_code=failure.status)
    if path.startswith("/api/"):
        body = {"error": failure.message, "status": failure.status}
        return JSONResponse(body, status_code=failure.status)
    return page(request, "error.html", status_code=failure.status, failure=failure)
