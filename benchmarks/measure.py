"""Measurements on a built graph: named queries (Oxigraph vs rdflib), a lookup's process, exports."""

from __future__ import annotations

import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timings(function: Callable[[], Any], repeat: int, budget: float = 60.0) -> dict[str, Any]:
    """Median, min and max seconds over ``repeat`` runs after one warm-up run.

    A run slower than ``budget`` seconds is not repeated (its one time is reported).
    """
    clock = time.perf_counter()
    value = function()
    first = time.perf_counter() - clock
    if first > budget or repeat < 1:
        return {"median": first, "min": first, "max": first, "runs": 1, "value": value}
    times = []
    for _ in range(repeat):
        clock = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - clock)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "runs": len(times),
        "value": value,
    }


def example_params(example: str) -> dict[str, str]:
    """The ``-p NAME VALUE`` pairs of a query's documented example command."""
    tokens = shlex.split(example)
    params: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token in ("-p", "--param") and index + 2 < len(tokens):
            params[tokens[index + 1]] = tokens[index + 2]
    return params


def queries(graph_dir: Path, repeat: int, rdflib_max_triples: int, triples: int) -> dict[str, Any]:
    """Each named query's latency on the Oxigraph store, and on rdflib's in-memory Graph."""
    try:
        from immunokg.extract.errors import ImmunokgError
        from immunokg.graph.ask.query import bind_params, load_queries, run_query
        from immunokg.graph.rdf.store import load_graph, open_store
    except ImportError as error:
        return {"skipped": f"immunokg.graph.ask.query/store not importable ({error})"}
    store = open_store(graph_dir)
    named = load_queries()
    rows: dict[str, dict[str, Any]] = {}
    for name in sorted(named):
        params = example_params(named[name].example)
        try:
            measured = timings(lambda n=name, p=params: run_query(store, n, p), repeat)
        except ImmunokgError as error:  # the example itself fails on this graph
            rows[name] = {"params": params, "error": str(error)}
            continue
        result = measured.pop("value")
        rows[name] = {"params": params, "oxigraph": measured, "rows": len(result.rows)}
    out: dict[str, Any] = {"queries": rows}
    if triples > rdflib_max_triples:
        out["rdflib_skipped"] = (
            f"{triples:,} triples is over --rdflib-max-triples {rdflib_max_triples:,}"
        )
        return out
    graph_timing = timings(lambda: load_graph(graph_dir), 0)
    graph = graph_timing.pop("value")
    out["rdflib_load_seconds"] = graph_timing["median"]
    for name, row in rows.items():
        if "error" in row:
            continue
        query = named[name]
        bindings = {
            "_" + key: _to_rdflib(term)
            for key, term in bind_params(store, query, row["params"]).items()
        }
        measured = timings(
            lambda q=query, b=bindings: list(graph.query(q.text, initBindings=b)),
            min(repeat, 3),
        )
        row["rdflib"] = measured
        row["rdflib_rows"] = len(measured.pop("value"))
    return out


def _to_rdflib(term: Any) -> Any:
    from pyoxigraph import Literal, NamedNode
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype.endswith("#string"):
            return RdfLiteral(term.value)
        return RdfLiteral(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {term!r}")


def lookup_process(graph_dir: Path, repeat: int) -> dict[str, Any]:
    """Whole-process wall time of `immunokg drugs --target PD-1` next to `python -c "import rdflib"`."""
    script = Path(sys.executable).parent / "immunokg"
    command = str(script) if script.exists() else shutil.which("immunokg")
    if command is None:
        return {"skipped": "the immunokg command is not installed"}
    lookup = [command, "drugs", "--target", "PD-1", "--graph", str(graph_dir)]
    baseline = [sys.executable, "-c", "import rdflib"]
    check = subprocess.run(lookup, capture_output=True, text=True)
    if check.returncode != 0:
        first = (check.stderr.strip().splitlines() or ["no message"])[-1]
        return {"skipped": f"`immunokg drugs --target PD-1` failed: {first}"}
    out = {
        "lookup": timings(lambda: _run(lookup), repeat),
        "baseline": timings(lambda: _run(baseline), repeat),
        "lookup_lines": len(check.stdout.splitlines()),
    }
    out["lookup"].pop("value")
    out["baseline"].pop("value")
    return out


def _run(command: list[str]) -> None:
    subprocess.run(command, capture_output=True, check=True)


def exports(
    graph_dir: Path, out_dir: Path, repeat: int, rdflib_max_triples: int, triples: int
) -> dict[str, Any]:
    """Time `export` for graphml and turtle (each loads the graph from graph.nt, as the CLI does)."""
    try:
        from immunokg.graph.export.registry import export
    except ImportError as error:
        return {"skipped": f"immunokg.graph.export.registry not importable ({error})"}
    if triples > rdflib_max_triples:
        return {"skipped": f"{triples:,} triples is over --rdflib-max-triples"}
    out: dict[str, Any] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt, suffix in (("graphml", "graphml"), ("turtle", "ttl")):
        path = out_dir / f"graph.{suffix}"
        measured = timings(lambda f=fmt, p=path: export(graph_dir, f, p), min(repeat, 3))
        written = measured.pop("value")
        measured["bytes"] = sum(Path(p).stat().st_size for p in written)
        out[fmt] = measured
    return out
