"""Short forms a document defines once and uses after, as clinician summaries write them."""

from __future__ import annotations

import pytest
from extract_support import facts_of, triples

from immunokg.extract.engine.names.abbreviations import defined_names
from immunokg.extract.rules.lexicon import load_lexicon


def _ids(text: str) -> dict[str, str]:
    return {surface: entry.id for surface, entry in defined_names([text], load_lexicon()).items()}


def test_a_short_form_names_what_its_long_form_names_later_in_the_document(tmp_path):
    text = (
        "Bispecific T-cell engagers (TCEs) are given in hospital.\n\n"
        "TCEs can cause cytokine release syndrome.\n\n"
        "Glofitamab is a TCE.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert ("bispecific t-cell engager", "has_side_effect", "cytokine release syndrome") in found
    assert ("glofitamab", "in_class", "bispecific t-cell engager") in found


def test_a_definition_holds_in_its_own_document_only(tmp_path):
    (tmp_path / "a.md").write_text("Bispecific T-cell engagers (TCEs) are given in hospital.\n")
    found = triples(facts_of("TCEs can cause cytokine release syndrome.\n", tmp_path, "b.md"))
    assert not any(subject == "bispecific t-cell engager" for subject, _, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the letters in order, the first starting the long form
        ("bispecific T-cell engagers (TCEs)", {"TCE": "bispecific-t-cell-engager"}),
        ("patients with follicular lymphoma (FOL)", {"FOL": "follicular-lymphoma"}),
        # letters the long form does not spell, or a bracket that is no short form
        ("bispecific T-cell engagers (XYZ)", {}),
        ("follicular lymphoma (grade 3)", {}),
        # short forms the lexicon names stay the lexicon's
        ("non-small cell lung cancer (NSCLC)", {}),
    ],
)
def test_definitions_are_found_only_where_the_short_form_spells_a_known_name(text, expected):
    found = {surface: entity for surface, entity in _ids(text).items() if " " not in surface}
    assert {s: e for s, e in found.items() if not s.endswith("s")} == expected


def test_a_short_form_inside_its_long_form_keeps_the_words_after_the_bracket():
    found = _ids("Chimeric antigen receptor (CHAR) T-cell therapy is given once.")
    assert found == {
        "CHAR T-cell": "car-t-cell-therapy",
        "CHAR T-cell therapy": "car-t-cell-therapy",
    }
