"""Any text the reader gives survives every export format, read back by a real parser (issue 14,
failure 6: a byte 0x01 made the RDF/XML export invalid XML and broke GraphML).

Random text, control characters included, goes into a page as a sentence and as its title;
the reader's document and a fact whose evidence is that sentence become a graph; each
format is written and parsed back, and the sentence and title must come back unchanged.
"""

from __future__ import annotations

import csv
import html
import json
import os
import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal

from immunokg.extract.errors import InputError
from immunokg.extract.model import Entity, Evidence, Fact
from immunokg.extract.read.corpus import read_document
from immunokg.graph.build.triples import build_rdf
from immunokg.graph.export.registry import EXPORTERS, export_graph

SCALE = int(os.environ.get("IMMUNOKG_FUZZ_SCALE", "1"))
# Every character but surrogates (which UTF-8 cannot carry): controls, non-characters, RTL
# marks, line separators, markup and quotes.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\ufffe", "\uffff"]),
        st.sampled_from(["<", "&", '"', "'", "]", "\\", "|", ",", "\t", "\n", "\u2028"]),
    ),
    max_size=80,
)
RDF_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


class NoLexicon:
    def get(self, entity_id: str) -> None:
        return None


def _graph(document) -> tuple[Graph, str, str]:
    (block,) = [b for b in document.blocks if "Pembrolizumab" in document.block_text(b)]
    sentence = document.block_text(block)
    evidence = Evidence(document.id, block.start, block.end, sentence, "rule-a", "stated")
    fact = Fact(
        Entity("pembrolizumab", "pembrolizumab", "Drug"),
        "targets",
        Entity("pd-1", "PD-1", "Target"),
        "stated",
        (evidence,),
    )
    graph = build_rdf([document], [fact], lexicon=NoLexicon(), rule_examples={})
    return graph, sentence, document.metadata.get("title", "")


def _cells(value: object) -> list[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, dict):
        return [cell for item in value.values() for cell in _cells(item)]
    if isinstance(value, list):
        return [cell for item in value for cell in _cells(item)]
    return [value] if isinstance(value, str) else []


def _read_back(fmt: str, paths: list[Path]) -> list[str]:
    """The strings a real parser finds in what ``fmt`` wrote."""
    if fmt in RDF_FORMATS:
        graph = Graph().parse(paths[0], format=RDF_FORMATS[fmt])
        return [str(o) for o in graph.objects() if isinstance(o, Literal)]
    if fmt == "nquads":
        dataset = Dataset()
        dataset.parse(paths[0], format="nquads")
        return [str(quad[2]) for quad in dataset.quads() if isinstance(quad[2], Literal)]
    if fmt == "graphml":
        network = nx.read_graphml(paths[0], force_multigraph=True)
        nodes = [str(v) for _, data in network.nodes(data=True) for v in data.values()]
        return nodes + [str(v) for *_, data in network.edges(data=True) for v in data.values()]
    if fmt == "cytoscape":
        return _cells(json.loads(paths[0].read_text(encoding="utf-8")))
    delimiter = "\t" if fmt == "kgx" else ","
    cells = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as table:
            cells += [cell for row in csv.reader(table, delimiter=delimiter) for cell in row]
    return cells


@settings(
    max_examples=30 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(text=TEXT, title=TEXT)
def test_any_text_read_comes_back_from_every_export_format(text: str, title: str) -> None:
    page = (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        f"<p>{html.escape(text)} Pembrolizumab targets PD-1.</p></body></html>"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "drawn.html"
        path.write_text(page, encoding="utf-8")
        try:
            document, _ = read_document(path)
        except InputError:
            assume(False)
        graph, sentence, shown_title = _graph(document)
        for fmt in sorted(EXPORTERS):
            target = Path(folder) / "out" / (f"{fmt}/" if fmt in ("kgx", "csv") else f"x.{fmt}")
            paths = export_graph(graph, fmt, target, provenance=True)
            strings = _read_back(fmt, paths)
            if fmt != "kgx":  # KGX carries sentences on edges, titles nowhere
                assert sentence in strings, fmt
            if fmt in RDF_FORMATS or fmt == "nquads":
                assert not shown_title or shown_title in strings, fmt


def test_a_control_byte_in_a_text_no_longer_breaks_rdfxml_or_graphml(tmp_path: Path) -> None:
    """The audit's case: byte 0x01 in a sentence, built and exported from the command line."""
    import xml.etree.ElementTree as ElementTree

    from click.testing import CliRunner

    from immunokg.graph.cli.main import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "c.txt").write_bytes(b"Nivolumab\x01 is a PD-1 inhibitor.\n")
    runner = CliRunner()
    graph = str(tmp_path / "g")
    assert runner.invoke(main, ["build", str(corpus), "--graph", graph]).exit_code == 0
    rdfxml, graphml = tmp_path / "g.rdf", tmp_path / "g.graphml"
    for fmt, out in (("rdfxml", rdfxml), ("graphml", graphml)):
        result = runner.invoke(
            main, ["export", fmt, "-o", str(out), "--provenance", "--graph", graph]
        )
        assert result.exit_code == 0, result.output
    ElementTree.parse(rdfxml)  # well-formed XML
    network = nx.read_graphml(graphml, force_multigraph=True)
    values = {str(v) for _, data in network.nodes(data=True) for v in data.values()}
    assert "Nivolumab is a PD-1 inhibitor." in values  # the control read as a space
