"""Where the picture puts nodes and their labels: rings by hop, springs, room for every label."""

from __future__ import annotations

import math

from immunokg.graph.concept_graph import ConceptGraph

Positions = dict[str, tuple[float, float]]


def rings(concepts: ConceptGraph, distances: dict[str, int]) -> Positions:
    """The centre in the middle, each further hop on a wider ring; rings turned to spread labels."""
    groups: dict[int, list[str]] = {}
    farthest = max(distances.values(), default=0)
    for node in concepts.nodes:
        groups.setdefault(distances.get(node.id, farthest), []).append(node.id)
    positions: Positions = {}
    for ring, names in enumerate(sorted(groups[key]) for key in sorted(groups)):
        if ring == 0 and len(names) == 1:
            positions[names[0]] = (0.0, 0.0)
            continue
        radius = float(ring or 1)
        for index, name in enumerate(names):
            angle = 0.5 * ring + 2 * math.pi * index / len(names)
            positions[name] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def relax(concepts: ConceptGraph, start: Positions, centre: str | None) -> Positions:
    """Spring forces from the rings (centre pinned, fixed seed), then no two nodes too close."""
    import networkx as nx

    if len(start) < 4:
        return start
    network = nx.Graph()
    network.add_nodes_from(sorted(start))
    network.add_edges_from(sorted((edge.source, edge.target) for edge in concepts.edges))
    moved = nx.spring_layout(
        network,
        pos=start,
        fixed=[centre] if centre in start else None,
        k=3.0 / math.sqrt(len(start)),
        iterations=150,
        seed=7,
    )
    positions = {node: (float(x), float(y)) for node, (x, y) in sorted(moved.items())}
    return separate(positions, centre, minimum=0.9 / math.sqrt(len(start)) + 0.15)


def separate(positions: Positions, pinned: str | None, minimum: float) -> Positions:
    """Push apart every pair of nodes closer than ``minimum`` (the pinned node stays put)."""
    points = {node: list(xy) for node, xy in positions.items()}
    names = sorted(points)
    for _ in range(60):
        moved = False
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                (x1, y1), (x2, y2) = points[first], points[second]
                gap = math.hypot(x2 - x1, y2 - y1)
                if gap >= minimum:
                    continue
                moved = True
                ux, uy = ((x2 - x1) / gap, (y2 - y1) / gap) if gap else (1.0, 0.0)
                push = (minimum - gap) / (1 if pinned in (first, second) else 2)
                if first != pinned:
                    points[first] = [x1 - ux * push, y1 - uy * push]
                if second != pinned:
                    points[second] = [x2 + ux * push, y2 + uy * push]
        if not moved:
            break
    return {node: (x, y) for node, (x, y) in points.items()}


def label_directions(concepts: ConceptGraph, positions: Positions) -> dict[str, float]:
    """For each node, the angle of the widest gap between its edges: where its label goes."""
    angles: dict[str, list[float]] = {node.id: [] for node in concepts.nodes}
    for edge in concepts.edges:
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        angles[edge.source].append(math.atan2(y2 - y1, x2 - x1))
        angles[edge.target].append(math.atan2(y1 - y2, x1 - x2))
    directions = {}
    for node_id, around in angles.items():
        if not around:
            directions[node_id] = -math.pi / 2
            continue
        ordered = sorted(around)
        gaps = [
            ((ordered[(i + 1) % len(ordered)] - angle) % (2 * math.pi) or 2 * math.pi, angle)
            for i, angle in enumerate(ordered)
        ]
        width, start = max(gaps)
        directions[node_id] = start + width / 2
    return directions
