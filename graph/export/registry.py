"""The export formats as one registry, and ``export()``: stored graph (or a neighbourhood) to files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.export import csv as export_csv
from immunokg.graph.export import cytoscape as export_cytoscape
from immunokg.graph.export import graphml as export_graphml
from immunokg.graph.export import kgx as export_kgx
from immunokg.graph.export import rdf as export_rdf

Writer = Callable[..., list[Path]]


@dataclass(frozen=True)
class Format:
    """One export format: the function that writes it and what it is for."""

    write: Writer
    summary: str
    files: str


EXPORTERS: dict[str, Format] = {
    "graphml": Format(
        export_graphml.write_graphml, "concept graph for Gephi, Cytoscape, yEd", "FILE.graphml"
    ),
    "turtle": Format(export_rdf.write_turtle, "full graph with provenance, Turtle", "FILE.ttl"),
    "ntriples": Format(export_rdf.write_ntriples, "full graph, sorted N-Triples", "FILE.nt"),
    "nquads": Format(export_rdf.write_nquads, "full graph in a named graph, N-Quads", "FILE.nq"),
    "jsonld": Format(export_rdf.write_jsonld, "full graph, compact JSON-LD", "FILE.jsonld"),
    "rdfxml": Format(export_rdf.write_rdfxml, "full graph, RDF/XML", "FILE.rdf"),
    "kgx": Format(export_kgx.write_kgx, "Biolink KGX TSV (nodes.tsv, edges.tsv)", "DIR/ or PREFIX"),
    "cytoscape": Format(
        export_cytoscape.write_cytoscape, "Cytoscape.js JSON elements", "FILE.cyjs"
    ),
    "csv": Format(export_csv.write_csv, "nodes.csv, edges.csv for Neo4j import", "DIR/ or PREFIX"),
}


def export_graph(
    graph: Graph, fmt: str, path: Path | str, *, provenance: bool = False
) -> list[Path]:
    """Write an in-memory graph in ``fmt``; returns the files written."""
    return format_named(fmt).write(graph, path, provenance=provenance)  # str keeps a trailing /


def format_named(fmt: str) -> Format:
    """The registered format ``fmt``, or a clear error listing the known ones."""
    try:
        return EXPORTERS[fmt]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise ImmunokgError(f"unknown export format {fmt!r}; choose one of: {known}") from None


def export(
    directory: Path | str,
    fmt: str,
    path: Path | str,
    *,
    around: str | None = None,
    depth: int = 1,
    provenance: bool = False,
) -> list[Path]:
    """Export the stored graph in ``directory``, or the neighbourhood of the entity ``around``."""
    from immunokg.graph.export.neighbourhood import neighbourhood, resolve_centre
    from immunokg.graph.rdf.integrity import load_verified_graph

    format_named(fmt)  # an unknown format fails before the graph is loaded
    graph = load_verified_graph(Path(directory))
    if around is not None:
        graph = neighbourhood(graph, resolve_centre(Path(directory), around), depth)
    return export_graph(graph, fmt, path, provenance=provenance)
