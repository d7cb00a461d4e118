"""The statistics the build writes answer exactly what counting over the graph answered.

`documents` and `entities-by-type` read figures the build states (graph/statistics.py);
`drugs-treating` binds its sort keys once. Each is compared here with the previous,
counting text of the query on the seed graph, the trial graph and a multi-document
graph made to hold the awkward cases (shared facts, repeated evidence, a document
without evidence, pattern entities).
"""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph
import pytest
from graph_fixtures import build_kwargs, trial_documents, trial_facts

from immunokg.extract.model import Entity, Evidence, Fact
from immunokg.graph.ask.query import run_query
from immunokg.graph.build.locate import resolve_graph_dir
from immunokg.graph.build.statistics import DATASET, VOID
from immunokg.graph.build.triples import build_ntriples
from immunokg.graph.rdf.store import open_store

PREFIXES = """PREFIX ikg: <https://w3id.org/immunokg/vocab#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# The texts of the queries before the build stated the figures (commit 8e61d82).
COUNTED_DOCUMENTS = (
    PREFIXES
    + """SELECT ?document ?title ?publisher ?evidence_count ?facts ?only_here
WHERE {
  {
    SELECT ?doc (SUM(COALESCE(?in_doc, 0)) AS ?evidence_count) (COUNT(?fact) AS ?facts)
           (SUM(COALESCE(IF(?in_doc = ?fact_evidence, 1, 0), 0)) AS ?only_here)
    WHERE {
      { ?doc dcterms:identifier ?doc_id . }
      UNION {
        {
          SELECT ?doc ?fact (COUNT(?evidence) AS ?in_doc)
          WHERE { ?fact ikg:hasEvidence ?evidence . ?evidence ikg:document ?doc }
          GROUP BY ?doc ?fact
        }
        ?fact ikg:evidenceCount ?fact_evidence .
      }
    }
    GROUP BY ?doc
  }
  ?doc dcterms:identifier ?document ; a ikg:Document .
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:publisher ?publisher }
}
ORDER BY ?document"""
)

COUNTED_ENTITIES_BY_TYPE = (
    PREFIXES
    + """SELECT ?type (COUNT(DISTINCT ?entity) AS ?entities)
       (COUNT(DISTINCT ?lexicon_entity) AS ?from_lexicon)
       (COUNT(DISTINCT ?pattern_entity) AS ?from_pattern)
WHERE {
  ?entity skos:prefLabel ?label ; a ?type_term .
  FILTER(STRSTARTS(STR(?type_term), STR(ikg:)) && ?type_term != ikg:Entity)
  OPTIONAL { ?entity ikg:foundBy ?found_by }
  BIND(IF(?found_by = ikg:lexicon, ?entity, ?unbound) AS ?lexicon_entity)
  BIND(IF(?found_by = ikg:pattern, ?entity, ?unbound) AS ?pattern_entity)
  BIND(STRAFTER(STR(?type_term), "#") AS ?type)
}
GROUP BY ?type
ORDER BY ?type"""
)

PREVIOUS_DRUGS_TREATING = (
    PREFIXES
    + """SELECT DISTINCT ?drug ?cancer ?level ?status ?via ?narrower ?sentences ?_drug ?_cancer
