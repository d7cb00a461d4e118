"""Tests of the shared name normalisation."""

from __future__ import annotations

import pytest

from immunokg.extract.normalise import name_id, normalise_name


@pytest.mark.parametrize(
    "variants",
    [
        ("PD-1", "PD1", "PD 1", "pd-1", "Pd‑1", "PD–1"),
        ("PD-L1", "PDL1", "PD L1", "pd-l1"),
        ("CTLA-4", "CTLA4", "ctla 4"),
        ("CD19", "CD-19", "cd 19"),
        ("HER2", "HER-2", "HER 2", "her2"),
        ("IL-2", "IL2", "il 2"),
        ("interleukin-2", "interleukin 2", "Interleukin 2", "interleukin2"),
        ("B7-H1", "B7H1", "b7 h1"),
        ("Keytruda", "KEYTRUDA®", "Keytruda™", "Keytruda(R)", "keytruda (TM)"),
        ("T-cell", "T cell", "T/cell", "t  cell"),
        ("non-small cell lung cancer", "non small cell lung cancer", "Non-Small-Cell Lung Cancer"),
        ("non-Hodgkin lymphoma", "non-Hodgkin's lymphoma", "non Hodgkin’s lymphomas"),
        ("Bacillus Calmette-Guérin", "bacillus calmette guerin"),
        ("HER2-positive breast cancer", "HER2+ breast cancer", "HER2 positive breast cancers"),
        ("interferon alfa", "interferon alpha", "interferon-α", "Interferon-Alpha"),
    ],
)
def test_variants_share_one_key(variants: tuple[str, ...]) -> None:
    keys = {normalise_name(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("tumour", "tumor"),
        ("brain tumours", "brain tumor"),
        ("leukaemia", "leukemia"),
        ("acute myeloid leukaemias", "acute myeloid leukemia"),
        ("anaemia", "anemia"),
        ("haematological cancer", "hematological cancer"),
        ("haematopoietic growth factor", "hematopoietic growth factor"),
        ("haemorrhage", "hemorrhage"),
        ("oesophageal cancer", "esophageal cancer"),
        ("oedema", "edema"),
        ("cerebral oedema", "cerebral edema"),
        ("diarrhoea", "diarrhea"),
        ("dyspnoea", "dyspnea"),
        ("neutropaenia", "neutropenia"),
        ("behaviour problems", "behavior problem"),
        ("immunisation", "immunization"),
        ("hospitalisation", "hospitalization"),
        ("Rituximab recognises", "rituximab recognize"),
        ("paediatric cancer", "pediatric cancer"),
        ("coeliac disease", "celiac disease"),
        ("programmed death 1", "programmed death1"),
        ("cancer centres", "cancer center"),
        ("tumourigenesis", "tumorigenesis"),
    ],
)
def test_british_spelling_becomes_american(british: str, american: str) -> None:
    assert normalise_name(british) == normalise_name(american)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("antibodies", "antibody"),
        ("monoclonal antibodies", "monoclonal antibody"),
        ("therapies", "therapy"),
        ("lymphomas", "lymphoma"),
        ("checkpoint inhibitors", "checkpoint inhibitor"),
        ("CAR T-cells", "car t cell"),
        ("blood clots", "blood clot"),
        ("rashes", "rash"),
        ("muscle aches", "muscle ache"),
        ("oncolytic viruses", "oncolytic virus"),
        ("bone metastases", "bone metastasis"),
        ("ICIs", "ici"),
        ("TILs", "til"),
        ("IMiDs", "imid"),
        ("irAEs", "irae"),
        ("mAbs", "mab"),
        ("seizures", "seizure"),
    ],
)
def test_last_word_becomes_singular(plural: str, singular: str) -> None:
    assert normalise_name(plural) == singular


@pytest.mark.parametrize(
    "word",
    [
        "metastasis",
        "myelodysplastic",
        "diabetes",
        "herpes",
        "pancreas",
        "virus",
        "status",
        "lupus",
        "hepatitis",
        "pneumonitis",
        "immunocompromised",
        "exercise",
        "otherwise",
        "surprise",
        "nausea",
        "alopecia",
        "ascites",
        "dermatitis",
        "sunrise",
        "enterprise",
    ],
)
def test_words_that_only_look_plural_or_british_are_kept(word: str) -> None:
    assert normalise_name(word) == word


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("PD-1", "PD-L1"),
        ("CD19", "CD20"),
        ("IL-2", "IL-21"),
        ("lung cancer", "non-small cell lung cancer"),
        ("interleukin", "interleukin-2"),
        ("T cell", "B cell"),
    ],
)
def test_different_names_keep_different_keys(left: str, right: str) -> None:
    assert normalise_name(left) != normalise_name(right)


def test_whitespace_is_collapsed_and_trimmed() -> None:
    assert normalise_name("  multiple \t  myeloma\n") == "multiple myeloma"


def test_punctuation_is_dropped() -> None:
    assert normalise_name("problems with mood, behavior, thinking, and memory") == (
        "problems with mood behavior thinking and memory"
    )


def test_empty_and_punctuation_only_give_empty_key() -> None:
    assert normalise_name("") == ""
    assert normalise_name(" ®, - ") == ""


def test_normalising_twice_changes_nothing() -> None:
    for text in ("PD-L1 inhibitors", "Haematological malignancies", "HER2+ tumours", "ICIs"):
        once = normalise_name(text)
        assert normalise_name(once) == once


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("PD-1 inhibitor", "pd-1-inhibitor"),
        ("CAR T-cell therapy", "car-t-cell-therapy"),
        ("Bacillus Calmette-Guérin", "bacillus-calmette-guerin"),
        ("Keytruda®", "keytruda"),
        ("problems with mood, behavior", "problems-with-mood-behavior"),
    ],
)
def test_name_id_is_lower_case_ascii_words(name: str, expected: str) -> None:
    assert name_id(name) == expected
