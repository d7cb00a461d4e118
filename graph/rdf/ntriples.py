"""Graphs as sorted N-Triples lines: writing terms in canonical form and parsing them back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


@dataclass(frozen=True)
class NTriples:
    """A graph as sorted, unique N-Triples lines (no newline): the deterministic form."""

    lines: tuple[str, ...]

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)

    def to_rdflib(self) -> Graph:
        """The lines as an rdflib Graph, parsed by Oxigraph (about twice rdflib's speed)."""
        import pyoxigraph

        graph = Graph()
        terms: dict[Any, Any] = {}
        add = graph.add
        for triple in pyoxigraph.parse(self.text(), format=pyoxigraph.RdfFormat.N_TRIPLES):
            add(
                (
                    _term(triple.subject, terms),
                    _term(triple.predicate, terms),
                    _term(triple.object, terms),
                )
            )
        return graph


def _term(node: Any, terms: dict[Any, Any]) -> Any:
    """An Oxigraph term as the rdflib term an N-Triples parse would give (memoised)."""
    term = terms.get(node)
    if term is None:
        if isinstance(node, pyoxigraph_types()[0]):
            term = URIRef(node.value)
        elif isinstance(node, pyoxigraph_types()[1]):
            datatype = node.datatype.value
            plain = node.language or datatype == str(XSD.string)
            term = Literal(node.value, lang=node.language, datatype=None if plain else datatype)
        else:
            term = BNode(node.value)
        terms[node] = term
    return term


def pyoxigraph_types() -> tuple[type, type]:
    import pyoxigraph

    return pyoxigraph.NamedNode, pyoxigraph.Literal


def literal(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = _NEEDS_ESCAPE.sub(_escape_char, value)
    return f'"{value}"'


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def iri_line(subject: str, predicate: str, obj: str) -> str:
    return f"<{subject}> <{predicate}> <{obj}> ."


def literal_line(subject: str, predicate: str, value: str) -> str:
    return f"<{subject}> <{predicate}> {literal(value)} ."


def integer_line(subject: str, predicate: str, value: int) -> str:
    return f'<{subject}> <{predicate}> "{int(value)}"^^<{XSD.integer}> .'
