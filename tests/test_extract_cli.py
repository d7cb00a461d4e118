"""`immunokg extract`: the facts table or JSON lines, skipped files on stderr, and no spaCy for lookups."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner
from extract_support import EXTRACT_DATA

from immunokg.graph.cli.main import main

MELANOMA = str(EXTRACT_DATA / "unseen_melanoma.txt")


def test_extract_prints_the_facts_table():
    result = CliRunner().invoke(main, ["extract", MELANOMA])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t")[:6] == [
        "subject",
        "relation",
        "object",
        "status",
        "documents",
        "evidence_count",
    ]
    assert "aldesleukin\tbrand_name\tProleukin\tstated\tunseen_melanoma\t1" in result.output


def test_extract_jsonl_carries_every_evidence():
    result = CliRunner().invoke(main, ["extract", "--format", "jsonl", MELANOMA])
    records = [json.loads(line) for line in result.output.splitlines()]
    record = next(r for r in records if r["subject"] == "aldesleukin" and r["object"] == "melanoma")
    assert record["status"] == "approved"
    (evidence,) = record["evidence"]
    assert set(evidence) == {"document", "sentence", "start", "end", "spans", "rule", "status"}
    text = (EXTRACT_DATA / "unseen_melanoma.txt").read_text(encoding="utf-8")
    assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert evidence["spans"] == [{"start": evidence["start"], "end": evidence["end"]}]


def test_extract_jsonl_gives_a_list_item_its_introducing_line_and_the_item(tmp_path):
    path = tmp_path / "leaflet.txt"
    path.write_text("Keytruda can cause side effects such as:\n- tiredness\n- a rash\n", "utf-8")
    result = CliRunner().invoke(main, ["extract", "--format", "jsonl", str(path)])
    records = [json.loads(line) for line in result.output.splitlines()]
    (evidence,) = next(r for r in records if r["object"] == "rash")["evidence"]
    pieces = [path.read_text("utf-8")[s["start"] : s["end"]] for s in evidence["spans"]]
    assert pieces == ["Keytruda can cause side effects such as", "a rash"]
    assert evidence["sentence"] == "Keytruda can cause side effects such as: a rash"


def test_unreadable_files_are_skipped_and_the_rest_processed(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "empty.txt"), MELANOMA])
    assert result.exit_code == 0
    assert "skipped: " in result.stderr and "empty.txt" in result.stderr
    assert "aldesleukin" in result.stdout


def test_no_readable_document_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "no readable documents" in result.output
    assert "Traceback" not in result.output


def test_default_is_the_bundled_seeds():
    result = CliRunner().invoke(main, ["extract"])
    assert "pembrolizumab\tbrand_name\tKeytruda" in result.output


def test_parallel_jobs_give_the_same_output():
    one = CliRunner().invoke(main, ["extract", "--jobs", "1"]).output
    two = CliRunner().invoke(main, ["extract", "--jobs", "2"]).output
    assert one == two


def test_cli_start_up_does_not_import_spacy():
    code = "import sys, immunokg.graph.cli.main, immunokg.graph.cli.extract; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_subject_from_a_plural_reference_names_its_antecedents_and_where_they_stand(tmp_path):
    text = (
        "# Myeloma antibodies\n\nDaratumumab and isatuximab both target CD38.\n\n"
        "## Side effects\n\nBoth drugs can lower your white blood cell count (neutropenia).\n"
    )
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--format", "jsonl", str(path)])
    records = [json.loads(line) for line in result.output.splitlines()]
    effects = [r for r in records if r["relation"] == "has_side_effect"]
    assert {r["subject"] for r in effects} == {"daratumumab", "isatuximab"}
    for record in effects:
        (evidence,) = record["evidence"]
        (antecedent,) = evidence["antecedent"]
        assert antecedent["entity"] == record["subject_id"]
        assert text[antecedent["start"] : antecedent["end"]].lower() == record["subject"]
    plain = next(r for r in records if r["relation"] == "targets")
    assert "antecedent" not in plain["evidence"][0]