WHERE {
  {
    ?fact rdf:object ?stated_cancer ; rdf:predicate ?predicate ; rdf:subject ?_drug .
    FILTER(?predicate = ikg:treats)
    ?_drug ikg:treats ?stated_cancer ; a ?drug_type ; skos:prefLabel ?drug .
    FILTER(?drug_type = ikg:Drug)
    ?stated_cancer skos:broader* ?_cancer .
    ?_cancer a ikg:CancerType ; skos:prefLabel ?cancer .
    ?fact ikg:status ?status_term ; ikg:evidenceCount ?sentences .
    BIND("own" AS ?level)
    BIND(STRAFTER(STR(?status_term), "#") AS ?status)
  } UNION {
    ?fact rdf:object ?stated_cancer ; rdf:predicate ?predicate ; rdf:subject ?class .
    FILTER(?predicate = ikg:treats)
    ?class ikg:treats ?stated_cancer ; a ikg:DrugClass ; skos:prefLabel ?via .
    ?stated_cancer skos:broader* ?_cancer .
    ?_cancer a ikg:CancerType ; skos:prefLabel ?cancer .
    ?_drug ikg:inClass/ikg:subClassOf* ?class .
    ?_drug a ?drug_type ; skos:prefLabel ?drug .
    FILTER(?drug_type = ikg:Drug)
    ?fact ikg:evidenceCount ?sentences .
    BIND("class" AS ?level)
    BIND("" AS ?status)
  }
  OPTIONAL { FILTER(?stated_cancer != ?_cancer) ?stated_cancer skos:prefLabel ?narrower_label }
  BIND(COALESCE(?narrower_label, "") AS ?narrower)
}
ORDER BY LCASE(?drug) ?drug LCASE(?cancer) ?level ?via ?narrower"""
)


def multi_document_facts() -> tuple[list, list[Fact]]:
    """Three documents: a fact shared by two, a fact with two records, a repeated record."""
    trial = trial_documents()[0]
    documents = [
        trial,
        replace(trial, id="second", metadata={"title": "Second"}),
        replace(trial, id="silent", metadata={}),
    ]
    drug = Entity("novelimab", "novelimab", "Drug", "pattern")
    target = Entity("pd-1", "PD-1", "Target")
    cancer = Entity("melanoma", "melanoma", "CancerType")
    drug_class = Entity("checkpoint-inhibitor", "checkpoint inhibitor", "DrugClass")
    member = Entity("pembrolizumab", "pembrolizumab", "Drug")

    def ev(document: str, start: int, rule: str = "r", status: str = "stated") -> Evidence:
        return Evidence(document, start, start + 10, "A sentence.", rule, status)

    facts = [
        Fact(drug, "targets", target, "stated", (ev("trial", 0), ev("second", 0))),
        Fact(drug, "treats", cancer, "approved", (ev("trial", 20, "t", "approved"),) * 2),
        Fact(
            drug_class,
            "treats",
            cancer,
            "investigational",
            (ev("second", 40, "t", "investigational"),),
        ),
        Fact(member, "in_class", drug_class, "stated", (ev("trial", 60), ev("trial", 80))),
        Fact(member, "brand_name", "Keytruda", "stated", (ev("second", 100),)),
    ]
    return documents, facts


def store_of(lines: tuple[str, ...]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(
        "".join(line + "\n" for line in lines).encode("utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    return store


@pytest.fixture(scope="module", params=["seed", "trial", "multi"])
def store(request: pytest.FixtureRequest) -> pyoxigraph.Store:
    if request.param == "seed":
        return open_store(resolve_graph_dir(None))
    if request.param == "trial":
        triples = build_ntriples(trial_documents(), trial_facts(), **build_kwargs())
    else:
        documents, facts = multi_document_facts()
        triples = build_ntriples(documents, facts, **build_kwargs())
    return store_of(triples.lines)


def records(store: pyoxigraph.Store, text: str) -> list[dict[str, str]]:
    return run_query(store, text).records()


def test_documents_equal_counting(store: pyoxigraph.Store) -> None:
    stated = run_query(store, "documents").records()
    assert stated
    assert stated == records(store, COUNTED_DOCUMENTS)


def test_entities_by_type_equal_counting(store: pyoxigraph.Store) -> None:
    stated = run_query(store, "entities-by-type").records()
    assert stated
    assert stated == records(store, COUNTED_ENTITIES_BY_TYPE)


def test_drugs_treating_equals_its_previous_text(store: pyoxigraph.Store) -> None:
    cancers = [
        row[0].value
        for row in store.query(
            "SELECT DISTINCT ?l WHERE { ?c a <https://w3id.org/immunokg/vocab#CancerType> ;"
            " <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
        )
    ]
    previous = get_previous()
    for params in [{}, *({"cancer": cancer} for cancer in sorted(cancers))]:
        new = run_query(store, "drugs-treating", params)
        old = run_query(store, previous, params)
        assert new.rows == old.rows, params


def get_previous() -> str:
    """The previous text with the named query's header, so that it takes the same parameters."""
    from immunokg.graph.ask.query import load_queries

    header = "\n".join(
        line for line in load_queries()["drugs-treating"].text.splitlines() if line.startswith("#+")
    )
    return header + "\n" + PREVIOUS_DRUGS_TREATING


