"""RDF exports of the full graph with provenance: Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from immunokg.graph.export.write import write_atomic
from immunokg.graph.rdf.namespace import BASE, DOC, ENTITY, EVIDENCE, FACT, IKG, RULE

# The named graph of the N-Quads export: the graph's own IRI.
GRAPH_IRI = URIRef(BASE + "graph")

PREFIXES: dict[str, str] = {
    "ikg": str(IKG._NS),
    "entity": str(ENTITY),
    "fact": str(FACT),
    "evidence": str(EVIDENCE),
    "doc": str(DOC),
    "rule": str(RULE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "xsd": str(XSD),
    "void": "http://rdfs.org/ns/void#",
}


def _ordered(graph: Graph) -> Graph:
    """A copy with the project's prefixes whose triples were added in sorted order.

    rdflib's serialisers follow insertion order in places, so a sorted copy makes
    the output byte-identical from run to run.
    """
    ordered = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        ordered.bind(prefix, namespace, override=True, replace=True)
    for triple in _sorted_triples(graph):
        ordered.add(triple)
    return ordered


def _sorted_triples(graph: Graph) -> list[tuple]:
    return sorted(graph, key=lambda triple: tuple(term.n3() for term in triple))


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def write_turtle(graph: Graph, path: Path | str, *, provenance: bool = True) -> list[Path]:
    """Turtle with the project's prefixes; subjects, predicates and objects sorted by rdflib."""
    return [write_atomic(path, _ordered(graph).serialize(format="turtle"))]


def write_ntriples(graph: Graph, path: Path | str, *, provenance: bool = True) -> list[Path]:
    """N-Triples, one sorted line per triple, like the stored graph.nt."""
    return [write_atomic(path, _sorted_lines(graph.serialize(format="nt")))]


def write_nquads(graph: Graph, path: Path | str, *, provenance: bool = True) -> list[Path]:
    """N-Quads with every triple in the named graph ``GRAPH_IRI``, for loading into a quad store."""
    lines = _sorted_lines(graph.serialize(format="nt")).splitlines()
    quads = [line.removesuffix(" .") + f" <{GRAPH_IRI}> .\n" for line in lines]
    return [write_atomic(path, "".join(quads))]


def _canonical(value: object) -> object:
    """JSON-LD with nodes sorted by @id and multi-valued properties sorted (RDF values are sets)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def write_jsonld(graph: Graph, path: Path | str, *, provenance: bool = True) -> list[Path]:
    """JSON-LD compacted with a context of the project's prefixes."""
    context = dict(PREFIXES)
    text = _ordered(graph).serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(text)
    if "@graph" not in document:
        document = {"@context": document.pop("@context", context), "@graph": [document]}
    document["@graph"] = _canonical(document["@graph"])
    document["@context"] = context
    output = {"@context": context, "@graph": document["@graph"]}
    return [write_atomic(path, json.dumps(output, indent=2, ensure_ascii=False) + "\n")]


def _oxigraph_term(term: object):
    """The pyoxigraph term for an rdflib one."""
    import pyoxigraph

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
    return pyoxigraph.Literal(str(term))


def write_rdfxml(graph: Graph, path: Path | str, *, provenance: bool = True) -> list[Path]:
    """RDF/XML by pyoxigraph's serialiser, with the project's prefixes.

    The triples go in sorted, so each subject's are one rdf:Description and the bytes
    are the same from run to run.
    """
    import pyoxigraph

    triples = [
        pyoxigraph.Triple(*(_oxigraph_term(term) for term in triple))
        for triple in _sorted_triples(graph)
    ]
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=PREFIXES)
    return [write_atomic(path, data)]
