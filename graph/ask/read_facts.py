"""Facts and their evidence read back from a built graph, so `facts` prints what `extract` printed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from immunokg.extract.model import Entity, Evidence, Fact, Span
from immunokg.graph.rdf.integrity import open_graph_store
from immunokg.graph.rdf.namespace import ENTITY, IKG, RULE

ENTITY_TYPES = ("Drug", "DrugClass", "Target", "CancerType", "SideEffect", "ImmuneCell")
_PREFIXES = f"""
PREFIX ikg: <{IKG._NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_TYPE_FILTER = ", ".join(f"ikg:{name}" for name in ENTITY_TYPES)

FACTS_QUERY = (
    _PREFIXES
    + f"""
SELECT ?fact ?s ?slabel ?stype ?sfound ?rel ?o ?olabel ?otype ?ofound ?status WHERE {{
  ?fact a ikg:Fact ; rdf:subject ?s ; ikg:relation ?rel ; rdf:object ?o ; ikg:status ?status .
  ?s skos:prefLabel ?slabel ; a ?stype .
  FILTER (?stype IN ({_TYPE_FILTER}))
  OPTIONAL {{ ?s ikg:foundBy ?sfound }}
  OPTIONAL {{
    ?o skos:prefLabel ?olabel ; a ?otype .
    FILTER (?otype IN ({_TYPE_FILTER}))
    OPTIONAL {{ ?o ikg:foundBy ?ofound }}
  }}
}}
"""
)

EVIDENCE_QUERY = (
    _PREFIXES
    + """
SELECT ?fact ?ev ?doc ?start ?end ?sentence ?rule ?status WHERE {
  ?fact a ikg:Fact ; ikg:hasEvidence ?ev .
  ?ev ikg:document ?d ; ikg:start ?start ; ikg:end ?end ; ikg:sentence ?sentence ;
      ikg:rule ?rule ; ikg:status ?status .
  ?d dcterms:identifier ?doc .
}
"""
)

SPANS_QUERY = (
    _PREFIXES
    + """
SELECT ?ev ?start ?end WHERE { ?ev ikg:span ?span . ?span ikg:start ?start ; ikg:end ?end . }
"""
)


ANTECEDENTS_QUERY = (
    _PREFIXES
    + """
SELECT ?ev ?entity ?start ?end WHERE {
  ?ev ikg:antecedent ?antecedent . ?antecedent ikg:standsFor ?entity .
  OPTIONAL { ?antecedent ikg:start ?start ; ikg:end ?end }
}
"""
)


def facts_from_graph(directory: str | Path) -> list[Fact]:
    """Every extracted fact of the graph in ``directory``, with all its evidence."""
    store = open_graph_store(directory)
    spans: dict[str, list[Span]] = {}
    for row in store.query(SPANS_QUERY):
        spans.setdefault(row["ev"].value, []).append(
            Span(int(row["start"].value), int(row["end"].value))
        )
    antecedents: dict[str, list[tuple[str, int, int]]] = {}
    for row in store.query(ANTECEDENTS_QUERY):
        at = (-1, -1) if row["start"] is None else (int(row["start"].value), int(row["end"].value))
        entity = _local(row["entity"].value, str(ENTITY))
        antecedents.setdefault(row["ev"].value, []).append((entity, *at))
    evidence: dict[str, list[Evidence]] = {}
    for row in store.query(EVIDENCE_QUERY):
        evidence.setdefault(row["fact"].value, []).append(
            Evidence(
                document=row["doc"].value,
                start=int(row["start"].value),
                end=int(row["end"].value),
                sentence=row["sentence"].value,
                rule=_local(row["rule"].value, str(RULE)),
                status=_local(row["status"].value, str(IKG._NS)),
                spans=tuple(sorted(spans.get(row["ev"].value, ()))),
                antecedent=tuple(sorted(antecedents.get(row["ev"].value, ()))),
            )
        )
    facts: dict[str, Fact] = {}
    for row in store.query(FACTS_QUERY):
        subject = _entity(row["s"], row["slabel"], row["stype"], row["sfound"])
        if row["olabel"] is None:
            obj: Entity | str = row["o"].value
        else:
            obj = _entity(row["o"], row["olabel"], row["otype"], row["ofound"])
        fact_iri = row["fact"].value
        facts[fact_iri] = Fact(
            subject=subject,
            relation=row["rel"].value,
            object=obj,
            status=_local(row["status"].value, str(IKG._NS)),
            evidence=tuple(sorted(evidence.get(fact_iri, ()))),
        )
    return [facts[key] for key in sorted(facts)]


def _entity(iri, label, type_iri, found) -> Entity:  # type: ignore[no-untyped-def]
    source = _local(found.value, str(IKG._NS)) if found is not None else "lexicon"
    return Entity(
        id=_local(iri.value, str(ENTITY)),
        label=label.value,
        type=_local(type_iri.value, str(IKG._NS)),
        source=source,  # type: ignore[arg-type]
    )


def _local(iri: str, namespace: str) -> str:
    return unquote(iri[len(namespace) :]) if iri.startswith(namespace) else iri


AXIOMS_QUERY = (
    _PREFIXES
    + """
SELECT ?slabel ?stype ?rel ?olabel ?otype ?source WHERE {
  ?axiom a ikg:Axiom ; rdf:subject ?s ; ikg:relation ?rel ; rdf:object ?o ; dcterms:source ?source .
  ?s skos:prefLabel ?slabel ; a ?stype .
  ?o skos:prefLabel ?olabel ; a ?otype .
  FILTER (STRSTARTS(STR(?stype), STR(ikg:)) && STRSTARTS(STR(?otype), STR(ikg:)))
}
"""
)


def axioms_from_graph(directory: Path) -> list[dict[str, str]]:
    """The ontology's class axioms in a built graph: asserted by the ontology, not by a text."""
    store = open_graph_store(directory)
    rows = [
        {
            "subject": row["slabel"].value,
            "relation": row["rel"].value,
            "object": row["olabel"].value,
            "asserted_by": "ontology",
            "source": row["source"].value,
            "subject_type": row["stype"].value.rsplit("#", 1)[-1],
            "object_type": row["otype"].value.rsplit("#", 1)[-1],
        }
        for row in store.query(AXIOMS_QUERY)
    ]
    return sorted(rows, key=lambda r: (r["subject"].lower(), r["relation"], r["object"].lower()))
