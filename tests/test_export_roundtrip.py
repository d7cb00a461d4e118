"""Property: facts -> graph -> export -> parse -> the same facts, for every format."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph

from immunokg.extract.model import Document, Entity, Evidence, Fact, OffsetMap, Span
from immunokg.graph.ask.read_facts import facts_from_graph
from immunokg.graph.build.triples import build_rdf
from immunokg.graph.export.registry import export_graph
from immunokg.graph.rdf.store import write_graph_dir

ENTITIES = {
    "Drug": [("pembrolizumab", "pembrolizumab"), ("aldesleukin", "aldesleukin")],
    "DrugClass": [("pd-1-inhibitor", "PD-1 inhibitor"), ("cytokine", "cytokine")],
    "Target": [("pd-1", "PD-1"), ("cd19", "CD19")],
    "CancerType": [("melanoma", "melanoma"), ("kidney-cancer", "kidney cancer")],
    "SideEffect": [("fatigue", "fatigue"), ("rash", "rash")],
}
RELATIONS = {  # relation -> (subject types, object types); brand_name objects are strings
    "in_class": (["Drug"], ["DrugClass"]),
    "subclass_of": (["DrugClass"], ["DrugClass"]),
    "targets": (["Drug", "DrugClass"], ["Target"]),
    "treats": (["Drug", "DrugClass"], ["CancerType"]),
    "has_side_effect": (["Drug", "DrugClass"], ["SideEffect"]),
    "brand_name": (["Drug"], []),
}
DOCUMENTS = ("001_aaaa", "002_bbbb")
# Sentences: any printable text, with the characters that break careless writers.
SENTENCE = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(["\t", '"', "|", "<", "&", ";", ",", "\\"]),
    ),
    min_size=1,
    max_size=60,
)


# Verbatim pieces of the file: distinct, in order (as the extraction gives them).
SPANS = st.lists(
    st.tuples(st.integers(0, 5000), st.integers(1, 400)), min_size=1, max_size=3, unique=True
).map(lambda pairs: tuple(sorted({Span(start, start + size) for start, size in pairs})))


def _entity(kind: str, index: int) -> Entity:
    entity_id, label = ENTITIES[kind][index]
    return Entity(entity_id, label, kind)


@st.composite
def facts(draw) -> list[Fact]:
    """Facts with unique keys, statuses as the extraction gives them, 1-3 evidence records each."""
    chosen: dict[tuple[str, str, str], Fact] = {}
    for _ in range(draw(st.integers(1, 6))):
        relation = draw(st.sampled_from(sorted(RELATIONS)))
        subject_types, object_types = RELATIONS[relation]
        subject = _entity(draw(st.sampled_from(subject_types)), draw(st.integers(0, 1)))
        if relation == "brand_name":
            obj: Entity | str = draw(st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True))
        else:
            obj = _entity(draw(st.sampled_from(object_types)), draw(st.integers(0, 1)))
        statuses = ["approved", "investigational"] if relation == "treats" else ["stated"]
        records = draw(
            st.lists(
                st.builds(
                    Evidence,
                    document=st.sampled_from(DOCUMENTS),
                    start=st.integers(0, 5000),
                    end=st.integers(5001, 9000),
                    sentence=SENTENCE,
                    rule=st.sampled_from(["rule-a", "rule-b"]),
                    status=st.sampled_from(statuses),
                    spans=SPANS,
                ),
                min_size=1,
                max_size=3,
                unique_by=lambda ev: (ev.document, ev.start, ev.end, ev.rule),
            )
        )
        status = "stated"
        if relation == "treats":
            approved = any(ev.status == "approved" for ev in records)
            status = "approved" if approved else "investigational"
        fact = Fact(subject, relation, obj, status, tuple(sorted(records)))
        chosen.setdefault(fact.key, fact)
    return list(chosen.values())


def _documents() -> list[Document]:
    return [
        Document(name, f"{name}.txt", "", (), OffsetMap(()), "0" * 64, {"title": name}, 0)
        for name in DOCUMENTS
    ]


def _graph(fact_list: list[Fact]) -> Graph:
    class NoLexicon:
        def get(self, entity_id: str) -> None:
            return None

    return build_rdf(_documents(), fact_list, lexicon=NoLexicon(), rule_examples={})


def _rdf_facts(graph: Graph, directory: Path) -> set[Fact]:
    """Facts as the project reads them from a stored graph (immunokg.graph.ask.read_facts)."""
    return set(facts_from_graph(write_graph_dir(graph, directory, {"inputs": []})))


def _edge_rows(fact_list: list[Fact]) -> set[tuple[str, str, str, str, int]]:
    return {
        (
            f"IMMUNOKG:{f.subject.id}",
            f.relation,
            f"IMMUNOKG:{f.object.id}",
            f.status,
            len(f.evidence),
        )
        for f in fact_list
        if isinstance(f.object, Entity)
    }


def _brands(fact_list: list[Fact]) -> dict[str, list[str]]:
    brands: dict[str, list[str]] = {}
    for fact in fact_list:
        if fact.relation == "brand_name":
            brands.setdefault(f"IMMUNOKG:{fact.subject.id}", []).append(str(fact.object))
    return {key: sorted(values) for key, values in brands.items()}


RDF_PARSERS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(facts())
def test_rdf_formats_give_back_the_same_facts(fact_list) -> None:
    expected = set(fact_list)
    graph = _graph(fact_list)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for fmt, parser in RDF_PARSERS.items():
            [path] = export_graph(graph, fmt, base / f"out.{fmt}")
            parsed = Graph().parse(path, format=parser)
            assert _rdf_facts(parsed, base / f"graph-{fmt}") == expected, fmt
        [path] = export_graph(graph, "nquads", base / "out.nq")
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        triples = Graph()
        for subject, predicate, obj, _ in dataset.quads():
            triples.add((subject, predicate, obj))
        assert _rdf_facts(triples, base / "graph-nquads") == expected


@SETTINGS
@given(facts())
def test_graphml_gives_back_the_same_facts(fact_list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        [path] = export_graph(_graph(fact_list), "graphml", Path(folder) / "g.graphml")
        network = nx.read_graphml(path, force_multigraph=True)
    edges = {
        (s, d["relation"], o, d["status"], d["evidence_count"])
        for s, o, d in network.edges(data=True)
    }
    assert edges == _edge_rows(fact_list)
    brands = {n: sorted(d["brands"].split("|")) for n, d in network.nodes(data=True) if d["brands"]}
    assert brands == _brands(fact_list)


@SETTINGS
@given(facts())
def test_cytoscape_gives_back_the_same_facts(fact_list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        [path] = export_graph(_graph(fact_list), "cytoscape", Path(folder) / "g.cyjs")
        elements = json.loads(path.read_text(encoding="utf-8"))["elements"]
    edges = {
        (e["source"], e["relation"], e["target"], e["status"], e["evidence_count"])
        for e in (item["data"] for item in elements["edges"])
    }
    assert edges == _edge_rows(fact_list)


@SETTINGS
@given(facts())
def test_csv_gives_back_the_same_facts(fact_list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _, edges_path = export_graph(_graph(fact_list), "csv", f"{folder}/csv/")
        with edges_path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
    edges = {
        (r[":START_ID"], r["relation"], r[":END_ID"], r["status"], int(r["evidence_count:int"]))
        for r in rows
    }
    assert edges == _edge_rows(fact_list)


@SETTINGS
@given(facts())
def test_kgx_gives_back_the_same_facts(fact_list) -> None:
    relation_of = {
        "inClass": "in_class",
        "subClassOf": "subclass_of",
        "targets": "targets",
        "treats": "treats",
        "hasSideEffect": "has_side_effect",
    }
    with tempfile.TemporaryDirectory() as folder:
        _, edges_path = export_graph(_graph(fact_list), "kgx", f"{folder}/kgx/")
        with edges_path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    edges = set()
    for row in rows:
        relation = relation_of[row["original_predicate"].rsplit("#", 1)[1]]
        status = "stated"
        if relation == "treats":
            status = "approved" if row["predicate"] == "biolink:treats" else "investigational"
        edges.add((row["subject"], relation, row["object"], status, int(row["evidence_count"])))
    assert edges == _edge_rows(fact_list)
