"""An offline check of KGX TSV files against Biolink's own schema (the biolink-model package).

Errors: a required column empty, a category that is not a Biolink class, a predicate that is not
a Biolink predicate, an edge whose subject or object is not a node, a malformed CURIE, a
knowledge level or agent type outside Biolink's enums. Warnings: an id whose prefix Biolink
does not list for the node's category (or any of its ancestors).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s|]+$")


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def schema() -> dict:
    path = files("biolink_model") / "schema" / "biolink_model.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _camel(name: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in name.split())


def classes() -> dict[str, dict]:
    return {f"biolink:{_camel(name)}": body or {} for name, body in schema()["classes"].items()}


def predicates() -> set[str]:
    slots = schema()["slots"]

    def is_predicate(name: str) -> bool:
        seen = set()
        while name and name not in seen:
            seen.add(name)
            if name == "related to":
                return True
            name = (slots.get(name) or {}).get("is_a")
        return False

    return {f"biolink:{name.replace(' ', '_')}" for name in slots if is_predicate(name)}


def id_prefixes(category: str) -> set[str]:
    """The id prefixes Biolink lists for a category and its ancestors."""
    by_name = {f"biolink:{_camel(n)}": (b or {}) for n, b in schema()["classes"].items()}
    found: set[str] = set()
    while category in by_name:
        body = by_name[category]
        found.update(body.get("id_prefixes") or [])
        parent = body.get("is_a")
        category = f"biolink:{_camel(parent)}" if parent else ""
    return found


def enum_values(name: str) -> set[str]:
    return set(schema()["enums"][name]["permissible_values"])


def check_kgx(nodes_path: Path, edges_path: Path) -> Report:
    report = Report()
    known_classes, known_predicates = classes(), predicates()
    levels, agents = enum_values("KnowledgeLevelEnum"), enum_values("AgentTypeEnum")
    with nodes_path.open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    with edges_path.open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    ids = set()
    for node in nodes:
        if not node.get("id") or not CURIE.match(node["id"]):
            report.errors.append(f"node id {node.get('id')!r} is not a CURIE")
            continue
        ids.add(node["id"])
        category = node.get("category", "")
        if category not in known_classes:
            report.errors.append(f"{node['id']}: category {category!r} is not a Biolink class")
        elif node["id"].split(":")[0] not in id_prefixes(category):
            report.warnings.append(f"{node['id']}: prefix not among {category}'s id prefixes")
        for xref in filter(None, node.get("xref", "").split("|")):
            if not CURIE.match(xref):
                report.errors.append(f"{node['id']}: xref {xref!r} is not a CURIE")
    for edge in edges:
        for key in ("id", "subject", "predicate", "object", "knowledge_level", "agent_type"):
            if not edge.get(key):
                report.errors.append(f"edge {edge.get('id')!r}: {key} is empty")
        if edge.get("predicate") not in known_predicates:
            report.errors.append(f"edge {edge['id']}: {edge.get('predicate')!r} is not a predicate")
        for end in ("subject", "object"):
            if edge.get(end) not in ids:
                report.errors.append(f"edge {edge['id']}: {end} {edge.get(end)!r} is not a node")
        if edge.get("knowledge_level") not in levels:
            report.errors.append(
                f"edge {edge['id']}: knowledge_level {edge.get('knowledge_level')!r}"
            )
        if edge.get("agent_type") not in agents:
            report.errors.append(f"edge {edge['id']}: agent_type {edge.get('agent_type')!r}")
    return report
