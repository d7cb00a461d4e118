"""A picture of an entity's neighbourhood: nodes coloured by type, edges labelled by relation."""

from __future__ import annotations

import io
import math
from pathlib import Path

from rdflib import Graph, URIRef

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.export.concept_graph import ConceptGraph, read_concept_graph
from immunokg.graph.export.draw_layout import Positions, place_labels, relax, rings
from immunokg.graph.export.write import write_atomic
from immunokg.graph.rdf.namespace import ENTITY, curie

# One colour per entity type (colour-blind safe Okabe-Ito palette), shown in the legend.
TYPE_COLOURS: dict[str, str] = {
    "Drug": "#0072B2",
    "DrugClass": "#56B4E9",
    "Target": "#D55E00",
    "CancerType": "#CC79A7",
    "SideEffect": "#E69F00",
    "ImmuneCell": "#009E73",
}
# Each relation drawn in a darker shade of its object's type colour; investigational is dashed.
RELATION_COLOURS: dict[str, str] = {
    "in_class": "#1F6FA8",
    "subclass_of": "#2B5C8A",
    "targets": "#A64300",
    "treats": "#9C4A80",
    "has_side_effect": "#A87400",
}
FORMATS = ("svg", "png")
# Above this many edges, text on every edge would pile up: the relation legend names them.
MAX_EDGE_TEXTS = 24


def _edge_texts(concepts: ConceptGraph) -> dict[str, dict[tuple[str, str], str]]:
    """Texts by relation: for each node pair, the relation (treats with its status)."""
    texts: dict[str, dict[tuple[str, str], str]] = {}
    for edge in concepts.edges:
        text = edge.relation + (f" ({edge.status})" if edge.relation == "treats" else "")
        texts.setdefault(edge.relation, {})[(edge.source, edge.target)] = text
    return texts


