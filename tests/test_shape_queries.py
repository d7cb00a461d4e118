"""Shapes compiled to SPARQL: constraint kinds beyond the bundled ones, and strict refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.rdf.store import to_ntriples
from immunokg.graph.validate.compile import compile_shapes
from immunokg.graph.validate.fast import validate_lines
from immunokg.graph.validate.reference import validate

DATA = Path(__file__).parent / "data" / "shape_queries"
PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix ikgsh: <https://w3id.org/immunokg/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""


def test_other_constraint_kinds_report_as_pyshacl_does() -> None:
    shapes = Graph().parse(DATA / "shapes.ttl", format="turtle")
    data = Graph().parse(DATA / "data.ttl", format="turtle")
    fast = validate_lines(to_ntriples(data), shapes)
    assert fast.shapes == ("Counts", "Fixed", "Logic", "Scored")
    assert fast == validate(data, shapes), fast.text()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("sh:targetClass ex:T ; sh:xone ( [ sh:class ex:A ] ) ; sh:message 'm'", "xone"),
        ("sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1", "sh:message"),
        ("sh:targetClass ex:T ; sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message 'm'", "path"),
        ("sh:targetClass ex:T ; sh:datatype ex:odd ; sh:message 'm'", "datatype"),
    ],
)
def test_unsupported_shapes_are_refused_by_name(body: str, problem: str) -> None:
    shapes = Graph().parse(data=PREFIXES + f"ikgsh:Odd a sh:NodeShape ; {body} .", format="turtle")
    with pytest.raises(ImmunokgError, match=rf"shapes#Odd: .*{problem}.*--engine pyshacl"):
        compile_shapes(shapes)