def test_multi_document_figures_are_the_hand_counted_ones() -> None:
    documents, facts = multi_document_facts()
    store = store_of(build_ntriples(documents, facts, **build_kwargs()).lines)
    rows = run_query(store, "documents").records()
    figures = {
        row["document"]: (row["evidence_count"], row["facts"], row["only_here"]) for row in rows
    }
    # trial: targets (shared), treats (one record node, stated twice: its evidence count is 2,
    # so not only here as the graph counts it), in_class (two records, only here);
    # second: targets (shared), class treats and brand (only here); silent: nothing.
    assert figures == {
        "trial": ("4", "3", "1"),
        "second": ("3", "3", "2"),
        "silent": ("0", "0", "0"),
    }
    types = run_query(store, "entities-by-type").records()
    assert [(r["type"], r["entities"], r["from_lexicon"], r["from_pattern"]) for r in types] == [
        ("CancerType", "1", "1", "0"),
        ("Drug", "2", "1", "1"),
        ("DrugClass", "1", "1", "0"),
        ("Target", "1", "1", "0"),
    ]


def test_void_describes_the_whole_graph(store: pyoxigraph.Store) -> None:
    (total,) = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    stated = {
        row[0].value: int(row[1].value)
        for row in store.query(f"SELECT ?p ?n WHERE {{ <{DATASET}> ?p ?n FILTER(isNumeric(?n)) }}")
    }
    (entities,) = next(
        iter(
            store.query(
                "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e <https://w3id.org/immunokg/vocab#foundBy> ?f }"
            )
        )
    )
    assert stated[VOID + "triples"] == int(total.value)
    assert stated[VOID + "entities"] == int(entities.value)


CONCEPT_FORMATS = {"graphml": "g.graphml", "kgx": "kgx/", "cytoscape": "c.cyjs", "csv": "csv/"}


@pytest.mark.parametrize("provenance", [False, True])
def test_concept_exports_leave_the_statistics_out(tmp_path, provenance: bool) -> None:
    """The VoID nodes are not concepts, and a document's counts are not its metadata."""
    from immunokg.graph.export.concept_graph import read_concept_graph
    from immunokg.graph.export.registry import export_graph

    documents, facts = multi_document_facts()
    graph = build_ntriples(documents, facts, **build_kwargs()).to_rdflib()
    concepts = read_concept_graph(graph, provenance=provenance)
    assert not [node for node in concepts.nodes if "dataset" in node.iri or "void" in node.iri]
    for fmt, name in CONCEPT_FORMATS.items():
        target = tmp_path / fmt / name
        target.parent.mkdir(parents=True, exist_ok=True)
        for path in export_graph(graph, fmt, str(target), provenance=provenance):
            text = path.read_text(encoding="utf-8")
            assert DATASET not in text and VOID not in text, path
            assert "factsOnlyHere" not in text and "evidenceGiven" not in text, path


@pytest.mark.parametrize("name", ["documents", "entities-by-type", "drugs-treating"])
def test_rdflib_gives_the_same_answer(name: str) -> None:
    """The texts stay standard SPARQL: rdflib answers them alike (a title left out included)."""
    from immunokg.graph.ask.query import load_queries

    documents, facts = multi_document_facts()
    triples = build_ntriples(documents, facts, **build_kwargs())
    text = load_queries()[name].text
    by_rdflib = [
        tuple(None if t is None else str(t) for t in row) for row in triples.to_rdflib().query(text)
    ]
    by_oxigraph = [
        tuple(None if t is None else t.value for t in row)
        for row in run_query(store_of(triples.lines), name).rows
    ]
    assert by_rdflib == by_oxigraph
    assert by_oxigraph