def _draw_edge_texts(nx, network, concepts: ConceptGraph, positions: Positions, axes) -> None:
    """Relation texts, each relation at its own point along the edge, so that the texts of
    two edges leaving a node side by side do not print over each other."""
    stops = (0.5, 0.35, 0.65, 0.42, 0.58)
    for index, (_, labels) in enumerate(sorted(_edge_texts(concepts).items())):
        texts = nx.draw_networkx_edge_labels(
            nx.DiGraph(network),
            positions,
            edge_labels=labels,
            label_pos=stops[index % len(stops)],
            ax=axes,
            font_size=7,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
        for text in texts.values():
            text.set_zorder(5)  # relation texts stay readable above node labels


def _draw_edges(nx, network, positions: Positions, axes) -> list[tuple[str, str]]:
    """Edges by relation, coloured, with arrows; returns the (relation, style) pairs drawn."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for source, target, data in network.edges(data=True):
        dashed = data["relation"] == "treats" and data["status"] == "investigational"
        groups.setdefault((data["relation"], "dashed" if dashed else "solid"), []).append(
            (source, target)
        )
    for (relation, style), pairs in sorted(groups.items()):
        nx.draw_networkx_edges(
            network,
            positions,
            edgelist=pairs,
            ax=axes,
            arrows=True,
            arrowsize=14,
            node_size=900,
            width=1.6,
            style=style,
            edge_color=RELATION_COLOURS.get(relation, "#666666"),
        )
    return sorted(groups)


def _node_labels(concepts: ConceptGraph, network, positions: Positions, axes, size) -> None:
    """Each label beside its node, on the side where it is clearest of edges and other labels."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    # points per layout unit, from the axes' size and the data range (with its 0.18 margins)
    width, height = 72 * size[0] * 0.775, 72 * size[1] * 0.77
    scale_x = width / (((max(xs) - min(xs)) or 1.0) * 1.36)
    scale_y = height / (((max(ys) - min(ys)) or 1.0) * 1.36)
    in_points = {node: (x * scale_x, y * scale_y) for node, (x, y) in positions.items()}
    widths = {node: 5.2 * len(network.nodes[node]["label"]) for node in positions}
    directions = place_labels(concepts, in_points, widths, height=12.0, gap=20.0, radius=16.0)
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


def _legends(network, relations: list[tuple[str, str]], axes) -> list:
    from matplotlib.lines import Line2D

    kinds = sorted({network.nodes[n]["type"] for n in network.nodes})
    dot = {"marker": "o", "linestyle": "", "markersize": 10}
    handles = [Line2D([], [], color=TYPE_COLOURS.get(kind, "#999999"), **dot) for kind in kinds]
    where = {"loc": "upper left", "frameon": False}
    types = axes.legend(handles, kinds, bbox_to_anchor=(1.0, 1.0), title="type", **where)
    axes.add_artist(types)
    lines = [
        Line2D([], [], color=RELATION_COLOURS.get(rel, "#666666"), linestyle=style, linewidth=2)
        for rel, style in relations
    ]
    names = [
        f"{rel} ({'investigational' if style == 'dashed' else 'approved'})"
        if rel == "treats"
        else rel
        for rel, style in relations
    ]
    return [types, axes.legend(lines, names, bbox_to_anchor=(1.0, 0.55), title="relation", **where)]


def render(concepts: ConceptGraph, distances: dict[str, int], fmt: str, title: str) -> bytes:
    """The picture as SVG or PNG bytes; same input, same bytes (fixed layout, no dates)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    from immunokg.graph.export.graphml import to_networkx

    network = to_networkx(concepts)
    centre = next((node for node, hop in distances.items() if hop == 0), None)
    positions = relax(concepts, rings(concepts, distances), centre)
    size = max(7.0, 2.2 * math.sqrt(len(concepts.nodes)) + 4)
    with plt.rc_context({"svg.hashsalt": "immunokg", "svg.fonttype": "none"}):
        figure, axes = plt.subplots(figsize=(size, size * 0.8))
        nodes = list(network.nodes)
        nx.draw_networkx_nodes(
            network,
            positions,
            ax=axes,
            node_color=[TYPE_COLOURS.get(network.nodes[n]["type"], "#999999") for n in nodes],
            node_size=900,
            edgecolors=["#222222" if n == centre else "white" for n in nodes],
            linewidths=[3.0 if n == centre else 1.0 for n in nodes],
        )
        relations = _draw_edges(nx, network, positions, axes)
        _node_labels(concepts, network, positions, axes, (size, size * 0.8))
        if len(concepts.edges) <= MAX_EDGE_TEXTS:
            _draw_edge_texts(nx, network, concepts, positions, axes)
        legends = _legends(network, relations, axes)
        axes.set_title(title)
        axes.margins(0.18)
        axes.set_axis_off()
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(
            buffer,
            format=fmt,
            metadata=metadata,
            bbox_inches="tight",
            # the legends sit outside the axes: count them in, with every default artist
            bbox_extra_artists=[*figure.get_default_bbox_extra_artists(), *legends],
            dpi=150,
        )
        plt.close(figure)
    return buffer.getvalue()


def _picture_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ImmunokgError(f"{path}: the picture must be a .svg or .png file")
    return fmt


def draw_graph(graph: Graph, centre: URIRef, path: Path | str, *, depth: int = 1) -> Path:
    """Draw the neighbourhood of ``centre`` in ``graph`` to ``path`` (.svg or .png)."""
    from immunokg.graph.export.neighbourhood import hops, neighbourhood

    path = Path(path)
    fmt = _picture_format(path)
    concepts = read_concept_graph(neighbourhood(graph, centre, depth))
    entity_space = len(str(ENTITY))
    distances = {
        curie(str(iri)[entity_space:]): hop for iri, hop in hops(graph, centre, depth).items()
    }
    label = concepts.node(curie(str(centre)[entity_space:])).label
    title = f"{label}: neighbourhood, depth {depth}"
    return write_atomic(path, render(concepts, distances, fmt, title))


def draw(directory: Path | str, name: str, path: Path | str, *, depth: int = 1) -> Path:
    """Draw the neighbourhood of the entity ``name`` in the stored graph ``directory``."""
    from immunokg.graph.export.neighbourhood import resolve_centre
    from immunokg.graph.rdf.integrity import load_verified_graph

    _picture_format(Path(path))
    centre = resolve_centre(Path(directory), name)
    return draw_graph(load_verified_graph(Path(directory)), centre, path, depth=depth)
