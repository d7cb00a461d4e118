"""A SHACL result as users read it: violations grouped by shape, the same from either engine."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from rdflib import Graph, URIRef

from immunokg.graph.rdf.namespace import bind_prefixes

SHAPES_NS = "https://w3id.org/immunokg/shapes#"
EXAMPLES = 3

Violation = tuple[str, str, str]


@dataclass(frozen=True)
class ShapeViolations:
    """The violations one shape reported: how many, in which words, on which nodes."""

    shape: str
    count: int
    messages: tuple[str, ...]
    focus_nodes: tuple[str, ...]


@dataclass(frozen=True)
class ValidationReport:
    """The SHACL result of a graph, with violations grouped by shape (sorted by shape name)."""

    conforms: bool
    groups: tuple[ShapeViolations, ...] = ()

    @property
    def violations(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def shapes(self) -> tuple[str, ...]:
        return tuple(group.shape for group in self.groups)

    def text(self, examples: int = EXAMPLES) -> str:
        """The report as users read it: 'conforms', or each shape with count, message, nodes."""
        if self.conforms:
            return "conforms"
        lines = [f"does not conform: {self.violations} violation(s) of {len(self.groups)} shape(s)"]
        for group in self.groups:
            lines.append(f"{group.shape}: {group.count} violation(s)")
            lines.extend(f"  {message}" for message in group.messages)
            shown = group.focus_nodes[:examples]
            more = len(group.focus_nodes) - len(shown)
            lines.append("  focus: " + ", ".join(shown) + (f" (+{more} more)" if more else ""))
        return "\n".join(lines)

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready summary for build.json."""
        return {
            "conforms": self.conforms,
            "violations": self.violations,
            "shapes": {group.shape: group.count for group in self.groups},
        }


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The bundled shapes graph (ontology/shapes.ttl)."""
    resource = files("immunokg.ontology") / "shapes.ttl"
    return Graph().parse(data=resource.read_text(encoding="utf-8"), format="turtle")


def report_from(items: list[Violation], conforms: bool = True) -> ValidationReport:
    """Group violations by shape; focus IRIs are shortened with the graph model's prefixes."""
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    names = bind_prefixes(Graph()).namespace_manager
    for shape, focus, message in items:
        short = URIRef(focus[1:-1]).n3(names) if focus.startswith("<") else focus
        grouped[shape].append((short, message))
    groups = tuple(
        ShapeViolations(
            shape=shape,
            count=len(found),
            messages=tuple(sorted({message for _, message in found if message})),
            focus_nodes=tuple(sorted({focus for focus, _ in found})),
        )
        for shape, found in sorted(grouped.items())
    )
    return ValidationReport(conforms=conforms and not groups, groups=groups)
