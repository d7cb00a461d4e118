"""Entity recognition: lexicon names, curated patterns for unseen names, and the pattern file checks."""

from __future__ import annotations

import pytest

from immunokg.extract.engine.entities import EntityRecognizer, slug
from immunokg.extract.engine.nlp import build_nlp
from immunokg.extract.engine.tokens import marks
from immunokg.extract.errors import DataFileError
from immunokg.extract.rules.entity_patterns import (
    load_entity_patterns,
    parse_entity_patterns,
    pattern_entries,
)
from immunokg.extract.rules.lexicon import load_lexicon


@pytest.fixture(scope="module")
def recognise():
    nlp = build_nlp()
    recognizer = EntityRecognizer(nlp, load_lexicon(), load_entity_patterns())

    def run(text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
        doc = recognizer(nlp(text))
        return {
            t.text: (t.ent_type_, tuple(e.id for e in marks.entities(t)))
            for t in doc
            if t.ent_type_
        }

    return run


def test_lexicon_names_plural_and_british_spellings(recognise):
    found = recognise("Checkpoint inhibitors help some people with leukaemias.")
    assert found["Checkpoint inhibitors"] == ("DrugClass", ("checkpoint-inhibitor",))
    assert found["leukaemias"] == ("CancerType", ("leukemia",))


def test_brand_resolves_to_its_drug(recognise):
    found = recognise("Keytruda is given every three weeks.")
    assert found["Keytruda"] == ("Brand", ("pembrolizumab",))


def test_inn_stems_find_unseen_drugs(recognise):
    found = recognise("Zanidatamab, obecabtagene autoleucel and etanercept were compared.")
    assert found["Zanidatamab"] == ("Drug", ("zanidatamab",))
    assert found["obecabtagene autoleucel"][0] == "Drug"
    assert found["etanercept"][0] == "Drug"


def test_the_newer_antibody_stems_find_unseen_drugs(recognise):
    """INN stems of 2021 on: -mig (bispecific), -tug (unmodified) and -bart (artificial)."""
    found = recognise("Pasotamig, velsotug and ordobart were compared; they tug at a bart.")
    assert found["Pasotamig"][0] == "Drug"
    assert found["velsotug"][0] == "Drug"
    assert found["ordobart"][0] == "Drug"
    assert "tug" not in found and "bart" not in found


def test_words_that_only_look_like_stems_are_not_drugs(recognise):
    found = recognise("The concept is to intercept the skin signal in a coma.")
    assert found == {}


def test_cancer_names_keep_their_modifiers_and_drop_stage_words(recognise):
    found = recognise("It helps advanced Merkel cell carcinoma and HER2-positive gastric cancer.")
    assert found["Merkel cell carcinoma"] == ("CancerType", ("merkel-cell-carcinoma",))
    assert found["HER2-positive gastric cancer"][0] == "CancerType"
    assert "advanced" not in " ".join(found)


def test_target_class_names_state_their_target():
    nlp = build_nlp()
    recognizer = EntityRecognizer(nlp, load_lexicon(), load_entity_patterns())
    doc = recognizer(nlp("Relatlimab is a LAG-3 blocker."))
    token = next(t for t in doc if t.ent_type_ == "DrugClass")
    assert marks.entities(token)[0].label == "LAG-3 inhibitor"
    assert [(c, t.id) for c, t in marks.targets(token)] == [("lag-3-inhibitor", "lag-3")]


def test_elliptic_coordination_names_both_classes(recognise):
    found = recognise("PD-1 and PD-L1 drugs are approved.")
    assert found["PD-1 and PD-L1 drugs"] == ("DrugClass", ("pd-1-inhibitor", "pd-l1-inhibitor"))


def test_alternatives_name_each_effect(recognise):
    _, ids = recognise("It may cause muscle or joint aches.")["muscle or joint aches"]
    assert {"muscle-aches", "joint-aches"} <= set(ids)


def test_registered_mark_makes_an_unknown_word_a_brand(recognise):
    assert recognise("Zorbex® is a new drug.")["Zorbex®"] == ("Brand", ())


def test_slug_is_the_normalised_label():
    assert slug("Diffuse large B-cell lymphomas") == "diffuse-large-b-cell-lymphoma"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "x", "label": "Drug"}', "keys must be"),
        ('{"id": "x", "label": "Drug", "pattern": [{"LOWER": "x"}], "y": 1}', "keys must be"),
        ('{"id": "x", "label": "Drug", "pattern": [{"LOWER": "x"}], "entity": 3}', "lexicon id"),
        ('{"id": "x", "label": "Gene", "pattern": [{"LOWER": "x"}]}', "label 'Gene'"),
        ('{"id": "x", "label": "Drug", "pattern": []}', "non-empty list"),
        ("not json", "not one JSON record"),
    ],
)
def test_bad_pattern_lines_name_file_and_line(line, problem):
    with pytest.raises(DataFileError, match=rf"patterns.jsonl:1: .*{problem}"):
        parse_entity_patterns(line, "patterns.jsonl")


