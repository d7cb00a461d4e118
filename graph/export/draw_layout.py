"""Where the picture puts nodes and their labels: rings by hop, springs, room for every label."""

from __future__ import annotations

import math

from immunokg.graph.export.concept_graph import ConceptGraph

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


def _segment_distance(point: tuple[float, float], start, end) -> float:
    (px, py), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if not length else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def label_box(
    anchor: tuple[float, float], angle: float, width: float, height: float
) -> list[tuple[float, float]]:
    """Points of a label's box placed as the picture aligns it (left/right/centre of the anchor)."""
    dx, dy = math.cos(angle), math.sin(angle)
    x0 = anchor[0] if dx > 0.35 else anchor[0] - width if dx < -0.35 else anchor[0] - width / 2
    y0 = anchor[1] if dy > 0.35 else anchor[1] - height if dy < -0.35 else anchor[1] - height / 2
    return [(x0 + width * i / 4, y0 + height * j / 2) for i in range(5) for j in range(3)]


def place_labels(
    concepts: ConceptGraph,
    positions: Positions,
    widths: dict[str, float],
    height: float,
    gap: float,
    radius: float,
) -> dict[str, float]:
    """For each node, the label direction (of 16) whose box keeps farthest from every edge,
    other node and label already placed; near-ties go to the widest gap between its edges.

    All lengths are in one unit (the picture uses points), so angles are true angles.
    """
    preferred = label_directions(concepts, positions)
    segments = [(positions[e.source], positions[e.target]) for e in concepts.edges]
    placed: list[tuple[float, float]] = []
    chosen = {}
    for node_id in sorted(positions):
        x, y = positions[node_id]
        others = [xy for other, xy in positions.items() if other != node_id]
        best, best_score = preferred[node_id], -math.inf
        for step in range(16):
            angle = preferred[node_id] + 2 * math.pi * step / 16
            anchor = (x + gap * math.cos(angle), y + gap * math.sin(angle))
            box = label_box(anchor, angle, widths.get(node_id, 0.0), height)
            clear = min(
                [_segment_distance(p, a, b) for p in box for a, b in segments]
                + [math.hypot(p[0] - q[0], p[1] - q[1]) - radius for p in box for q in others]
                + [math.hypot(p[0] - q[0], p[1] - q[1]) for p in box for q in placed]
                or [math.inf]
            )
            score = min(clear, 4 * height) - 0.01 * height * min(step, 16 - step)
            if score > best_score:
                best, best_score = angle, score
        chosen[node_id] = best
        anchor = (x + gap * math.cos(best), y + gap * math.sin(best))
        placed.extend(label_box(anchor, best, widths.get(node_id, 0.0), height))
    return chosen
