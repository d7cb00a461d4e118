"""An evidence record's parts as N-Triples lines: its verbatim spans and its subject's antecedent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote

from rdflib.namespace import RDF

from immunokg.extract.model import Span
from immunokg.graph.rdf.namespace import IKG
from immunokg.graph.rdf.ntriples import integer_line, iri_line


def span_lines(evidence: str, spans: Iterable[Span]) -> list[str]:
    """One node per verbatim piece of the original, named ``<evidence>-<start>-<end>``."""
    lines = []
    for span in spans:
        node = f"{evidence}-{span.start}-{span.end}"
        lines += [
            iri_line(evidence, IKG.span, node),
            integer_line(node, IKG.start, span.start),
            integer_line(node, IKG.end, span.end),
        ]
    return lines


def antecedent_lines(
    evidence: str, antecedent: Iterable[tuple[str, int, int]], entity_iri: Callable[[str], str]
) -> list[str]:
    """What the sentence's pointing words stood for: ``<evidence>-antecedent-<entity id>``,
    the entity and, when the text names it, where."""
    lines = []
    for entity, start, end in sorted(set(antecedent)):
        node = f"{evidence}-antecedent-{quote(entity, safe='')}"
        lines += [
            iri_line(evidence, IKG.antecedent, node),
            iri_line(node, RDF.type, IKG.Antecedent),
            iri_line(node, IKG.standsFor, entity_iri(entity)),
        ]
        if 0 <= start < end:
            lines += [integer_line(node, IKG.start, start), integer_line(node, IKG.end, end)]
    return lines
