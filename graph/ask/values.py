"""Parameters bound for a remote server: the values as escaped RDF terms in a VALUES block that
opens the query's WHERE group, never user text pasted into the query.

A SPARQL server takes no bindings beside the query (the protocol has no such field), so the
query itself must carry them. A one-row ``VALUES (?_a ?_b) { (<iri> "text") }`` placed first
in the top-level group is joined with everything after it: the group's FILTERs see the
values, an OPTIONAL keeps them on its left side, so the query answers as Oxigraph's own
substitution answers it locally whenever a parameter is used at the top level or in a
triple pattern (as every bundled query does; tests/test_remote.py compares them row by
row). Only the terms are written into the text, by the rules below, so no value can end
its term: a literal's quote, backslash and line breaks are escaped, and an IRI is checked
by pyoxigraph before it is written (no space, quote, ``<``, ``>`` or brace may be in one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from immunokg.extract.errors import ImmunokgError

# Outside these, a brace counts: comments, the four string forms and IRIs are skipped whole.
_SKIP = re.compile(
    r"""\#[^\n]*
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>""",
    re.VERBOSE | re.DOTALL,
)
_TOKEN = re.compile(r"[{}()]|[A-Za-z_]\w*|\s+|.", re.DOTALL)
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def with_values(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with ``values`` (variable name → pyoxigraph term) bound in its WHERE group."""
    if not values:
        return text
    names = " ".join(f"?{name}" for name in values)
    terms = " ".join(sparql_term(term) for term in values.values())
    block = f"VALUES ({names}) {{ ({terms}) }}"
    opening, closing, subselect = _where_group(text)
    if subselect:  # '{' SubSelect '}' takes nothing beside the SELECT: nest it in a group
        return f"{text[: opening + 1]} {block} {{{text[opening + 1 : closing]}}} {text[closing:]}"
    return f"{text[: opening + 1]} {block} {text[opening + 1 :]}"


def sparql_term(term: Any) -> str:
    """A pyoxigraph NamedNode or Literal written as a SPARQL term that cannot leave its quotes."""
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        iri = term.value
        if re.search(r'[\x00-\x20<>"{}|^`\\]', iri):  # pyoxigraph refuses these; check anyway
            raise ImmunokgError(f"not an IRI: {iri[:60]!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        quoted = '"' + _NEEDS_ESCAPE.sub(_escape, term.value) + '"'
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise ImmunokgError(f"not a language tag: {term.language[:20]!r}")
            return f"{quoted}@{term.language}"
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return quoted
        return f"{quoted}^^{sparql_term(NamedNode(datatype))}"
    raise ImmunokgError(f"cannot bind {type(term).__name__} values on a remote server")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the '{' and '}' of the query's WHERE group, and whether it holds a SubSelect.

    That group is the first top-level one after the query form, except in a CONSTRUCT
    with a template, where it is the one after the template.
    """
    depth = parens = 0
    opening = -1
    form = None
    where = template = False
    position = 0
    while position < len(text):
        skipped = _SKIP.match(text, position)
        if skipped:
            position = skipped.end()
            continue
        token = _TOKEN.match(text, position).group()  # type: ignore[union-attr]
        top = depth == 0 and parens == 0 and opening < 0
        if top and form is None and token.upper() in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            form = token.upper()
        elif top and token.upper() == "WHERE":
            where = True
        elif token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "{":
            if top and form is not None:
                if form == "CONSTRUCT" and not where and not template:
                    template = True
                elif form == "CONSTRUCT" and not template:
                    raise ImmunokgError(
                        "parameters cannot be bound on a remote server in the short form "
                        "CONSTRUCT WHERE { ... }; write CONSTRUCT { ... } WHERE { ... }"
                    )
                else:
                    opening = position
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and opening >= 0:
                inner = _SKIP.sub(" ", text[opening + 1 : position]).lstrip()
                return opening, position, bool(re.match(r"SELECT\b", inner, re.IGNORECASE))
        position += len(token)
    raise ImmunokgError("cannot bind parameters on a remote server: the query has no WHERE group")
