"""The reference engine: pySHACL run on an rdflib graph against ontology/shapes.ttl."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from immunokg.graph.validate.report import (
    SHAPES_NS,
    ValidationReport,
    Violation,
    load_shapes,
    report_from,
)


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
