"""Documents isolated in extraction (issue 14, failure 1): one long paragraph, or a document the
engine fails on, is reported or processed, and never sinks `extract` or `build`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from immunokg.extract.engine import pipeline as engine
from immunokg.extract.read.corpus import read_corpus
from immunokg.graph.build.batches import extract_isolated
from immunokg.graph.cli.main import main

GOOD = {
    "a.txt": "Pembrolizumab (Keytruda) is a PD-1 inhibitor.\n",
    "b.md": "# Ipilimumab\n\nIpilimumab is a CTLA-4 inhibitor. It treats melanoma.\n",
    "c.html": "<p>Nivolumab targets PD-1.</p><p>Side effects of nivolumab include fatigue.</p>",
}
# Just over spaCy's limit of 1,000,000 characters in one paragraph, as the audit had it.
LONG_PARAGRAPH = "Cemiplimab is a PD-1 inhibitor. " + "word " * 199_998


def _corpus(tmp_path: Path, extra: dict[str, str]) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in {**GOOD, **extra}.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _facts(output: str) -> set[tuple[str, str, str]]:
    rows = [line.split("\t") for line in output.splitlines()[1:]]
    return {(row[0], row[1], row[2]) for row in rows}


def test_a_document_the_engine_fails_on_is_reported_and_the_rest_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = read_corpus([_corpus(tmp_path, {"bad.txt": "Atezolizumab targets PD-L1.\n"})])
    clean, failed = extract_isolated([d for d in documents.documents if d.id != "bad"])
    real = engine.document_statements

    def fails_on_bad(document):
        if document.id == "bad":
            raise ValueError("[E088] Text of length 2097191 exceeds maximum of 1000000\nmore")
        return real(document)

    monkeypatch.setattr(engine, "document_statements", fails_on_bad)
    facts, failed = extract_isolated(documents.documents)
    bad = tmp_path / "corpus" / "bad.txt"
    assert failed == {
        "bad": f"{bad}: extraction failed (ValueError: [E088] Text of length 2097191 exceeds "
        "maximum of 1000000)"
    }
    assert sorted(facts, key=lambda f: f.key) == sorted(clean, key=lambda f: f.key)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_paragraph_over_a_million_characters_is_extracted_beside_the_others(
    tmp_path: Path, suffix: str
) -> None:
    text = LONG_PARAGRAPH if suffix == ".txt" else f"<p>{LONG_PARAGRAPH}</p>"
    root = _corpus(tmp_path, {f"long{suffix}": text})
    assert len(text.encode("utf-8")) > 1_000_000
    result = CliRunner().invoke(main, ["extract", str(root)])
    assert result.exit_code == 0, result.output
    facts = _facts(result.stdout)
    assert ("cemiplimab", "in_class", "PD-1 inhibitor") in facts  # from the long paragraph
    assert ("ipilimumab", "treats", "melanoma") in facts  # the others still read
    assert "Traceback" not in result.stderr


def test_build_goes_on_past_a_long_paragraph_and_an_unreadable_file(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"long.txt": LONG_PARAGRAPH, "zz.txt": ""})
    graph = tmp_path / "g"
    result = CliRunner().invoke(main, ["build", str(root), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    assert f"skipped: {root / 'zz.txt'}: file is empty" in result.stderr
    record = json.loads((graph / "build.json").read_text(encoding="utf-8"))
    assert sorted(item["document"] for item in record["inputs"]) == ["a", "b", "c", "long"]
