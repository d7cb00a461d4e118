"""The facts table and JSON lines: how facts are printed, scored and exchanged."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from immunokg.extract.model import Entity, Evidence, Fact, Span

TABLE_COLUMNS = (
    "subject",
    "relation",
    "object",
    "status",
    "documents",
    "evidence_count",
    "subject_type",
    "object_type",
    "rules",
)


def sort_facts(facts: Iterable[Fact]) -> list[Fact]:
    """The one order used everywhere: by subject label, relation, object label."""
    return sorted(
        facts, key=lambda f: (f.subject.label.lower(), f.relation, f.object_label.lower(), f.key)
    )


def facts_table(facts: Iterable[Fact]) -> str:
    """Tab-separated facts with a header; labels are preferred labels."""
    lines = ["\t".join(TABLE_COLUMNS)]
    for fact in sort_facts(facts):
        object_type = "Brand" if isinstance(fact.object, str) else fact.object.type
        rules = sorted({ev.rule for ev in fact.evidence})
        row = (
            fact.subject.label,
            fact.relation,
            fact.object_label,
            fact.status,
            ",".join(fact.documents),
            str(len(fact.evidence)),
            fact.subject.type,
            object_type,
            ",".join(rules),
        )
        lines.append("\t".join(_clean(cell) for cell in row))
    return "\n".join(lines) + "\n"


def fact_record(fact: Fact) -> dict[str, object]:
    """One fact as a JSON-ready dict with all its evidence."""
    return {
        "subject": fact.subject.label,
        "subject_id": fact.subject.id,
        "subject_type": fact.subject.type,
        "relation": fact.relation,
        "object": fact.object_label,
        "object_id": None if isinstance(fact.object, str) else fact.object.id,
        "object_type": "Brand" if isinstance(fact.object, str) else fact.object.type,
        "status": fact.status,
        "evidence": [_evidence_record(ev) for ev in sorted(fact.evidence)],
    }


def _evidence_record(ev: Evidence) -> dict[str, object]:
    record: dict[str, object] = {
        "document": ev.document,
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "spans": [{"start": span.start, "end": span.end} for span in ev.spans],
        "rule": ev.rule,
        "status": ev.status,
    }
    if ev.antecedent:  # the subject came from "it", "these drugs" or the page's subject
        record["antecedent"] = [
            {"entity": entity, "start": start, "end": end} for entity, start, end in ev.antecedent
        ]
    return record


def facts_jsonl(facts: Iterable[Fact]) -> str:
    return "".join(
        json.dumps(fact_record(fact), ensure_ascii=False, sort_keys=False) + "\n"
        for fact in sort_facts(facts)
    )


def fact_from_record(record: dict[str, object]) -> Fact:
    """The inverse of ``fact_record``: used by tests and by tools that read JSON lines."""
    subject = Entity(str(record["subject_id"]), str(record["subject"]), str(record["subject_type"]))
    if record["object_id"] is None:
        obj: Entity | str = str(record["object"])
    else:
        obj = Entity(str(record["object_id"]), str(record["object"]), str(record["object_type"]))
    evidence = tuple(_evidence(e) for e in record["evidence"])  # type: ignore[union-attr]
    return Fact(subject, str(record["relation"]), obj, str(record["status"]), evidence)


def _evidence(record: dict[str, Any]) -> Evidence:
    """One evidence record; ``spans`` may be missing from files written before they existed,
    ``antecedent`` is there only where a pointing phrase stood for the subject."""
    spans = tuple(Span(int(s["start"]), int(s["end"])) for s in record.get("spans", ()))
    return Evidence(
        record["document"],
        record["start"],
        record["end"],
        record["sentence"],
        record["rule"],
        record["status"],
        spans,
        tuple((a["entity"], a["start"], a["end"]) for a in record.get("antecedent", ())),
    )


def _clean(cell: str) -> str:
    return cell.replace("\t", " ").replace("\n", " ")
