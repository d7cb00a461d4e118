"""The server's parts on their own: format negotiation, answers within the row cap, marked
mentions, the bundled Cytoscape.js, and a CLI that does not import the web stack."""

from __future__ import annotations

import asyncio
import hashlib
import json
import subprocess
import sys
import threading
import time
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import pytest

from immunokg.graph.ask.limits import Limits, TooManyRows
from immunokg.graph.rdf.name_index import NameIndex
from immunokg.graph.serve.app import WatchDisconnect
from immunokg.graph.serve.engine import CLIENT_GONE, Engine, Settings
from immunokg.graph.serve.highlight import mention_spans, segments
from immunokg.graph.serve.results import GRAPH_FORMATS, SOLUTION_FORMATS, choose, write_answer
from immunokg.graph.serve.workers import Dropped, JobError

SERVE = files("immunokg.graph.serve")


@pytest.mark.parametrize(
    ("wanted", "name"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("text/csv", "csv"),
        ("text/html, application/sparql-results+xml;q=0.9, */*;q=0.8", "xml"),
        ("application/sparql-results+json;q=0.2, text/tab-separated-values", "tsv"),
        ("image/png", "json"),
        ("csv", "csv"),
        ("TSV", "tsv"),
    ],
)
def test_solution_format_chosen_by_accept_or_name(wanted, name):
    assert choose(SOLUTION_FORMATS, wanted).name == name


def test_graph_format_chosen_by_accept():
    assert choose(GRAPH_FORMATS, "application/sparql-results+json").name == "turtle"
    assert choose(GRAPH_FORMATS, "application/n-triples").name == "ntriples"
    assert choose(GRAPH_FORMATS, "application/ld+json").name == "jsonld"


def _store(triples: int) -> ox.Store:
    store = ox.Store()
    for i in range(triples):
        store.add(
            ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"a\tb\n{i}"))
        )
    return store


def test_an_answer_at_the_cap_is_written_whole_in_every_format():
    store = _store(5)
    for fmt in SOLUTION_FORMATS:
        media_type, body = write_answer(store.query("SELECT * { ?s ?p ?o }"), fmt.name, 5)
        assert media_type == fmt.media_type
        if fmt.name != "csv":
            parsed = ox.parse_query_results(body, getattr(ox.QueryResultsFormat, fmt.oxigraph))
            assert sorted(row["o"].value for row in parsed) == [f"a\tb\n{i}" for i in range(5)]


def test_an_answer_over_the_cap_is_refused_in_every_format():
    store = _store(6)
    for fmt in SOLUTION_FORMATS:
        with pytest.raises(TooManyRows, match="more than 5 rows"):
            write_answer(store.query("SELECT * { ?s ?p ?o }"), fmt.name, 5)
    for fmt in GRAPH_FORMATS:
        with pytest.raises(TooManyRows, match="more than 5 triples"):
            write_answer(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), fmt.name, 5)


def test_mentions_are_found_by_any_name_of_the_entity_longest_first():
    names = NameIndex(
        {
            "keytruda": {"urn:pembro": 1},
            "pembrolizumab": {"urn:pembro": 0},
            "pd1": {"urn:pd1": 0},
            "pd1 inhibitor": {"urn:class": 0},
        },
        {},
    )
    keys = frozenset(names.by_key)
    sentence = "Keytruda (pembrolizumab) is a PD-1 inhibitor; it blocks PD1."
    spans = mention_spans(sentence, names, keys, {"urn:pembro", "urn:pd1"})
    # "PD-1 inhibitor" names the class, not a wanted entity: its "PD-1" names the target.
    assert [sentence[a:b] for a, b in spans] == ["Keytruda", "pembrolizumab", "PD-1", "PD1"]
    marked = [text for text, mark in segments(sentence, spans) if mark]
    assert marked == ["Keytruda", "pembrolizumab", "PD-1", "PD1"]
    class_only = mention_spans(sentence, names, keys, {"urn:class"})
    assert [sentence[a:b] for a, b in class_only] == ["PD-1 inhibitor"]
    assert "".join(text for text, _ in segments(sentence, spans)) == sentence


def test_the_bundled_cytoscape_is_the_one_recorded_with_its_licence():
    vendor = SERVE / "static" / "vendor"
    record = json.loads((vendor / "VENDOR.json").read_text(encoding="utf-8"))["cytoscape"]
    script = (vendor / record["file"]).read_bytes()
    assert hashlib.sha256(script).hexdigest() == record["sha256"]
    assert record["license"] == "MIT"
    assert "Permission is hereby granted" in (vendor / record["license_file"]).read_text()


def test_pages_load_nothing_from_other_hosts():
    for template in (SERVE / "templates").iterdir():
        text = template.read_text(encoding="utf-8")
        assert 'src="http' not in text and 'href="http' not in text.replace('href="{{', ""), (
            template.name
        )


def test_help_and_lookups_do_not_import_the_web_stack(tmp_path):
    code = (
        "import sys\n"
        "from immunokg.graph.cli.main import main\n"
        "try:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\n"
        "import immunokg.graph.ask.lookup\n"
        "web = ('starlette', 'uvicorn', 'jinja2', 'httpx', 'immunokg.graph.serve')\n"
        "print(sorted(m for m in web if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_entity_page_shows_whatever_marks_the_data_carries():
    """Marks the lookups add to a relation or an evidence record (own or class-level, asserted
    by the ontology ...) are shown by name, without the page knowing them in advance."""
    from types import SimpleNamespace

    from immunokg.graph.serve.pages import LIST_BY_TYPE, TYPE_NAMES, templates

    evidence = {"sentence": "X is a Y.", "document": "d1", "rule": "r1", "antecedent": "X"}
    evidence |= {"segments": [("X", True), (" is a Y.", False)], "spans": [{"start": 0}]}
    card = {
        "id": "IMMUNOKG:x",
        "label": "X",
        "types": ["Drug"],
        "synonyms": [],
        "identifiers": [],
        "found_by": ["lexicon"],
        "documents": {"d1": {"title": "A page", "publisher": "", "source": "https://e.org/p"}},
        "through_classes": [],
        "relations": [
            {
                "subject": "X",
                "relation": "in_class",
                "object": "Y",
                "direction": "out",
                "status": "stated",
                "level": "class",
                "asserted_by": "ontology",
                "source": "https://ncit.example/C1",
                "evidence": [evidence],
            }
        ],
    }
    request = SimpleNamespace(query_params={}, url=SimpleNamespace(path="/entity/X"))
    html = templates.get_template("entity.html").render(
        request=request, card=card, by_type=LIST_BY_TYPE, type_names=TYPE_NAMES
    )
    assert '<span class="mark class-level" title="level">level: class</span>' in html
    assert "asserted by: ontology" in html
    assert '<a class="mark" href="https://ncit.example/C1" rel="external">source</a>' in html
    assert "antecedent: X" in html and "spans" not in html
    assert '<a href="https://e.org/p" rel="external">A page</a>' in html
    assert "<mark>X</mark> is a Y." in html


class _SlowPool:
    """A stand-in for the worker pool: each job takes a moment and is counted."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def call(self, job: str, drop: object = None, /, **kwargs: object) -> object:
        import time

        self.calls.append((job, kwargs))
        time.sleep(0.2)
        if job == "fail":
            raise JobError("UnknownNameError", "no entity named 'x'")
        return {"job": job, **kwargs}


def _engine(pool: _SlowPool) -> Engine:
    engine = Engine(Settings(Path(), Limits(5, 100), workers=1, cache=0))
    engine.pool = pool  # type: ignore[assignment]
    return engine


def test_requests_for_a_job_under_way_share_its_run():
    pool = _SlowPool()
    engine = _engine(pool)

    async def together():
        return await asyncio.gather(
            engine.run("drugs", target="PD-1"),
            engine.run("drugs", target="PD-1"),
            engine.run("drugs", target="CTLA-4"),
        )

    first, second, other = asyncio.run(together())
    assert first == second == {"job": "drugs", "target": "PD-1"}
    assert other == {"job": "drugs", "target": "CTLA-4"}
    assert len(pool.calls) == 2
    assert (engine.misses, engine.shared, engine.running) == (2, 1, {})


def test_a_shared_run_that_fails_fails_every_request_for_it():
    pool = _SlowPool()
    engine = _engine(pool)

    async def together():
        return await asyncio.gather(
            engine.run("fail", name="x"), engine.run("fail", name="x"), return_exceptions=True
        )

    answers = asyncio.run(together())
    assert [(a.status, a.message) for a in answers] == [(404, "no entity named 'x'")] * 2
    assert len(pool.calls) == 1


class _OneWorker:
    """A stand-in pool of one worker: jobs take turns, and a dropped one is not run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ran: list[str] = []

    def call(self, job: str, drop: threading.Event | None = None, /, **kwargs: str) -> str:
        with self.lock:
            if drop is not None and drop.is_set():
                raise Dropped("every client went away")
            self.ran.append(kwargs["name"])
            time.sleep(0.3)
            return kwargs["name"]


def test_a_job_whose_clients_all_went_away_is_dropped_before_it_runs():
    pool = _OneWorker()
    engine = _engine(pool)  # type: ignore[arg-type]

    async def client(name: str, gone: asyncio.Event) -> object:
        CLIENT_GONE.set(gone)  # as WatchDisconnect sets it for each GET
        return await engine.run("entity", name=name)

    async def scenario() -> list[object]:
        busy = asyncio.ensure_future(client("busy", asyncio.Event()))
        await asyncio.sleep(0.05)
        left, left_too, stays = asyncio.Event(), asyncio.Event(), asyncio.Event()
        waiting = [
            asyncio.ensure_future(client("abandoned", left)),
            asyncio.ensure_future(client("shared", left_too)),
            asyncio.ensure_future(client("shared", stays)),
        ]
        await asyncio.sleep(0.05)
        left.set()
        left_too.set()
        return await asyncio.gather(busy, *waiting, return_exceptions=True)

    busy, abandoned, shared_left, shared_stays = asyncio.run(scenario())
    assert busy == "busy" and shared_stays == "shared"
    assert abandoned.status == shared_left.status == 499  # type: ignore[union-attr]
    # the abandoned job never reached the worker; the shared one ran for the client that stayed
    assert pool.ran == ["busy", "shared"]
    assert (engine.dropped, engine.misses, engine.shared) == (1, 3, 1)


def test_the_disconnect_of_a_get_reaches_the_job_it_waits_for():
    seen: list[bool] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        gone = CLIENT_GONE.get()
        assert gone is not None and (await receive())["type"] == "http.request"
        await asyncio.wait_for(gone.wait(), 1)
        seen.append(gone.is_set())

    async def receive_then_leave(messages=[{"type": "http.request", "body": b""}]):  # noqa: B006
        if messages:
            return messages.pop()
        await asyncio.sleep(0.05)
        return {"type": "http.disconnect"}

    scope = {"type": "http", "method": "GET", "path": "/api/entity/x"}
    asyncio.run(WatchDisconnect(app)(scope, receive_then_leave, None))
    assert seen == [True]
