"""SHACL shapes compiled into SPARQL queries whose rows are the validation results.

The fast validation engine runs these on an Oxigraph store instead of running
pySHACL, which checks one focus node at a time in Python. The shapes file stays
the single source of truth: every query is derived from it here, and a
constraint kind this compiler does not know is refused with a clear error
rather than skipped. One row of a query is one result pySHACL would report:
per value node for value constraints (class, datatype, in ...), per focus node
for count and logical constraints, per solution for SPARQL constraints.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from immunokg.extract.errors import ImmunokgError

TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# Lexical forms accepted for a datatype; a literal of another form is ill-typed (a violation).
LEXICAL_FORMS: dict[URIRef, str | None] = {
    XSD.string: None,
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.boolean: "^(true|false|1|0)$",
    XSD.decimal: "^[+-]?([0-9]+(\\\\.[0-9]*)?|\\\\.[0-9]+)$",
    XSD.date: "^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
COMPARISONS = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target}
# Keys of a shape that carry no constraint.
DESCRIPTIVE = {RDF.type, RDFS.comment, RDFS.label, SH.message, SH.name, SH.description, SH.path}
DESCRIPTIVE |= {SH.order, SH.group, SH.qualifiedMinCount, SH.qualifiedMaxCount}
VALUE_KEYS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minLength, SH.maxLength}
VALUE_KEYS |= {SH.pattern, SH.flags} | set(COMPARISONS)
FOCUS_KEYS = {SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape}
LOGIC_KEYS = {SH["or"], SH["and"], SH["not"], SH.node, SH.property, SH.sparql}
KNOWN = DESCRIPTIVE | VALUE_KEYS | FOCUS_KEYS | LOGIC_KEYS | TARGETS


@dataclass(frozen=True)
class ShapeQuery:
    """One SELECT whose rows are results of ``shape`` (a named shape) with ``message``.

    ``message`` may hold ``{?var}`` placeholders (SPARQL constraints), filled from the row.
    """

    shape: str
    message: str
    query: str


def compile_shapes(
    shapes: Graph, names: dict[str, str] | None = None, *, subclasses: bool = True
) -> list[ShapeQuery]:
    """Every check of ``shapes`` as a query; ``names`` maps a shape IRI to its reported name.

    One query per check: a pattern's FILTERs must share a group with the target
    that binds ``?this`` (a UNION branch is evaluated on its own). Without
    ``subclasses`` (a data graph with no rdfs:subClassOf triple), class
    membership is a plain rdf:type match, which Oxigraph evaluates much faster.
    """
    compiler = _Compiler(shapes, TYPE_PATH if subclasses else f"<{RDF.type}>")
    queries: list[ShapeQuery] = []
    roots = sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=str)
    for root in roots:
        if isinstance(root, BNode):
            raise _unsupported(root, "a shape with targets must be named")
        target = "{ SELECT DISTINCT ?this WHERE { " + compiler.targets(root) + " } }"
        for source, pattern in compiler.results(root, "?this", sparql=True):
            named = compiler.named(source)
            query = f"SELECT * WHERE {{ {target} {pattern} }}"
            shape = (names or {}).get(str(named), str(named))
            queries.append(ShapeQuery(shape, compiler.message(source, named), query))
    return queries


class _Compiler:
    def __init__(self, shapes: Graph, type_path: str) -> None:
        self.g = shapes
        self.type_path = type_path
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        return f"?v{self.count}"

    def targets(self, shape: URIRef) -> str:
        g, branches = self.g, []
        branches += [
            f"?this {self.type_path} {_term(c)} ." for c in g.objects(shape, SH.targetClass)
        ]
        branches += [f"?this {_term(p)} [] ." for p in g.objects(shape, SH.targetSubjectsOf)]
        branches += [f"[] {_term(p)} ?this ." for p in g.objects(shape, SH.targetObjectsOf)]
        branches += [f"VALUES ?this {{ {_term(n)} }}" for n in g.objects(shape, SH.targetNode)]
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                raise _unsupported(shape, "sh:target other than a SPARQL target with sh:select")
            branches.append(_subquery(shape, str(select)))
        return " UNION ".join("{ " + branch + " }" for branch in sorted(branches))

    def named(self, shape: URIRef | BNode) -> URIRef | BNode:
        """The named shape that holds ``shape`` (pySHACL's results name it by its holder)."""
        for _ in range(10):
            if not isinstance(shape, BNode):
                break
            holder = next(self.g.subjects(SH.property, shape), None)
            holder = holder or next(self.g.subjects(SH.sparql, shape), None)
            if holder is None:
                break
            shape = holder
        return shape

    def message(self, source: URIRef | BNode, root: URIRef | BNode) -> str:
        for node in (source, root):
            text = self.g.value(node, SH.message)
            if text is not None:
                return str(text)
        raise _unsupported(source, "the fast engine needs an sh:message on every shape")

    def results(
        self, shape: URIRef | BNode, focus: str, *, sparql: bool = False
    ) -> list[tuple[URIRef | BNode, str]]:
        """(source shape, pattern) pairs: each pattern gives one row per result for ``focus``."""
        g = self.g
        unknown = sorted({str(p) for p in g.predicates(shape, None)} - {str(k) for k in KNOWN})
        if unknown:
            raise _unsupported(shape, f"{unknown[0]} is not supported by the fast engine")
        path = g.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise _unsupported(shape, "only a property IRI is supported as sh:path")
        value = self.fresh() if path is not None else focus
        reach = f"{focus} {_term(path)} {value} ." if path is not None else ""
        found = [(shape, f"{reach} {c}") for c in self.value_filters(shape, value)]
        found += [(shape, p) for p in self.focus_filters(shape, focus, path)]
        inner = list(g.objects(shape, SH.property))
        # pySHACL also reports the results of a shape named by sh:node (as sh:detail).
        inner += list(g.objects(shape, SH.node))
        for nested in inner:
            found += [(src, f"{reach} {pattern}") for src, pattern in self.results(nested, value)]
        for constraint in g.objects(shape, SH.sparql):
            if not sparql or path is not None:
                raise _unsupported(shape, "sh:sparql is supported on a targeted node shape only")
            select = g.value(constraint, SH.select)
            if select is None or (constraint, SH.deactivated, Literal(True)) in g:
                raise _unsupported(shape, "sh:sparql without sh:select, or deactivated")
            found.append((constraint, _subquery(shape, str(select))))
        return found

    def value_filters(self, shape: URIRef | BNode, v: str) -> list[str]:
        """Filters on one value node ``v``; each failing value is one result."""
        g, found = self.g, []
        for cls in g.objects(shape, SH["class"]):
            found.append(f"FILTER NOT EXISTS {{ {v} {self.type_path} {_term(cls)} }}")
        for datatype in g.objects(shape, SH.datatype):
            if datatype not in LEXICAL_FORMS:
                raise _unsupported(shape, f"sh:datatype {datatype} is not supported")
            test = f"isLiteral({v}) && sameTerm(datatype({v}), {_term(datatype)})"
            lexical = LEXICAL_FORMS[datatype]
            if lexical:
                test += f' && REGEX(STR({v}), "{lexical}")'
            found.append(f"FILTER(!({test}))")
        for kind in g.objects(shape, SH.nodeKind):
            found.append("FILTER(!" + NODE_KINDS[kind].format(v=v) + ")")
        for listed in g.objects(shape, SH["in"]):
            members = " || ".join(f"sameTerm({v}, {_term(m)})" for m in Collection(g, listed))
            found.append(f"FILTER(!({members or 'false'}))")
        for key, op in ((SH.minLength, "<"), (SH.maxLength, ">")):
            for length in g.objects(shape, key):
                found.append(f"FILTER(isBlank({v}) || STRLEN(STR({v})) {op} {int(length)})")
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            args = _term(Literal(str(pattern))) + (f", {_term(flags)}" if flags else "")
            found.append(f"FILTER(isBlank({v}) || !REGEX(STR({v}), {args}))")
        for key, op in COMPARISONS.items():
            for bound in g.objects(shape, key):
                found.append(f"FILTER(!COALESCE({v} {op} {_term(bound)}, false))")
        for key, joint in ((SH["or"], " && "), (SH["and"], " || ")):
            for listed in g.objects(shape, key):
                tests = [f"EXISTS {{ {self.violation(m, v)} }}" for m in Collection(g, listed)]
                found.append(f"FILTER({joint.join(tests) or 'false'})")
        for negated in g.objects(shape, SH["not"]):
            found.append(f"FILTER NOT EXISTS {{ {self.violation(negated, v)} }}")
        for node in g.objects(shape, SH.node):
            found.append(f"FILTER EXISTS {{ {self.violation(node, v)} }}")
        return found

    def focus_filters(self, shape: URIRef | BNode, focus: str, path: object) -> list[str]:
        """Filters on the focus node as a whole (counts, sh:hasValue): one result per focus."""
        g, found = self.g, []
        if path is None:
            if any(
                g.value(shape, k) is not None
                for k in (SH.minCount, SH.maxCount, SH.qualifiedValueShape)
            ):
                raise _unsupported(shape, "counts need an sh:path")
            for value in g.objects(shape, SH.hasValue):
                found.append(f"FILTER(!sameTerm({focus}, {_term(value)}))")
            return found
        step = f"{focus} {_term(path)}"
        for least in g.objects(shape, SH.minCount):
            if int(least) > 0:
                found.append(f"FILTER NOT EXISTS {{ {self.at_least(step, int(least))} }}")
        for most in g.objects(shape, SH.maxCount):
            found.append(f"FILTER EXISTS {{ {self.at_least(step, int(most) + 1)} }}")
        for value in g.objects(shape, SH.hasValue):
            found.append(f"FILTER NOT EXISTS {{ {step} {_term(value)} }}")
        for qualified in g.objects(shape, SH.qualifiedValueShape):
            if g.value(shape, SH.qualifiedValueShapesDisjoint) is not None:
                raise _unsupported(shape, "sh:qualifiedValueShapesDisjoint is not supported")
            least, most = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            if least is not None and int(least) > 0:
                found.append(
                    f"FILTER NOT EXISTS {{ {self.at_least(step, int(least), qualified)} }}"
                )
            if most is not None:
                found.append(f"FILTER EXISTS {{ {self.at_least(step, int(most) + 1, qualified)} }}")
        return found

    def at_least(self, step: str, count: int, conforming: object = None) -> str:
        """A pattern that matches when ``step`` reaches ``count`` distinct (conforming) values."""
        values = [self.fresh() for _ in range(count)]
        parts = [f"{step} {v} ." for v in values]
        if conforming is not None:
            parts += [f"FILTER NOT EXISTS {{ {self.violation(conforming, v)} }}" for v in values]
        parts += [f"FILTER(!sameTerm({a}, {b}))" for a, b in itertools.combinations(values, 2)]
        return " ".join(parts)

    def violation(self, shape: object, focus: str) -> str:
        """A pattern that matches (at least once) when ``focus`` does not conform to ``shape``."""
        branches = [pattern for _, pattern in self.results(shape, focus)]  # type: ignore[arg-type]
        if not branches:
            return "FILTER(false)"
        return " UNION ".join("{ " + branch + " }" for branch in branches)


def _subquery(shape: object, select: str) -> str:
    if "prefix" in select.lower().split("select")[0]:
        raise _unsupported(shape, "SPARQL with PREFIX declarations is not supported")
    return "{ " + select.strip().replace("$this", "?this") + " }"


def _term(node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ImmunokgError(f"shapes: cannot use {node!r} as a constant in a query")


def _unsupported(shape: object, problem: str) -> ImmunokgError:
    return ImmunokgError(f"shapes.ttl: shape {shape}: {problem}; use --engine pyshacl")
