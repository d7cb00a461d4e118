"""Layout of the picture: rings by hop, nodes kept apart, labels in the widest gap."""

from __future__ import annotations

import math

from export_support import fixture_graph

from immunokg.graph.export.concept_graph import read_concept_graph
from immunokg.graph.export.draw_layout import label_directions, place_labels, rings, separate


def test_layout_puts_the_centre_in_the_middle_and_nodes_apart() -> None:
    concepts = read_concept_graph(fixture_graph())
    distances = {"IMMUNOKG:pd-1": 0, "IMMUNOKG:pembrolizumab": 1, "IMMUNOKG:nivolumab": 1}
    small = type(concepts)(
        nodes=tuple(node for node in concepts.nodes if node.id in distances),
        edges=tuple(e for e in concepts.edges if {e.source, e.target} <= set(distances)),
    )
    positions = rings(small, distances)
    assert positions["IMMUNOKG:pd-1"] == (0.0, 0.0)
    assert positions["IMMUNOKG:pembrolizumab"] != positions["IMMUNOKG:nivolumab"]
    # pd-1's label goes into the widest gap between its two edges, not onto either of them
    direction = label_directions(small, positions)["IMMUNOKG:pd-1"]
    for neighbour in ("IMMUNOKG:pembrolizumab", "IMMUNOKG:nivolumab"):
        x, y = positions[neighbour]
        gap = abs((math.atan2(y, x) - direction + math.pi) % (2 * math.pi) - math.pi)
        assert gap > math.pi / 4


def test_nodes_too_close_are_pushed_apart_and_the_pinned_one_stays() -> None:
    start = {"a": (0.0, 0.0), "b": (0.05, 0.0), "c": (0.0, 0.08)}
    moved = separate(start, "a", minimum=0.5)
    assert moved["a"] == (0.0, 0.0)
    for first, second in (("a", "b"), ("a", "c"), ("b", "c")):
        (x1, y1), (x2, y2) = moved[first], moved[second]
        assert math.hypot(x2 - x1, y2 - y1) >= 0.5 - 1e-9


def test_a_label_keeps_clear_of_edges_and_other_nodes() -> None:
    from immunokg.graph.export.concept_graph import ConceptGraph, Edge, Node

    nodes = tuple(Node(name, name, name, "Drug") for name in ("a", "b", "c"))
    edges = (Edge("1", "a", "b", "targets"), Edge("2", "a", "c", "targets"))
    # b to the right of a, c above it: a's label belongs down or to the left
    positions = {"a": (0.0, 0.0), "b": (200.0, 0.0), "c": (0.0, 200.0)}
    concepts = ConceptGraph(nodes=nodes, edges=edges)
    widths = {"a": 40.0, "b": 40.0, "c": 40.0}
    angle = place_labels(concepts, positions, widths, height=12.0, gap=20.0, radius=16.0)["a"]
    dx, dy = math.cos(angle), math.sin(angle)
    assert dx < 0.2 and dy < 0.2  # not towards b (right) nor towards c (up)
