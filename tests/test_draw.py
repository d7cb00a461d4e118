"""The neighbourhood picture: produced, naming the expected nodes, the same every time."""

from __future__ import annotations

import pytest
from export_support import fixture_graph

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.export.draw import draw_graph
from immunokg.graph.rdf.namespace import ENTITY


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


def test_investigational_treats_is_dashed_and_named_in_the_legend(tmp_path) -> None:
    svg = draw_graph(fixture_graph(), ENTITY["pd-1"], tmp_path / "p.svg", depth=2).read_text()
    assert "treats (investigational)" in svg and "treats (approved)" in svg
    assert "stroke-dasharray" in svg
