"""SHACL shapes: each shape accepts its conforming fixture and reports its non-conforming one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.rdf.namespace import IKG
from immunokg.graph.validate.engines import validate_file
from immunokg.graph.validate.reference import validate
from immunokg.graph.validate.report import SHAPES_NS, load_shapes

SHAPES_DATA = Path(__file__).parent / "data" / "shapes"


def named_shapes() -> list[str]:
    shapes = load_shapes()
    names = {
        str(node)[len(SHAPES_NS) :]
        for kind in (SH.NodeShape, SH.PropertyShape)
        for node in shapes.subjects(RDF.type, kind)
        if str(node).startswith(SHAPES_NS)
    }
    return sorted(names)


SHAPES = named_shapes()
INVALID = sorted(SHAPES_DATA.glob("*-invalid*.ttl"))


def test_every_shape_has_both_fixtures() -> None:
    for shape in SHAPES:
        assert (SHAPES_DATA / f"{shape}-valid.ttl").is_file(), shape
        assert (SHAPES_DATA / f"{shape}-invalid.ttl").is_file(), shape


@pytest.mark.parametrize("shape", SHAPES)
def test_conforming_fixture_conforms(shape: str) -> None:
    report = validate_file(SHAPES_DATA / f"{shape}-valid.ttl")
    assert report.conforms, report.text()
    assert report.text() == "conforms"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_non_conforming_fixture_is_reported_by_its_shape(path: Path) -> None:
    shape = path.stem.split("-invalid")[0]
    report = validate_file(path)
    assert not report.conforms
    assert report.shapes == (shape,), report.text()


def test_report_names_shape_count_message_and_focus_node() -> None:
    report = validate_file(SHAPES_DATA / "EvidenceOffsetRange-invalid.ttl")
    text = report.text()
    assert "EvidenceOffsetRange: 1 violation(s)" in text
    assert "start 37, end 10, document length 40" in text
    assert "evidence:e1" in text


def test_focus_nodes_are_counted_and_trimmed() -> None:
    graph = Graph()
    for number in range(5):
        node = URIRef(f"https://w3id.org/immunokg/entity/drug-{number}")
        graph.add((node, RDF.type, IKG.Drug))
        graph.add((node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("a")))
        graph.add((node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("b")))
    report = validate(graph)
    assert report.violations == 5
    assert report.to_record() == {"conforms": False, "violations": 5, "shapes": {"EntityLabel": 5}}
    assert "(+2 more)" in report.text(examples=3)


def test_unparsable_file_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(ImmunokgError, match=r"broken\.ttl: cannot parse as turtle"):
        validate_file(broken)


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImmunokgError, match="no such file"):
        validate_file(tmp_path / "absent.ttl")
