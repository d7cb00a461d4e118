"""Scoring against gold: normalisation, matching, optional rows, status, and the files it reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from immunokg.extract.errors import DataFileError
from immunokg.extract.evaluate.goldfile import (
    GOLD_COLUMNS,
    GoldRow,
    PredictedRow,
    read_aliases,
    read_facts_tsv,
    read_gold,
)
from immunokg.extract.evaluate.goldnames import alias_folding, normalise_for_scoring, singular
from immunokg.extract.evaluate.scoring import default_aliases_path, evaluate, score
from immunokg.extract.model import Entity, Evidence, Fact
from immunokg.extract.table import facts_table
from immunokg.graph.cli.main import main

EVAL = Path(__file__).parent / "data" / "eval"


def gold(
    subject: str, relation: str, obj: str, status: str = "", need: str = "required"
) -> GoldRow:
    status = status or ("approved" if relation == "treats" else "stated")
    return GoldRow("doc1", subject, relation, obj, status, need, f"{subject} ... {obj}")


def pred(subject: str, relation: str, obj: str, status: str = "") -> PredictedRow:
    status = status or ("approved" if relation == "treats" else "stated")
    return PredictedRow(subject, relation, obj, status)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOLD_HEADER = "\t".join(GOLD_COLUMNS)


# --- normalisation -----------------------------------------------------------


def test_case_punctuation_and_spacing_are_ignored() -> None:
    assert normalise_for_scoring("PD-1") == normalise_for_scoring("pd1")
    assert normalise_for_scoring("Non-small cell lung cancer") == normalise_for_scoring(
        "non small-cell lung cancer"
    )
    assert normalise_for_scoring("Keytruda®") == "keytruda"


def test_possessive_s_is_punctuation() -> None:
    assert normalise_for_scoring("non-Hodgkin's lymphoma") == normalise_for_scoring(
        "non-Hodgkin lymphoma"
    )


def test_stage_words_are_dropped_with_their_connective() -> None:
    assert normalise_for_scoring("advanced melanoma") == "melanoma"
    assert normalise_for_scoring("Early-stage breast cancer") == "breastcancer"
    assert normalise_for_scoring("relapsed or refractory multiple myeloma") == "multiplemyeloma"
    assert normalise_for_scoring("newly diagnosed myeloma") == "myeloma"
    assert normalise_for_scoring("extensive-stage small cell lung cancer") == "smallcelllungcancer"
    assert normalise_for_scoring("locally advanced or metastatic bladder cancer") == "bladdercancer"


def test_a_name_made_only_of_stage_words_is_kept() -> None:
    assert normalise_for_scoring("advanced") == "advanced"


def test_only_the_last_word_is_singularised() -> None:
    assert normalise_for_scoring("checkpoint inhibitors") == "checkpointinhibitor"
    assert normalise_for_scoring("blood clots") == normalise_for_scoring("blood clot")
    assert normalise_for_scoring("muscles aches") == "musclesache"


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("therapies", "therapy"),
        ("antibodies", "antibody"),
        ("viruses", "virus"),
        ("aches", "ache"),
        ("rashes", "rash"),
        ("losses", "loss"),
        ("metastases", "metastasis"),
        ("cells", "cell"),
        ("weakness", "weakness"),
        ("colitis", "colitis"),
        ("virus", "virus"),
        ("herpes", "herpes"),
        ("il", "il"),
    ],
)
def test_singular(plural: str, expected: str) -> None:
    assert singular(plural) == expected


# --- matching ----------------------------------------------------------------


def test_exact_matches_score_one() -> None:
    rows = [gold("nivolumab", "targets", "PD-1"), gold("nivolumab", "brand_name", "Opdivo")]
    scores = score(
        [pred("nivolumab", "targets", "PD-1"), pred("nivolumab", "brand_name", "Opdivo")], rows
    )
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (2, 0, 0)
    assert scores.overall.precision == scores.overall.recall == scores.overall.f1 == 1.0


def test_precision_recall_f1_by_hand() -> None:
    rows = [gold("drug a", "treats", c) for c in ("melanoma", "lymphoma", "leukemia", "glioma")]
    found = [pred("drug a", "treats", c) for c in ("melanoma", "lymphoma", "sarcoma")]
    overall = score(found, rows).overall
    # TP 2 (melanoma, lymphoma), FP 1 (sarcoma), FN 2 (leukemia, glioma)
    assert (overall.tp, overall.fp, overall.fn) == (2, 1, 2)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == pytest.approx(1 / 2)
    assert overall.f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))


def test_optional_rows_are_neither_rewarded_nor_punished() -> None:
    rows = [
        gold("ipilimumab", "targets", "CTLA-4"),
        gold("ipilimumab", "in_class", "checkpoint inhibitor", need="optional"),
        gold("ipilimumab", "treats", "melanoma", need="optional"),
    ]
    found = [
        pred("ipilimumab", "targets", "CTLA-4"),
        pred("ipilimumab", "in_class", "checkpoint inhibitor"),
    ]
    scores = score(found, rows)
    # the matched optional row is no FP, the missed optional row no FN
    assert (scores.overall.gold, scores.overall.predicted) == (1, 1)
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (1, 0, 0)
    assert scores.optional_matched == 1


def test_a_fact_required_in_one_document_is_required() -> None:
    rows = [
        gold("BCG", "treats", "bladder cancer", need="optional"),
        GoldRow("doc2", "BCG", "treats", "bladder cancer", "approved", "required", "BCG ..."),
    ]
    scores = score([], rows)
    assert scores.overall.fn == 1
    assert scores.false_negatives[0].docs == ("doc2",)


def test_aliases_fold_gold_and_predicted_names() -> None:
    aliases = {"PD-1 inhibitor": ["PD-1 blocker", "anti-PD-1"], "PD-1": ["programmed death 1"]}
    rows = [gold("PD-1 inhibitor", "targets", "PD-1"), gold("anti-PD-1", "treats", "melanoma")]
    found = [
        pred("PD-1 blockers", "targets", "Programmed Death-1"),
        pred("PD1 inhibitor", "treats", "advanced melanoma"),
    ]
    scores = score(found, rows, aliases)
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (2, 0, 0)


def test_without_aliases_a_synonym_is_a_miss() -> None:
    scores = score(
        [pred("drug a", "has_side_effect", "pyrexia")], [gold("drug a", "has_side_effect", "fever")]
    )
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (0, 1, 1)


def test_an_alias_naming_two_entities_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.aliases.tsv", ["canonical\taliases", "fever\tpyrexia", "chills\tPyrexia"]
    )
    with pytest.raises(DataFileError) as error:
        alias_folding(read_aliases(path))
    assert error.value.line == 3
    assert "fever" in str(error.value)


def test_relations_are_matched_separately() -> None:
    scores = score(
        [pred("drug a", "in_class", "cytokine")], [gold("drug a", "subclass_of", "cytokine")]
    )
    assert scores.relation("in_class").fp == 1
    assert scores.relation("subclass_of").fn == 1


def test_duplicate_predictions_count_once() -> None:
    found = [pred("rituximab", "targets", "CD20"), pred("Rituximab", "targets", "cd20")]
    scores = score(found, [gold("rituximab", "targets", "CD20")])
    assert (scores.overall.predicted, scores.overall.tp) == (1, 1)


def test_other_relations_are_not_scored() -> None:
    scores = score(
        [pred("BCG", "activates", "T cell", "stated")], [gold("BCG", "treats", "bladder cancer")]
    )
    assert scores.overall.fp == 0
    assert scores.unscored == 1


# --- treats status -----------------------------------------------------------


def test_status_accuracy_over_matched_treats_facts() -> None:
    rows = [
        gold("drug a", "treats", "melanoma", "approved"),
        gold("drug a", "treats", "glioma", "investigational"),
        gold("drug a", "treats", "sarcoma", "investigational"),
        gold("drug a", "treats", "lymphoma", "approved"),
    ]
    found = [
        pred("drug a", "treats", "melanoma", "approved"),
        pred("drug a", "treats", "glioma", "investigational"),
        pred("drug a", "treats", "sarcoma", "approved"),
    ]
    scores = score(found, rows)
    # 3 matched (lymphoma missed), 2 with the gold status; a wrong status still matches
    assert (scores.status_correct, scores.status_total) == (2, 3)
    assert scores.status_accuracy == pytest.approx(2 / 3)
    assert scores.relation("treats").tp == 3
    assert [(e.object, e.predicted, e.gold) for e in scores.status_errors] == [
        ("sarcoma", ("approved",), ("investigational",))
    ]


def test_status_accuracy_is_undefined_without_matched_treats() -> None:
    assert score([], [gold("drug a", "treats", "melanoma")]).status_accuracy is None


# --- zero division -----------------------------------------------------------


def test_relation_without_gold_or_predictions_has_no_ratios() -> None:
    count = score(
        [pred("drug a", "targets", "CD19")], [gold("drug a", "targets", "CD19")]
    ).relation("brand_name")
    assert (count.gold, count.predicted) == (0, 0)
    assert count.precision is None and count.recall is None and count.f1 is None


def test_predictions_without_gold_give_zero_precision_and_no_recall() -> None:
    count = score([pred("drug a", "brand_name", "Brandix")], []).relation("brand_name")
    assert count.precision == 0.0
    assert count.recall is None and count.f1 is None


def test_gold_without_predictions_gives_zero_recall_and_no_precision() -> None:
    count = score([], [gold("drug a", "brand_name", "Brandix")]).relation("brand_name")
    assert count.recall == 0.0
    assert count.precision is None


def test_zero_true_positives_give_zero_f1() -> None:
    count = score([pred("a", "targets", "x")], [gold("a", "targets", "y")]).relation("targets")
    assert count.f1 == 0.0


# --- what is reported --------------------------------------------------------


def test_false_negatives_carry_the_gold_evidence_and_false_positives_the_printed_names() -> None:
    rows = [
        GoldRow(
            "d7",
            "thalidomide",
            "has_side_effect",
            "blood clots",
            "stated",
            "required",
            "can cause blood clots",
        )
    ]
    scores = score([pred("Thalidomide", "has_side_effect", "Rash")], rows)
    (fn,) = scores.false_negatives
    assert (fn.subject, fn.object, fn.docs, fn.evidence) == (
        "thalidomide",
        "blood clots",
        ("d7",),
        "can cause blood clots",
    )
    (fp,) = scores.false_positives
    assert (fp.subject, fp.object) == ("Thalidomide", "Rash")


def test_facts_are_scored_like_rows() -> None:
    drug = Entity("drug:aldesleukin", "aldesleukin", "Drug")
    cancer = Entity("cancer:kidney", "kidney cancer", "CancerType")
    evidence = (Evidence("d1", 0, 10, "Aldesleukin treats kidney cancer.", "rule1", "approved"),)
    fact = Fact(drug, "treats", cancer, "approved", evidence)
    scores = score([fact], [gold("aldesleukin", "treats", "kidney cancer")])
    assert scores.overall.tp == 1 and scores.status_correct == 1


def test_a_saved_facts_table_reads_back_as_rows(tmp_path: Path) -> None:
    drug = Entity("drug:x", "dostarlimab", "Drug")
    evidence = (Evidence("d1", 0, 10, "Jemperli (dostarlimab)", "brand", "stated"),)
    path = tmp_path / "facts.tsv"
    path.write_text(
        facts_table([Fact(drug, "brand_name", "Jemperli", "stated", evidence)]), encoding="utf-8"
    )
    assert read_facts_tsv(path) == [PredictedRow("dostarlimab", "brand_name", "Jemperli", "stated")]


def test_scores_as_json_are_plain_data() -> None:
    data = score([pred("a", "targets", "x")], [gold("a", "targets", "x")]).to_dict()
    json.dumps(data)
    assert data["overall"]["f1"] == 1.0
    assert data["relations"][0]["relation"] == "brand_name"


# --- reading gold and aliases -----------------------------------------------


def test_the_dev_gold_set_and_its_aliases_read() -> None:
    rows = read_gold(EVAL / "seeds.gold.tsv")
    assert len(rows) == len((EVAL / "seeds.gold.tsv").read_text().splitlines()) - 1
    alias_folding(read_aliases(EVAL / "seeds.aliases.tsv"))


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("d\ta\ttreats_badly\tb\tstated\trequired\tq", "unknown relation"),
        ("d\ta\ttreats\tb\tmaybe\trequired\tq", "unknown status"),
        ("d\ta\ttargets\tb\tstated\tsometimes\tq", "unknown need"),
        ("d\ta\ttreats\tb\tstated\trequired\tq", "does not fit treats"),
        ("d\ta\ttargets\tb\tstated\trequired", "6 tab-separated cells"),
        ("d\t\ttargets\tb\tstated\trequired\tq", "empty subject"),
    ],
)
def test_a_bad_gold_row_names_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    path = write(
        tmp_path / "g.gold.tsv", [GOLD_HEADER, "d\tx\ttargets\ty\tstated\trequired\tq", row]
    )
    with pytest.raises(DataFileError) as error:
        read_gold(path)
    assert error.value.line == 3
    assert problem in str(error.value)
    assert str(path) in str(error.value)


def test_a_missing_gold_column_is_an_error(tmp_path: Path) -> None:
    header = "\t".join(c for c in GOLD_COLUMNS if c != "need")
    path = write(tmp_path / "g.gold.tsv", [header, "d\ta\ttargets\tb\tstated\tq"])
    with pytest.raises(DataFileError, match=r"missing column.*need"):
        read_gold(path)


def test_an_unknown_gold_column_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.gold.tsv",
        [GOLD_HEADER + "\tnote", "d\ta\ttargets\tb\tstated\trequired\tq\tn"],
    )
    with pytest.raises(DataFileError, match=r"unknown column.*note"):
        read_gold(path)


def test_a_duplicate_gold_row_is_an_error(tmp_path: Path) -> None:
    row = "d\ta\ttargets\tb\tstated\trequired\tq"
    path = write(tmp_path / "g.gold.tsv", [GOLD_HEADER, row, row])
    with pytest.raises(DataFileError, match="duplicate of the row on line 2"):
        read_gold(path)


def test_a_missing_gold_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such file"):
        read_gold(tmp_path / "none.tsv")


def test_a_duplicate_canonical_alias_entry_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.tsv", ["canonical\taliases", "fever\tpyrexia", "fever\thigh temperature"]
    )
    with pytest.raises(DataFileError, match="already on line 2"):
        read_aliases(path)


def test_an_empty_alias_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.tsv", ["canonical\taliases", "fever\tpyrexia||high temperature"])
    with pytest.raises(DataFileError, match="empty alias"):
        read_aliases(path)


def test_a_facts_table_needs_its_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "f.tsv", ["subject\trelation\tobject", "a\ttargets\tb"])
    with pytest.raises(DataFileError, match=r"missing column.*status"):
        read_facts_tsv(path)


def test_aliases_are_found_beside_the_gold_file() -> None:
    assert default_aliases_path(EVAL / "seeds.gold.tsv") == EVAL / "seeds.aliases.tsv"
    assert default_aliases_path(EVAL / "other.tsv") is None


def test_evaluate_scores_a_saved_table(tmp_path: Path) -> None:
    gold_path = write(
        tmp_path / "x.gold.tsv",
        [GOLD_HEADER, "d\tBCG\ttreats\tbladder cancer\tapproved\trequired\tq"],
    )
    write(tmp_path / "x.aliases.tsv", ["canonical\taliases", "BCG\tBacillus Calmette-Guerin"])
    facts = write(
        tmp_path / "f.tsv",
        [
            "subject\trelation\tobject\tstatus",
            "Bacillus Calmette-Guérin\ttreats\tbladder cancers\tapproved",
        ],
    )
    # the accent differs from the alias: an honest miss, not silently folded
    assert evaluate(gold_path, facts_path=facts).scores.overall.tp == 0
    facts.write_text(
        "subject\trelation\tobject\tstatus\nBacillus Calmette-Guerin\ttreats\tbladder cancers\tapproved\n"
    )
    assert evaluate(gold_path, facts_path=facts).scores.overall.tp == 1


# --- the command -------------------------------------------------------------


def _cli_files(tmp_path: Path) -> tuple[Path, Path]:
    gold_path = write(
        tmp_path / "t.gold.tsv",
        [
            GOLD_HEADER,
            "d1\tatezolizumab\tbrand_name\tTecentriq\tstated\trequired\tTecentriq (atezolizumab)",
            "d1\tatezolizumab\ttargets\tPD-L1\tstated\trequired\tatezolizumab blocks PD-L1",
        ],
    )
    facts = write(
        tmp_path / "f.tsv",
        [
            "subject\trelation\tobject\tstatus",
            "atezolizumab\tbrand_name\tTecentriq\tstated",
            "atezolizumab\ttargets\tCD3\tstated",
        ],
    )
    return gold_path, facts


def test_command_prints_table_and_error_lists(tmp_path: Path) -> None:
    gold_path, facts = _cli_files(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(gold_path), "--facts", str(facts)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["relation", "gold", "predicted", "TP", "FP", "FN", "P", "R", "F1"]
    overall = next(line for line in lines if line.startswith("overall"))
    assert overall.split() == ["overall", "2", "2", "1", "1", "1", "0.500", "0.500", "0.500"]
    assert "false positives (1):" in result.output and "CD3" in result.output
    assert "atezolizumab blocks PD-L1" in result.output


def test_command_json_output(tmp_path: Path) -> None:
    gold_path, facts = _cli_files(tmp_path)
    result = CliRunner().invoke(
        main, ["evaluate", str(gold_path), "--facts", str(facts), "--format", "json"]
    )
    data = json.loads(result.output)
    assert data["overall"]["tp"] == 1
    assert data["false_negatives"][0]["object"] == "PD-L1"


def test_command_reports_a_bad_gold_file_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.gold.tsv", ["doc\tsubject", "d\tx"])
    result = CliRunner().invoke(main, ["evaluate", str(path), "--facts", str(path)])
    assert result.exit_code == 1
    assert "bad.gold.tsv:1: missing column" in result.output
    assert "Traceback" not in result.output


def test_command_refuses_facts_and_paths_together(tmp_path: Path) -> None:
    gold_path, facts = _cli_files(tmp_path)
    result = CliRunner().invoke(
        main, ["evaluate", str(gold_path), "--facts", str(facts), str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "either --facts or PATH" in result.output


def test_command_reads_a_facts_table_from_stdin(tmp_path: Path) -> None:
    gold_path, facts = _cli_files(tmp_path)
    args = ["evaluate", str(gold_path), "--facts", "-", "--format", "json"]
    result = CliRunner().invoke(main, args, input=facts.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["tp"] == 1


def test_evaluate_extracts_from_the_given_texts_and_warns_of_missing_gold_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wiring around the engine, with a stand-in engine that reports what it was given."""
    import sys
    import types

    (tmp_path / "d1.txt").write_text("Aldesleukin treats kidney cancer.\n", encoding="utf-8")
    gold_path = write(
        tmp_path / "x.gold.tsv",
        [
            GOLD_HEADER,
            "d1\taldesleukin\ttreats\tkidney cancer\tapproved\trequired\tAldesleukin treats",
            "d2\taldesleukin\ttreats\tmelanoma\tapproved\trequired\tAldesleukin treats",
        ],
    )
    seen: list[str] = []

    def extract_facts(documents: list, *, jobs: int = 1) -> list[Fact]:
        seen.extend(document.id for document in documents)
        drug = Entity("drug:aldesleukin", "aldesleukin", "Drug")
        cancer = Entity("cancer:kidney", "kidney cancer", "CancerType")
        evidence = (Evidence("d1", 0, 33, "Aldesleukin treats kidney cancer.", "r", "approved"),)
        return [Fact(drug, "treats", cancer, "approved", evidence)]

    fake = types.ModuleType("immunokg.extract.engine.pipeline")
    fake.extract_facts = extract_facts  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "immunokg.extract.engine.pipeline", fake)
    result = evaluate(gold_path, paths=[tmp_path / "d1.txt"])
    assert seen == ["d1"]
    assert (result.scores.overall.tp, result.scores.overall.fn) == (1, 1)
    assert any(
        "d2" in warning and "not in the texts read" in warning for warning in result.warnings
    )


def test_scoring_does_not_load_spacy() -> None:
    """Scoring a saved table stays light: only running extraction needs the engine."""
    import subprocess
    import sys

    code = (
        "import sys, immunokg.graph.cli.evaluate, immunokg.extract.evaluate.scoring;"
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
