"""SHACL validation of a built graph in parts, in parallel: evidence records in chunks.

Every shape looks only at a node and its direct neighbours, so a graph can be
checked in parts and the results joined: the core (entities, facts, documents,
rules, and only the type of each evidence node), then chunks of evidence nodes,
each with the document and rule nodes they point to. Results about evidence
come only from the chunks, all others only from the core. A large corpus then
needs neither one huge rdflib graph in memory nor one long single-core run.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import SH

from immunokg.graph.rdf.namespace import DOC, EVIDENCE, IKG, RULE
from immunokg.graph.rdf.ntriples import NTriples
from immunokg.graph.validate.reference import violations
from immunokg.graph.validate.report import ValidationReport, Violation, load_shapes, report_from

CHUNK_EVIDENCE = 20_000
_EVIDENCE = f"<{EVIDENCE}"
_CONTEXT = (f"<{DOC}", f"<{RULE}")
_TYPE = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "


def validate_ntriples(
    triples: NTriples, *, jobs: int = 1, chunk: int = CHUNK_EVIDENCE
) -> ValidationReport:
    """The same report as ``validate(triples.to_rdflib())``, computed part by part."""
    core, context, evidence = _split(triples.lines)
    parts = [("core", core)] + [
        ("evidence", context + evidence[start : start + chunk])
        for start in range(0, len(evidence), chunk)
    ]
    if jobs > 1 and len(parts) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(parts))) as pool:
            results = list(pool.map(_validate_part, parts))
    else:
        results = [_validate_part(part) for part in parts]
    items = [item for part in results for item in part]
    return report_from(items)


def _split(lines: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Core lines, document and rule lines, and evidence lines (kept whole per node)."""
    core: list[str] = []
    context: list[str] = []
    evidence: list[str] = []
    for line in lines:
        if line.startswith(_EVIDENCE):
            evidence.append(line)
            if _TYPE in line:
                core.append(line)
        else:
            core.append(line)
            if line.startswith(_CONTEXT):
                context.append(line)
    return core, context, _whole_nodes(evidence)


def _whole_nodes(lines: list[str]) -> list[str]:
    """Evidence lines grouped by record; chunks may cut anywhere but inside a record.

    A record is an evidence node with its span nodes (``<evidence id>-<start>-<end>``).
    Returned as one string per record, in order of first appearance, so that slicing
    keeps each record's lines together.
    """
    records: dict[str, list[str]] = {}
    for line in lines:
        local = line[len(_EVIDENCE) : line.index("> ")]
        records.setdefault(local.split("-", 1)[0], []).append(line)
    return ["\n".join(block) for block in records.values()]


@lru_cache(maxsize=1)
def core_shapes() -> Graph:
    """The shapes without their evidence targets: the core holds evidence types only.

    Checking every evidence node there would report each as missing its
    properties and throw the reports away: most of the time of a large build.
    """
    shapes = Graph()
    for triple in load_shapes():
        shapes.add(triple)
    shapes.remove((None, SH.targetClass, IKG.Evidence))
    return shapes


def _validate_part(part: tuple[str, list[str]]) -> list[Violation]:
    kind, lines = part
    about_evidence = kind == "evidence"
    shapes = load_shapes() if about_evidence else core_shapes()
    _, items = violations(NTriples(tuple(lines)).to_rdflib(), shapes)
    return [item for item in items if item[1].startswith(_EVIDENCE) == about_evidence]
