"""Each lookup kind timed in-process on a built graph: what a request to `serve` costs before HTTP.

Usage (from the repository root, on a graph built at 100x the seed corpus):

    python -m benchmarks.lookups --graph W/graph [--names 20] [--repeat 3] [--json OUT]

Names are drawn from the graph with a fixed seed (the same graph gives the same names), the
way `benchmarks.load` draws them: for each kind, ``--names`` entities of the type it asks
about. Each lookup runs once to warm up, then ``--repeat`` times; the table gives, per kind,
the median over names of each name's median, the 95th percentile and the slowest, in ms.
The store is opened once, as the server holds it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import timings

NAMES = """SELECT ?label ?type WHERE { ?e a ?t ; skos:prefLabel ?label . FILTER(?t = ?type) }
ORDER BY ?label"""


def kinds() -> dict[str, tuple[str, Callable[[Any, str], Any]]]:
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


def sample(store: Any, type_name: str, count: int, seed: int) -> list[str]:
    from pyoxigraph import NamedNode, Variable

    from immunokg.graph.ask.query import IKG, PREFIXES

    type_term = NamedNode(IKG + type_name)
    rows = store.query(NAMES, prefixes=PREFIXES, substitutions={Variable("type"): type_term})
    labels = sorted({row["label"].value for row in rows})
    return random.Random(f"{seed}:{type_name}").sample(labels, min(count, len(labels)))


def measure(graph: Path, names: int, repeat: int, seed: int) -> dict[str, dict[str, float]]:
    from immunokg.graph.ask.query import open_graph

    store = open_graph(graph)
    figures: dict[str, dict[str, float]] = {}
    for kind, (type_name, ask) in kinds().items():
        per_name = [
            timings(lambda name=name, ask=ask: ask(store, name), repeat)["median"] * 1000
            for name in sample(store, type_name, names, seed)
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


def table(figures: dict[str, dict[str, float]]) -> str:
    lines = ["| lookup | names | median ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for kind, row in figures.items():
        cells = [f"{row[key]:,.1f}" for key in ("median_ms", "p95_ms", "max_ms")]
        lines.append(f"| {kind} | {row['names']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--names", type=int, default=20, help="names per lookup kind")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per name")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = measure(args.graph, args.names, args.repeat, args.seed)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