def test_duplicate_pattern_id_is_rejected():
    line = '{"id": "x", "label": "Drug", "pattern": [{"LOWER": "x"}]}'
    with pytest.raises(DataFileError, match=r"p\.jsonl:2: duplicate pattern id 'x'"):
        parse_entity_patterns(f"{line}\n{line}", "p.jsonl")


def test_bundled_patterns_are_sorted_and_compile():
    patterns = load_entity_patterns()
    assert [p.id for p in patterns] == sorted(p.id for p in patterns)
    EntityRecognizer(build_nlp(), load_lexicon(), patterns)


def test_glued_non_stays_in_the_cancer_name(recognise):
    found = recognise("It is studied in non-kibebaoma, not in kibebaoma.")
    assert found["non-kibebaoma"] == ("CancerType", ("non-kibebaoma",))
    assert found["kibebaoma"] == ("CancerType", ("kibebaoma",))
    found = recognise("It is approved for non-muscle-invasive bladder cancer.")
    assert found["non-muscle-invasive bladder cancer"][1] == ("non-muscle-invasive-bladder-cancer",)


def test_antibody_conjugate_names_keep_their_payload(recognise):
    found = recognise("Patritumab deruxtecan and zilovertamab vedotin were compared.")
    assert found["Patritumab deruxtecan"] == ("Drug", ("patritumab-deruxtecan",))
    assert found["zilovertamab vedotin"] == ("Drug", ("zilovertamab-vedotin",))


def test_histology_word_stays_in_the_cancer_name(recognise):
    found = recognise("It treats anaplastic large cell lymphoma and advanced kibebaoma.")
    assert found["anaplastic large cell lymphoma"][0] == "CancerType"
    assert "kibebaoma" in found  # a stage word stays outside


def test_pattern_labels_are_lower_case_but_acronyms_keep_case():
    nlp = build_nlp()
    recognizer = EntityRecognizer(nlp, load_lexicon(), load_entity_patterns())
    doc = recognizer(nlp("Serplulimab treats HER2-positive Kibebaoma. It is a TIGIT blocker."))
    labels = {e.label for t in doc for e in marks.entities(t)}
    assert "serplulimab" in labels
    assert "HER2-positive kibebaoma" in labels
    assert "TIGIT inhibitor" in labels


def test_a_pattern_naming_an_unknown_lexicon_entity_is_rejected():
    line = '{"id": "x", "label": "SideEffect", "pattern": [{"LOWER": "x"}], "entity": "no-such"}'
    patterns = parse_entity_patterns(line, "patterns.jsonl")
    with pytest.raises(DataFileError, match="no SideEffect 'no-such'"):
        pattern_entries(patterns, load_lexicon())


def test_a_pattern_with_an_entity_id_names_that_lexicon_entity():
    line = '{"id": "x", "label": "SideEffect", "pattern": [{"LOWER": "x"}], "entity": "rash"}'
    entries = pattern_entries(parse_entity_patterns(line, "patterns.jsonl"), load_lexicon())
    assert entries["x"][1] is not None and entries["x"][1].label == "rash"
