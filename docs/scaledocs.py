"""The figures of docs/scaling.md, worked out from docs/scale_out.json (benchmarks/scale_out.py).

Called from cog blocks: every number on that page comes from the measured runs, and says
which run made it, so the page cannot drift from the measurements.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import cog  # type: ignore[import-not-found]

FIGURES = Path(__file__).resolve().parent / "scale_out.json"
TARGET = 1000  # times the largest measured corpus


def figures() -> dict[str, Any]:
    return json.loads(FIGURES.read_text(encoding="utf-8"))


def _run(run: dict[str, Any]) -> str:
    return f"`{run['command']}`, {run['date']}, load {run['load_before']:.1f}"


def _scale(data: dict[str, Any], n: int) -> dict[str, Any]:
    return next(row for row in data["memory"] if row["n"] == n)


def provenance() -> None:
    data = figures()
    info = data["machine"]
    cog.outl(
        "Measured by "
        + " then ".join(f"`python -m benchmarks.scale_out {a}`" for a in data.get("arguments", []))
        + " "
        f"at commit {data['commit']} on {info['cpu']} ({info['cores']} cores, "
        f"{info['ram_gb']} GB RAM), a machine shared with other work (the load average "
        "before each run is given with it; with 2 cores, a load above 2 means the run "
        "waited for CPU, so times are upper bounds)."
    )


def measured() -> None:
    """The inputs of the plan, each with its run."""
    data = figures()
    base = _largest_built(data)
    big = _scale(data, base)
    dask = data["overhead"]["dask"]
    local = data["overhead"]["local"]
    words_100 = _words(data, data["overhead"]["n"])
    cluster = dask.get("cluster") or {}
    rate = _worker_rate(data)
    rows = [
        (
            "extraction per Dask worker",
            f"{rate:,.0f} words/s",
            f"{words_100:,} words in {dask['stages']['extract']:.1f} s on "
            f"{cluster.get('workers', 2)} workers ({_run(dask)})",
        ),
        (
            "Dask's overhead on one machine",
            f"{dask['seconds'] / local['seconds']:.2f}x",
            f"{dask['seconds']:.1f} s against {local['seconds']:.1f} s ({_run(local)})",
        ),
        (
            "a worker's peak memory",
            f"{cluster.get('worker_peak_rss_mb') or 0:,.0f} MB",
            f"tasks of {cluster.get('task_bytes', 0) / 1024:,.0f} KB ({_run(dask)})",
        ),
    ]
    for row in data["memory"]:
        rows.append(
            (
                f"build at {row['n']}x, peak memory",
                f"{row['streamed']['peak_rss_mb']:,.0f} MB",
                f"{row['words']:,} words, {row['streamed']['seconds']:,.0f} s ({_run(row['streamed'])})"
                + (
                    " — stopped in SHACL, see benchmarks.md"
                    if row["streamed"].get("status")
                    else ""
                ),
            )
        )
    rows.append(
        (
            f"stages after extraction at {base}x",
            f"{_serial_seconds(big['streamed']):,.0f} s",
            "merge, sort and write graph.nt, load the store, SHACL, name index "
            f"({_run(big['streamed'])})",
        )
    )
    rows.append(
        (
            f"graph at {base}x",
            f"{big['streamed']['triples']:,} triples",
            f"graph.nt {big['streamed']['nt_bytes'] / 1e9:,.2f} GB",
        )
    )
    if data.get("push"):
        push = data["push"]
        rows.append(
            (
                f"push of the {push['n']}x graph",
                f"{push['triples_per_second']:,.0f} triples/s",
                f"{push['triples']:,} triples, server store {push['store_bytes'] / 1e9:,.2f} GB "
                f"({_run(push['run'])})",
            )
        )
    _table(("figure", "value", "from the run"), rows)


def plan() -> None:
    """A corpus TARGET times the largest measured one, worked out from the figures."""
    data = figures()
    base = _largest_built(data)
    big = _scale(data, base)["streamed"]
    words = _words(data, base) * TARGET
    rate = _worker_rate(data)
    workers = math.ceil(words / (rate * 3600))
    serial = _serial_seconds(big) * TARGET
    triples = big["triples"] * TARGET
    cluster = data["overhead"]["dask"].get("cluster") or {}
    rows = [
        ("corpus", f"{words / 1e9:,.1f} billion words ({TARGET}x the {base}x corpus)"),
        ("Dask workers for one hour of extraction", f"{workers:,} (at {rate:,.0f} words/s each)"),
        (
            "memory per worker",
            f"{cluster.get('worker_peak_rss_mb') or 0:,.0f} MB measured; plan 1 GB",
        ),
        (
            "the build process (merge, graph.nt, store, SHACL)",
            f"{serial / 3600:,.0f} hours on one core at the measured rate, memory bounded "
            f"({big['peak_rss_mb']:,.0f} MB at {base}x)",
        ),
        (
            "graph",
            f"{triples / 1e9:,.1f} billion triples, graph.nt {big['nt_bytes'] * TARGET / 1e12:,.1f} TB",
        ),
    ]
    if data.get("push"):
        push = data["push"]
        per_triple = push["store_bytes"] / push["triples"]
        rows += [
            (
                "Oxigraph store",
                f"{triples * per_triple / 1e12:,.1f} TB ({per_triple:,.0f} bytes a triple as measured)",
            ),
            (
                "push at the measured rate",
                f"{triples / push['triples_per_second'] / 3600:,.0f} hours",
            ),
        ]
    _table(("", "on paper"), rows)


def _largest_built(data: dict[str, Any]) -> int:
    """The largest scale whose build finished (its graph is what the plan scales up)."""
    return max(row["n"] for row in data["memory"] if row["streamed"].get("status", 0) == 0)


def _words(data: dict[str, Any], n: int) -> int:
    for row in data["memory"]:
        if row["n"] == n:
            return int(row["words"])
    return int(data["overhead"].get("words") or 0)


def _worker_rate(data: dict[str, Any]) -> float:
    dask = data["overhead"]["dask"]
    workers = (dask.get("cluster") or {}).get("workers", 2)
    return _words(data, data["overhead"]["n"]) / (dask["stages"]["extract"] * workers)


def _serial_seconds(run: dict[str, Any]) -> float:
    stages = run.get("stages") or {}
    return run["seconds"] - stages.get("extract", 0.0) - stages.get("read", 0.0)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    cog.outl("| " + " | ".join(header) + " |")
    cog.outl("|" + "---|" * len(header))
    for row in rows:
        cog.outl("| " + " | ".join(row) + " |")
