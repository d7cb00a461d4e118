"""The curated class taxonomy of ontology/immunokg.ttl: axioms about drug classes, each with its source.

These are the graph's one curated exception to "facts come from sentences" (DESIGN.md):
knowledge about classes only, read from the ontology file, never about a single drug.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from immunokg.extract.errors import DataFileError
from immunokg.graph.rdf.namespace import ENTITY, IKG

# The relations an axiom may state, by the property the ontology writes.
AXIOM_RELATIONS = {str(IKG.subClassOf): "subclass_of", str(IKG.targets): "targets"}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SOURCE = "http://purl.org/dc/terms/source"
_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


@dataclass(frozen=True, order=True)
class Axiom:
    """One class-level statement: subject and object are lexicon ids; source is a checked page."""

    subject: str
    relation: str
    object: str
    source: str
    ncit: str = ""
    comment: str = ""

    @property
    def id(self) -> str:
        """First 16 hex digits of SHA-256 over ``ontology|subject|relation|object``."""
        text = f"ontology|{self.subject}|{self.relation}|{self.object}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def load_taxonomy() -> tuple[Axiom, ...]:
    """The bundled ontology's axioms, sorted; a triple without its sourced axiom is an error."""
    resource = files("immunokg.ontology") / "immunokg.ttl"
    return parse_taxonomy(resource.read_text(encoding="utf-8"), str(resource))


def parse_taxonomy(text: str, path: str) -> tuple[Axiom, ...]:
    """Axioms of a Turtle text: every entity-to-entity triple must have an ikg:Axiom with a source."""
    from pyoxigraph import BlankNode, RdfFormat, parse

    try:
        triples = list(parse(text, format=RdfFormat.TURTLE))
    except SyntaxError as error:
        raise DataFileError(path, None, f"not valid Turtle: {error}") from None
    stated = {
        (_entity(t.subject.value), AXIOM_RELATIONS[t.predicate.value], _entity(t.object.value))
        for t in triples
        if t.predicate.value in AXIOM_RELATIONS and _is_entity(t.subject) and _is_entity(t.object)
    }
    nodes: dict[object, dict[str, str]] = {}
    for t in triples:
        if isinstance(t.subject, BlankNode):
            nodes.setdefault(t.subject, {})[t.predicate.value] = t.object.value
    axioms = []
    for fields in nodes.values():
        if fields.get(_RDF + "type") != str(IKG.Axiom):
            continue
        key = (
            _entity(fields.get(_RDF + "subject", "")),
            AXIOM_RELATIONS.get(fields.get(_RDF + "predicate", ""), ""),
            _entity(fields.get(_RDF + "object", "")),
        )
        if key not in stated:
            raise DataFileError(path, None, f"axiom {key} is not stated as a triple")
        if not fields.get(_SOURCE, "").startswith(("http://", "https://")):
            raise DataFileError(path, None, f"axiom {key} has no source page (dcterms:source)")
        ncit = fields.get(str(IKG.ncitCode), "")
        axioms.append(Axiom(*key, fields[_SOURCE], ncit, fields.get(_COMMENT, "")))
    missing = stated - {(a.subject, a.relation, a.object) for a in axioms}
    if missing:
        raise DataFileError(path, None, f"triples without a sourced ikg:Axiom: {sorted(missing)}")
    return tuple(sorted(axioms))


def _is_entity(term: object) -> bool:
    return str(getattr(term, "value", "")).startswith(str(ENTITY))


def _entity(iri: str) -> str:
    return iri[len(str(ENTITY)) :] if iri.startswith(str(ENTITY)) else ""
