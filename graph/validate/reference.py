"""SHACL validation of a graph against ontology/shapes.ttl, reported by shape in plain words."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.util import guess_format

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.build.triples import bind_prefixes

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


def validate(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Run pySHACL (no inference) on ``graph`` and group its results by shape."""
    conforms, items = violations(graph, shapes)
    return report_from(items, conforms)


def violations(graph: Graph, shapes: Graph | None = None) -> tuple[bool, list[Violation]]:
    """pySHACL's verdict and its results as (shape name, focus node, message) triples.

    The focus node is in N-Triples form for IRIs (``<...>``), else its plain value.
    """
    import pyshacl

    shapes_graph = load_shapes() if shapes is None else shapes
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", inplace=True, advanced=True
    )
    items = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = _named_shape(results.value(result, SH.sourceShape), shapes_graph)
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        focus_text = focus.n3() if isinstance(focus, URIRef) else str(focus)
        items.append((shape, focus_text, str(message) if message is not None else ""))
    return bool(conforms), items


def validate_file(path: str | Path, engine: str = "pyshacl") -> ValidationReport:
    """Validate an RDF file (Turtle, N-Triples, RDF/XML, JSON-LD ... by its extension)."""
    path = Path(path)
    rdf_format = guess_format(str(path)) or "turtle"
    graph = Graph()
    try:
        graph.parse(str(path), format=rdf_format)
    except FileNotFoundError as error:
        raise ImmunokgError(f"{path}: no such file") from error
    except Exception as error:  # rdflib raises many parser-specific types
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ImmunokgError(f"{path}: cannot parse as {rdf_format}: {first}") from error
    if engine == "fast":
        from immunokg.graph.rdf.store import to_ntriples
        from immunokg.graph.validate.fast import validate_lines

        return validate_lines(to_ntriples(graph))
    return validate(graph)


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


def _named_shape(shape: Any, shapes: Graph) -> str:
    """The shape's short name; a blank property shape is named by the shape that holds it."""
    seen = 0
    while isinstance(shape, BNode) and seen < 10:
        parent = next(shapes.subjects(SH.property, shape), None) or next(
            shapes.subjects(SH.sparql, shape), None
        )
        if parent is None:
            break
        shape, seen = parent, seen + 1
    text = str(shape)
    return text[len(SHAPES_NS) :] if text.startswith(SHAPES_NS) else text
