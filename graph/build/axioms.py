"""The ontology's class axioms as graph triples, marked as asserted by the ontology, never as text facts.

Each axiom gives the direct triple (so hierarchy walks see it), skos:broader for a subclass, and
an ikg:Axiom node with its source page and NCIt code. It has no evidence and no status: `show`,
`facts` and the exports tell it from a fact that a sentence states.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from immunokg.extract.model import Entity
from immunokg.graph.rdf.namespace import AXIOM, IKG, RELATION_PROPERTIES
from immunokg.graph.rdf.ntriples import iri_line, literal_line
from immunokg.graph.rdf.taxonomy import Axiom

ONTOLOGY_IRI = "https://w3id.org/immunokg/vocab"


def axiom_entities(axioms: Iterable[Axiom], lexicon: Any) -> tuple[list[Axiom], list[Entity]]:
    """The axioms whose classes and targets the lexicon names, and those entities."""
    kept: list[Axiom] = []
    entities: dict[str, Entity] = {}
    for axiom in axioms:
        entries = [lexicon.get(axiom.subject), lexicon.get(axiom.object)]
        if any(entry is None for entry in entries):
            continue
        kept.append(axiom)
        for entry in entries:
            entities[entry.id] = Entity(entry.id, entry.label, entry.type)
    return kept, [entities[key] for key in sorted(entities)]


def part_lines(
    combinations: dict[str, tuple[str, ...]], entities: dict[str, Entity], lexicon: Any, iri: Any
) -> list[str]:
    """``product ikg:hasPart part`` for each combination product in the graph; adds the parts."""
    lines = []
    for product in sorted(set(combinations) & set(entities)):
        for part in combinations[product]:
            entry = lexicon.get(part)
            if entry is None:
                continue
            entities.setdefault(part, Entity(entry.id, entry.label, entry.type))
            lines.append(iri_line(iri(product), IKG.hasPart, iri(part)))
    return lines


def axiom_lines(axiom: Axiom, entity_iri: Any) -> list[str]:
    """The direct triple, skos:broader for a subclass, and the ikg:Axiom node with its source."""
    subject, obj = entity_iri(axiom.subject), entity_iri(axiom.object)
    prop = RELATION_PROPERTIES[axiom.relation]
    node = str(AXIOM) + axiom.id
    lines = [
        iri_line(subject, prop, obj),
        iri_line(node, RDF.type, IKG.Axiom),
        iri_line(node, RDF.type, RDF.Statement),
        iri_line(node, RDF.subject, subject),
        iri_line(node, RDF.predicate, prop),
        iri_line(node, RDF.object, obj),
        literal_line(node, IKG.relation, axiom.relation),
        iri_line(node, DCTERMS.source, axiom.source),
        iri_line(node, PROV.wasAttributedTo, ONTOLOGY_IRI),
    ]
    if axiom.relation == "subclass_of":
        lines.append(iri_line(subject, SKOS.broader, obj))
    if axiom.ncit:
        lines.append(literal_line(node, IKG.ncitCode, axiom.ncit))
    if axiom.comment:
        lines.append(literal_line(node, RDFS.comment, axiom.comment))
    return lines
