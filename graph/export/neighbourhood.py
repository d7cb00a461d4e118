"""The subgraph within N hops of an entity, with the facts, evidence and documents behind it."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef

from immunokg.extract.errors import ImmunokgError
from immunokg.graph.rdf.namespace import ENTITY, IKG


def _adjacency(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Entity to entity links, in both directions, through the graph's fact nodes."""
    links: dict[URIRef, set[URIRef]] = {}
    for fact in graph.subjects(RDF.type, IKG.Fact):
        subject, obj = graph.value(fact, RDF.subject), graph.value(fact, RDF.object)
        if isinstance(subject, URIRef) and isinstance(obj, URIRef):
            links.setdefault(subject, set()).add(obj)
            links.setdefault(obj, set()).add(subject)
    return links


def hops(graph: Graph, centre: URIRef, depth: int) -> dict[URIRef, int]:
    """Each entity at most ``depth`` facts from ``centre`` (direction ignored), with its distance."""
    if depth < 1:
        raise ImmunokgError(f"--depth must be 1 or more, not {depth}")
    links = _adjacency(graph)
    reached = {centre: 0}
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        if reached[node] < depth:
            for neighbour in sorted(links.get(node, ())):
                if neighbour not in reached:
                    reached[neighbour] = reached[node] + 1
                    queue.append(neighbour)
    return reached


def _copy(source: Graph, target: Graph, subject: URIRef) -> None:
    for triple in source.triples((subject, None, None)):
        target.add(triple)


def neighbourhood(graph: Graph, centre: URIRef, depth: int = 1) -> Graph:
    """The entities within ``depth`` hops of ``centre`` and every triple about them.

    Kept: the entities' own descriptions, the direct triples and fact nodes
    among them (brand names included), and the evidence, rules and documents
    of those facts (with their spans), so that every format, RDF ones too, exports a closed
    piece.
    """
    if (centre, RDF.type, None) not in graph:
        raise ImmunokgError(f"{centre} is not an entity of this graph")
    entities = set(hops(graph, centre, depth))
    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=True)
    entity_space = str(ENTITY)
    for entity in entities:
        for subject, predicate, obj in graph.triples((entity, None, None)):
            linked_entity = isinstance(obj, URIRef) and str(obj).startswith(entity_space)
            if not linked_entity or obj in entities:
                result.add((subject, predicate, obj))
    for fact in graph.subjects(RDF.type, IKG.Fact):
        subject, obj = graph.value(fact, RDF.subject), graph.value(fact, RDF.object)
        if subject not in entities or not (isinstance(obj, Literal) or obj in entities):
            continue
        _copy(graph, result, fact)
        for evidence in graph.objects(fact, IKG.hasEvidence):
            _copy(graph, result, evidence)
            linked = [graph.value(evidence, IKG.document), graph.value(evidence, IKG.rule)]
            for node in [*linked, *graph.objects(evidence, IKG.span)]:
                if isinstance(node, URIRef):
                    _copy(graph, result, node)
    return result


def resolve_centre(directory: Path, name: str) -> URIRef:
    """The IRI of the entity that ``name`` (label, synonym or brand) names in a stored graph."""
    from immunokg.graph.ask.names import resolve_entity
    from immunokg.graph.rdf.integrity import open_graph_store

    return URIRef(resolve_entity(open_graph_store(directory), name))
