"""Measurements on a built graph: named queries (Oxigraph vs rdflib), a lookup's process, exports,
and each lookup kind in-process (`python -m benchmarks.measure --graph W/graph`, see main)."""

from __future__ import annotations

import argparse
import json
import random
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


LABELS_OF_TYPE = """SELECT ?label ?type WHERE { ?e a ?t ; skos:prefLabel ?label . FILTER(?t = ?type) }
ORDER BY ?label"""


def lookup_kinds() -> dict[str, tuple[str, Callable[[Any, str], Any]]]:
    """Lookup kind: (the entity type it is asked about, how it is asked)."""
    from immunokg.graph.ask import lookup

    return {
        "drugs --target": ("Target", lambda s, n: lookup.drugs(s, target=n)),
        "drugs --treats": ("CancerType", lambda s, n: lookup.drugs(s, treats=n)),
        "drugs --drug-class": ("DrugClass", lambda s, n: lookup.drugs(s, drug_class=n)),
        "drugs --side-effect": ("SideEffect", lambda s, n: lookup.drugs(s, side_effect=n)),
        "show (drug)": ("Drug", lookup.entity_card),
        "targets of (drug)": ("Drug", lookup.targets_of),
        "side effects of (drug)": ("Drug", lookup.side_effects),
        "targets of (class)": ("DrugClass", lookup.targets_of),
        "ask: side effects of": ("Drug", lambda s, n: lookup.ask(s, f"side effects of {n}")),
    }


def sample_names(store: Any, type_name: str, count: int, seed: int) -> list[str]:
    from pyoxigraph import NamedNode, Variable

    from immunokg.graph.ask.query import IKG, PREFIXES

    type_term = NamedNode(IKG + type_name)
    rows = store.query(
        LABELS_OF_TYPE, prefixes=PREFIXES, substitutions={Variable("type"): type_term}
    )
    labels = sorted({row["label"].value for row in rows})
    return random.Random(f"{seed}:{type_name}").sample(labels, min(count, len(labels)))


def time_lookups(graph: Path, names: int, repeat: int, seed: int) -> dict[str, dict[str, float]]:
    from immunokg.graph.ask.query import open_graph

    store = open_graph(graph)
    figures: dict[str, dict[str, float]] = {}
    for kind, (type_name, ask) in lookup_kinds().items():
        per_name = [
            timings(lambda name=name, ask=ask: ask(store, name), repeat)["median"] * 1000
            for name in sample_names(store, type_name, names, seed)
        ]
        per_name.sort()
        figures[kind] = {
            "names": len(per_name),
            "median_ms": statistics.median(per_name),
            "p95_ms": per_name[min(len(per_name) - 1, round(0.95 * (len(per_name) - 1)))],
            "max_ms": per_name[-1],
        }
    every = timings(lambda: _all_drugs(store), repeat)["median"] * 1000
    figures["drugs (all)"] = {"names": 1, "median_ms": every, "p95_ms": every, "max_ms": every}
    return figures


def _all_drugs(store: Any) -> Any:
    from immunokg.graph.ask.lookup import drugs

    return drugs(store)


def lookup_table(figures: dict[str, dict[str, float]]) -> str:
    lines = ["| lookup | names | median ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for kind, row in figures.items():
        cells = [f"{row[key]:,.1f}" for key in ("median_ms", "p95_ms", "max_ms")]
        lines.append(f"| {kind} | {row['names']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Each lookup kind timed in-process on a built graph: what a request to `serve` costs
    before HTTP.

    Usage (from the repository root, on a graph built at 100x the seed corpus):

        python -m benchmarks.measure --graph W/graph [--names 20] [--repeat 3] [--json OUT]

    Names are drawn from the graph with a fixed seed (the same graph gives the same names), the
    way `benchmarks.load` draws them: for each kind, ``--names`` entities of the type it asks
    about. Each lookup runs once to warm up, then ``--repeat`` times; the table gives, per kind,
    the median over names of each name's median, the 95th percentile and the slowest, in ms.
    The store is opened once, as the server holds it.
    """
    parser = argparse.ArgumentParser(
        description="Each lookup kind timed in-process on a built graph."
    )
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--names", type=int, default=20, help="names per lookup kind")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per name")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = time_lookups(args.graph, args.names, args.repeat, args.seed)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(lookup_table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
