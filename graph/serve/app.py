"""The web application: routes, CORS, gzip, request logging, errors with the right status, and
``serve``, which starts the query workers and runs the app on uvicorn."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from immunokg.graph.rdf.store import read_record
from immunokg.graph.serve.engine import CLIENT_GONE, Engine, Failure, Settings

log = logging.getLogger("immunokg.serve")
access_log = logging.getLogger("immunokg.serve.access")

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Any]


class RequestLog:
    """Logs each request: method, path and query, status, milliseconds, client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_and_note(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            path = scope["path"] + (f"?{query}" if query else "")
            client = scope.get("client") or ("-", 0)
            elapsed = (time.perf_counter() - started) * 1000
            access_log.info(
                '%s "%s %s" %d %.1f ms', client[0], scope["method"], path, status[0], elapsed
            )


class WatchDisconnect:
    """Notes when the client of a GET goes away before its answer (CLIENT_GONE), so a job
    that no client waits for any more is dropped instead of run.

    A GET's body is one empty message; after it, the server's next message is the
    disconnect, which a small task waits for while the request is answered.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        first = await receive()
        gone = asyncio.Event()
        pending = [first]

        async def watch() -> None:
            if not first.get("more_body") and (await receive())["type"] == "http.disconnect":
                gone.set()

        async def replay() -> MutableMapping[str, Any]:
            if pending:
                return pending.pop()
            await gone.wait()
            return {"type": "http.disconnect"}

        watcher = asyncio.ensure_future(watch())
        token = CLIENT_GONE.set(gone)
        try:
            await self.app(scope, replay, send)
        finally:
            CLIENT_GONE.reset(token)
            watcher.cancel()


def make_app(settings: Settings, *, start_workers: bool = True) -> Starlette:
    """The Starlette app over the graph: the endpoint, the JSON API, the explorer's pages."""
    from immunokg.graph.serve import api, pages, sparql

    engine = Engine(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        if start_workers:
            await run_in_threadpool(engine.pool.start)
        gc.freeze()  # modules, templates and routes live as long as the server
        log.info("serving %s with %d query workers", settings.graph_dir, settings.workers)
        try:
            yield
        finally:
            engine.pool.close()

    app = Starlette(
        routes=[*sparql.routes(), *api.routes(), *pages.routes()],
        middleware=[
            Middleware(RequestLog),
            Middleware(WatchDisconnect),
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
                max_age=3600,
            ),
            # Level 3: a common cancer's drug list (400 KB of JSON) in 1.3 ms, not 8.6 ms at
            # level 9, for 25 KB instead of 20 KB; the web process has every request to serve.
            Middleware(GZipMiddleware, minimum_size=1000, compresslevel=3),
        ],
        exception_handlers={Failure: pages.failure_response},
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.triples = read_record(settings.graph_dir).get("graph", {}).get("triples", 0)
    return app


# Seconds that requests under way get to finish when the server is told to stop; a queue of
# slow requests would otherwise hold Ctrl-C or SIGTERM for as long as it takes to drain.
SHUTDOWN_GRACE = 5


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7878) -> None:
    """Run the server until interrupted (Ctrl-C stops the workers too)."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = make_app(settings)
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="info",
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )
