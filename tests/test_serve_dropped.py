"""A real server drops a queued job whose client gave up, instead of running it later."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from serve_support import running_server

# Several seconds of work on the seed graph (a cross product walked to a far offset).
SLOW = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1 OFFSET 20000000"


@pytest.fixture
def one_worker(seed_graph_dir, tmp_path):
    options = ["--workers", "1", "--timeout", "120"]
    with running_server(seed_graph_dir, tmp_path / "serve.log", options) as running:
        yield running


def test_a_client_that_gives_up_in_the_queue_has_its_job_dropped(one_worker):
    url = one_worker.url
    slow: list[int] = []
    busy = threading.Thread(
        target=lambda: slow.append(
            httpx.get(url + "/sparql", params={"query": SLOW}, timeout=120).status_code
        )
    )
    busy.start()
    time.sleep(1.0)  # the slow query has the only worker by now
    try:
        with pytest.raises(httpx.TimeoutException):  # queued behind the slow query: give up
            httpx.get(url + "/api/entity/nivolumab", timeout=0.5)
    finally:
        busy.join()
    assert slow == [200], "the slow query must outlast the client that gave up"
    cache = httpx.get(url + "/api/status", timeout=10).json()["cache"]
    assert cache["dropped"] == 1 and cache["kept"] == 1  # only the slow query's answer
    assert '"GET /api/entity/nivolumab" 499' in one_worker.log_text()
    again = httpx.get(url + "/api/entity/nivolumab", timeout=30)
    assert again.status_code == 200 and again.json()["label"] == "nivolumab"
