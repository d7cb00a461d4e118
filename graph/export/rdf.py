"""RDF exports of the full graph with provenance: Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

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
    for triple in sorted(graph, key=lambda triple: tuple(term.n3() for term in triple)):
        ordered.add(triple)
    return ordered


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


def _qname(predicate: URIRef, names: dict[str, str]) -> str:
    """``prefix:local`` for an RDF/XML property element, declaring a new prefix when needed."""
    text = str(predicate)
    cut = max(text.rfind("#"), text.rfind("/")) + 1
    namespace, local = text[:cut], text[cut:]
    if namespace not in names:
        names[namespace] = f"ns{len(names)}"
    return f"{names[namespace]}:{local}"


def _xml_object(tag: str, obj: object) -> str:
    if isinstance(obj, BNode):
        return f'    <{tag} rdf:nodeID="{obj}"/>'
    if isinstance(obj, URIRef):
        return f"    <{tag} rdf:resource={quoteattr(str(obj))}/>"
    assert isinstance(obj, Literal)
    attributes = ""
    if obj.language:
        attributes = f" xml:lang={quoteattr(obj.language)}"
    elif obj.datatype is not None and obj.datatype != XSD.string:
        attributes = f" rdf:datatype={quoteattr(str(obj.datatype))}"
    return f"    <{tag}{attributes}>{escape(str(obj))}</{tag}>"


def write_rdfxml(graph: Graph, path: Path | str, *, provenance: bool = True) -> list[Path]:
    """RDF/XML in the flat form (one rdf:Description per subject), subjects and values sorted.

    Written here rather than by rdflib, whose RDF/XML order changes between runs.
    """
    names = {namespace: prefix for prefix, namespace in PREFIXES.items()}
    body = []
    for subject in sorted(set(graph.subjects()), key=lambda term: term.n3()):
        about = (
            f'rdf:nodeID="{subject}"'
            if isinstance(subject, BNode)
            else f"rdf:about={quoteattr(str(subject))}"
        )
        body.append(f"  <rdf:Description {about}>")
        pairs = sorted(
            graph.predicate_objects(subject), key=lambda pair: (pair[0].n3(), pair[1].n3())
        )
        body.extend(_xml_object(_qname(predicate, names), obj) for predicate, obj in pairs)
        body.append("  </rdf:Description>")
    declarations = [
        f"   xmlns:{prefix}={quoteattr(namespace)}"
        for namespace, prefix in sorted(names.items(), key=lambda item: item[1])
    ]
    text = '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n'
    text += "\n".join(declarations) + "\n>\n" + "\n".join(body) + "\n</rdf:RDF>\n"
    return [write_atomic(path, text)]
