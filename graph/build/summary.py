"""What a build read, found and wrote: the printed summary and the build.json record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from immunokg.extract.model import Document, Entity, Fact
from immunokg.graph.rdf.identifiers import preferred_id

if TYPE_CHECKING:  # locate imports this module, and lookups must not load rdflib
    from immunokg.graph.validate.report import ValidationReport


@dataclass
class BuildSummary:
    """What a build read, found and wrote; ``written`` is False if the graph was refused."""

    directory: Path
    documents: int
    sentences: int
    entities: dict[str, int]
    facts: dict[str, int]
    evidence: int
    triples: int
    report: ValidationReport
    written: bool
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    identifiers: dict[str, Any] = field(default_factory=dict)
    cluster: dict[str, Any] | None = None  # the Dask run of a --scheduler build
    streamed: bool = False  # facts and lines went through sorted shards on disk

    def text(self) -> str:
        """The summary printed at the end of ``immunokg build``."""
        lines = [
            f"documents: {self.documents}",
            f"sentences with facts: {self.sentences}",
            f"entities: {sum(self.entities.values())} ({_counts(self.entities)})",
            f"facts: {sum(self.facts.values())} ({_counts(self.facts)})",
            f"evidence records: {self.evidence}",
            f"triples: {self.triples}",
            *([_identifier_line(self.identifiers)] if self.identifiers else []),
            "SHACL: " + ("conforms" if self.report.conforms else "does not conform"),
        ]
        if self.seconds:
            lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()))
        if self.written:
            lines.append(f"graph written to {self.directory}")
        else:
            lines.append(f"graph NOT written; {self.directory} left as it was")
        return "\n".join(lines)


def summarise(
    directory: Path,
    documents: list[Document],
    facts: list[Fact],
    triples: int,
    report: ValidationReport,
    seconds: dict[str, float],
) -> BuildSummary:
    """The counts of a build, not yet written."""
    entities: dict[str, Entity] = {}
    for fact in facts:
        entities[fact.subject.id] = fact.subject
        if isinstance(fact.object, Entity):
            entities[fact.object.id] = fact.object
    evidence = [ev for fact in facts for ev in fact.evidence]
    return BuildSummary(
        directory=directory,
        documents=len(documents),
        sentences=len({(ev.document, ev.start, ev.end) for ev in evidence}),
        entities=dict(sorted(Counter(e.type for e in entities.values()).items())),
        facts=dict(sorted(Counter(f.relation for f in facts).items())),
        evidence=len(evidence),
        triples=triples,
        report=report,
        written=False,
        seconds=seconds,
        identifiers=identifier_coverage(list(entities.values())),
    )


def identifier_coverage(entities: list[Entity]) -> dict[str, Any]:
    """How many entities have the Biolink-preferred CURIE of their category, in all and by type."""
    from immunokg.extract.rules.lexicon import load_lexicon

    lexicon = load_lexicon()
    by_type: dict[str, dict[str, int]] = {}
    for entity in entities:
        entry = lexicon.get(entity.id)
        found = preferred_id(entity.type, entry.xrefs if entry is not None else ())
        counts = by_type.setdefault(entity.type, {"nodes": 0, "with_preferred_id": 0})
        counts["nodes"] += 1
        counts["with_preferred_id"] += found is not None
    total = sum(c["nodes"] for c in by_type.values())
    with_id = sum(c["with_preferred_id"] for c in by_type.values())
    return {
        "nodes": total,
        "with_preferred_id": with_id,
        "preferred_share": round(with_id / total, 3) if total else 0.0,
        "by_type": dict(sorted(by_type.items())),
    }


def _identifier_line(coverage: dict[str, Any]) -> str:
    share = coverage["preferred_share"] * 100
    return (
        f"entities with a Biolink-preferred id: {coverage['with_preferred_id']} of "
        f"{coverage['nodes']} ({share:.0f}%)"
    )


def build_record(
    paths: Sequence[str | Path] | None, documents: list[Document], summary: BuildSummary
) -> dict[str, Any]:
    """The build record: what went in, what came out, when, and whether it conforms."""
    return {
        "tool": "immunokg",
        "version": package_version(),
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": "bundled seeds" if not paths else "paths",
        "arguments": [str(path) for path in paths or ()],
        "inputs": [
            {"document": doc.id, "path": doc.path, "sha256": doc.sha256} for doc in documents
        ],
        "skipped": summary.problems,
        "counts": {
            "documents": summary.documents,
            "sentences_with_facts": summary.sentences,
            "entities": summary.entities,
            "facts": summary.facts,
            "evidence": summary.evidence,
        },
        "identifiers": summary.identifiers,
        "shacl": summary.report.to_record(),
        "status": "conforms" if summary.report.conforms else "failing",
        "seconds": {stage: round(value, 3) for stage, value in summary.seconds.items()},
        **({"cluster": summary.cluster} if summary.cluster is not None else {}),
        **({"streamed": True} if summary.streamed else {}),
    }


def package_version() -> str:
    """The installed immunokg version, or ``0+unknown`` when run from a source tree."""
    try:
        return version("immunokg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"
