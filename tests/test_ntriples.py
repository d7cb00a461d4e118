"""N-Triples lines: canonical escaping, and the Oxigraph parse equals rdflib's own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from immunokg.graph.rdf.ntriples import NTriples, integer_line, iri_line, literal, literal_line


def test_quotes_backslashes_and_line_breaks_are_escaped() -> None:
    assert literal('say "hi"\\\n\r\t') == '"say \\"hi\\"\\\\\\n\\r\\t"'
    assert literal("bell\x07") == '"bell\\u0007"'
    assert literal("café ®") == '"café ®"'


def test_integers_are_typed() -> None:
    assert integer_line("urn:s", "urn:p", 42) == f'<urn:s> <urn:p> "42"^^<{XSD.integer}> .'


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_oxigraph_parse_equals_rdflib_parse(values: list[str]) -> None:
    lines = [literal_line("urn:s", f"urn:p{i}", value) for i, value in enumerate(values)]
    lines += [iri_line("urn:s", "urn:type", "urn:Thing"), integer_line("urn:s", "urn:n", 7)]
    triples = NTriples(tuple(sorted(lines)))
    expected = Graph().parse(data=triples.text(), format="nt")
    assert set(triples.to_rdflib()) == set(expected)
    assert (URIRef("urn:s"), URIRef("urn:p0"), Literal(values[0])) in expected
