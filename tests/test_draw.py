"""The neighbourhood picture: produced, naming the expected nodes, the same every time."""

from __future__ import annotations

import math

import pytest
from export_support import fixture_graph

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.concept_graph import read_concept_graph
from immunokg.graph.draw import draw_graph
from immunokg.graph.draw_layout import label_directions, rings, separate
from immunokg.graph.namespace import ENTITY


def test_svg_names_the_neighbourhood_and_not_the_rest(tmp_path) -> None:
    path = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / "pd1.svg", depth=1)
    svg = path.read_text(encoding="utf-8")
    for label in ("PD-1", "pembrolizumab", "nivolumab", "targets", "Target", "Drug"):
        assert label in svg
    assert "ipilimumab" not in svg
    assert "melanoma" not in svg  # two hops away


def test_depth_two_adds_the_neighbours_links(tmp_path) -> None:
    svg = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / "pd1.svg", depth=2).read_text()
    for label in ("melanoma", "PD-1 inhibitor", "fatigue", "treats (approved)", "in_class"):
        assert label in svg


def test_png_is_a_png(tmp_path) -> None:
    path = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / "pd1.png")
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_pictures_are_byte_identical_from_run_to_run(tmp_path, suffix) -> None:
    first = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / f"a.{suffix}", depth=2)
    second = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / f"b.{suffix}", depth=2)
    assert first.read_bytes() == second.read_bytes()


def test_other_suffixes_are_refused(tmp_path) -> None:
    with pytest.raises(ImmunokgError, match=r"\.svg or \.png"):
        draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / "pd1.pdf")


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


def test_investigational_treats_is_dashed_and_named_in_the_legend(tmp_path) -> None:
    svg = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / "p.svg", depth=2).read_text()
    assert "treats (investigational)" in svg and "treats (approved)" in svg
    assert "stroke-dasharray" in svg
