"""Validating a graph in parts gives exactly the report of validating it whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_fixtures import build_kwargs, trial_documents, trial_facts
from rdflib import Graph

from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.store import to_ntriples
from immunokg.graph.validate.parts import validate_ntriples
from immunokg.graph.validate.reference import validate

FIXTURES = sorted((Path(__file__).parent / "data" / "shapes").glob("*.ttl"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_parts_report_equals_whole_report(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert validate_ntriples(to_ntriples(graph), chunk=1) == validate(graph)


def test_conforming_build_conforms_in_parts_and_in_parallel() -> None:
    triples = build_ntriples(trial_documents(), trial_facts(), **build_kwargs())
    report = validate_ntriples(triples, jobs=2, chunk=2)
    assert report.conforms and report == validate(triples.to_rdflib())


def test_violations_in_several_chunks_are_all_reported() -> None:
    triples = build_ntriples(trial_documents(), trial_facts(), **build_kwargs())
    broken = tuple(
        line.replace('"^^', '0000"^^') if "#end>" in line and "-" not in line.split()[0] else line
        for line in triples.lines
    )  # the evidence nodes' ends, not their spans' (whose IRIs are <evidence id>-<start>-<end>)
    report = validate_ntriples(type(triples)(broken), jobs=2, chunk=2)
    assert report.shapes == ("EvidenceOffsetRange",)
    assert report.violations == 7
    assert report == validate(type(triples)(broken).to_rdflib())
