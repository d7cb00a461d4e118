"""A picture of an entity's neighbourhood: nodes coloured by type, edges labelled by relation."""

from __future__ import annotations

import io
import math
from pathlib import Path

from rdflib import Graph, URIRef

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.concept_graph import ConceptGraph, read_concept_graph
from immunokg.graph.export_write import write_atomic
from immunokg.graph.namespace import ENTITY, curie

# One colour per entity type (colour-blind safe Okabe-Ito palette), shown in the legend.
TYPE_COLOURS: dict[str, str] = {
    "Drug": "#0072B2",
    "DrugClass": "#56B4E9",
    "Target": "#D55E00",
    "CancerType": "#CC79A7",
    "SideEffect": "#E69F00",
    "ImmuneCell": "#009E73",
}
FORMATS = ("svg", "png")


def _shells(concepts: ConceptGraph, distances: dict[str, int]) -> list[list[str]]:
    """Nodes grouped by distance from the centre, each ring sorted so the layout is stable."""
    rings: dict[int, list[str]] = {}
    for node in concepts.nodes:
        rings.setdefault(distances.get(node.id, max(distances.values(), default=0)), []).append(
            node.id
        )
    return [sorted(rings[ring]) for ring in sorted(rings)]


def layout(concepts: ConceptGraph, distances: dict[str, int]) -> dict[str, tuple[float, float]]:
    """The centre in the middle, each further hop on a wider ring; rings turned to spread labels."""
    positions: dict[str, tuple[float, float]] = {}
    for ring, names in enumerate(_shells(concepts, distances)):
        if ring == 0 and len(names) == 1:
            positions[names[0]] = (0.0, 0.0)
            continue
        radius = float(ring or 1)
        turn = 0.5 * ring  # rotate rings against each other so spokes do not line up
        for index, name in enumerate(names):
            angle = turn + 2 * math.pi * index / len(names)
            positions[name] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def label_directions(
    concepts: ConceptGraph, positions: dict[str, tuple[float, float]]
) -> dict[str, float]:
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


def _edge_labels(concepts: ConceptGraph) -> dict[tuple[str, str], str]:
    """One label per node pair: the relations between them, joined (a pair may have several)."""
    labels: dict[tuple[str, str], list[str]] = {}
    for edge in concepts.edges:
        text = edge.relation + (f" ({edge.status})" if edge.relation == "treats" else "")
        labels.setdefault((edge.source, edge.target), []).append(text)
    return {pair: "\n".join(sorted(set(texts))) for pair, texts in labels.items()}


def render(concepts: ConceptGraph, distances: dict[str, int], fmt: str, title: str) -> bytes:
    """The picture as SVG or PNG bytes; same input, same bytes (fixed layout, no dates)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    from immunokg.graph.export_graphml import to_networkx

    network = to_networkx(concepts)
    positions = layout(concepts, distances)
    size = max(7.0, 2.2 * math.sqrt(len(concepts.nodes)) + 4)
    with plt.rc_context({"svg.hashsalt": "immunokg", "svg.fonttype": "none"}):
        figure, axes = plt.subplots(figsize=(size, size * 0.8))
        colours = [TYPE_COLOURS.get(network.nodes[n]["type"], "#999999") for n in network.nodes]
        centre = [distances.get(n, 1) == 0 for n in network.nodes]  # the centre gets a dark ring
        nx.draw_networkx_nodes(
            network,
            positions,
            ax=axes,
            node_color=colours,
            node_size=900,
            edgecolors=["#222222" if is_centre else "white" for is_centre in centre],
            linewidths=[3.0 if is_centre else 1.0 for is_centre in centre],
        )
        nx.draw_networkx_edges(
            network,
            positions,
            ax=axes,
            arrows=True,
            arrowsize=14,
            node_size=900,
            edge_color="#555555",
        )
        directions = label_directions(concepts, positions)
        for node_id, (x, y) in positions.items():
            dx, dy = math.cos(directions[node_id]), math.sin(directions[node_id])
            axes.annotate(
                network.nodes[node_id]["label"],
                (x, y),
                xytext=(20 * dx, 20 * dy),
                textcoords="offset points",
                ha="left" if dx > 0.35 else "right" if dx < -0.35 else "center",
                va="bottom" if dy > 0.35 else "top" if dy < -0.35 else "center",
                fontsize=9,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
                zorder=4,
            )
        texts = nx.draw_networkx_edge_labels(
            nx.DiGraph(network),
            positions,
            edge_labels=_edge_labels(concepts),
            ax=axes,
            font_size=7,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
        for text in texts.values():
            text.set_zorder(5)  # relation labels stay readable above node labels
        present = sorted({network.nodes[n]["type"] for n in network.nodes})
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                color=TYPE_COLOURS.get(kind, "#999999"),
            )
            for kind in present
        ]
        axes.legend(
            handles,
            present,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            title="type",
        )
        axes.set_title(title)
        axes.margins(0.18)
        axes.set_axis_off()
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata, bbox_inches="tight", dpi=150)
        plt.close(figure)
    return buffer.getvalue()


def draw_graph(graph: Graph, centre: URIRef, path: Path | str, *, depth: int = 1) -> Path:
    """Draw the neighbourhood of ``centre`` in ``graph`` to ``path`` (.svg or .png)."""
    from immunokg.graph.neighbourhood import hops, neighbourhood

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ImmunokgError(f"{path}: the picture must be a .svg or .png file")
    piece = neighbourhood(graph, centre, depth)
    concepts = read_concept_graph(piece)
    distances = {
        curie(str(entity)[len(str(ENTITY)) :]): hop
        for entity, hop in hops(graph, centre, depth).items()
    }
    label = concepts.node(curie(str(centre)[len(str(ENTITY)) :])).label
    title = f"{label}: neighbourhood, depth {depth}"
    return write_atomic(path, render(concepts, distances, fmt, title))


def draw(directory: Path | str, name: str, path: Path | str, *, depth: int = 1) -> Path:
    """Draw the neighbourhood of the entity ``name`` in the stored graph ``directory``."""
    from immunokg.graph.neighbourhood import resolve_centre
    from immunokg.graph.store import load_graph

    if Path(path).suffix.lower().lstrip(".") not in FORMATS:
        raise ImmunokgError(f"{path}: the picture must be a .svg or .png file")
    centre = resolve_centre(Path(directory), name)
    return draw_graph(load_graph(Path(directory)), centre, path, depth=depth)
