"""Hand-made documents, facts and lexicon entries for the graph tests (tests/data/graph/)."""

from __future__ import annotations

import json
from pathlib import Path

from immunokg.extract.model import Document, Fact
from immunokg.extract.read.corpus import read_corpus
from immunokg.extract.rules.lexicon import LexiconEntry
from immunokg.extract.table import fact_from_record

GRAPH_DATA = Path(__file__).parent / "data" / "graph"
CORPUS = GRAPH_DATA / "corpus"


class FakeLexicon:
    """The two entries the tests need, looked up by id like the real lexicon."""

    def __init__(self) -> None:
        entries = [
            LexiconEntry(
                "pembrolizumab",
                "Drug",
                "pembrolizumab",
                ("MK-3475",),
                ("Keytruda",),
                ("NCIT:C106432",),
            ),
            LexiconEntry("pd-1", "Target", "PD-1", ("PDCD1", "PD-1"), (), ("HGNC:8760",)),
        ]
        self._by_id = {entry.id: entry for entry in entries}

    def get(self, entity_id: str) -> LexiconEntry | None:
        return self._by_id.get(entity_id)


RULE_EXAMPLES = {"targets-verb": "Nivolumab targets PD-1."}


def trial_documents() -> list[Document]:
    return read_corpus([CORPUS]).documents


def trial_facts() -> list[Fact]:
    lines = (GRAPH_DATA / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    return [fact_from_record(json.loads(line)) for line in lines]


def build_kwargs() -> dict[str, object]:
    return {"lexicon": FakeLexicon(), "rule_examples": RULE_EXAMPLES}


def use_trial_extraction(monkeypatch) -> None:
    """Builds in a test extract the trial facts (no spaCy) and check one rule example, and
    find no graph from the environment."""
    from immunokg.graph.build import pipeline
    from immunokg.graph.build import triples as build

    monkeypatch.setattr(pipeline, "_extract", lambda documents, jobs, progress: (trial_facts(), {}))
    monkeypatch.setattr(build, "default_rule_examples", lambda: RULE_EXAMPLES)
    monkeypatch.delenv("IMMUNOKG_GRAPH", raising=False)


def run_cli(*args: str) -> tuple[int, str, str]:
    """``immunokg ARGS`` in this process: exit code, standard output, standard error."""
    from click.testing import CliRunner

    from immunokg.graph.cli.main import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr
