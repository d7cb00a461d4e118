"""One call for either engine: validate an RDF file or a built graph directory."""

from __future__ import annotations

from pathlib import Path

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.validate.report import ValidationReport

ENGINES = ("fast", "pyshacl")


def validate_file(path: str | Path, engine: str = "pyshacl") -> ValidationReport:
    """Validate an RDF file (Turtle, N-Triples, RDF/XML, JSON-LD ... by its extension)."""
    from rdflib import Graph
    from rdflib.util import guess_format

    path = Path(path)
    rdf_format = guess_format(str(path)) or "turtle"
    graph = Graph()
    try:
        graph.parse(str(path), format=rdf_format)
    except FileNotFoundError as error:
        raise ImmunokgError(f"{path}: no such file") from error
    except Exception as error:  # rdflib raises many parser-specific types
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ImmunokgError(f"{path}: cannot parse as {rdf_format}: {first}") from error
    if engine == "fast":
        from immunokg.graph.rdf.store import to_ntriples
        from immunokg.graph.validate.fast import validate_lines

        return validate_lines(to_ntriples(graph))
    from immunokg.graph.validate.reference import validate

    return validate(graph)


def validate_graph_dir(directory: str | Path, engine: str = "fast") -> ValidationReport:
    """Validate a built graph: its store (fast engine) or graph.nt in parts (pySHACL).

    First the graph is checked against itself (graph.nt against build.json, the store
    against graph.nt): SHACL on a damaged graph would judge the wrong triples.
    """
    from immunokg.graph.rdf.integrity import verify_graph_dir
    from immunokg.graph.rdf.store import read_ntriples

    check_engine(engine)
    store = verify_graph_dir(directory)
    if engine == "fast":
        from immunokg.graph.validate.fast import validate_store

        return validate_store(store)
    from immunokg.graph.validate.parts import validate_ntriples

    return validate_ntriples(read_ntriples(directory))


def check_engine(engine: str) -> None:
    """Refuse an engine name that is not one of ``ENGINES``."""
    if engine not in ENGINES:
        choices = ", ".join(ENGINES)
        raise ImmunokgError(f"unknown validation engine {engine!r}; choose one of {choices}")
